//! Everything one `<em-playground>` widget holds, with one method per UI
//! event. Each method either applies its change completely or returns an
//! error and changes nothing, so the last valid state always stays usable.
//! The wasm handle wraps this 1:1; the logic is tested natively.

use serde::Serialize;

use crate::datasets;
use crate::em::{parse_observations, EStepRule, EmError, EmSettings, ThreeCoins, MAX_COMPONENTS};
use crate::random::SplitMix64;
use crate::session::{
    BoundSlice, Landscape, LandscapeAxes, ModelKind, ParamsView, Session, SessionError,
    StartParams, StateView,
};

/// The most observations a synthetic data set may have.
pub const MAX_SYNTHETIC_POINTS: usize = 1_000_000;

/// Where the current data came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DataSource {
    /// A bundled data set, by preset name.
    Preset { name: String },
    /// Typed or pasted by the user.
    Custom,
    /// Drawn from a model the user set, reproducible from the seed: `truth`
    /// holds the true parameters as typed (π, p, q, or the weights, means and
    /// σ lists).
    Synthetic {
        seed: u64,
        size: usize,
        truth: [String; 3],
    },
}

#[derive(Debug, Clone)]
struct Setup {
    data: Vec<f64>,
    source: DataSource,
    start: StartParams,
}

/// Summary statistics of the data, for slider ranges and charts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DataSummary {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub sd: f64,
}

impl DataSummary {
    fn of(data: &[f64]) -> Self {
        let n = data.len() as f64;
        let mean = data.iter().sum::<f64>() / n;
        let sd = (data.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
        DataSummary {
            min: data.iter().copied().fold(f64::INFINITY, f64::min),
            max: data.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            mean,
            sd,
        }
    }
}

/// The widget's state as `state()` returns it: the fit plus the set-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaygroundState {
    #[serde(flatten)]
    pub fit: StateView,
    pub components: usize,
    pub tolerance: f64,
    pub max_iterations: usize,
    pub source: DataSource,
    pub data_summary: DataSummary,
    /// Whether the iteration cap has been reached.
    pub at_cap: bool,
    /// The number of observations (`data` may be truncated, see [`Playground::view`]).
    pub data_length: usize,
    /// Changes whenever the data or the model changes.
    pub data_version: u64,
    /// The two parameters the likelihood landscape varies.
    pub landscape: LandscapeAxes,
}

/// Where one of several random restarts ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestartOutcome {
    /// The seed of its random start ([`Playground::random_start`]).
    pub seed: u64,
    /// The final log L, or None if −∞.
    pub log_likelihood: Option<f64>,
    pub iterations: usize,
    pub converged: bool,
    /// The final parameters.
    pub params: ParamsView,
}

/// The most restarts one call runs.
pub const MAX_RESTARTS: usize = 100;

/// One widget: both models' set-ups (switching model keeps each one's data
/// and start), the convergence settings, and the fit of the active model.
#[derive(Debug, Clone)]
pub struct Playground {
    coins: Setup,
    gmm: Setup,
    session: Session,
    data_version: u64,
    rule: EStepRule,
    /// The parameter the lower-bound chart varies, and its component.
    slice: (String, usize),
    /// The landscape's axes as chosen (None: the model's default).
    landscape: Option<LandscapeAxes>,
    /// The step size of gradient ascent beside EM, when shown.
    ascent_rate: Option<f64>,
}

impl Default for Playground {
    fn default() -> Self {
        Self::new()
    }
}

