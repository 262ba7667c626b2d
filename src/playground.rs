//! Everything one `<em-playground>` widget holds, with one method per UI
//! event. Each method either applies its change completely or returns an
//! error and changes nothing, so the last valid state always stays usable.
//! The wasm handle wraps this 1:1; the logic is tested natively.

use serde::Serialize;

use crate::em::{
    CovarianceType, EStepRule, EmError, EmSettings, Field, Gaussian2Params, Symmetric2,
    MAX_COMPONENTS,
};
use crate::i18n::{excerpt, Language};
use crate::models::{self, parse_number, DataRange, Description, Start};
use crate::random::SplitMix64;
use crate::session::{
    AxisHandle, BoundSlice, ComponentHandles, Landscape, LandscapeAxes, ModelKind, Observations,
    ParamsView, PlaneAxes, Session, SessionError, SliceParameter, StateView, HANDLE_SIGMAS,
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
    /// holds the true parameters as typed (π, p, q; the weights, means and
    /// σ lists; or in 2-D the weights, means and covariances lists).
    Synthetic {
        seed: u64,
        size: usize,
        truth: Vec<String>,
    },
}

/// One model's data and start.
#[derive(Debug, Clone)]
struct Setup {
    data: Observations,
    source: DataSource,
    /// What the 2-D data's axes measure: kept while points of a preset are edited.
    plane_axes: PlaneAxes,
    start: Box<dyn Start>,
}

