//! One widget's state, independent of the browser: which model, its stepper,
//! and the plain-data view of it that JavaScript receives. The wasm layer only
//! converts this to and from JS values, so all the logic is tested natively.

use std::borrow::Cow;
use std::sync::Arc;

use crate::i18n::excerpt;

use serde::Serialize;

use crate::em::{
    order_by_keys, CovarianceType, Diagnostic, EStepRule, EmSettings, Phase, Responsibilities,
    Symmetric2,
};
use crate::models::Start;

mod bound;
mod error;
mod fit;
mod landscape;
mod order;

pub use error::SessionError;

pub(crate) use bound::{coins_bound, gaussians_bound, scalar_bound, SliceData};
pub use bound::{BoundPoint, BoundSlice, SliceParameter, BOUND_POINTS};
pub use fit::{Fitted, Model, ModelFit, Params, Shown, TeachingModel};
pub use order::ValueOrder;

pub(crate) use landscape::{
    coins_landscape, gaussians_landscape, grouped_landscape, scalar_landscape,
};
pub use landscape::{
    Detail, DistinctCache, Landscape, LandscapeAxes, DRAFT_MAX_DISTINCT, LANDSCAPE_MAX_DISTINCT,
};

pub use crate::models::ModelKind;

/// The observations: numbers (coin tosses, 1-D data) or points in the plane.
/// Serialises as a list of numbers or a list of `[x, y]` pairs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Observations {
    Values(Vec<f64>),
    Points(Vec<[f64; 2]>),
    /// Successes out of trials, `[x, n]` each.
    Counts(Vec<[f64; 2]>),
}

impl From<Vec<f64>> for Observations {
    fn from(values: Vec<f64>) -> Self {
        Observations::Values(values)
    }
}

impl From<Vec<[f64; 2]>> for Observations {
    fn from(points: Vec<[f64; 2]>) -> Self {
        Observations::Points(points)
    }
}