impl Playground {
    /// The seed's coin exercise (π, p, q) = (0.46, 0.55, 0.67) on Li Hang's
    /// tosses; the Gaussian model holds Li Hang's Exercise 9.3 with K = 2.
    pub fn new() -> Self {
        let coins = Setup {
            data: datasets::COIN_TOSSES.to_vec(),
            source: DataSource::Preset {
                name: "li-hang".into(),
            },
            start: StartParams::Coins(ThreeCoins {
                pi: 0.46,
                p: 0.55,
                q: 0.67,
            }),
        };
        let gmm_data = datasets::GAUSSIAN_EXERCISE.to_vec();
        let gmm = Setup {
            start: spread_start(&gmm_data, 2),
            data: gmm_data,
            source: DataSource::Preset {
                name: "exercise".into(),
            },
        };
        let session = Session::new(coins.data.clone(), &coins.start, EmSettings::default())
            .expect("the bundled defaults are valid");
        Playground {
            coins,
            gmm,
            session,
            data_version: 0,
            rule: EStepRule::Posterior,
            slice: ("p".into(), 0),
            landscape: None,
            ascent_rate: None,
        }
    }

    fn model(&self) -> ModelKind {
        self.session.model()
    }

    fn setup(&self) -> &Setup {
        match self.model() {
            ModelKind::Coins => &self.coins,
            ModelKind::Gmm => &self.gmm,
        }
    }

    /// Starts a fresh fit of `model` from `setup`; commits both only if valid.
    fn apply(&mut self, model: ModelKind, setup: Setup) -> Result<(), SessionError> {
        let mut session = Session::new(setup.data.clone(), &setup.start, self.session.settings())?;
        session.set_rule(self.rule);
        session.set_ascent(self.ascent_rate)?;
        if model != self.model() || setup.data != self.setup().data {
            self.data_version += 1;
        }
        self.session = session;
        match model {
            ModelKind::Coins => self.coins = setup,
            ModelKind::Gmm => self.gmm = setup,
        }
        Ok(())
    }

    fn with_setup(
        &mut self,
        change: impl FnOnce(&mut Setup) -> Result<(), SessionError>,
    ) -> Result<(), SessionError> {
        let mut setup = self.setup().clone();
        change(&mut setup)?;
        self.apply(self.model(), setup)
    }

    /// Switches to `coins` or `gmm`, restoring that model's data and start.
    pub fn set_model(&mut self, name: &str) -> Result<(), SessionError> {
        let model = ModelKind::parse(name)?;
        let setup = match model {
            ModelKind::Coins => self.coins.clone(),
            ModelKind::Gmm => self.gmm.clone(),
        };
        self.apply(model, setup)
    }

    /// Replaces the data with numbers parsed from `text`. For the Gaussian
    /// model the components are re-spread over the new data.
    pub fn set_data_text(&mut self, text: &str) -> Result<(), SessionError> {
        let data = parse_observations(text)?;
        self.set_data(data, DataSource::Custom)
    }

    fn set_data(&mut self, data: Vec<f64>, source: DataSource) -> Result<(), SessionError> {
        if data.is_empty() {
            return Err(EmError::EmptyData.into());
        }
        let model = self.model();
        self.with_setup(|setup| {
            if model == ModelKind::Gmm {
                setup.start = spread_start(&data, setup.start.components());
            }
            setup.data = data;
            setup.source = source;
            Ok(())
        })
    }

    /// Loads a bundled data set: `li-hang` for the coins; `exercise`,
    /// `faithful` or `galaxies` for the Gaussian mixture.
    pub fn load_preset(&mut self, name: &str) -> Result<(), SessionError> {
        let data = match (self.model(), name) {
            (ModelKind::Coins, "li-hang") => datasets::COIN_TOSSES.to_vec(),
            (ModelKind::Gmm, "exercise") => datasets::GAUSSIAN_EXERCISE.to_vec(),
            (ModelKind::Gmm, "faithful") => datasets::old_faithful_eruptions(),
            (ModelKind::Gmm, "galaxies") => datasets::galaxy_velocities(),
            _ => return Err(SessionError::UnknownPreset(name.to_string())),
        };
        self.set_data(data, DataSource::Preset { name: name.into() })
    }

