//! One widget's state, independent of the browser: which model, its stepper,
//! and the plain-data view of it that JavaScript receives. The wasm layer only
//! converts this to and from JS values, so all the logic is tested natively.

use std::sync::Arc;

use crate::i18n::{Language, Localized};

use serde::Serialize;

use crate::em::{
    evaluate, gaussian_mixture, Bernoulli, ComponentFamily, Diagnostic, EStepRule, EmError,
    EmSettings, EmStepper, Gaussian, GaussianParams, IterationRecord, MixtureParams, Phase,
    ThreeCoins,
};

/// The models the page teaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// Li Hang's three-coin model.
    Coins,
    /// The one-dimensional Gaussian mixture.
    Gmm,
}

impl ModelKind {
    /// Reads `coins` or `gmm`.
    pub fn parse(name: &str) -> Result<Self, SessionError> {
        match name {
            "coins" => Ok(ModelKind::Coins),
            "gmm" => Ok(ModelKind::Gmm),
            other => Err(SessionError::UnknownModel(other.to_string())),
        }
    }
}

/// Starting parameters for either model.
#[derive(Debug, Clone, PartialEq)]
pub enum StartParams {
    /// (π, p, q).
    Coins(ThreeCoins),
    /// Per-component weights, means and standard deviations.
    Gmm {
        weights: Vec<f64>,
        means: Vec<f64>,
        sigmas: Vec<f64>,
    },
}

impl StartParams {
    /// The number of components K.
    pub fn components(&self) -> usize {
        match self {
            StartParams::Coins(_) => 2,
            StartParams::Gmm { means, .. } => means.len(),
        }
    }
}

/// An error a widget shows to the user.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionError {
    /// The engine refused the data or parameters.
    Em(EmError),
    /// A model name other than `coins` or `gmm`.
    UnknownModel(String),
    /// A preset that the current model does not have.
    UnknownPreset(String),
    /// A parameter name the current model does not have.
    UnknownParameter(String),
    /// Parameters for the other model.
    WrongModelParameters,
    /// A component index at or beyond K.
    NoSuchComponent { index: usize, count: usize },
    /// A field's text is not a finite number.
    NotANumber { what: String, text: String },
    /// A comma-separated list did not parse.
    InList { what: String, message: String },
    /// A synthetic data size of 0 or too many points.
    InvalidSize { size: usize, max: usize },
    /// The iteration cap is not a whole number from 1 to 1,000,000.
    InvalidIterationCap(String),
    /// A seed that is not a whole number from 0 to 2⁵³.
    InvalidSeed(f64),
    /// An E-step rule other than `posterior`, `hard` or `joint`.
    UnknownRule(String),
    /// A number of random restarts of 0 or too many.
    InvalidRestarts { count: usize, max: usize },
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionError::Em(error) => error.fmt(f),
            SessionError::UnknownModel(name) => {
                write!(f, "Unknown model \"{name}\"; choose \"coins\" or \"gmm\".")
            }
            SessionError::UnknownPreset(name) => write!(
                f,
                "This model has no preset \"{name}\"; the three-coin model has \"li-hang\", the Gaussian mixture \"exercise\", \"faithful\" and \"galaxies\"."
            ),
            SessionError::UnknownParameter(name) => write!(
                f,
                "This model has no parameter \"{name}\"; the three-coin model has pi, p and q, the Gaussian mixture weight, mean and sigma."
            ),
            SessionError::WrongModelParameters => write!(
                f,
                "These parameters belong to the other model; switch model first."
            ),
            SessionError::NoSuchComponent { index, count } => write!(
                f,
                "There is no component {}; the mixture has {count}.",
                index + 1
            ),
            SessionError::NotANumber { what, text } => write!(
                f,
                "{what}: \"{text}\" is not a number; enter a decimal number such as 0.5."
            ),
            SessionError::InList { what, message } => write!(f, "In the {what}: {message}"),
            SessionError::InvalidSize { size, max } => write!(
                f,
                "{size} points requested; choose between 1 and {max}."
            ),
            SessionError::InvalidIterationCap(text) => write!(
                f,
                "The iteration cap \"{text}\" must be a whole number from 1 to 1000000."
            ),
            SessionError::InvalidSeed(seed) => write!(
                f,
                "The seed {seed} must be a whole number from 0 to 9007199254740992."
            ),
            SessionError::InvalidRestarts { count, max } => write!(
                f,
                "{count} restarts requested; choose between 1 and {max}."
            ),
            SessionError::UnknownRule(name) => write!(
                f,
                "Unknown E-step rule \"{name}\"; choose \"posterior\" (EM), \"hard\" or \"joint\"."
            ),
        }
    }
}