impl Observations {
    /// The number of observations N.
    pub fn len(&self) -> usize {
        match self {
            Observations::Values(values) => values.len(),
            Observations::Points(points) | Observations::Counts(points) => points.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The numbers, or nothing for other data.
    pub fn values(&self) -> &[f64] {
        match self {
            Observations::Values(values) => values,
            _ => &[],
        }
    }

    /// The points, or nothing for other data.
    pub fn points(&self) -> &[[f64; 2]] {
        match self {
            Observations::Points(points) => points,
            _ => &[],
        }
    }

    /// The successes and trials, or nothing for other data.
    pub fn counts(&self) -> &[[f64; 2]] {
        match self {
            Observations::Counts(counts) => counts,
            _ => &[],
        }
    }

    /// The numbers, for a model whose data are numbers.
    pub fn into_values(self) -> Result<Vec<f64>, SessionError> {
        match self {
            Observations::Values(values) => Ok(values),
            _ => Err(SessionError::WrongModelParameters),
        }
    }

    /// The first `limit` observations as the data box shows them: numbers
    /// comma-separated, points one `x, y` pair a line.
    pub fn text(&self, limit: usize) -> String {
        match self {
            Observations::Values(values) => {
                let numbers: Vec<String> = values.iter().take(limit).map(f64::to_string).collect();
                numbers.join(", ")
            }
            Observations::Points(points) => {
                let pairs: Vec<String> = points
                    .iter()
                    .take(limit)
                    .map(|[x, y]| format!("{x}, {y}"))
                    .collect();
                pairs.join("\n")
            }
            Observations::Counts(counts) => {
                let counts: Vec<String> = counts
                    .iter()
                    .take(limit)
                    .map(|[x, n]| format!("{x}/{n}"))
                    .collect();
                counts.join(", ")
            }
        }
    }

    /// Observation `i` as a chart label: `x`, or `(x, y)`.
    pub fn label(&self, i: usize, number: impl Fn(&f64) -> String) -> String {
        match self {
            Observations::Values(values) => number(&values[i]),
            Observations::Points(points) => {
                format!("({}, {})", number(&points[i][0]), number(&points[i][1]))
            }
            Observations::Counts(counts) => {
                format!("{}/{}", number(&counts[i][0]), number(&counts[i][1]))
            }
        }
    }

    /// Indices in increasing order of value (of x, then y, for points).
    fn order(&self) -> Vec<usize> {
        match self {
            Observations::Values(v) => order_by_keys(v.iter().map(|&x| [x, 0.0])),
            Observations::Points(p) => order_by_keys(p.iter().copied()),
            // By the share of successes, then by the number of trials.
            Observations::Counts(c) => order_by_keys(c.iter().map(|&[x, n]| [x / n, n])),
        }
    }
}

/// Parameters as JavaScript sees them, one shape per kind of component (the
/// charts draw each shape): `{pi, p, q}`, `{weights, means, sigmas}`,
/// `{weights, probabilities}` or `{weights, rates}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParamsView {
    /// The three-coin model's π, p and q.
    ThreeCoins { pi: f64, p: f64, q: f64 },
    /// Gaussian components' weights, means and σ.
    Gaussian {
        weights: Vec<f64>,
        means: Vec<f64>,
        sigmas: Vec<f64>,
    },
    /// 2-D Gaussian components: means `[x, y]`, covariances 2 × 2 arrays, row by row.
    Gaussian2 {
        weights: Vec<f64>,
        means: Vec<[f64; 2]>,
        covariances: Vec<[[f64; 2]; 2]>,
    },
    /// Binomial components' success probabilities.
    Probabilities {
        weights: Vec<f64>,
        probabilities: Vec<f64>,
    },
    /// Poisson or exponential components' rates.
    Rates { weights: Vec<f64>, rates: Vec<f64> },
}

/// A closed set read from the name JavaScript and the address use for it;
/// an unknown name is a typed error that says which names there are.
pub trait Named: Sized {
    fn named(name: &str) -> Result<Self, SessionError>;
}

impl Named for ModelKind {
    fn named(name: &str) -> Result<Self, SessionError> {
        ModelKind::parse(name)
    }
}

impl Named for EStepRule {
    fn named(name: &str) -> Result<Self, SessionError> {
        EStepRule::parse(name.trim()).ok_or_else(|| SessionError::UnknownRule(excerpt(name)))
    }
}

impl Named for CovarianceType {
    fn named(name: &str) -> Result<Self, SessionError> {
        CovarianceType::parse(name.trim())
            .ok_or_else(|| SessionError::UnknownCovarianceType(excerpt(name)))
    }
}

impl Named for AxisHandle {
    fn named(name: &str) -> Result<Self, SessionError> {
        match name {
            "major" => Ok(AxisHandle::Major),
            "minor" => Ok(AxisHandle::Minor),
            _ => Err(SessionError::UnknownParameter(excerpt(name))),
        }
    }
}

impl Named for SliceParameter {
    fn named(name: &str) -> Result<Self, SessionError> {
        SliceParameter::parse(name).ok_or_else(|| SessionError::UnknownParameter(excerpt(name)))
    }
}

impl LandscapeAxes {
    /// Axes of `kind` (`pq`, `means`, `values`, `mean-sigma`) over 0-based
    /// components, or a typed error.
    pub fn named(kind: &str, first: usize, second: usize) -> Result<Self, SessionError> {
        LandscapeAxes::parse(kind, first, second)
            .ok_or_else(|| SessionError::UnknownLandscape(excerpt(kind)))
    }
}

/// One of a 2-D component's ellipse handles: the end of its major or minor semi-axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AxisHandle {
    Major,
    Minor,
}

/// How many standard deviations from the mean the ellipse handles sit.
pub const HANDLE_SIGMAS: f64 = 2.0;

/// Where a 2-D component's handles are: its mean, and the ends of its 2σ
/// ellipse's major and minor semi-axes (drag them to stretch and turn it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ComponentHandles {
    pub mean: [f64; 2],
    pub major: [f64; 2],
    pub minor: [f64; 2],
}