    /// Draws `size` coin tosses from the three-coin model with the given
    /// true (π, p, q), reproducibly from `seed`.
    pub fn synthesize_coins(
        &mut self,
        size: usize,
        seed: u64,
        truth: [&str; 3],
    ) -> Result<(), SessionError> {
        let [pi, p, q] =
            [("π", truth[0]), ("p", truth[1]), ("q", truth[2])].map(|(n, t)| parse_number(n, t));
        let coins = ThreeCoins {
            pi: pi?,
            p: p?,
            q: q?,
        };
        coins.mixture()?;
        self.set_synthetic(size, seed, truth, |rng| {
            let heads = if rng.next_unit() <= coins.pi {
                coins.p
            } else {
                coins.q
            };
            f64::from(u8::from(rng.next_unit() <= heads))
        })
    }

    /// Draws `size` points from the Gaussian mixture with the given true
    /// weights, means and σ (comma-separated lists), reproducibly from `seed`.
    pub fn synthesize_gmm(
        &mut self,
        size: usize,
        seed: u64,
        truth: [&str; 3],
    ) -> Result<(), SessionError> {
        let model = parse_gmm_start(truth)?;
        let StartParams::Gmm {
            weights,
            means,
            sigmas,
        } = &model
        else {
            unreachable!("parse_gmm_start builds Gaussian parameters")
        };
        // Validate the true model with the engine's own checks.
        Session::new(means.clone(), &model, EmSettings::default())?;
        self.set_synthetic(size, seed, truth, |rng| {
            let k = rng.next_index(weights);
            means[k] + sigmas[k] * rng.next_normal()
        })
    }

    /// Replaces the data with `size` draws from `seed`'s stream, remembering
    /// the true parameters as typed so a link can reproduce them.
    fn set_synthetic(
        &mut self,
        size: usize,
        seed: u64,
        truth: [&str; 3],
        mut draw: impl FnMut(&mut SplitMix64) -> f64,
    ) -> Result<(), SessionError> {
        check_size(size)?;
        let mut rng = SplitMix64::new(seed);
        let data = (0..size).map(|_| draw(&mut rng)).collect();
        let source = DataSource::Synthetic {
            seed,
            size,
            truth: truth.map(|t| t.trim().to_string()),
        };
        self.set_data(data, source)
    }

    /// Sets one starting parameter from the text of its slider or box:
    /// `pi`, `p`, `q` for the coins; `weight`, `mean`, `sigma` with a
    /// 0-based component `index` for the Gaussian mixture.
    pub fn set_param(&mut self, name: &str, index: usize, text: &str) -> Result<(), SessionError> {
        self.with_setup(|setup| {
            let slot = match (&mut setup.start, name) {
                (StartParams::Coins(coins), "pi") => &mut coins.pi,
                (StartParams::Coins(coins), "p") => &mut coins.p,
                (StartParams::Coins(coins), "q") => &mut coins.q,
                (StartParams::Gmm { weights, .. }, "weight") => component(weights, index)?,
                (StartParams::Gmm { means, .. }, "mean") => component(means, index)?,
                (StartParams::Gmm { sigmas, .. }, "sigma") => component(sigmas, index)?,
                _ => return Err(SessionError::UnknownParameter(name.to_string())),
            };
            *slot = parse_number(&parameter_label(name, index), text)?;
            Ok(())
        })
    }

    /// Sets all three coin parameters (from attributes, the URL or the API).
    pub fn set_coin_start(&mut self, pi: &str, p: &str, q: &str) -> Result<(), SessionError> {
        let coins = ThreeCoins {
            pi: parse_number("π", pi)?,
            p: parse_number("p", p)?,
            q: parse_number("q", q)?,
        };
        self.with_setup(|setup| {
            if !matches!(setup.start, StartParams::Coins(_)) {
                return Err(SessionError::WrongModelParameters);
            }
            setup.start = StartParams::Coins(coins);
            Ok(())
        })
    }