impl std::error::Error for SessionError {}

impl Localized for SessionError {
    fn localized(&self, language: Language) -> String {
        if language == Language::English {
            return self.to_string();
        }
        match self {
            SessionError::Em(error) => error.localized(language),
            SessionError::UnknownModel(name) => {
                format!("未知的模型“{name}”；请选择“coins”（三硬币）或“gmm”（高斯混合）。")
            }
            SessionError::UnknownPreset(name) => format!(
                "此模型没有预设数据“{name}”；三硬币模型有“li-hang”，高斯混合模型有“exercise”“faithful”和“galaxies”。"
            ),
            SessionError::UnknownParameter(name) => format!(
                "此模型没有参数“{name}”；三硬币模型的参数是 pi、p、q，高斯混合模型的是 weight、mean、sigma。"
            ),
            SessionError::WrongModelParameters => "这些参数属于另一个模型；请先切换模型。".into(),
            SessionError::NoSuchComponent { index, count } => {
                format!("没有第 {} 个分量；该混合只有 {count} 个分量。", index + 1)
            }
            SessionError::NotANumber { what, text } => format!(
                "{}：“{text}”不是数；请输入一个小数，例如 0.5。",
                chinese_field(what)
            ),
            SessionError::InList { what, message } => {
                let list = match what.as_str() {
                    "weights" => "权重",
                    "means" => "均值",
                    "sigmas" => "σ",
                    other => other,
                };
                format!("{list}列表中：{message}")
            }
            SessionError::InvalidSize { size, max } => {
                format!("请求了 {size} 个点；请在 1 到 {max} 之间选择。")
            }
            SessionError::InvalidIterationCap(text) => {
                format!("迭代上限“{text}”必须是 1 到 1000000 之间的整数。")
            }
            SessionError::InvalidSeed(seed) => {
                format!("随机种子 {seed} 必须是 0 到 9007199254740992 之间的整数。")
            }
            SessionError::InvalidRestarts { count, max } => {
                format!("请求了 {count} 次重启；请在 1 到 {max} 之间选择。")
            }
            SessionError::UnknownRule(name) => format!(
                "未知的 E 步规则“{name}”；请选择“posterior”（EM）、“hard”（硬分配）或“joint”（未归一化的联合概率）。"
            ),
        }
    }
}

/// Field names as the widget writes them, in Chinese.
fn chinese_field(what: &str) -> String {
    match what {
        "The tolerance" => "容差".into(),
        "The iteration cap" => "迭代上限".into(),
        other => {
            for (english, chinese) in [
                ("The weight of component ", "的权重"),
                ("The mean of component ", "的均值"),
                ("σ of component ", "的 σ"),
            ] {
                if let Some(k) = other.strip_prefix(english) {
                    return format!("第 {k} 个分量{chinese}");
                }
            }
            other.into()
        }
    }
}

impl From<EmError> for SessionError {
    fn from(error: EmError) -> Self {
        SessionError::Em(error)
    }
}

/// Parameters as JavaScript sees them: `{pi, p, q}` or `{weights, means, sigmas}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParamsView {
    Coins {
        pi: f64,
        p: f64,
        q: f64,
    },
    Gmm {
        weights: Vec<f64>,
        means: Vec<f64>,
        sigmas: Vec<f64>,
    },
}

/// One entry of `state().history`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryView {
    pub iteration: usize,
    /// log L(θ⁽ⁱ⁾), or None when it is −∞ (an observation is impossible).
    pub log_likelihood: Option<f64>,
    /// Q(θ⁽ⁱ⁾, θ⁽ⁱ⁻¹⁾), None for θ⁽⁰⁾.
    pub q_from_previous: Option<f64>,
    pub params: ParamsView,
}