impl ComponentHandles {
    /// The handles of a component with this mean and covariance.
    pub fn of(mean: [f64; 2], covariance: Symmetric2) -> Self {
        let (angle, a, b) = covariance.principal_axes();
        let (sin, cos) = angle.sin_cos();
        let at = |length: f64, (dx, dy): (f64, f64)| {
            [
                mean[0] + HANDLE_SIGMAS * length * dx,
                mean[1] + HANDLE_SIGMAS * length * dy,
            ]
        };
        ComponentHandles {
            mean,
            major: at(a, (cos, sin)),
            minor: at(b, (-sin, cos)),
        }
    }
}

impl ParamsView {
    /// The weights and the one value of each component, for models with one.
    pub fn scalar(&self) -> Option<(&[f64], &[f64])> {
        match self {
            ParamsView::Probabilities {
                weights,
                probabilities,
            } => Some((weights, probabilities)),
            ParamsView::Rates { weights, rates } => Some((weights, rates)),
            _ => None,
        }
    }

    /// The smallest σ of a 1-D Gaussian mixture (None for the other shapes).
    pub fn smallest_sigma(&self) -> Option<f64> {
        match self {
            ParamsView::Gaussian { sigmas, .. } => sigmas.iter().copied().reduce(f64::min),
            _ => None,
        }
    }

    /// Each 2-D component's handles (none for the other models).
    pub fn handles(&self) -> Vec<ComponentHandles> {
        match self {
            ParamsView::Gaussian2 {
                means, covariances, ..
            } => means
                .iter()
                .zip(covariances)
                .map(|(&mean, c)| ComponentHandles::of(mean, symmetric(c)))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The symmetric matrix of a 2 × 2 array.
pub fn symmetric(matrix: &[[f64; 2]; 2]) -> Symmetric2 {
    Symmetric2 {
        xx: matrix[0][0],
        xy: matrix[0][1],
        yy: matrix[1][1],
    }
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
///
/// The responsibilities are borrowed from the fit that made the view (the
/// charts draw from it at once, and N × K numbers are megabytes at large N);
/// [`StateView::into_owned`] copies them to keep the view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateView<'a> {
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
    pub responsibilities: Option<ResponsibilityRows<'a>>,
    pub converged: bool,
    pub history: Vec<HistoryView>,
    pub diagnostics: Vec<Diagnostic>,
    pub data: Observations,
    /// The data in increasing order of value (of x for points; for charts).
    #[serde(skip)]
    pub value_order: Arc<ValueOrder>,
    /// Gradient ascent from θ⁽⁰⁾ beside EM, when it is shown.
    pub ascent: Option<AscentView>,
    /// What the 2-D data's axes measure, for the plane chart's axis titles.
    #[serde(skip)]
    pub data_axes: DataAxes,
    /// How the charts show the model.
    #[serde(skip)]
    pub charts: crate::charts::ChartHooks,
}

impl StateView<'_> {
    /// The view with its responsibilities copied, to outlive the fit.
    pub fn into_owned(self) -> StateView<'static> {
        let StateView {
            model,
            rule,
            iteration,
            phase,
            params,
            log_likelihood,
            q,
            entropy,
            responsibilities,
            converged,
            history,
            diagnostics,
            data,
            value_order,
            ascent,
            data_axes,
            charts,
        } = self;
        StateView {
            responsibilities: responsibilities.map(|rows| ResponsibilityRows {
                values: Cow::Owned(rows.values.into_owned()),
                components: rows.components,
            }),
            model,
            rule,
            iteration,
            phase,
            params,
            log_likelihood,
            q,
            entropy,
            converged,
            history,
            diagnostics,
            data,
            value_order,
            ascent,
            data_axes,
            charts,
        }
    }
}

/// What the axes of 2-D data measure, when the data are a known data set
/// or a file's named columns (the charts' axis titles).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DataAxes {
    /// Numbers or points typed, clicked or drawn: plain x (and y).
    #[default]
    Unnamed,
    /// Old Faithful in 2-D: eruption time and waiting time, in minutes.
    OldFaithful,
    /// A data file's column, or two for points, by name.
    Columns(Arc<[String]>),
}