    /// Sets every Gaussian component from comma-separated weights, means and σ.
    pub fn set_gmm_start(
        &mut self,
        weights: &str,
        means: &str,
        sigmas: &str,
    ) -> Result<(), SessionError> {
        let start = parse_gmm_start([weights, means, sigmas])?;
        self.with_setup(|setup| {
            if !matches!(setup.start, StartParams::Gmm { .. }) {
                return Err(SessionError::WrongModelParameters);
            }
            setup.start = start;
            Ok(())
        })
    }

    /// Changes the number of Gaussian components, re-spreading them.
    pub fn set_component_count(&mut self, count: usize) -> Result<(), SessionError> {
        if self.model() != ModelKind::Gmm {
            return Err(SessionError::WrongModelParameters);
        }
        if count == 0 || count > MAX_COMPONENTS {
            return Err(EmError::ComponentCount {
                count,
                max: MAX_COMPONENTS,
            }
            .into());
        }
        self.with_setup(|setup| {
            setup.start = spread_start(&setup.data, count);
            Ok(())
        })
    }

    /// A random start, reproducible from `seed`: for the coins π, p, q
    /// uniform in [0.05, 0.95]; for Gaussians means at distinct random data
    /// points, random weights and σ between 0.3 and 1 data standard deviation.
    pub fn random_start(&mut self, seed: u64) -> Result<(), SessionError> {
        let mut rng = SplitMix64::new(seed);
        self.with_setup(|setup| {
            setup.start = match &setup.start {
                StartParams::Coins(_) => {
                    let mut draw = || 0.05 + 0.9 * rng.next_unit();
                    StartParams::Coins(ThreeCoins {
                        pi: draw(),
                        p: draw(),
                        q: draw(),
                    })
                }
                StartParams::Gmm { .. } => {
                    let k = setup.start.components();
                    let sd = nonzero_spread(&setup.data);
                    let mut indices: Vec<usize> = Vec::with_capacity(k);
                    while indices.len() < k.min(setup.data.len()) {
                        let i = (rng.next_u64() % setup.data.len() as u64) as usize;
                        if !indices.contains(&i) {
                            indices.push(i);
                        }
                    }
                    StartParams::Gmm {
                        weights: (0..k).map(|_| 0.2 + rng.next_unit()).collect(),
                        means: indices.iter().map(|&i| setup.data[i]).collect(),
                        sigmas: (0..k).map(|_| sd * (0.3 + 0.7 * rng.next_unit())).collect(),
                    }
                }
            };
            Ok(())
        })
    }

    /// Runs EM to convergence (or the cap) from `count` random starts with
    /// seeds `first_seed`, `first_seed + 1`, …, without changing this widget,
    /// best log L first: different seeds ending at different log L are
    /// different local optima.
    pub fn restarts(
        &self,
        count: usize,
        first_seed: u64,
    ) -> Result<Vec<RestartOutcome>, SessionError> {
        if count == 0 || count > MAX_RESTARTS {
            return Err(SessionError::InvalidRestarts {
                count,
                max: MAX_RESTARTS,
            });
        }
        let mut outcomes = (0..count as u64)
            .map(|r| {
                let seed = first_seed.wrapping_add(r);
                let mut trial = self.clone();
                trial.random_start(seed)?;
                trial.session.run_for(usize::MAX);
                let state = trial.session.state();
                Ok(RestartOutcome {
                    seed,
                    log_likelihood: state.log_likelihood,
                    iterations: state.iteration,
                    converged: state.converged,
                    params: state.params,
                })
            })
            .collect::<Result<Vec<_>, SessionError>>()?;
        outcomes.sort_by(|a, b| {
            let key = |o: &RestartOutcome| o.log_likelihood.unwrap_or(f64::NEG_INFINITY);
            key(b).total_cmp(&key(a))
        });
        Ok(outcomes)
    }

