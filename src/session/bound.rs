//! The lower-bound chart's data: log L and Q + H along one parameter.

use serde::Serialize;

use super::finite;
use crate::em::{
    e_step, evaluate, evaluate_counted, Bernoulli, ComponentFamily, DistinctData, EStepRule,
    EmStepper, Evaluation, Gaussian, GaussianParams, MixtureParams, Phase, Responsibilities,
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
/// Log-density evaluations a slice may spend (points × rows × K), so that
/// the chart costs a millisecond or two however large the data.
const BOUND_BUDGET: usize = 30_000;

/// The data a slice is evaluated on.
#[derive(Clone, Copy)]
pub(crate) enum SliceData<'a, O> {
    /// Every observation, with the stepper's responsibilities.
    Every,
    /// The distinct values (rounded to at most 256 steps over their range
    /// when there are more, see [`DistinctData`]) with their multiplicities:
    /// a slice then costs the same at any N. The curves are anchored to the
    /// exact log L(θ⁽ⁱ⁾), where the bound touches it.
    Distinct { values: &'a [O], counts: &'a [f64] },
}

impl<'a> SliceData<'a, f64> {
    pub(crate) fn distinct(data: &'a DistinctData) -> Self {
        SliceData::Distinct {
            values: data.values(),
            counts: data.counts(),
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

/// log L(θ) and Q(θ, θ⁽ⁱ⁾) + H(γ⁽ⁱ⁾) at one θ of a slice.
type Evaluator<'a, P> = Box<dyn Fn(&MixtureParams<P>) -> (f64, f64) + 'a>;

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
    data: SliceData<'_, f64>,
    parameter: SliceParameter,
    component: usize,
) -> Option<BoundSlice> {
    bound_slice(stepper, data, parameter, component, coin_slice)
}

/// A Gaussian mixture's bound along `weight`, `mean` or `sigma` of `component`.
pub(crate) fn gaussians_bound(
    stepper: &EmStepper<Gaussian>,
    data: SliceData<'_, f64>,
    parameter: SliceParameter,
    component: usize,
) -> Option<BoundSlice> {
    bound_slice(stepper, data, parameter, component, gaussian_slice)
}

/// A one-number-per-component mixture's bound along `weight` or its value
/// (named `name`) of `component`, the value tried over `range` (given θₖ).
pub(crate) fn scalar_bound<F: ComponentFamily<Params = f64>>(
    stepper: &EmStepper<F>,
    data: SliceData<'_, F::Observation>,
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
    generic_bound(stepper, data, parameter, component, &slicer)
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
    data: SliceData<'_, F::Observation>,
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
        data,
        parameter,
        component,
        // The data's extent: the distinct values have the same (a pass fewer over N).
        &|params, parameter, component| {
            let observations = match data {
                SliceData::Every => stepper.data(),
                SliceData::Distinct { values, .. } => values,
            };
            slice(params, observations, parameter, component)
        },
    )
}

/// [`bound_slice`] with the data already bound into `slice`.
fn generic_bound<F>(
    stepper: &EmStepper<F>,
    data: SliceData<'_, F::Observation>,
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
            &history[history.len() - 2],
            Some(&history[history.len() - 1].params),
        ),
        _ => (&history[history.len() - 1], None),
    };
    let ParameterSlice {
        range,
        current,
        set,
    } = slice(&base.params, parameter, component)?;
    let next = next.and_then(|params| slice(params, parameter, component).map(|s| s.current));
    let family = stepper.family();
    // log L(θ) and Q(θ, θ⁽ⁱ⁾) + H(γ⁽ⁱ⁾) at one θ of the slice.
    let evaluator: Evaluator<'_, F::Params> = match data {
        SliceData::Every => Box::new(|params| {
            let Evaluation { log_likelihood, q } =
                evaluate(family, params, stepper.data(), responsibilities);
            (log_likelihood, q + entropy)
        }),
        SliceData::Distinct { values, counts } => {
            let mut distinct_responsibilities = Responsibilities::new();
            e_step(family, &base.params, values, &mut distinct_responsibilities);
            let distinct_entropy: f64 = distinct_responsibilities
                .rows()
                .zip(counts)
                .map(|(row, &count)| {
                    let h: f64 = row.iter().filter(|&&r| r > 0.0).map(|&r| -r * r.ln()).sum();
                    count * h
                })
                .sum();
            let at = move |params: &MixtureParams<F::Params>| {
                let Evaluation { log_likelihood, q } =
                    evaluate_counted(family, params, values, counts, &distinct_responsibilities);
                (log_likelihood, q + distinct_entropy)
            };
            // Rounded data shift log L by a constant: the curves are moved to
            // meet the exact log L(θ⁽ⁱ⁾) where the bound touches it.
            let shift = base.log_likelihood - at(&base.params).0;
            let shift = if shift.is_finite() { shift } else { 0.0 };
            Box::new(move |params| {
                let (log_likelihood, bound) = at(params);
                (log_likelihood + shift, bound + shift)
            })
        }
    };
    let rows = match data {
        SliceData::Every => stepper.data().len(),
        SliceData::Distinct { values, .. } => values.len(),
    };
    let count =
        (BOUND_BUDGET / (rows * base.params.len()).max(1)).clamp(MIN_BOUND_POINTS, BOUND_POINTS);
    let points = (0..count)
        .map(|i| range.start + (range.end - range.start) * i as f64 / (count - 1) as f64)
        .chain(std::iter::once(current))
        .filter_map(|value| {
            let (weights, components) = set(&base.params, value);
            let params = MixtureParams::new(family, weights, components).ok()?;
            let (log_likelihood, bound) = evaluator(&params);
            Some(BoundPoint {
                value,
                log_likelihood: finite(log_likelihood),
                bound: finite(bound),
            })
        })
        .collect::<Vec<_>>();
    let order = crate::em::order_by_keys(points.iter().map(|p| [p.value, 0.0]));
    let points = crate::em::permuted(points, &order);
    Some(BoundSlice {
        parameter,
        component,
        points,
        current,
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::em::{gaussian_mixture, EmSettings};
    use crate::random::SplitMix64;

    fn slices(data: Vec<f64>) -> (BoundSlice, BoundSlice, bool) {
        let family = Gaussian::for_data(&data);
        let start = gaussian_mixture(&family, &[0.3, 0.7], &[-1.0, 2.0], &[1.0, 1.5]).unwrap();
        let mut stepper = EmStepper::new(family, data, start, EmSettings::default()).unwrap();
        stepper.step();
        stepper.e_step();
        let distinct = DistinctData::new(stepper.data(), 1024);
        let every = gaussians_bound(&stepper, SliceData::Every, SliceParameter::Mean, 1).unwrap();
        let counted = gaussians_bound(
            &stepper,
            SliceData::distinct(&distinct),
            SliceParameter::Mean,
            1,
        )
        .unwrap();
        (every, counted, distinct.rounded())
    }

    #[test]
    fn distinct_values_with_counts_give_the_same_slice_as_every_observation() {
        // 3,000 observations taking 31 values: no rounding, so the same sums.
        let data: Vec<f64> = (0..3_000).map(|i| f64::from(i % 31) / 5.0 - 1.0).collect();
        let (every, counted, rounded) = slices(data);
        assert!(!rounded);
        assert_eq!(
            every.points.len(),
            22,
            "at 3,000 × 2 the budget allows the fewest, 21, and θ⁽ⁱ⁾"
        );
        assert!(
            counted.points.len() > every.points.len(),
            "31 rows allow more"
        );
        // Compare where both have the same value of μ₂: at θ⁽ⁱ⁾ and at the ends.
        for value in [every.current, every.points[0].value] {
            let at = |slice: &BoundSlice| *slice.points.iter().find(|p| p.value == value).unwrap();
            let (a, b) = (at(&every), at(&counted));
            let (la, lb) = (a.log_likelihood.unwrap(), b.log_likelihood.unwrap());
            assert!((la - lb).abs() < 1e-9 * la.abs(), "{la} vs {lb}");
            let (ba, bb) = (a.bound.unwrap(), b.bound.unwrap());
            assert!((ba - bb).abs() < 1e-9 * ba.abs(), "{ba} vs {bb}");
        }
    }

    #[test]
    fn rounded_data_keep_the_bound_below_log_l_touching_at_the_exact_value() {
        let mut random = SplitMix64::new(3);
        let data: Vec<f64> = (0..20_000)
            .map(|i| 3.0 * f64::from(i % 2) + random.next_normal())
            .collect();
        let (every, counted, rounded) = slices(data);
        assert!(rounded);
        let touching = counted
            .points
            .iter()
            .find(|p| p.value == counted.current)
            .unwrap();
        let exact = every
            .points
            .iter()
            .find(|p| p.value == every.current)
            .unwrap();
        // Anchored at the exact log L(θ⁽ⁱ⁾) (the E-step's sum; the slice's own differs in the last bits).
        let (anchored, exact) = (
            touching.log_likelihood.unwrap(),
            exact.log_likelihood.unwrap(),
        );
        assert!(
            (anchored - exact).abs() < 1e-12 * exact.abs(),
            "{anchored} vs {exact}"
        );
        for point in &counted.points {
            let (log_l, bound) = (point.log_likelihood.unwrap(), point.bound.unwrap());
            assert!(
                bound <= log_l + 1e-9 * log_l.abs(),
                "at {}: {bound} > {log_l}",
                point.value
            );
        }
        // Both curves keep their shape: within 0.1 % of the exact ones at the ends.
        let (a, b) = (every.points[0], counted.points[0]);
        assert_eq!(a.value, b.value);
        let (la, lb) = (a.log_likelihood.unwrap(), b.log_likelihood.unwrap());
        assert!((la - lb).abs() < 1e-3 * la.abs(), "{la} vs {lb}");
    }
}