impl DataAxes {
    /// The title of the values' axis, or x's for points.
    pub fn x_title(&self) -> Option<&str> {
        match self {
            DataAxes::Columns(names) => names.first().map(String::as_str),
            _ => None,
        }
    }
}

/// One observation and its responsibilities γ, for a tooltip.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservationView {
    pub index: usize,
    /// x, or x and y.
    pub coordinates: Vec<f64>,
    /// γ for each component, None before the first E-step.
    pub responsibilities: Option<Vec<f64>>,
    /// wₖ f(x | θₖ) under the current parameters θ⁽ⁱ⁾, for each component:
    /// after an E-step, γₖ is the k-th of these over their sum.
    pub weighted_densities: Vec<f64>,
}

/// Gradient ascent from EM's start, as far as EM has iterated.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AscentView {
    /// The step size η.
    pub rate: f64,
    /// log L after 0, 1, … steps (None for −∞), one per EM iteration so far.
    pub log_likelihoods: Vec<Option<f64>>,
    /// Where the last of those steps landed.
    pub params: ParamsView,
    /// Whether a step left the finite numbers (the path stops there).
    pub diverged: bool,
}

/// An N × K matrix of responsibilities stored flat; `rows[i][k]` reads γᵢₖ
/// and it serialises as an array of N arrays of K numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponsibilityRows<'a> {
    pub(crate) values: Cow<'a, [f64]>,
    pub(crate) components: usize,
}

impl ResponsibilityRows<'_> {
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

    /// The rows in order, each K values.
    pub fn iter(&self) -> std::slice::ChunksExact<'_, f64> {
        self.values.chunks_exact(self.components)
    }
}

impl std::ops::Index<usize> for ResponsibilityRows<'_> {
    type Output = [f64];

    fn index(&self, row: usize) -> &[f64] {
        &self.values[row * self.components..(row + 1) * self.components]
    }
}

impl Serialize for ResponsibilityRows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// A widget's model and fit.
#[derive(Debug)]
pub struct Session {
    fit: Box<dyn Fitted>,
    /// The data sorted by value, computed once per data set.
    value_order: Arc<ValueOrder>,
    /// The data with repeats counted once, for the landscape, made on first use.
    distinct: DistinctCache,
}

impl Clone for Session {
    fn clone(&self) -> Self {
        Session {
            fit: self.fit.clone_box(),
            value_order: self.value_order.clone(),
            distinct: self.distinct.clone(),
        }
    }
}

impl Session {
    /// Validates everything and starts at θ⁽⁰⁾ (see [`Start::fit`]).
    pub fn new(
        data: impl Into<Observations>,
        start: &dyn Start,
        settings: EmSettings,
    ) -> Result<Self, SessionError> {
        let data = data.into();
        let value_order = ValueOrder::new(data.order());
        Ok(Session {
            fit: start.fit(data, settings)?,
            value_order: Arc::new(value_order),
            distinct: DistinctCache::default(),
        })
    }

    /// The number of observations N.
    pub fn len(&self) -> usize {
        self.value_order.len()
    }

    /// Whether there are no observations (never: a session needs data).
    pub fn is_empty(&self) -> bool {
        self.value_order.is_empty()
    }

    /// Which model this is.
    pub fn model(&self) -> ModelKind {
        self.fit.kind()
    }

    /// One E-step; false if the last half-step was one.
    pub fn e_step(&mut self) -> bool {
        let mut done = false;
        self.fit.change(&mut |s| done = s.e_step());
        done
    }

    /// One M-step; false unless the last half-step was an E-step.
    pub fn m_step(&mut self) -> bool {
        let mut done = false;
        self.fit.change(&mut |s| done = s.m_step());
        done
    }

    /// Completes one iteration.
    pub fn step(&mut self) {
        self.fit.change(&mut |s| s.step());
    }

    /// At most `limit` iterations, stopping at convergence or the cap.
    /// Returns the number of iterations done.
    pub fn run_for(&mut self, limit: usize) -> usize {
        let mut done = 0;
        self.fit.change(&mut |s| done = s.run_for(limit));
        done
    }