    /// Re-spreads the start over the data: Gaussian means at the quantiles
    /// (k + ½)/K, equal weights, σ = data sd / K; coins π = ½ with p and q
    /// 0.2 either side of the observed share of heads.
    pub fn spread_start(&mut self) -> Result<(), SessionError> {
        self.with_setup(|setup| {
            setup.start = match setup.start {
                StartParams::Coins(_) => {
                    let heads = setup.data.iter().sum::<f64>() / setup.data.len() as f64;
                    StartParams::Coins(ThreeCoins {
                        pi: 0.5,
                        p: (heads + 0.2).min(0.95),
                        q: (heads - 0.2).max(0.05),
                    })
                }
                StartParams::Gmm { .. } => spread_start(&setup.data, setup.start.components()),
            };
            Ok(())
        })
    }

    /// Chooses how E-steps weigh the data: `posterior` (EM), `hard` (each
    /// point to its most likely component) or `joint` (the homework's
    /// mistake). Returns to the starting parameters.
    pub fn set_rule(&mut self, name: &str) -> Result<(), SessionError> {
        self.rule =
            EStepRule::parse(name).ok_or_else(|| SessionError::UnknownRule(name.to_string()))?;
        self.session.set_rule(self.rule);
        Ok(())
    }

    /// Chooses the parameter the lower-bound chart varies: `pi`, `p`, `q`,
    /// or `weight`, `mean`, `sigma` of `component`.
    pub fn set_slice(&mut self, parameter: &str, component: usize) {
        self.slice = (parameter.to_string(), component);
    }

    /// The lower-bound slice for the chosen parameter, or the model's default
    /// (p for the coins, μ₁ for Gaussians) if the choice does not apply.
    pub fn bound_slice(&self) -> Option<BoundSlice> {
        let (parameter, component) = &self.slice;
        self.session
            .bound_slice(parameter, *component)
            .or_else(|| match self.model() {
                ModelKind::Coins => self.session.bound_slice("p", 0),
                ModelKind::Gmm => self.session.bound_slice("mean", 0),
            })
    }

    /// Chooses the landscape's axes: `pq` (coins), `means` of components
    /// `first` and `second`, or `mean-sigma` of component `first` (0-based).
    pub fn set_landscape(
        &mut self,
        kind: &str,
        first: usize,
        second: usize,
    ) -> Result<(), SessionError> {
        let axes = LandscapeAxes::parse(kind, first, second)
            .filter(|&axes| self.session.landscape_fits(axes))
            .ok_or_else(|| SessionError::UnknownLandscape(kind.to_string()))?;
        self.landscape = Some(axes);
        Ok(())
    }

    /// The landscape's axes in force: the choice if this model has them,
    /// else the model's default.
    pub fn landscape_axes(&self) -> LandscapeAxes {
        self.landscape
            .filter(|&axes| self.session.landscape_fits(axes))
            .unwrap_or_else(|| {
                LandscapeAxes::default_for(
                    self.model() == ModelKind::Coins,
                    self.setup().start.components(),
                )
            })
    }

    /// log L over the landscape's two parameters, with both paths.
    pub fn landscape(&self) -> Option<Landscape> {
        self.session.landscape(self.landscape_axes())
    }

    /// Shows gradient ascent with the step size in `text` beside EM, or
    /// hides it for an empty text or `off`.
    pub fn set_ascent(&mut self, text: &str) -> Result<(), SessionError> {
        let rate = match text.trim() {
            "" | "off" => None,
            number => Some(parse_number("The step size", number)?),
        };
        self.session.set_ascent(rate)?;
        self.ascent_rate = rate;
        Ok(())
    }

    /// The step size of gradient ascent, when it is shown.
    pub fn ascent_rate(&self) -> Option<f64> {
        self.ascent_rate
    }

    /// Sets the convergence tolerance on the change of log L, keeping the fit.
    pub fn set_tolerance(&mut self, text: &str) -> Result<(), SessionError> {
        let tolerance = parse_number("The tolerance", text)?;
        let settings = EmSettings::new(tolerance, self.session.settings().max_iterations())?;
        self.session.set_settings(settings);
        Ok(())
    }

