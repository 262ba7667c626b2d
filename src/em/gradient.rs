//! Gradient ascent on the log-likelihood, to run beside EM from the same start.
//!
//! By Fisher's identity the gradient of log L at θ is the gradient of
//! Q(·, θ) at θ: ∇ log L(θ) = Σᵢ Σ_k γᵢₖ ∇ log(w_k f(xᵢ | θ_k)) with γ the
//! posterior at θ. So one ascent step costs what an EM iteration costs (an
//! E-step and one pass for the statistics) but moves a user-chosen distance
//! along the gradient instead of to the maximum of the bound.

use serde::Serialize;

use super::algorithm::{e_step, sufficient_statistics, Responsibilities, Statistics};
use super::{ComponentFamily, EmError, MixtureParams};

/// The smallest weight gradient ascent leaves a component, so log w stays finite.
const WEIGHT_MARGIN: f64 = 1e-6;

/// The most steps one path holds.
pub const MAX_ASCENT_STEPS: usize = 100_000;

/// θ on the ascent path and log L(θ).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AscentPoint<P> {
    pub params: MixtureParams<P>,
    /// log L(θ); −∞ when an observation is impossible under θ.
    pub log_likelihood: f64,
}

/// Projected gradient ascent on the mean log-likelihood log L(θ)/N:
/// θ ← Π(θ + η ∇ log L(θ)/N), where Π projects the weights onto the simplex
/// (each ≥ 10⁻⁶) and each component onto its family's valid parameters.
/// Dividing by N makes the step size η mean the same for any data size.
#[derive(Debug, Clone)]
pub struct GradientAscent<F: ComponentFamily> {
    rate: f64,
    path: Vec<AscentPoint<F::Params>>,
    /// The posterior at the last point of the path.
    responsibilities: Responsibilities,
    /// Whether a step left the representable numbers, ending the path.
    diverged: bool,
    /// Whether the weights stay at the start's (as EM's with fixed weights).
    fixed_weights: bool,
}

impl<F: ComponentFamily> GradientAscent<F> {
    /// Starts at `start` with step size `rate` (> 0, finite).
    pub fn new(
        family: &F,
        start: MixtureParams<F::Params>,
        data: &[F::Observation],
        rate: f64,
    ) -> Result<Self, EmError> {
        if !(rate.is_finite() && rate > 0.0) {
            return Err(EmError::InvalidStepSize { value: rate });
        }
        let mut responsibilities = Responsibilities::new();
        let log_likelihood = e_step(family, &start, data, &mut responsibilities).log_likelihood;
        Ok(GradientAscent {
            rate,
            path: vec![AscentPoint {
                params: start,
                log_likelihood,
            }],
            responsibilities,
            diverged: false,
            fixed_weights: false,
        })
    }

    /// Holds the weights at the start's, as [`EmStepper::with_fixed_weights`](super::EmStepper::with_fixed_weights) does for EM.
    pub fn with_fixed_weights(mut self) -> Self {
        self.fixed_weights = true;
        self
    }

    /// Takes steps until the path holds θ⁽⁰⁾ … θ⁽ˢᵗᵉᵖˢ⁾ (at most
    /// [`MAX_ASCENT_STEPS`]), or until a step diverges.
    pub fn extend_to(&mut self, family: &F, data: &[F::Observation], steps: usize) {
        while self.path.len() <= steps.min(MAX_ASCENT_STEPS) && !self.diverged {
            match self.next_params(family, data) {
                Some(params) => {
                    let log_likelihood =
                        e_step(family, &params, data, &mut self.responsibilities).log_likelihood;
                    if log_likelihood.is_nan() {
                        self.diverged = true;
                    } else {
                        self.path.push(AscentPoint {
                            params,
                            log_likelihood,
                        });
                    }
                }
                None => self.diverged = true,
            }
        }
    }

    /// One projected step from the last point, or None if it leaves the
    /// finite numbers.
    fn next_params(&self, family: &F, data: &[F::Observation]) -> Option<MixtureParams<F::Params>> {
        let current = &self.path[self.path.len() - 1].params;
        let Statistics { totals, stats } =
            sufficient_statistics::<F>(current, data, &self.responsibilities);
        let step = self.rate / data.len() as f64;
        // ∂/∂w_k Σᵢ Σ_k γᵢₖ log w_k = N_k / w_k, then back onto the simplex.
        let moved: Vec<f64> = current
            .weights()
            .iter()
            .zip(&totals)
            .map(|(&w, &n)| w + step * n / w.max(WEIGHT_MARGIN))
            .collect();
        let weights = if self.fixed_weights {
            current.weights().to_vec()
        } else {
            project_onto_simplex(&moved, WEIGHT_MARGIN)
        };
        let mut components: Vec<F::Params> = current
            .components()
            .iter()
            .zip(totals.iter().zip(&stats))
            .map(|(theta, (&n, s))| family.gradient_step(theta, s, n, step))
            .collect();
        family.finish_gradient_step(current.components(), &mut components);
        MixtureParams::new(family, weights, components).ok()
    }