impl Setup {
    /// `kind`'s set-up when a widget opens (see [`models::default_setup`]).
    fn default_of(kind: ModelKind) -> Self {
        let (data, preset, start) = models::default_setup(kind);
        Setup {
            data,
            source: DataSource::Preset {
                name: preset.into(),
            },
            plane_axes: models::plane_axes(kind, preset),
            start,
        }
    }
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
    pub(crate) fn of(data: &[f64]) -> Self {
        if data.is_empty() {
            return DataSummary {
                min: 0.0,
                max: 0.0,
                mean: 0.0,
                sd: 0.0,
            };
        }
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
    /// The two parameters the likelihood landscape varies (None for a model without one).
    pub landscape: Option<LandscapeAxes>,
    /// The same as the landscape menu's value (see [`Description::landscapes`]).
    pub landscape_choice: Option<String>,
    /// The 2-D mixture's covariance type (None for the other models).
    pub covariance_type: Option<CovarianceType>,
    /// The summary of the points' y (None for 1-D data; `data_summary` is x's).
    pub y_summary: Option<DataSummary>,
    /// Where each 2-D component's mean and ellipse handles are now.
    pub handles: Vec<ComponentHandles>,
    /// The complete-data estimate, when the data say which component each
    /// observation came from and the model shows it.
    pub complete_data: Option<ParamsView>,
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

/// One widget: every model's set-up (switching model keeps each one's data
/// and start), the convergence settings, and the fit of the active model.
#[derive(Debug, Clone)]
pub struct Playground {
    /// One per model, in the order of [`models::MODELS`].
    setups: Vec<Setup>,
    session: Session,
    data_version: u64,
    rule: EStepRule,
    /// The parameter the lower-bound chart varies, and its component.
    slice: (SliceParameter, usize),
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
    /// Every model at its default (see [`models::default_setup`]), showing
    /// the first: the seed's coin exercise.
    pub fn new() -> Self {
        let setups: Vec<Setup> = models::MODELS.into_iter().map(Setup::default_of).collect();
        let first = &setups[0];
        let session = Session::new(first.data.clone(), &*first.start, EmSettings::default())
            .expect("the bundled defaults are valid");
        Playground {
            setups,
            session,
            data_version: 0,
            rule: EStepRule::Posterior,
            slice: (SliceParameter::P, 0),
            landscape: None,
            ascent_rate: None,
        }
    }

    fn model(&self) -> ModelKind {
        self.session.model()
    }

    /// Where `kind`'s set-up is kept.
    fn slot(kind: ModelKind) -> usize {
        models::MODELS
            .iter()
            .position(|&m| m == kind)
            .expect("every model is listed")
    }

    fn setup(&self) -> &Setup {
        &self.setups[Self::slot(self.model())]
    }

    /// Starts a fresh fit of `model` from `setup`; commits both only if valid.
    fn apply(&mut self, model: ModelKind, setup: Setup) -> Result<(), SessionError> {
        let mut session = Session::new(setup.data.clone(), &*setup.start, self.session.settings())?;
        // A rule the new model does not offer (the coins' homework mistake) falls back to EM.
        if !models::rules(model).contains(&self.rule) {
            self.rule = EStepRule::Posterior;
        }
        session.set_rule(self.rule);
        session.set_ascent(self.ascent_rate)?;
        if model != self.model() || setup.data != self.setup().data {
            self.data_version += 1;
        }
        self.session = session;
        self.setups[Self::slot(model)] = setup;
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

    /// Switches model, restoring its data and start.
    pub fn set_model(&mut self, model: ModelKind) -> Result<(), SessionError> {
        self.apply(model, self.setups[Self::slot(model)].clone())
    }

    /// Replaces the data with what the model reads from `text` (numbers;
    /// pairs x, y in 2-D). Models with K components re-spread them over the
    /// new data.
    pub fn set_data_text(&mut self, text: &str) -> Result<(), SessionError> {
        let data = self.setup().start.parse_data(text)?;
        self.set_data(data, DataSource::Custom, None)
    }

    /// Replaces the data, with `start` or else the start re-spread over them.
    fn set_data(
        &mut self,
        data: Observations,
        source: DataSource,
        start: Option<Box<dyn Start>>,
    ) -> Result<(), SessionError> {
        if data.is_empty() {
            return Err(EmError::EmptyData.into());
        }
        let kind = self.model();
        self.with_setup(|setup| {
            if let Some(start) = start {
                setup.start = start;
            } else if setup.start.choose_components() {
                setup.start = setup.start.spread(&data, setup.start.components());
            }
            setup.plane_axes = match &source {
                DataSource::Preset { name } => models::plane_axes(kind, name),
                _ => PlaneAxes::Unnamed,
            };
            setup.data = data;
            setup.source = source;
            Ok(())
        })
    }

    /// Loads one of the current model's bundled data sets (its module lists them).
    pub fn load_preset(&mut self, name: &str) -> Result<(), SessionError> {
        let data = models::preset(self.model(), name)
            .ok_or_else(|| SessionError::UnknownPreset(excerpt(name)))?;
        let start = models::preset_start(self.model(), name);
        self.set_data(data, DataSource::Preset { name: name.into() }, start)
    }

    /// Draws `size` observations from the current model with the true
    /// parameters typed in `truth` (see [`models::synthesize`]),
    /// reproducibly from `seed`, remembering both so a link can reproduce them.
    pub fn synthesize(
        &mut self,
        size: usize,
        seed: u64,
        truth: &[&str],
    ) -> Result<(), SessionError> {
        check_size(size)?;
        let data = models::synthesize(self.model(), size, &mut SplitMix64::new(seed), truth)?;
        let source = DataSource::Synthetic {
            seed,
            size,
            truth: truth.iter().map(|t| t.trim().to_string()).collect(),
        };
        self.set_data(data, source, None)
    }

    /// Sets one starting parameter from the text of its slider: the
    /// description's slider `id`, with a 0-based component `index` for
    /// per-component parameters.
    pub fn set_param(&mut self, id: &str, index: usize, text: &str) -> Result<(), SessionError> {
        self.with_setup(|setup| setup.start.set_param(id, index, text))
    }

    /// Sets the start from settings by name (`pi`, `weights`, `means`, …, as
    /// the current model's description lists them): what is not given keeps
    /// its value, or takes the model's default when K changes.
    pub fn set_start(
        &mut self,
        given: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), SessionError> {
        self.with_setup(|setup| {
            setup.start = setup.start.read(&setup.data, given)?;
            Ok(())
        })
    }

    /// The start θ⁽⁰⁾ as the address writes it: (name, text) pairs.
    pub fn start_texts(&self) -> Vec<(&'static str, String)> {
        self.setup().start.texts()
    }

    /// [`set_start`](Self::set_start) from (name, text) pairs.
    pub fn set_start_texts(&mut self, settings: &[(&str, &str)]) -> Result<(), SessionError> {
        self.set_start(&|name| {
            settings
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| text.to_string())
        })
    }

    /// Chooses the 2-D covariance type; the start is made to fit it (see
    /// [`crate::em::Gaussian2::conform`]).
    pub fn set_covariance_type(&mut self, chosen: CovarianceType) -> Result<(), SessionError> {
        self.with_setup(|setup| {
            let plane = setup
                .start
                .plane()
                .ok_or(SessionError::WrongModelParameters)?;
            plane.covariance_type = chosen;
            Ok(())
        })
    }

    /// Starts again from the parameters shown now (θ⁽ⁱ⁾) with component
    /// `k`'s mean moved to (x, y): dragging a mean on the plane chart.
    pub fn drag_mean(&mut self, k: usize, x: f64, y: f64) -> Result<(), SessionError> {
        self.restart_from_shown(k, |component| {
            component.mean = [x, y];
            Ok(())
        })
    }

    /// Starts again from the parameters shown now with component `k`'s
    /// ellipse handle (major or minor axis) dragged to (x, y): the axis turns
    /// to point there and its 2σ half-length becomes the distance, kept at
    /// least as long as the minor axis (major) or at most as the major (minor).
    pub fn drag_axis(
        &mut self,
        k: usize,
        handle: AxisHandle,
        x: f64,
        y: f64,
    ) -> Result<(), SessionError> {
        let shortest = 1e-3
            * models::spreads(self.setup().data.points())
                .into_iter()
                .fold(f64::INFINITY, f64::min);
        self.restart_from_shown(k, |component| {
            let (_, major, minor) = component.covariance.principal_axes();
            let (dx, dy) = (x - component.mean[0], y - component.mean[1]);
            let length = ((dx * dx + dy * dy).sqrt() / HANDLE_SIGMAS).max(shortest);
            let towards = dy.atan2(dx);
            component.covariance = match handle {
                AxisHandle::Major => Symmetric2::from_axes(towards, length.max(minor), minor),
                AxisHandle::Minor => Symmetric2::from_axes(
                    towards - std::f64::consts::FRAC_PI_2,
                    major,
                    length.min(major),
                ),
            };
            Ok(())
        })
    }

    /// Sets the start to θ⁽ⁱ⁾ with `change` applied to component `k`; for
    /// tied covariances the changed covariance becomes everyone's.
    fn restart_from_shown(
        &mut self,
        k: usize,
        change: impl FnOnce(&mut Gaussian2Params) -> Result<(), SessionError>,
    ) -> Result<(), SessionError> {
        let (weights, mut components) =
            models::PlaneStart::shown(&self.session.state_rows(0).params)
                .ok_or(SessionError::WrongModelParameters)?;
        let count = components.len();
        let component = components
            .get_mut(k)
            .ok_or(SessionError::NoSuchComponent { index: k, count })?;
        change(component)?;
        let changed = component.covariance;
        self.with_setup(|setup| {
            let plane = setup
                .start
                .plane()
                .ok_or(SessionError::WrongModelParameters)?;
            if plane.covariance_type == CovarianceType::Tied {
                for other in &mut components {
                    other.covariance = changed;
                }
            }
            plane.weights = weights;
            plane.components = components;
            Ok(())
        })
    }

    /// Adds `count` points around (x, y), keeping the start: one exactly
    /// there, more spread normally with 3 % of the data's range along each
    /// axis as σ, reproducibly from `seed`.
    pub fn add_points(
        &mut self,
        x: f64,
        y: f64,
        count: usize,
        seed: u64,
    ) -> Result<(), SessionError> {
        let [sx, sy] = axis_summaries(self.setup().data.points())
            .map(|axis| 0.03 * or_one(axis.max - axis.min));
        let mut rng = SplitMix64::new(seed);
        self.edit_points(|points| {
            if count == 1 {
                points.push([x, y]);
            } else {
                points.extend(
                    (0..count).map(|_| [x + sx * rng.next_normal(), y + sy * rng.next_normal()]),
                );
            }
            Ok(())
        })
    }

    /// Moves point `index` (0-based) to (x, y), keeping the start.
    pub fn move_point(&mut self, index: usize, x: f64, y: f64) -> Result<(), SessionError> {
        self.edit_points(|points| {
            let count = points.len();
            *points
                .get_mut(index)
                .ok_or(SessionError::NoSuchPoint { index, count })? = [x, y];
            Ok(())
        })
    }

    /// Deletes point `index` (0-based), keeping the start.
    pub fn delete_point(&mut self, index: usize) -> Result<(), SessionError> {
        self.edit_points(|points| {
            let count = points.len();
            if index >= count {
                return Err(SessionError::NoSuchPoint { index, count });
            }
            points.remove(index);
            Ok(())
        })
    }

    /// Edits the 2-D points in place (the start stays), checking everything again.
    fn edit_points(
        &mut self,
        edit: impl FnOnce(&mut Vec<[f64; 2]>) -> Result<(), SessionError>,
    ) -> Result<(), SessionError> {
        let Observations::Points(mut points) = self.setup().data.clone() else {
            return Err(SessionError::WrongModelParameters);
        };
        edit(&mut points)?;
        if points.iter().flatten().any(|v| !v.is_finite()) {
            return Err(SessionError::NotANumber {
                what: Field::Point,
                text: "NaN".into(),
            });
        }
        if points.is_empty() {
            return Err(EmError::EmptyData.into());
        }
        self.with_setup(|setup| {
            setup.data = points.into();
            setup.source = DataSource::Custom;
            Ok(())
        })
    }

    /// Changes the number of components, re-spreading them.
    pub fn set_component_count(&mut self, count: usize) -> Result<(), SessionError> {
        if !self.setup().start.choose_components() {
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
            setup.start = setup.start.spread(&setup.data, count);
            Ok(())
        })
    }

    /// A random start, reproducible from `seed` (the model's module says how it is drawn).
    pub fn random_start(&mut self, seed: u64) -> Result<(), SessionError> {
        let mut rng = SplitMix64::new(seed);
        self.with_setup(|setup| {
            setup.start = setup.start.random(&setup.data, &mut rng);
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

    /// Re-spreads the start over the data, as the model's module spreads it.
    pub fn spread_start(&mut self) -> Result<(), SessionError> {
        self.with_setup(|setup| {
            setup.start = setup.start.spread(&setup.data, setup.start.components());
            Ok(())
        })
    }

    /// Chooses how E-steps weigh the data: EM's posterior, hard EM (each
    /// point to its most likely component) or the homework's mistake (the
    /// coins' alone). Returns to the starting parameters.
    pub fn set_rule(&mut self, rule: EStepRule) -> Result<(), SessionError> {
        if !models::rules(self.model()).contains(&rule) {
            return Err(SessionError::RuleNotOffered(rule));
        }
        self.rule = rule;
        self.session.set_rule(rule);
        Ok(())
    }

    /// What the widget needs to build its controls for the current model.
    pub fn describe(&self, language: Language) -> Description {
        let summary = data_summaries(&self.setup().data).0;
        let range = DataRange {
            min: summary.min,
            max: summary.max,
            mean: summary.mean,
            sd: summary.sd,
        };
        let (components, size) = (self.setup().start.components(), self.setup().data.len());
        models::describe(self.model(), components, range, size, self.rule, language)
    }

    /// Chooses the parameter (of `component`) the lower-bound chart varies.
    pub fn set_slice(&mut self, parameter: SliceParameter, component: usize) {
        self.slice = (parameter, component);
    }

    /// The lower-bound slice for the chosen parameter, or the model's default
    /// (see [`models::default_slice`]) if the choice does not apply.
    pub fn bound_slice(&self) -> Option<BoundSlice> {
        let (parameter, component) = self.slice;
        self.session.bound_slice(parameter, component).or_else(|| {
            let (parameter, component) = models::default_slice(self.model())?;
            self.session.bound_slice(parameter, component)
        })
    }

    /// Chooses the landscape's axes, if this model has them.
    pub fn set_landscape(&mut self, axes: LandscapeAxes) -> Result<(), SessionError> {
        if !self.session.landscape_fits(axes) {
            return Err(SessionError::UnknownLandscape(axes.query()));
        }
        self.landscape = Some(axes);
        Ok(())
    }

    /// The landscape's axes in force: the choice if this model has them,
    /// else the model's default.
    pub fn landscape_axes(&self) -> Option<LandscapeAxes> {
        self.landscape
            .filter(|&axes| self.session.landscape_fits(axes))
            .or_else(|| models::default_landscape(self.model(), self.setup().start.components()))
    }

    /// log L over the landscape's two parameters, with both paths.
    pub fn landscape(&self) -> Option<Landscape> {
        self.session.landscape(self.landscape_axes()?)
    }

    /// Shows gradient ascent with the step size in `text` beside EM, or
    /// hides it for an empty text or `off`.
    pub fn set_ascent(&mut self, text: &str) -> Result<(), SessionError> {
        let rate = match text.trim() {
            "" | "off" => None,
            number => Some(parse_number(Field::StepSize, number)?),
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
        let tolerance = parse_number(Field::Tolerance, text)?;
        let settings = EmSettings::new(tolerance, self.session.settings().max_iterations())?;
        self.session.set_settings(settings);
        Ok(())
    }

    /// Sets the iteration cap, keeping the fit.
    pub fn set_max_iterations(&mut self, text: &str) -> Result<(), SessionError> {
        let value = parse_number(Field::IterationCap, text)?;
        if value < 1.0 || value.fract() != 0.0 || value > 1e6 {
            return Err(SessionError::InvalidIterationCap(excerpt(text.trim())));
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

    /// The fit alone, with every observation, as the charts draw it (the
    /// set-up's summaries are not needed there).
    pub fn fit(&self) -> StateView {
        self.fit_rows(usize::MAX)
    }

    /// The fit with the data and responsibilities cut to `rows` observations,
    /// and what the 2-D data's axes measure.
    fn fit_rows(&self, rows: usize) -> StateView {
        let mut fit = self.session.state_rows(rows);
        fit.plane_axes = self.setup().plane_axes;
        fit
    }

    /// The state with the data and responsibilities cut to their first `rows`
    /// observations: what a UI showing a table of that many rows needs.
    pub fn view(&self, rows: usize) -> PlaygroundState {
        let settings = self.session.settings();
        let setup = self.setup();
        let fit = self.fit_rows(rows);
        let (data_summary, y_summary) = data_summaries(&setup.data);
        PlaygroundState {
            handles: fit.params.handles(),
            fit,
            data_length: setup.data.len(),
            data_version: self.data_version,
            components: setup.start.components(),
            tolerance: settings.tolerance(),
            max_iterations: settings.max_iterations(),
            source: setup.source.clone(),
            data_summary,
            y_summary,
            at_cap: self.session.at_iteration_cap(),
            landscape: self.landscape_axes(),
            landscape_choice: self.landscape_axes().map(models::landscape_value),
            covariance_type: setup.start.covariance_type(),
            complete_data: match &setup.source {
                DataSource::Preset { name } => models::preset_labels(self.model(), name)
                    .and_then(|labels| setup.start.complete_data(&setup.data, &labels)),
                _ => None,
            },
        }
    }
}

impl Playground {
    /// The data as text for the data box: one comma-separated line of
    /// numbers, or for points one `x, y` pair a line; at most `limit`
    /// observations (a box of a million numbers takes seconds to lay out).
    pub fn data_text(&self, limit: usize) -> String {
        let setup = self.setup();
        setup.start.data_text(&setup.data, limit)
    }
}

/// The largest seed JavaScript can hold exactly (2⁵³).
const MAX_SEED: f64 = 9_007_199_254_740_992.0;

pub(crate) fn seed_from(value: f64) -> Result<u64, SessionError> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= MAX_SEED {
        Ok(value as u64)
    } else {
        Err(SessionError::InvalidSeed(value))
    }
}

pub(crate) fn size_from(value: f64) -> Result<usize, SessionError> {
    if value.is_finite()
        && value >= 1.0
        && value.fract() == 0.0
        && value <= MAX_SYNTHETIC_POINTS as f64
    {
        Ok(value as usize)
    } else {
        Err(SessionError::InvalidSize {
            size: if value.is_finite() && value > 0.0 {
                value as usize
            } else {
                0
            },
            max: MAX_SYNTHETIC_POINTS,
        })
    }
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

/// `value`, or 1 where it is 0 (all the data equal along an axis).
fn or_one(value: f64) -> f64 {
    if value > 0.0 {
        value
    } else {
        1.0
    }
}

/// The summary of the numbers, of the points' x and y, or of the successes.
fn data_summaries(data: &Observations) -> (DataSummary, Option<DataSummary>) {
    match data {
        Observations::Values(values) => (DataSummary::of(values), None),
        Observations::Points(points) => {
            let [x, y] = axis_summaries(points);
            (x, Some(y))
        }
        Observations::Counts(counts) => {
            let successes: Vec<f64> = counts.iter().map(|c| c[0]).collect();
            (DataSummary::of(&successes), None)
        }
    }
}

/// The summaries of the points' x and of their y.
fn axis_summaries(points: &[[f64; 2]]) -> [DataSummary; 2] {
    [0, 1].map(|axis| DataSummary::of(&points.iter().map(|p| p[axis]).collect::<Vec<_>>()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::em::Phase;
    use crate::session::{Named, ParamsView};

    #[test]
    fn defaults_are_the_seed_exercise() {
        let playground = Playground::new();
        let state = playground.state();
        assert_eq!(
            state.fit.params,
            ParamsView::ThreeCoins {
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
        playground.set_model(ModelKind::Gmm).unwrap();
        let error = playground.set_component_count(9).unwrap_err();
        assert!(error.to_string().contains("between 1 and 8"));
        let error = playground
            .set_start_texts(&[
                ("weights", "1,1,1"),
                ("means", "0,1,2"),
                ("sigmas", "1,1,1"),
            ])
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
        playground.set_model(ModelKind::Gmm).unwrap();
        playground.load_preset("faithful").unwrap();
        assert_eq!(playground.state().fit.data.len(), 272);
        playground.set_model(ModelKind::Coins).unwrap();
        assert_eq!(
            playground.state().fit.params,
            ParamsView::ThreeCoins {
                pi: 0.3,
                p: 0.55,
                q: 0.67
            }
        );
        playground.set_model(ModelKind::Gmm).unwrap();
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
        assert_eq!(playground.data_text(usize::MAX), "1, 0, 1");
    }

    #[test]
    fn the_homework_rule_is_the_coins_alone() {
        let mut playground = Playground::new();
        EStepRule::named("joint")
            .and_then(|rule| playground.set_rule(rule))
            .unwrap();
        playground.set_model(ModelKind::Gmm).unwrap();
        // Switching model falls back to EM, and the Gaussian mixture refuses the rule.
        assert_eq!(playground.session().rule(), EStepRule::Posterior);
        assert_eq!(
            EStepRule::named("joint").and_then(|rule| playground.set_rule(rule)),
            Err(SessionError::RuleNotOffered(EStepRule::Joint))
        );
        assert!(EStepRule::named("hard")
            .and_then(|rule| playground.set_rule(rule))
            .is_ok());
    }

    #[test]
    fn the_rule_survives_changes_of_the_start_and_hides_q_and_h() {
        let mut playground = Playground::new();
        EStepRule::named("joint")
            .and_then(|rule| playground.set_rule(rule))
            .unwrap();
        playground.set_param("p", 0, "0.5").unwrap();
        playground.session_mut().e_step();
        let state = playground.state();
        assert_eq!(state.fit.rule, EStepRule::Joint);
        assert_eq!((state.fit.q, state.fit.entropy), (None, None));
        assert!(state.fit.log_likelihood.is_some());
        assert!(EStepRule::named("soft")
            .and_then(|rule| playground.set_rule(rule))
            .is_err());
    }

    #[test]
    fn restarts_find_the_galaxies_local_optima_best_first() {
        let mut playground = Playground::new();
        playground.set_model(ModelKind::Gmm).unwrap();
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
        playground.set_model(ModelKind::Gmm).unwrap();
        playground.set_data_text("1 2 3 4 5 6 7 8").unwrap();
        playground.set_component_count(2).unwrap();
        match playground.state().fit.params {
            // quantiles ¼ and ¾ of 1..8: the 3rd and 7th values.
            ParamsView::Gaussian { weights, means, .. } => {
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
            .synthesize(20_000, 5, &["0.3", "0.9", "0.2"])
            .unwrap();
        let data = playground.state().fit.data;
        let heads = data.values().iter().sum::<f64>() / data.len() as f64;
        // P(heads) = 0.3·0.9 + 0.7·0.2 = 0.41
        assert!((heads - 0.41).abs() < 0.01, "{heads}");
        playground.set_model(ModelKind::Gmm).unwrap();
        playground
            .synthesize(1000, 11, &["1,3", "-5,5", "1,1"])
            .unwrap();
        let first = playground.state().fit.data;
        let below = first.values().iter().filter(|x| **x < 0.0).count() as f64 / 1000.0;
        assert!((below - 0.25).abs() < 0.05, "{below}");
        playground
            .synthesize(1000, 11, &["1,3", "-5,5", "1,1"])
            .unwrap();
        assert_eq!(playground.state().fit.data, first);
        assert!(playground.synthesize(0, 1, &["1", "0", "1"]).is_err());
        assert!(playground.synthesize(10, 1, &["1", "0", "-1"]).is_err());
    }

    #[test]
    fn random_starts_are_reproducible_and_valid() {
        let mut playground = Playground::new();
        playground.set_model(ModelKind::Gmm).unwrap();
        playground.load_preset("galaxies").unwrap();
        playground.set_component_count(4).unwrap();
        playground.random_start(99).unwrap();
        let first = playground.state().fit.params;
        playground.random_start(99).unwrap();
        assert_eq!(playground.state().fit.params, first);
        playground.random_start(100).unwrap();
        assert_ne!(playground.state().fit.params, first);
    }

    fn gmm2d() -> Playground {
        let mut playground = Playground::new();
        playground.set_model(ModelKind::Gmm2d).unwrap();
        playground
    }

    /// θ⁽⁰⁾'s weights, means and covariances.
    type Start2d = (Vec<f64>, Vec<[f64; 2]>, Vec<[[f64; 2]; 2]>);

    fn gmm2d_params(playground: &Playground) -> Start2d {
        match playground.state().fit.history[0].params.clone() {
            ParamsView::Gaussian2 {
                weights,
                means,
                covariances,
            } => (weights, means, covariances),
            other => panic!("2-D parameters expected, got {other:?}"),
        }
    }

    #[test]
    fn the_2d_model_starts_on_old_faithful_with_two_full_components() {
        let playground = gmm2d();
        let state = playground.state();
        assert_eq!(state.fit.model, ModelKind::Gmm2d);
        assert_eq!(state.fit.data.points().len(), 272);
        assert_eq!(state.fit.data.points()[0], [3.6, 79.0]);
        assert_eq!(state.covariance_type, Some(CovarianceType::Full));
        assert_eq!((state.components, state.handles.len()), (2, 2));
        let y = state.y_summary.unwrap();
        assert_eq!((y.min, y.max), (43.0, 96.0));
        assert_eq!(playground.landscape(), None, "no landscape in 2-D (yet)");
    }

    #[test]
    fn dragging_a_mean_restarts_from_the_parameters_shown() {
        let mut playground = gmm2d();
        playground.session_mut().run_for(3);
        let shown = match playground.state().fit.params {
            ParamsView::Gaussian2 { means, .. } => means,
            other => panic!("{other:?}"),
        };
        playground.drag_mean(0, 2.0, 50.0).unwrap();
        let state = playground.state();
        assert_eq!((state.fit.iteration, state.fit.phase), (0, Phase::Init));
        let (_, means, _) = gmm2d_params(&playground);
        assert_eq!(means, vec![[2.0, 50.0], shown[1]]);
        assert!(playground.drag_mean(2, 0.0, 0.0).is_err(), "K = 2");
    }

    #[test]
    fn dragging_the_major_handle_turns_and_stretches_the_ellipse() {
        let mut playground = gmm2d();
        playground
            .set_start_texts(&[
                ("weights", "1,1"),
                ("means", "0,0; 10,10"),
                ("covariances", "1,0,0,1; 1,0,0,1"),
            ])
            .unwrap();
        // Pointer at (3, 4): the 2σ half-axis is 5, so σ = 2.5 along
        // (0.6, 0.8), and 1 across. Σ = R diag(6.25, 1) Rᵀ by hand:
        // xx = 6.25·0.36 + 0.64 = 2.89, xy = 5.25·0.48 = 2.52, yy = 6.25·0.64 + 0.36 = 4.36.
        AxisHandle::named("major")
            .and_then(|handle| playground.drag_axis(0, handle, 3.0, 4.0))
            .unwrap();
        let (_, _, covariances) = gmm2d_params(&playground);
        let [[xx, xy], [yx, yy]] = covariances[0];
        for (got, want) in [(xx, 2.89), (xy, 2.52), (yx, 2.52), (yy, 4.36)] {
            assert!((got - want).abs() < 1e-12, "{:?}", covariances[0]);
        }
        assert_eq!(covariances[1], [[1.0, 0.0], [0.0, 1.0]]);
        // The handle is now under the pointer.
        let handles = playground.state().handles;
        assert!((handles[0].major[0] - 3.0).abs() < 1e-12);
        assert!((handles[0].major[1] - 4.0).abs() < 1e-12);
        // The minor handle cannot make the minor axis longer than the major.
        AxisHandle::named("minor")
            .and_then(|handle| playground.drag_axis(0, handle, -40.0, 30.0))
            .unwrap();
        let (_, _, covariances) = gmm2d_params(&playground);
        let [[xx, xy], [_, yy]] = covariances[0];
        assert!(
            (xx * yy - xy * xy - 2.5f64.powi(4)).abs() < 1e-9,
            "a round 2.5σ circle"
        );
        assert!(AxisHandle::named("diagonal")
            .and_then(|handle| playground.drag_axis(0, handle, 1.0, 1.0))
            .is_err());
    }

    #[test]
    fn clicks_add_points_where_clicked_and_the_brush_spreads_them() {
        let mut playground = gmm2d();
        let start = gmm2d_params(&playground);
        playground.add_points(3.0, 70.0, 1, 1).unwrap();
        let state = playground.state();
        assert_eq!(state.fit.data.points().len(), 273);
        assert_eq!(state.fit.data.points()[272], [3.0, 70.0]);
        assert_eq!(state.source, DataSource::Custom);
        assert_eq!(gmm2d_params(&playground), start, "the start stays");
        playground.add_points(3.0, 70.0, 20, 7).unwrap();
        let points = playground.state().fit.data.points().to_vec();
        assert_eq!(points.len(), 293);
        // σ is 3 % of each axis's range (3.5 min and 53 min): all 20 within 4σ.
        for p in &points[273..] {
            assert!(
                (p[0] - 3.0).abs() < 4.0 * 0.03 * 3.5 && (p[1] - 70.0).abs() < 4.0 * 0.03 * 53.0
            );
        }
        assert_ne!(points[273], points[274]);
        playground.move_point(0, 1.0, 40.0).unwrap();
        assert_eq!(playground.state().fit.data.points()[0], [1.0, 40.0]);
        playground.delete_point(0).unwrap();
        assert_eq!(playground.state().fit.data.points()[0], [1.8, 54.0]);
        assert!(playground.delete_point(999).is_err());
        assert!(playground.move_point(0, f64::NAN, 1.0).is_err());
    }

    #[test]
    fn the_covariance_type_shapes_the_start_and_bad_lists_say_why() {
        let mut playground = gmm2d();
        playground
            .set_start_texts(&[
                ("weights", "1,3"),
                ("means", "2,55; 4.3,80"),
                ("covariances", "0.1,0.5,0.5,30; 0.2,1,1,40"),
            ])
            .unwrap();
        CovarianceType::named("spherical")
            .and_then(|kind| playground.set_covariance_type(kind))
            .unwrap();
        let (weights, _, covariances) = gmm2d_params(&playground);
        assert_eq!(weights, vec![0.25, 0.75], "normalised");
        // Spherical: the two variances averaged, no covariance.
        assert_eq!(covariances[0], [[15.05, 0.0], [0.0, 15.05]]);
        assert_eq!(
            playground.state().covariance_type,
            Some(CovarianceType::Spherical)
        );
        let error = CovarianceType::named("round")
            .and_then(|kind| playground.set_covariance_type(kind))
            .unwrap_err();
        assert!(error
            .to_string()
            .contains("\"full\", \"diag\", \"spherical\" or \"tied\""));
        for (means, covariances, reason) in [
            (
                "2,55; 4.3",
                "1,0,0,1; 1,0,0,1",
                "take 2 numbers each, but 3",
            ),
            (
                "2,55; 4,80",
                "1,0.5,0.4,1; 1,0,0,1",
                "component 1 is not symmetric",
            ),
            ("2,55; 4,80", "1,2,2,1; 1,0,0,1", "positive"),
        ] {
            let error = playground
                .set_start_texts(&[
                    ("weights", "1,1"),
                    ("means", means),
                    ("covariances", covariances),
                ])
                .unwrap_err();
            assert!(error.to_string().contains(reason), "{error}");
        }
    }

    #[test]
    fn points_typed_or_drawn_from_a_true_mixture() {
        let mut playground = gmm2d();
        let text = playground.data_text(usize::MAX);
        assert!(text.starts_with("3.6, 79\n1.8, 54\n"));
        playground.set_data_text("1 2; 3 4\n5,6").unwrap();
        assert_eq!(
            playground.state().fit.data.points(),
            &[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
        );
        assert!(playground.set_data_text("1 2 3").is_err());
        playground
            .synthesize(20_000, 3, &["1,3", "-5,0; 5,0", "1,0.8,0.8,1; 1,0,0,1"])
            .unwrap();
        let points = playground.state().fit.data.points().to_vec();
        let left: Vec<&[f64; 2]> = points.iter().filter(|p| p[0] < 0.0).collect();
        let share = left.len() as f64 / points.len() as f64;
        assert!((share - 0.25).abs() < 0.01, "{share}");
        // The left cluster's correlation is the true 0.8.
        let n = left.len() as f64;
        let mean = [0, 1].map(|a| left.iter().map(|p| p[a]).sum::<f64>() / n);
        let moment = |a: usize, b: usize| {
            left.iter()
                .map(|p| (p[a] - mean[a]) * (p[b] - mean[b]))
                .sum::<f64>()
                / n
        };
        let correlation = moment(0, 1) / (moment(0, 0) * moment(1, 1)).sqrt();
        assert!((correlation - 0.8).abs() < 0.02, "{correlation}");
        assert!(playground
            .synthesize(10, 1, &["1", "0,0", "1,2,2,1"])
            .is_err());
    }

    #[test]
    fn restarts_and_random_starts_work_in_two_dimensions() {
        let mut playground = gmm2d();
        playground.set_component_count(3).unwrap();
        let before = playground.state();
        let outcomes = playground.restarts(6, 1).unwrap();
        assert_eq!(playground.state(), before);
        let values: Vec<f64> = outcomes.iter().map(|o| o.log_likelihood.unwrap()).collect();
        assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
        playground.random_start(outcomes[0].seed).unwrap();
        let (_, means, _) = gmm2d_params(&playground);
        let points = playground.state().fit.data.points().to_vec();
        assert!(
            means.iter().all(|m| points.contains(m)),
            "means start at data points"
        );
        playground.session_mut().run_for(usize::MAX);
        assert_eq!(
            playground.state().fit.log_likelihood,
            outcomes[0].log_likelihood
        );
    }
}