/// The whole state of a widget, as `state()` returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateView {
    pub model: ModelKind,
    /// How E-steps weigh the data: EM (`posterior`), `hard` EM or the homework's mistake (`joint`).
    pub rule: EStepRule,
    pub iteration: usize,
    pub phase: Phase,
    pub params: ParamsView,
    /// log L(θ⁽ⁱ⁾), or None when it is −∞.
    pub log_likelihood: Option<f64>,
    /// Q(θ⁽ⁱ⁾, θ⁽ⁱ⁾) from the last E-step, None before it.
    pub q: Option<f64>,
    /// The entropy H of the last E-step's responsibilities, None before it.
    pub entropy: Option<f64>,
    /// N × K responsibilities from the last E-step, None before it.
    pub responsibilities: Option<ResponsibilityRows>,
    pub converged: bool,
    pub history: Vec<HistoryView>,
    pub diagnostics: Vec<Diagnostic>,
    pub data: Vec<f64>,
    /// Indices of `data` in increasing order of value (for charts).
    #[serde(skip)]
    pub value_order: Arc<[usize]>,
}

/// An N × K matrix of responsibilities stored flat; `rows[i][k]` reads γᵢₖ
/// and it serialises as an array of N arrays of K numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponsibilityRows {
    values: Vec<f64>,
    components: usize,
}

impl ResponsibilityRows {
    /// The number of observations N.
    pub fn len(&self) -> usize {
        self.values.len() / self.components
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The number of components K.
    pub fn components(&self) -> usize {
        self.components
    }
}

impl std::ops::Index<usize> for ResponsibilityRows {
    type Output = [f64];

    fn index(&self, row: usize) -> &[f64] {
        &self.values[row * self.components..(row + 1) * self.components]
    }
}

impl Serialize for ResponsibilityRows {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.values.chunks_exact(self.components))
    }
}

/// One point of the lower-bound chart: a value t of the chosen parameter,
/// log L(θ(t)) and the Jensen bound Q(θ(t), θ⁽ⁱ⁾) + H(γ⁽ⁱ⁾), where θ(t) is θ⁽ⁱ⁾
/// with that one parameter set to t. None stands for −∞.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BoundPoint {
    pub value: f64,
    pub log_likelihood: Option<f64>,
    pub bound: Option<f64>,
}

/// log L and its EM lower bound along one parameter, through the θ⁽ⁱ⁾ whose
/// responsibilities γ⁽ⁱ⁾ the last E-step computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BoundSlice {
    /// `pi`, `p`, `q`, or `weight`, `mean`, `sigma` (of `component`).
    pub parameter: String,
    pub component: usize,
    pub points: Vec<BoundPoint>,
    /// The parameter's value in θ⁽ⁱ⁾, where the bound touches log L.
    pub current: f64,
    /// Its value after the M-step θ⁽ⁱ⁺¹⁾, once taken.
    pub next: Option<f64>,
}

/// The most points a bound slice has.
pub const BOUND_POINTS: usize = 121;
/// The fewest points a bound slice has.
const MIN_BOUND_POINTS: usize = 21;
/// Log-density evaluations a slice may spend (points × N × K), so that the
/// chart costs a few milliseconds however large the data.
const BOUND_BUDGET: usize = 1_000_000;

#[derive(Debug, Clone)]
enum Fit {
    Coins(EmStepper<Bernoulli>),
    Gmm(EmStepper<Gaussian>),
}

/// Calls `$body` with the stepper of whichever model is active.
macro_rules! with_stepper {
    ($fit:expr, $stepper:ident => $body:expr) => {
        match $fit {
            Fit::Coins($stepper) => $body,
            Fit::Gmm($stepper) => $body,
        }
    };
}

/// A widget's model and fit.
#[derive(Debug, Clone)]
pub struct Session {
    fit: Fit,
    /// The data's indices sorted by value, computed once per data set.
    value_order: Arc<[usize]>,
}