    /// θ⁽⁰⁾ … and their log-likelihoods.
    pub fn path(&self) -> &[AscentPoint<F::Params>] {
        &self.path
    }

    /// The step size η.
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Whether the path ended because a step left the finite numbers.
    pub fn diverged(&self) -> bool {
        self.diverged
    }
}

/// The Euclidean projection of `point` onto {w : Σ w = 1, every w ≥ `floor`}
/// (Duchi et al. 2008, shifted by the floor): w = max(v − τ, 0) + floor for
/// v = point − floor and the τ that makes the sum 1. Non-finite input
/// gives non-finite output, which the caller's validation rejects.
fn project_onto_simplex(point: &[f64], floor: f64) -> Vec<f64> {
    let mass = 1.0 - floor * point.len() as f64;
    let shifted: Vec<f64> = point.iter().map(|w| w - floor).collect();
    let mut sorted = shifted.clone();
    super::sort_numbers(&mut sorted);
    sorted.reverse();
    let mut threshold = 0.0;
    let mut running = 0.0;
    for (i, &v) in sorted.iter().enumerate() {
        running += v;
        let candidate = (running - mass) / (i + 1) as f64;
        if v - candidate > 0.0 {
            threshold = candidate;
        }
    }
    shifted
        .iter()
        .map(|v| (v - threshold).max(0.0) + floor)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::em::{Bernoulli, Gaussian, GaussianParams};

    #[test]
    fn the_projection_lands_on_the_simplex() {
        assert_eq!(project_onto_simplex(&[0.25, 0.75], 0.0), vec![0.25, 0.75]);
        // (2, 0) projects to (1, 0); with the floor to (1 − ε, ε).
        assert_eq!(project_onto_simplex(&[2.0, 0.0], 0.0), vec![1.0, 0.0]);
        let floored = project_onto_simplex(&[2.0, -5.0, 0.1], 0.01);
        assert!((floored.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        assert_eq!(floored[1], 0.01);
        // (0.6, 0.6) is shifted equally: (0.5, 0.5).
        assert_eq!(project_onto_simplex(&[0.6, 0.6], 0.0), vec![0.5, 0.5]);
    }

    #[test]
    fn a_bad_step_size_is_refused() {
        let start = MixtureParams::new(&Bernoulli, vec![0.5, 0.5], vec![0.4, 0.6]).unwrap();
        for rate in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(GradientAscent::new(&Bernoulli, start.clone(), &[1.0], rate).is_err());
        }
    }

    #[test]
    fn a_coin_step_matches_the_hand_derived_gradient() {
        // Li Hang's tosses from (π, p, q) = (0.4, 0.6, 0.7): by hand,
        // μ(y=1) = 0.24/(0.24 + 0.42) = 4/11, μ(y=0) = 0.16/(0.16 + 0.18) = 8/17,
        // with 6 heads and 4 tails, so ∂ log L/∂p = Σ μ(y/p − (1 − y)/(1 − p))
        // = 6·(4/11)/0.6 − 4·(8/17)/0.4 = 40/11 − 80/17.
        let tosses = [1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0];
        let start = MixtureParams::new(&Bernoulli, vec![0.4, 0.6], vec![0.6, 0.7]).unwrap();
        let rate = 0.01;
        let mut ascent = GradientAscent::new(&Bernoulli, start, &tosses, rate).unwrap();
        ascent.extend_to(&Bernoulli, &tosses, 1);
        let next = &ascent.path()[1].params;
        let gradient_p = 40.0 / 11.0 - 80.0 / 17.0;
        assert!((next.components()[0] - (0.6 + rate / 10.0 * gradient_p)).abs() < 1e-15);
        // ∂/∂π = Σ μ/π − (1 − μ)/(1 − π); on the simplex the weight moves by
        // half the difference of the two weight gradients N_B/π − N_C/(1 − π).
        let n_b = 6.0 * 4.0 / 11.0 + 4.0 * 8.0 / 17.0;
        let (gradient_b, gradient_c) = (n_b / 0.4, (10.0 - n_b) / 0.6);
        let expected_pi = 0.4 + rate / 10.0 * (gradient_b - gradient_c) / 2.0;
        assert!((next.weights()[0] - expected_pi).abs() < 1e-15);
    }

    #[test]
    fn a_tiny_step_moves_along_the_finite_difference_gradient_and_with_em() {
        // Exercise 9.3's data; the gradient of log L/N by central differences
        // (independent of Fisher's identity) against the ascent's displacement / η.
        let data = [
            -67.0, -48.0, 6.0, 8.0, 14.0, 16.0, 23.0, 24.0, 28.0, 29.0, 41.0, 49.0, 56.0, 60.0,
            75.0,
        ];
        let family = Gaussian::for_data(&data);
        let g = |mean, sigma| GaussianParams { mean, sigma };
        let theta = [(-40.0, 15.0), (30.0, 25.0)];
        let mean_log_l = |theta: [(f64, f64); 2]| {
            let params = MixtureParams::new(
                &family,
                vec![0.3, 0.7],
                theta.iter().map(|&(m, s)| g(m, s)).collect(),
            )
            .unwrap();
            let mut r = crate::em::Responsibilities::new();
            crate::em::e_step(&family, &params, &data, &mut r).log_likelihood / data.len() as f64
        };
        let start = MixtureParams::new(
            &family,
            vec![0.3, 0.7],
            theta.iter().map(|&(m, s)| g(m, s)).collect(),
        )
        .unwrap();
        let rate = 1e-3;
        let mut ascent = GradientAscent::new(&family, start.clone(), &data, rate).unwrap();
        ascent.extend_to(&family, &data, 1);
        let next = &ascent.path()[1];
        let h = 1e-5;
        for k in 0..2 {
            for (which, step) in [(0, (h, 0.0)), (1, (0.0, h))] {
                let (mut up, mut down) = (theta, theta);
                up[k] = (theta[k].0 + step.0, theta[k].1 + step.1);
                down[k] = (theta[k].0 - step.0, theta[k].1 - step.1);
                let numeric = (mean_log_l(up) - mean_log_l(down)) / (2.0 * h);
                let moved = next.params.components()[k];
                let displacement = if which == 0 {
                    moved.mean - theta[k].0
                } else {
                    moved.sigma - theta[k].1
                };
                assert!(
                    (displacement / rate - numeric).abs() <= 1e-6 * numeric.abs().max(1e-3),
                    "component {k}, parameter {which}: {} vs {numeric}",
                    displacement / rate
                );
            }
        }
        assert!(next.log_likelihood > ascent.path()[0].log_likelihood);
        // EM's first step goes the same way: a positive inner product of the
        // two displacements over the means and σ.
        let em = crate::em::m_step(&family, &start, &data, &{
            let mut r = crate::em::Responsibilities::new();
            crate::em::e_step(&family, &start, &data, &mut r);
            r
        });
        let inner: f64 = (0..2)
            .map(|k| {
                let (a, b, c) = (
                    start.components()[k],
                    next.params.components()[k],
                    em.components()[k],
                );
                (b.mean - a.mean) * (c.mean - a.mean) + (b.sigma - a.sigma) * (c.sigma - a.sigma)
            })
            .sum();
        assert!(inner > 0.0, "ascent and EM move apart: {inner}");
    }

    #[test]
    fn a_tiny_step_climbs_and_a_huge_one_overshoots() {
        let data = [1.0, 1.2, 0.8, 5.0, 5.5, 4.7, 5.1];
        let family = Gaussian::for_data(&data);
        let g = |mean, sigma| GaussianParams { mean, sigma };
        let start =
            MixtureParams::new(&family, vec![0.5, 0.5], vec![g(2.0, 1.0), g(4.0, 1.0)]).unwrap();
        let mut small = GradientAscent::new(&family, start.clone(), &data, 0.01).unwrap();
        small.extend_to(&family, &data, 50);
        let path = small.path();
        assert_eq!(path.len(), 51);
        assert!(path
            .windows(2)
            .all(|w| w[1].log_likelihood >= w[0].log_likelihood));
        let mut huge = GradientAscent::new(&family, start, &data, 50.0).unwrap();
        huge.extend_to(&family, &data, 50);
        assert!(
            huge.diverged()
                || huge
                    .path()
                    .windows(2)
                    .any(|w| w[1].log_likelihood < w[0].log_likelihood),
            "a step of 50 should overshoot somewhere"
        );
    }
}