    /// Sets the iteration cap, keeping the fit.
    pub fn set_max_iterations(&mut self, text: &str) -> Result<(), SessionError> {
        let value = parse_number("The iteration cap", text)?;
        if value < 1.0 || value.fract() != 0.0 || value > 1e6 {
            return Err(SessionError::InvalidIterationCap(text.trim().to_string()));
        }
        let settings = EmSettings::new(self.session.settings().tolerance(), value as usize)?;
        self.session.set_settings(settings);
        Ok(())
    }

    /// The fit, for stepping.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The fit, for stepping.
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    /// The whole state.
    pub fn state(&self) -> PlaygroundState {
        self.view(usize::MAX)
    }

    /// The state with the data and responsibilities cut to their first `rows`
    /// observations: what a UI showing a table of that many rows needs.
    pub fn view(&self, rows: usize) -> PlaygroundState {
        let settings = self.session.settings();
        let setup = self.setup();
        PlaygroundState {
            fit: self.session.state_rows(rows),
            data_length: setup.data.len(),
            data_version: self.data_version,
            components: setup.start.components(),
            tolerance: settings.tolerance(),
            max_iterations: settings.max_iterations(),
            source: setup.source.clone(),
            data_summary: DataSummary::of(&setup.data),
            at_cap: self.session.at_iteration_cap(),
            landscape: self.landscape_axes(),
        }
    }
}

impl Playground {
    /// The data as text, one comma-separated line, for the data box.
    pub fn data_text(&self) -> String {
        let numbers: Vec<String> = self.setup().data.iter().map(f64::to_string).collect();
        numbers.join(", ")
    }
}

fn component(values: &mut [f64], index: usize) -> Result<&mut f64, SessionError> {
    let count = values.len();
    values
        .get_mut(index)
        .ok_or(SessionError::NoSuchComponent { index, count })
}

fn parameter_label(name: &str, index: usize) -> String {
    match name {
        "pi" => "π".into(),
        "weight" => format!("The weight of component {}", index + 1),
        "mean" => format!("The mean of component {}", index + 1),
        "sigma" => format!("σ of component {}", index + 1),
        other => other.into(),
    }
}

/// Parses one number typed into a field called `what`.
fn parse_number(what: &str, text: &str) -> Result<f64, SessionError> {
    let trimmed = text.trim();
    match trimmed.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(SessionError::NotANumber {
            what: what.to_string(),
            text: trimmed.to_string(),
        }),
    }
}

fn parse_list(what: &str, text: &str) -> Result<Vec<f64>, SessionError> {
    parse_observations(text).map_err(|error| SessionError::InList {
        what: what.to_string(),
        message: error.to_string(),
    })
}

fn parse_gmm_start([weights, means, sigmas]: [&str; 3]) -> Result<StartParams, SessionError> {
    Ok(StartParams::Gmm {
        weights: parse_list("weights", weights)?,
        means: parse_list("means", means)?,
        sigmas: parse_list("sigmas", sigmas)?,
    })
}

fn check_size(size: usize) -> Result<(), SessionError> {
    if size == 0 || size > MAX_SYNTHETIC_POINTS {
        Err(SessionError::InvalidSize {
            size,
            max: MAX_SYNTHETIC_POINTS,
        })
    } else {
        Ok(())
    }
}

/// The data's standard deviation, or 1 when all values are equal.
fn nonzero_spread(data: &[f64]) -> f64 {
    let sd = DataSummary::of(data).sd;
    if sd > 0.0 {
        sd
    } else {
        1.0
    }
}

