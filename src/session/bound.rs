//! The lower-bound chart's data: log L and Q + H along one parameter.

use serde::Serialize;

use super::finite;
use crate::em::{
    evaluate, Bernoulli, ComponentFamily, EStepRule, EmStepper, Gaussian, GaussianParams,
    MixtureParams, Phase,
};

/// A parameter the lower-bound chart can vary (of one component, for mixtures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SliceParameter {
    /// The coins' π, p and q.
    Pi,
    P,
    Q,
    Weight,
    Mean,
    Sigma,
    /// A binomial component's success probability.
    Probability,
    /// A Poisson or exponential component's rate.
    Rate,
}

impl SliceParameter {
    const ALL: [SliceParameter; 8] = [
        SliceParameter::Pi,
        SliceParameter::P,
        SliceParameter::Q,
        SliceParameter::Weight,
        SliceParameter::Mean,
        SliceParameter::Sigma,
        SliceParameter::Probability,
        SliceParameter::Rate,
    ];

    /// `pi`, `p`, `q`, `weight`, `mean`, `sigma`, `probability` or `rate`.
    pub fn name(self) -> &'static str {
        match self {
            SliceParameter::Pi => "pi",
            SliceParameter::P => "p",
            SliceParameter::Q => "q",
            SliceParameter::Weight => "weight",
            SliceParameter::Mean => "mean",
            SliceParameter::Sigma => "sigma",
            SliceParameter::Probability => "probability",
            SliceParameter::Rate => "rate",
        }
    }

    /// Reads a [`name`](Self::name).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name.trim())
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
    /// The parameter varied (of `component`).
    pub parameter: SliceParameter,
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

/// Picks the parameter (and component) to vary in θ.
type BoundSlicer<'a, P> =
    dyn Fn(&MixtureParams<P>, SliceParameter, usize) -> Option<ParameterSlice<P>> + 'a;

/// Picks the parameter to vary for one model.
type Slicer<F> = fn(
    &MixtureParams<<F as ComponentFamily>::Params>,
    &[<F as ComponentFamily>::Observation],
    SliceParameter,
    usize,
) -> Option<ParameterSlice<<F as ComponentFamily>::Params>>;

/// The coins' bound along `pi`, `p` or `q`.
pub(crate) fn coins_bound(
    stepper: &EmStepper<Bernoulli>,
    parameter: SliceParameter,
    component: usize,
) -> Option<BoundSlice> {
    bound_slice(stepper, parameter, component, coin_slice)
}

/// A Gaussian mixture's bound along `weight`, `mean` or `sigma` of `component`.
pub(crate) fn gaussians_bound(
    stepper: &EmStepper<Gaussian>,
    parameter: SliceParameter,
    component: usize,
) -> Option<BoundSlice> {
    bound_slice(stepper, parameter, component, gaussian_slice)
}

/// A one-number-per-component mixture's bound along `weight` or its value
/// (named `name`) of `component`, the value tried over `range` (given θₖ).
pub(crate) fn scalar_bound<F: ComponentFamily<Params = f64>>(
    stepper: &EmStepper<F>,
    parameter: SliceParameter,
    component: usize,
    value: SliceParameter,
    range: fn(f64) -> std::ops::Range<f64>,
) -> Option<BoundSlice> {
    let slicer = move |params: &MixtureParams<f64>, parameter: SliceParameter, component: usize| {
        let theta = *params.components().get(component)?;
        let (range, current, is_weight) = match parameter {
            SliceParameter::Weight if params.len() > 1 => {
                (PROBABILITY_RANGE, params.weights()[component], true)
            }
            p if p == value => (range(theta), theta, false),
            _ => return None,
        };
        let setter = move |base: &MixtureParams<f64>, t: f64| {
            let mut components = base.components().to_vec();
            let mut weights = base.weights().to_vec();
            if is_weight {
                weights = set_weight(&weights, component, t);
            } else {
                components[component] = t;
            }
            (weights, components)
        };
        Some(ParameterSlice {
            range,
            current,
            set: Box::new(setter) as Setter<f64>,
        })
    };
    generic_bound(stepper, parameter, component, &slicer)
}

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
    parameter: SliceParameter,
    _component: usize,
) -> Option<ParameterSlice<f64>> {
    let index = match parameter {
        SliceParameter::Pi => None,
        SliceParameter::P => Some(0),
        SliceParameter::Q => Some(1),
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
    parameter: SliceParameter,
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
        SliceParameter::Weight if params.len() > 1 => {
            (PROBABILITY_RANGE, params.weights()[component])
        }
        SliceParameter::Mean => ((min - 0.1 * span)..(max + 0.1 * span), theta.mean),
        SliceParameter::Sigma => ((theta.sigma / 5.0)..(theta.sigma * 3.0), theta.sigma),
        _ => return None,
    };
    let setter = move |base: &MixtureParams<GaussianParams>, t: f64| {
        let mut components = base.components().to_vec();
        let mut weights = base.weights().to_vec();
        match parameter {
            SliceParameter::Weight => weights = set_weight(&weights, component, t),
            SliceParameter::Mean => components[component].mean = t,
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
    parameter: SliceParameter,
    component: usize,
    slice: Slicer<F>,
) -> Option<BoundSlice>
where
    F: ComponentFamily,
    F::Params: 'static,
{
    generic_bound(
        stepper,
        parameter,
        component,
        &|params, parameter, component| slice(params, stepper.data(), parameter, component),
    )
}

/// [`bound_slice`] with the data already bound into `slice`.
fn generic_bound<F>(
    stepper: &EmStepper<F>,
    parameter: SliceParameter,
    component: usize,
    slice: &BoundSlicer<'_, F::Params>,
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
    } = slice(base, parameter, component)?;
    let next = next.and_then(|params| slice(params, parameter, component).map(|s| s.current));
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
        parameter,
        component,
        points,
        current,
        next,
    })
}