    /// Undoes one half-step; false at the start.
    pub fn back(&mut self) -> bool {
        let mut done = false;
        self.fit.change(&mut |s| done = s.back());
        done
    }

    /// Back to θ⁽⁰⁾.
    pub fn reset(&mut self) {
        self.fit.change(&mut |s| s.reset());
    }

    /// Chooses the E-step rule, returning to θ⁽⁰⁾.
    pub fn set_rule(&mut self, rule: EStepRule) {
        self.fit.change(&mut |s| s.set_rule(rule));
    }

    /// Frees the next E-step prepared ahead (N × K numbers), for a fit kept
    /// aside; stepping on computes it again, to the same numbers.
    pub fn drop_prefetched(&mut self) {
        self.fit.change(&mut |s| s.drop_prefetched());
    }

    /// Changes the tolerance and cap, keeping the history up to the cap.
    pub fn set_settings(&mut self, settings: EmSettings) {
        self.fit.change(&mut |s| s.set_settings(settings));
    }

    /// The E-step rule in force.
    pub fn rule(&self) -> EStepRule {
        self.fit.rule()
    }

    /// The convergence settings in force.
    pub fn settings(&self) -> EmSettings {
        self.fit.settings()
    }

    /// Whether the last iteration changed log L by less than the tolerance.
    pub fn converged(&self) -> bool {
        self.fit.converged()
    }

    /// Whether the total iteration count has reached the cap.
    pub fn at_iteration_cap(&self) -> bool {
        self.fit.at_cap()
    }

    /// log L and the Jensen lower bound along `parameter` (of `component`),
    /// through θ⁽ⁱ⁾ of the last E-step; None before the first E-step, for a
    /// variant E-step rule, or for a parameter the model does not have.
    pub fn bound_slice(&self, parameter: SliceParameter, component: usize) -> Option<BoundSlice> {
        self.fit.bound_slice(&self.distinct, parameter, component)
    }

    /// Runs gradient ascent with step size `rate` beside EM from θ⁽⁰⁾, or
    /// stops showing it (None).
    pub fn set_ascent(&mut self, rate: Option<f64>) -> Result<(), SessionError> {
        Ok(self.fit.set_ascent(rate)?)
    }

    /// Whether this model has the landscape axes (`landscape` returns Some).
    pub fn landscape_fits(&self, axes: LandscapeAxes) -> bool {
        self.fit.landscape_fits(axes)
    }

    /// log L over two parameters through the current θ⁽ⁱ⁾, with the EM and
    /// gradient-ascent paths; None for axes the model does not have.
    pub fn landscape(&self, axes: LandscapeAxes) -> Option<Landscape> {
        self.landscape_in(Detail::Sharp, axes)
    }

    /// [`landscape`](Self::landscape) computed as finely as `detail` says.
    pub fn landscape_in(&self, detail: Detail, axes: LandscapeAxes) -> Option<Landscape> {
        self.fit.landscape(detail, axes, &self.distinct)
    }

    /// Observation `index` (its one or two coordinates) and its
    /// responsibilities from the last E-step, if there was one.
    pub fn observation(&self, index: usize) -> Option<ObservationView> {
        self.fit.observation(index)
    }

    /// The plain-data view of the whole state.
    pub fn state(&self) -> StateView<'_> {
        self.state_rows(usize::MAX)
    }

    /// The last E-step's N × K responsibilities, None before one (without
    /// the copies of the data and history that [`Session::state`] makes).
    pub fn responsibilities(&self) -> Option<&Responsibilities> {
        self.fit.responsibilities()
    }

    /// The state with `data` and `responsibilities` holding only their first
    /// `rows` observations (the data copied, the responsibilities borrowed),
    /// for a UI showing those.
    pub fn state_rows(&self, rows: usize) -> StateView<'_> {
        self.fit.state_rows(rows, self.value_order.clone())
    }
}