/// K components with equal weights, means at the data quantiles (k + ½)/K
/// and σ = sd / K.
fn spread_start(data: &[f64], k: usize) -> StartParams {
    let mut sorted = data.to_vec();
    sorted.sort_by(f64::total_cmp);
    let quantile =
        |level: f64| sorted[((level * sorted.len() as f64) as usize).min(sorted.len() - 1)];
    StartParams::Gmm {
        weights: vec![1.0 / k as f64; k],
        means: (0..k)
            .map(|j| quantile((j as f64 + 0.5) / k as f64))
            .collect(),
        sigmas: vec![nonzero_spread(data) / k as f64; k],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::em::Phase;
    use crate::session::ParamsView;

    #[test]
    fn defaults_are_the_seed_exercise() {
        let playground = Playground::new();
        let state = playground.state();
        assert_eq!(
            state.fit.params,
            ParamsView::Coins {
                pi: 0.46,
                p: 0.55,
                q: 0.67
            }
        );
        assert_eq!(state.fit.data.len(), 10);
    }

    #[test]
    fn a_bad_value_changes_nothing() {
        let mut playground = Playground::new();
        playground.session_mut().step();
        let before = playground.state();
        for (name, text) in [("pi", "abc"), ("p", "1.5"), ("q", "NaN"), ("mu", "1")] {
            assert!(
                playground.set_param(name, 0, text).is_err(),
                "{name} = {text}"
            );
        }
        assert!(playground.set_data_text("1, 0, 2").is_err());
        assert!(playground.set_data_text("").is_err());
        assert!(playground.set_tolerance("-1").is_err());
        assert!(playground.set_max_iterations("2.5").is_err());
        assert_eq!(playground.state(), before);
    }

    #[test]
    fn messages_name_what_to_fix() {
        let mut playground = Playground::new();
        let error = playground.set_param("pi", 0, "abc").unwrap_err();
        assert_eq!(
            error.to_string(),
            "π: \"abc\" is not a number; enter a decimal number such as 0.5."
        );
        let error = playground.set_data_text("1 0 x").unwrap_err();
        assert!(error.to_string().contains("\"x\" at line 1, column 5"));
        playground.set_model("gmm").unwrap();
        let error = playground.set_component_count(9).unwrap_err();
        assert!(error.to_string().contains("between 1 and 8"));
        let error = playground
            .set_gmm_start("1,1,1", "0,1,2", "1,1,1")
            .and(playground.set_data_text("1 2"));
        assert!(error
            .unwrap_err()
            .to_string()
            .contains("at most 2 components"));
    }

    #[test]
    fn each_model_keeps_its_own_set_up() {
        let mut playground = Playground::new();
        playground.set_param("pi", 0, "0.3").unwrap();
        playground.set_model("gmm").unwrap();
        playground.load_preset("faithful").unwrap();
        assert_eq!(playground.state().fit.data.len(), 272);
        playground.set_model("coins").unwrap();
        assert_eq!(
            playground.state().fit.params,
            ParamsView::Coins {
                pi: 0.3,
                p: 0.55,
                q: 0.67
            }
        );
        playground.set_model("gmm").unwrap();
        assert_eq!(playground.state().fit.data.len(), 272);
        assert!(playground.load_preset("li-hang").is_err());
    }

    #[test]
    fn changing_the_start_resets_the_fit_and_the_settings_do_not() {
        let mut playground = Playground::new();
        playground.session_mut().step();
        playground.set_tolerance("1e-3").unwrap();
        assert_eq!(playground.state().fit.iteration, 1);
        playground.set_param("q", 0, "0.6").unwrap();
        let state = playground.state();
        assert_eq!((state.fit.iteration, state.fit.phase), (0, Phase::Init));
        assert_eq!(state.tolerance, 1e-3);
    }

    #[test]
    fn the_view_truncates_rows_and_the_version_tracks_data() {
        let mut playground = Playground::new();
        playground.session_mut().e_step();
        let version = playground.state().data_version;
        let view = playground.view(3);
        assert_eq!((view.fit.data.len(), view.data_length), (3, 10));
        assert_eq!(view.fit.responsibilities.unwrap().len(), 3);
        playground.set_param("p", 0, "0.4").unwrap();
        assert_eq!(playground.state().data_version, version);
        playground.set_data_text("1 0 1").unwrap();
        assert_eq!(playground.state().data_version, version + 1);
        assert_eq!(playground.data_text(), "1, 0, 1");
    }

    #[test]
    fn the_rule_survives_changes_of_the_start_and_hides_q_and_h() {
        let mut playground = Playground::new();
        playground.set_rule("joint").unwrap();
        playground.set_param("p", 0, "0.5").unwrap();
        playground.session_mut().e_step();
        let state = playground.state();
        assert_eq!(state.fit.rule, EStepRule::Joint);
        assert_eq!((state.fit.q, state.fit.entropy), (None, None));
        assert!(state.fit.log_likelihood.is_some());
        assert!(playground.set_rule("soft").is_err());
    }

    #[test]
    fn restarts_find_the_galaxies_local_optima_best_first() {
        let mut playground = Playground::new();
        playground.set_model("gmm").unwrap();
        playground.load_preset("galaxies").unwrap();
        playground.set_component_count(4).unwrap();
        let before = playground.state();
        let outcomes = playground.restarts(12, 1).unwrap();
        assert_eq!(
            playground.state(),
            before,
            "restarts leave the widget as it was"
        );
        assert_eq!(outcomes.len(), 12);
        let values: Vec<f64> = outcomes.iter().map(|o| o.log_likelihood.unwrap()).collect();
        assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
        // Each outcome is what stepping from that seed's random start gives.
        let best = &outcomes[0];
        playground.random_start(best.seed).unwrap();
        playground.session_mut().run_for(usize::MAX);
        assert_eq!(playground.state().fit.log_likelihood, best.log_likelihood);
        // Four Gaussians on the galaxy data have more than one local optimum.
        assert!(values[0] - values[values.len() - 1] > 1.0, "{values:?}");
        assert!(playground.restarts(0, 1).is_err());
    }

    #[test]
    fn spread_places_means_at_quantiles() {
        let mut playground = Playground::new();
        playground.set_model("gmm").unwrap();
        playground.set_data_text("1 2 3 4 5 6 7 8").unwrap();
        playground.set_component_count(2).unwrap();
        match playground.state().fit.params {
            // quantiles ¼ and ¾ of 1..8: the 3rd and 7th values.
            ParamsView::Gmm { weights, means, .. } => {
                assert_eq!(weights, vec![0.5, 0.5]);
                assert_eq!(means, vec![3.0, 7.0]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn synthetic_data_follow_the_true_model_and_the_seed() {
        let mut playground = Playground::new();
        playground
            .synthesize_coins(20_000, 5, ["0.3", "0.9", "0.2"])
            .unwrap();
        let data = playground.state().fit.data;
        let heads = data.iter().sum::<f64>() / data.len() as f64;
        // P(heads) = 0.3·0.9 + 0.7·0.2 = 0.41
        assert!((heads - 0.41).abs() < 0.01, "{heads}");
        playground.set_model("gmm").unwrap();
        playground
            .synthesize_gmm(1000, 11, ["1,3", "-5,5", "1,1"])
            .unwrap();
        let first = playground.state().fit.data;
        let below = first.iter().filter(|x| **x < 0.0).count() as f64 / 1000.0;
        assert!((below - 0.25).abs() < 0.05, "{below}");
        playground
            .synthesize_gmm(1000, 11, ["1,3", "-5,5", "1,1"])
            .unwrap();
        assert_eq!(playground.state().fit.data, first);
        assert!(playground.synthesize_gmm(0, 1, ["1", "0", "1"]).is_err());
        assert!(playground.synthesize_gmm(10, 1, ["1", "0", "-1"]).is_err());
    }

    #[test]
    fn random_starts_are_reproducible_and_valid() {
        let mut playground = Playground::new();
        playground.set_model("gmm").unwrap();
        playground.load_preset("galaxies").unwrap();
        playground.set_component_count(4).unwrap();
        playground.random_start(99).unwrap();
        let first = playground.state().fit.params;
        playground.random_start(99).unwrap();
        assert_eq!(playground.state().fit.params, first);
        playground.random_start(100).unwrap();
        assert_ne!(playground.state().fit.params, first);
    }
}