impl Session {
    /// Validates everything and starts at θ⁽⁰⁾.
    pub fn new(
        data: Vec<f64>,
        start: &StartParams,
        settings: EmSettings,
    ) -> Result<Self, SessionError> {
        let mut value_order: Vec<usize> = (0..data.len()).collect();
        value_order.sort_by(|&a, &b| data[a].total_cmp(&data[b]));
        let fit = match start {
            StartParams::Coins(coins) => {
                Fit::Coins(EmStepper::new(Bernoulli, data, coins.mixture()?, settings)?)
            }
            StartParams::Gmm {
                weights,
                means,
                sigmas,
            } => {
                let family = Gaussian::for_data(&data);
                let params = gaussian_mixture(&family, weights, means, sigmas)?;
                Fit::Gmm(EmStepper::new(family, data, params, settings)?)
            }
        };
        Ok(Session {
            fit,
            value_order: value_order.into(),
        })
    }

    /// Which model this is.
    pub fn model(&self) -> ModelKind {
        match self.fit {
            Fit::Coins(_) => ModelKind::Coins,
            Fit::Gmm(_) => ModelKind::Gmm,
        }
    }

    /// One E-step; false if the last half-step was one.
    pub fn e_step(&mut self) -> bool {
        with_stepper!(&mut self.fit, s => s.e_step())
    }

    /// One M-step; false unless the last half-step was an E-step.
    pub fn m_step(&mut self) -> bool {
        with_stepper!(&mut self.fit, s => s.m_step())
    }

    /// Completes one iteration.
    pub fn step(&mut self) {
        with_stepper!(&mut self.fit, s => s.step())
    }

    /// At most `limit` iterations, stopping at convergence or the cap.
    /// Returns the number of iterations done.
    pub fn run_for(&mut self, limit: usize) -> usize {
        with_stepper!(&mut self.fit, s => s.run_for(limit).iterations)
    }

    /// Undoes one half-step; false at the start.
    pub fn back(&mut self) -> bool {
        with_stepper!(&mut self.fit, s => s.back())
    }

    /// Back to θ⁽⁰⁾.
    pub fn reset(&mut self) {
        with_stepper!(&mut self.fit, s => s.reset())
    }

    /// Chooses the E-step rule, returning to θ⁽⁰⁾.
    pub fn set_rule(&mut self, rule: EStepRule) {
        with_stepper!(&mut self.fit, s => s.set_rule(rule))
    }

    /// Changes the tolerance and cap, keeping the history.
    pub fn set_settings(&mut self, settings: EmSettings) {
        with_stepper!(&mut self.fit, s => s.set_settings(settings))
    }

    /// The convergence settings in force.
    pub fn settings(&self) -> EmSettings {
        with_stepper!(&self.fit, s => *s.settings())
    }

    /// Whether the last iteration changed log L by less than the tolerance.
    pub fn converged(&self) -> bool {
        with_stepper!(&self.fit, s => s.converged())
    }

    /// Whether the total iteration count has reached the cap.
    pub fn at_iteration_cap(&self) -> bool {
        with_stepper!(&self.fit, s => s.iteration() >= s.settings().max_iterations())
    }

    /// log L and the Jensen lower bound along `parameter` (of `component`),
    /// through θ⁽ⁱ⁾ of the last E-step; None before the first E-step, for a
    /// variant E-step rule, or for a parameter the model does not have.
    pub fn bound_slice(&self, parameter: &str, component: usize) -> Option<BoundSlice> {
        match &self.fit {
            Fit::Coins(s) => bound_slice(s, parameter, component, coin_slice),
            Fit::Gmm(s) => bound_slice(s, parameter, component, gaussian_slice),
        }
    }

    /// The plain-data view of the whole state.
    pub fn state(&self) -> StateView {
        self.state_rows(usize::MAX)
    }

    /// The state with `data` and `responsibilities` holding only their first
    /// `rows` observations (copied, not the rest), for a UI showing those.
    pub fn state_rows(&self, rows: usize) -> StateView {
        let order = self.value_order.clone();
        match &self.fit {
            Fit::Coins(s) => state_view(ModelKind::Coins, s, coins_view, order, rows),
            Fit::Gmm(s) => state_view(ModelKind::Gmm, s, gmm_view, order, rows),
        }
    }
}

/// One parameter of θ to vary: the values to try, its value now, and how to
/// set it (returning the weights and components of the changed θ).
struct ParameterSlice<P> {
    range: std::ops::Range<f64>,
    current: f64,
    set: Setter<P>,
}