/// Some(value) if finite; None stands for −∞ in views.
pub(crate) fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets::COIN_TOSSES;
    use crate::em::{EmError, Field, List, ThreeCoins};
    use crate::i18n::{Language, Localized};
    use crate::models::GaussianStart;

    fn coins(pi: f64, p: f64, q: f64) -> ThreeCoins {
        ThreeCoins { pi, p, q }
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
            ParamsView::ThreeCoins { pi, .. } => assert!((pi - 0.4064).abs() < 5e-5),
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
            "Unknown model \"hmm\"; choose one of \"coins\", \"binomial\", \"gmm\", \"gmm2d\", \"poisson\", \"exponential\"."
        );
    }

    #[test]
    fn the_bound_touches_log_l_at_the_current_theta_and_lies_below_it() {
        let data = crate::datasets::old_faithful_eruptions();
        let start = GaussianStart {
            weights: vec![0.5, 0.5],
            means: vec![2.5, 4.0],
            sigmas: vec![0.5, 0.5],
        };
        let mut session = Session::new(data, &start, EmSettings::default()).unwrap();
        assert_eq!(
            session.bound_slice(SliceParameter::Mean, 0),
            None,
            "no γ before an E-step"
        );
        session.step();
        session.e_step();
        for (parameter, component) in [
            (SliceParameter::Mean, 0),
            (SliceParameter::Sigma, 1),
            (SliceParameter::Weight, 0),
        ] {
            let slice = session.bound_slice(parameter, component).unwrap();
            for point in &slice.points {
                let (log_l, bound) = (point.log_likelihood.unwrap(), point.bound.unwrap());
                assert!(
                    bound <= log_l + 1e-9 * log_l.abs(),
                    "{parameter:?} at {}: {bound} > {log_l}",
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
        let slice = session.bound_slice(SliceParameter::Mean, 0).unwrap();
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
        for parameter in [SliceParameter::Pi, SliceParameter::P, SliceParameter::Q] {
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
        assert_eq!(session.bound_slice(SliceParameter::Mean, 0), None);
    }

    #[test]
    fn errors_have_chinese_messages() {
        let error = SessionError::NotANumber {
            what: Field::Pi,
            text: "abc".into(),
        };
        assert_eq!(
            error.localized(Language::Chinese),
            "π：“abc”不是数；请输入一个小数，例如 0.5。"
        );
        // A list's inner error is in the list's language too.
        let error = SessionError::InList {
            what: List::Sigmas,
            error: EmError::Parse {
                token: "x".into(),
                line: 1,
                column: 3,
            },
        };
        let chinese = error.localized(Language::Chinese);
        assert!(
            chinese.starts_with("σ 值列表中：第 1 行第 3 列的“x”不是数"),
            "{chinese}"
        );
        assert!(error
            .to_string()
            .starts_with("In the σ values: \"x\" at line 1, column 3"));
        let error =
            Session::new(vec![1.0, 2.0], &coins(0.5, 0.5, 0.5), EmSettings::default()).unwrap_err();
        assert!(error
            .localized(Language::Chinese)
            .contains("0（反面）或 1（正面）"));
    }

    #[test]
    fn one_observation_comes_with_its_responsibilities_after_an_e_step() {
        let mut session = Session::new(
            COIN_TOSSES.to_vec(),
            &coins(0.4, 0.6, 0.7),
            EmSettings::default(),
        )
        .unwrap();
        let before = session.observation(2).unwrap();
        assert_eq!(
            (before.coordinates, before.responsibilities),
            (vec![0.0], None)
        );
        session.e_step();
        // A tail: μ = 0.4·0.4 / (0.4·0.4 + 0.6·0.3) = 0.16/0.34 by hand.
        let gamma = session.observation(2).unwrap().responsibilities.unwrap();
        assert!((gamma[0] - 0.16 / 0.34).abs() < 1e-12 && (gamma[1] - 0.18 / 0.34).abs() < 1e-12);
        let joint = session.observation(2).unwrap().weighted_densities;
        assert!((joint[0] - 0.16).abs() < 1e-12 && (joint[1] - 0.18).abs() < 1e-12);
        assert_eq!(session.observation(10), None);
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
