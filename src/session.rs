//! One widget's state, independent of the browser: which model, its stepper,
//! and the plain-data view of it that JavaScript receives. The wasm layer only
//! converts this to and from JS values, so all the logic is tested natively.

use std::sync::Arc;

use crate::i18n::{Language, Localized};

use serde::Serialize;

use crate::em::{
    gaussian_mixture, Bernoulli, ComponentFamily, Diagnostic, EStepRule, EmError, EmSettings,
    EmStepper, Gaussian, GaussianParams, IterationRecord, MixtureParams, Phase, ThreeCoins,
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

impl StateView {
    /// The same state with `data` and `responsibilities` cut to their first
    /// `rows` observations, for a UI that shows only those.
    pub fn truncated(mut self, rows: usize) -> Self {
        self.data.truncate(rows);
        if let Some(responsibilities) = &mut self.responsibilities {
            let components = responsibilities.components;
            responsibilities
                .values
                .truncate(rows.saturating_mul(components));
        }
        self
    }
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

    /// The plain-data view of the whole state.
    pub fn state(&self) -> StateView {
        match &self.fit {
            Fit::Coins(s) => state_view(ModelKind::Coins, s, coins_view, self.value_order.clone()),
            Fit::Gmm(s) => state_view(ModelKind::Gmm, s, gmm_view, self.value_order.clone()),
        }
    }
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
            values: r.rows().flatten().copied().collect(),
            components: r.components(),
        }),
        converged: stepper.converged(),
        history: stepper.history().iter().map(history_view).collect(),
        diagnostics: stepper.diagnostics(),
        data: stepper.data().to_vec(),
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