/// Sets the parameter to a value in θ, returning the weights and components
/// of the changed θ (the lists `MixtureParams::new` takes).
type Setter<P> = Box<dyn Fn(&MixtureParams<P>, f64) -> (Vec<f64>, Vec<P>)>;

/// Picks the parameter to vary for one model.
type Slicer<F> = fn(
    &MixtureParams<<F as ComponentFamily>::Params>,
    &[<F as ComponentFamily>::Observation],
    &str,
    usize,
) -> Option<ParameterSlice<<F as ComponentFamily>::Params>>;

/// Probabilities are tried strictly inside (0, 1).
const PROBABILITY_RANGE: std::ops::Range<f64> = 0.001..0.999;

fn set_weight(weights: &[f64], component: usize, value: f64) -> Vec<f64> {
    // The other weights keep their proportions and fill the rest of the unit mass.
    let others = 1.0 - weights[component];
    weights
        .iter()
        .enumerate()
        .map(|(k, &w)| {
            if k == component {
                value
            } else if others > 0.0 {
                w * (1.0 - value) / others
            } else {
                (1.0 - value) / (weights.len() - 1) as f64
            }
        })
        .collect()
}

fn coin_slice(
    params: &MixtureParams<f64>,
    _data: &[f64],
    parameter: &str,
    _component: usize,
) -> Option<ParameterSlice<f64>> {
    let index = match parameter {
        "pi" => None,
        "p" => Some(0),
        "q" => Some(1),
        _ => return None,
    };
    let current = index.map_or(params.weights()[0], |i| params.components()[i]);
    let setter = move |base: &MixtureParams<f64>, t: f64| {
        let mut components = base.components().to_vec();
        let weights = match index {
            None => vec![t, 1.0 - t],
            Some(i) => {
                components[i] = t;
                base.weights().to_vec()
            }
        };
        (weights, components)
    };
    Some(ParameterSlice {
        range: PROBABILITY_RANGE,
        current,
        set: Box::new(setter),
    })
}

fn gaussian_slice(
    params: &MixtureParams<GaussianParams>,
    data: &[f64],
    parameter: &str,
    component: usize,
) -> Option<ParameterSlice<GaussianParams>> {
    let theta = *params.components().get(component)?;
    let (min, max) = data
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let span = (max - min).max(theta.sigma);
    let (range, current) = match parameter {
        "weight" if params.len() > 1 => (PROBABILITY_RANGE, params.weights()[component]),
        "mean" => ((min - 0.1 * span)..(max + 0.1 * span), theta.mean),
        "sigma" => ((theta.sigma / 5.0)..(theta.sigma * 3.0), theta.sigma),
        _ => return None,
    };
    let parameter = parameter.to_string();
    let setter = move |base: &MixtureParams<GaussianParams>, t: f64| {
        let mut components = base.components().to_vec();
        let mut weights = base.weights().to_vec();
        match parameter.as_str() {
            "weight" => weights = set_weight(&weights, component, t),
            "mean" => components[component].mean = t,
            _ => components[component].sigma = t,
        }
        (weights, components)
    };
    Some(ParameterSlice {
        range,
        current,
        set: Box::new(setter),
    })
}

/// The bound slice for any family, given how to vary one of its parameters.
fn bound_slice<F>(
    stepper: &EmStepper<F>,
    parameter: &str,
    component: usize,
    slice: Slicer<F>,
) -> Option<BoundSlice>
where
    F: ComponentFamily,
    F::Params: 'static,
{
    if stepper.rule() != EStepRule::Posterior {
        return None;
    }
    let entropy = stepper.last_e_step()?.entropy;
    let responsibilities = stepper.responsibilities()?;
    let history = stepper.history();
    // The γ in hand are those of θ⁽ⁱ⁾ after an E-step, of θ⁽ⁱ⁻¹⁾ after an M-step.
    let (base, next) = match stepper.phase() {
        Phase::M => (
            &history[history.len() - 2].params,
            Some(&history[history.len() - 1].params),
        ),
        _ => (&history[history.len() - 1].params, None),
    };
    let ParameterSlice {
        range,
        current,
        set,
    } = slice(base, stepper.data(), parameter, component)?;
    let next = next
        .and_then(|params| slice(params, stepper.data(), parameter, component).map(|s| s.current));
    let family = stepper.family();
    let count = (BOUND_BUDGET / (stepper.data().len() * base.len()).max(1))
        .clamp(MIN_BOUND_POINTS, BOUND_POINTS);
    let points = (0..count)
        .map(|i| range.start + (range.end - range.start) * i as f64 / (count - 1) as f64)
        .chain(std::iter::once(current))
        .filter_map(|value| {
            let (weights, components) = set(base, value);
            let params = MixtureParams::new(family, weights, components).ok()?;
            let evaluation = evaluate(family, &params, stepper.data(), responsibilities);
            Some(BoundPoint {
                value,
                log_likelihood: finite(evaluation.log_likelihood),
                bound: finite(evaluation.q + entropy),
            })
        })
        .collect::<Vec<_>>();
    let mut points = points;
    points.sort_by(|a, b| a.value.total_cmp(&b.value));
    Some(BoundSlice {
        parameter: parameter.to_string(),
        component,
        points,
        current,
        next,
    })
}

fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

fn coins_view(params: &MixtureParams<f64>) -> ParamsView {
    let ThreeCoins { pi, p, q } = ThreeCoins::from_mixture(params);
    ParamsView::Coins { pi, p, q }
}

fn gmm_view(params: &MixtureParams<GaussianParams>) -> ParamsView {
    ParamsView::Gmm {
        weights: params.weights().to_vec(),
        means: params.components().iter().map(|c| c.mean).collect(),
        sigmas: params.components().iter().map(|c| c.sigma).collect(),
    }
}

fn state_view<F>(
    model: ModelKind,
    stepper: &EmStepper<F>,
    params_view: fn(&MixtureParams<F::Params>) -> ParamsView,
    value_order: Arc<[usize]>,
    rows: usize,
) -> StateView
where
    F: ComponentFamily<Observation = f64>,
{
    let history_view = |record: &IterationRecord<F::Params>| HistoryView {
        iteration: record.iteration,
        log_likelihood: finite(record.log_likelihood),
        q_from_previous: record.q_from_previous.and_then(finite),
        params: params_view(&record.params),
    };
    // log L = Q + H holds for EM's posterior only; the variants show log L alone.
    let e_step = stepper
        .last_e_step()
        .filter(|_| stepper.rule() == EStepRule::Posterior);
    StateView {
        model,
        rule: stepper.rule(),
        iteration: stepper.iteration(),
        phase: stepper.phase(),
        params: params_view(stepper.params()),
        log_likelihood: finite(stepper.log_likelihood()),
        q: e_step.and_then(|s| finite(s.q)),
        entropy: e_step.and_then(|s| finite(s.entropy)),
        responsibilities: stepper.responsibilities().map(|r| ResponsibilityRows {
            values: r.rows().take(rows).flatten().copied().collect(),
            components: r.components(),
        }),
        converged: stepper.converged(),
        history: stepper.history().iter().map(history_view).collect(),
        diagnostics: stepper.diagnostics(),
        data: stepper.data().iter().take(rows).copied().collect(),
        value_order,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets::COIN_TOSSES;

    fn coins(pi: f64, p: f64, q: f64) -> StartParams {
        StartParams::Coins(ThreeCoins { pi, p, q })
    }

    #[test]
    fn the_state_reports_each_half_step() {
        let mut session = Session::new(
            COIN_TOSSES.to_vec(),
            &coins(0.4, 0.6, 0.7),
            EmSettings::default(),
        )
        .unwrap();
        let start = session.state();
        assert_eq!(
            (start.phase, start.iteration, start.responsibilities),
            (Phase::Init, 0, None)
        );
        assert!(session.e_step());
        let after_e = session.state();
        assert_eq!(after_e.phase, Phase::E);
        let rows = after_e.responsibilities.unwrap();
        assert_eq!((rows.len(), rows[0].len()), (10, 2));
        let (log_l, q, h) = (
            after_e.log_likelihood.unwrap(),
            after_e.q.unwrap(),
            after_e.entropy.unwrap(),
        );
        assert!((log_l - (q + h)).abs() < 1e-12);
        assert!(session.m_step());
        let after_m = session.state();
        assert_eq!(
            (after_m.phase, after_m.iteration, after_m.history.len()),
            (Phase::M, 1, 2)
        );
        match after_m.params {
            ParamsView::Coins { pi, .. } => assert!((pi - 0.4064).abs() < 5e-5),
            other => panic!("coin parameters expected, got {other:?}"),
        }
    }

    #[test]
    fn errors_carry_the_engines_message() {
        let error =
            Session::new(vec![1.0, 2.0], &coins(0.5, 0.5, 0.5), EmSettings::default()).unwrap_err();
        assert!(error.to_string().contains("0 (tails) or 1 (heads)"));
        assert_eq!(
            ModelKind::parse("hmm").unwrap_err().to_string(),
            "Unknown model \"hmm\"; choose \"coins\" or \"gmm\"."
        );
    }

    #[test]
    fn the_bound_touches_log_l_at_the_current_theta_and_lies_below_it() {
        let data = crate::datasets::old_faithful_eruptions();
        let start = StartParams::Gmm {
            weights: vec![0.5, 0.5],
            means: vec![2.5, 4.0],
            sigmas: vec![0.5, 0.5],
        };
        let mut session = Session::new(data, &start, EmSettings::default()).unwrap();
        assert_eq!(
            session.bound_slice("mean", 0),
            None,
            "no γ before an E-step"
        );
        session.step();
        session.e_step();
        for (parameter, component) in [("mean", 0), ("sigma", 1), ("weight", 0)] {
            let slice = session.bound_slice(parameter, component).unwrap();
            for point in &slice.points {
                let (log_l, bound) = (point.log_likelihood.unwrap(), point.bound.unwrap());
                assert!(
                    bound <= log_l + 1e-9 * log_l.abs(),
                    "{parameter} at {}: {bound} > {log_l}",
                    point.value
                );
                if point.value == slice.current {
                    assert!(
                        (bound - log_l).abs() < 1e-9 * log_l.abs(),
                        "touches at θ⁽ⁱ⁾"
                    );
                }
            }
        }
        // After the M-step the new μ₁ maximises the same bound along μ₁.
        session.m_step();
        let slice = session.bound_slice("mean", 0).unwrap();
        let next = slice.next.unwrap();
        let best = slice
            .points
            .iter()
            .max_by(|a, b| a.bound.unwrap().total_cmp(&b.bound.unwrap()))
            .unwrap();
        let step = slice.points[1].value - slice.points[0].value;
        assert!(
            (best.value - next).abs() <= step,
            "bound peaks at {} not near μ₁⁽ⁱ⁺¹⁾ = {next}",
            best.value
        );
    }

    #[test]
    fn the_coin_bound_is_built_on_pi_p_and_q() {
        let mut session = Session::new(
            COIN_TOSSES.to_vec(),
            &coins(0.46, 0.55, 0.67),
            EmSettings::default(),
        )
        .unwrap();
        session.e_step();
        for parameter in ["pi", "p", "q"] {
            let slice = session.bound_slice(parameter, 0).unwrap();
            assert_eq!(
                slice.points.len(),
                BOUND_POINTS + 1,
                "the grid and θ⁽ⁱ⁾ itself"
            );
            assert!(slice
                .points
                .iter()
                .all(|p| p.bound.unwrap() <= p.log_likelihood.unwrap() + 1e-12));
        }
        assert_eq!(session.bound_slice("mean", 0), None);
    }

    #[test]
    fn errors_have_chinese_messages() {
        let error = SessionError::NotANumber {
            what: "π".into(),
            text: "abc".into(),
        };
        assert_eq!(
            error.localized(Language::Chinese),
            "π：“abc”不是数；请输入一个小数，例如 0.5。"
        );
        let error =
            Session::new(vec![1.0, 2.0], &coins(0.5, 0.5, 0.5), EmSettings::default()).unwrap_err();
        assert!(error
            .localized(Language::Chinese)
            .contains("0（反面）或 1（正面）"));
    }

    #[test]
    fn an_impossible_start_shows_no_log_likelihood_rather_than_minus_infinity() {
        let session = Session::new(
            COIN_TOSSES.to_vec(),
            &coins(0.5, 0.0, 0.0),
            EmSettings::default(),
        )
        .unwrap();
        let state = session.state();
        assert_eq!(state.log_likelihood, None);
        assert!(state
            .diagnostics
            .contains(&Diagnostic::ImpossibleObservations));
    }
}
