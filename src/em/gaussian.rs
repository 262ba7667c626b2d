//! One-dimensional Gaussian components: f(x | μ, σ) = exp(−(x − μ)² / 2σ²) / (σ√(2π)).

use serde::{Deserialize, Serialize};

use super::{check_observation, check_parameter, ComponentFamily, EmError, Field, MAX_MAGNITUDE};

/// The variance floor relative to the data's variance, like scikit-learn's
/// `reg_covar = 1e-6` but scaled so it means the same on any unit of measure.
pub const RELATIVE_VARIANCE_FLOOR: f64 = 1e-6;

/// The smallest starting variance accepted: below it 1/(2σ²) overflows.
const MIN_VARIANCE: f64 = 1e-300;

/// Relative difference below which two components count as the same.
const SAME_COMPONENT_TOLERANCE: f64 = 1e-9;

const HALF_LOG_TWO_PI: f64 = 0.918_938_533_204_672_8;

/// The Gaussian family, carrying the variance floor below which no M-step
/// variance goes, so that a component collapsing onto one point cannot make
/// the likelihood infinite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gaussian {
    variance_floor: f64,
}

/// A component's mean μ and standard deviation σ.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GaussianParams {
    pub mean: f64,
    pub sigma: f64,
}

/// μ, 1/(2σ²) and −log σ − ½ log 2π.
#[derive(Debug, Clone, Copy, Default)]
pub struct GaussianConstants {
    mean: f64,
    half_precision: f64,
    log_normaliser: f64,
}

/// Σγ(x − c) and Σγ(x − c)², shifted by the previous mean c so that the
/// variance does not suffer cancellation when |μ| ≫ σ.
#[derive(Debug, Clone, Copy, Default)]
pub struct GaussianStats {
    shifted_sum: f64,
    shifted_square_sum: f64,
}

impl Gaussian {
    /// A family with an absolute variance floor (must be ≥ 0).
    pub fn with_variance_floor(variance_floor: f64) -> Self {
        Gaussian {
            variance_floor: variance_floor.max(0.0),
        }
    }

    /// A family whose floor is [`RELATIVE_VARIANCE_FLOOR`] × the data's variance
    /// (or that relative value itself when all the data are equal).
    pub fn for_data(data: &[f64]) -> Self {
        let n = data.len().max(1) as f64;
        let mean = data.iter().sum::<f64>() / n;
        let variance = data.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        let scale = if variance.is_finite() && variance > 0.0 {
            variance
        } else {
            1.0
        };
        Gaussian::with_variance_floor(RELATIVE_VARIANCE_FLOOR * scale)
    }

    /// The smallest variance an M-step may return.
    pub fn variance_floor(&self) -> f64 {
        self.variance_floor
    }
}

impl ComponentFamily for Gaussian {
    type Observation = f64;
    type Params = GaussianParams;
    type Prepared = GaussianConstants;
    type Stats = GaussianStats;

    fn validate_observation(&self, index: usize, x: f64) -> Result<(), EmError> {
        check_observation(index, x)
    }

    fn validate_params(&self, component: usize, params: &GaussianParams) -> Result<(), EmError> {
        check_parameter(Field::Mean(component), params.mean, MAX_MAGNITUDE)?;
        check_parameter(Field::Sigma(component), params.sigma, MAX_MAGNITUDE)?;
        // σ² must stay a normal positive number so 1/(2σ²) is finite.
        if params.sigma <= 0.0 || params.sigma * params.sigma < MIN_VARIANCE {
            return Err(EmError::SigmaNotPositive {
                component,
                value: params.sigma,
            });
        }
        Ok(())
    }

    fn prepare(&self, params: &GaussianParams) -> GaussianConstants {
        GaussianConstants {
            mean: params.mean,
            half_precision: 0.5 / (params.sigma * params.sigma),
            log_normaliser: -params.sigma.ln() - HALF_LOG_TWO_PI,
        }
    }

    /// log f(x | μ, σ) = −log σ − ½ log 2π − (x − μ)² / 2σ².
    fn log_density(c: &GaussianConstants, x: f64) -> f64 {
        let d = x - c.mean;
        c.log_normaliser - d * d * c.half_precision
    }

    fn accumulate(stats: &mut GaussianStats, previous: &GaussianParams, x: f64, weight: f64) {
        let d = x - previous.mean;
        let wd = weight * d;
        stats.shifted_sum += wd;
        stats.shifted_square_sum += wd * d;
    }

    /// μₖ = Σγᵢₖxᵢ / Nₖ = c + Σγ(x − c)/Nₖ;
    /// σₖ² = max(Σγᵢₖ(xᵢ − μₖ)² / Nₖ, floor), with
    /// Σγᵢₖ(xᵢ − μₖ)² / Nₖ = Σγ(x − c)²/Nₖ − (μₖ − c)².
    /// Q is unimodal in σₖ², so this is Q's maximum over σₖ² ≥ floor: EM stays
    /// an exact (constrained) EM and log L still never decreases, which adding
    /// the floor to every variance (scikit-learn's `reg_covar`) would not give.
    fn estimate(
        &self,
        stats: &GaussianStats,
        total_weight: f64,
        previous: &GaussianParams,
    ) -> GaussianParams {
        let shift = stats.shifted_sum / total_weight;
        let variance = (stats.shifted_square_sum / total_weight - shift * shift).max(0.0);
        GaussianParams {
            mean: previous.mean + shift,
            sigma: variance.max(self.variance_floor).sqrt(),
        }
    }

    /// With statistics accumulated around μ (S₁ = Σγ(x − μ), S₂ = Σγ(x − μ)²):
    /// ∂/∂μ = S₁/σ², ∂/∂σ = S₂/σ³ − Nₖ/σ; σ is projected onto σ² ≥ the floor.
    fn gradient_step(
        &self,
        params: &GaussianParams,
        stats: &GaussianStats,
        total_weight: f64,
        rate: f64,
    ) -> GaussianParams {
        let GaussianParams { mean, sigma } = *params;
        let variance = sigma * sigma;
        let mean_gradient = stats.shifted_sum / variance;
        let sigma_gradient = stats.shifted_square_sum / (variance * sigma) - total_weight / sigma;
        GaussianParams {
            mean: mean + rate * mean_gradient,
            sigma: (sigma + rate * sigma_gradient).max(self.variance_floor.sqrt()),
        }
    }

    /// Means closer than 10⁻⁹ σ and σ values within a relative 10⁻⁹.
    fn nearly_equal(&self, a: &GaussianParams, b: &GaussianParams) -> bool {
        let scale = SAME_COMPONENT_TOLERANCE * a.sigma.max(b.sigma);
        (a.mean - b.mean).abs() <= scale && (a.sigma - b.sigma).abs() <= scale
    }

    /// σ² within twice the floor: the component has collapsed onto (nearly) one point.
    fn is_degenerate(&self, params: &GaussianParams) -> bool {
        params.sigma * params.sigma <= 2.0 * self.variance_floor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_density_matches_the_closed_form() {
        let family = Gaussian::with_variance_floor(0.0);
        let c = family.prepare(&GaussianParams {
            mean: 1.0,
            sigma: 2.0,
        });
        // N(3 | 1, 2²) = exp(−4/8) / (2√(2π)) = 0.120985362259572…
        assert!((Gaussian::log_density(&c, 3.0) - 0.120_985_362_259_572_f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn far_points_give_a_very_negative_log_density_not_minus_infinity() {
        let c = Gaussian::with_variance_floor(0.0).prepare(&GaussianParams {
            mean: 0.0,
            sigma: 1.0,
        });
        let value = Gaussian::log_density(&c, 1e10);
        assert!(value.is_finite() && value < -1e19);
    }

    #[test]
    fn weighted_estimate_is_stable_far_from_zero() {
        // Points 1e9 ± 1 with equal weight: mean 1e9, variance 1.
        let family = Gaussian::with_variance_floor(0.0);
        let previous = GaussianParams {
            mean: 1e9 + 0.3,
            sigma: 5.0,
        };
        let mut stats = GaussianStats::default();
        for x in [1e9 - 1.0, 1e9 + 1.0] {
            Gaussian::accumulate(&mut stats, &previous, x, 1.0);
        }
        let estimate = family.estimate(&stats, 2.0, &previous);
        assert!((estimate.mean - 1e9).abs() < 1e-6);
        assert!((estimate.sigma - 1.0).abs() < 1e-6);
    }

    #[test]
    fn the_floor_keeps_a_collapsed_component_positive_and_is_reported() {
        let family = Gaussian::for_data(&[0.0, 10.0]);
        assert!((family.variance_floor() - 25e-6).abs() < 1e-15);
        let previous = GaussianParams {
            mean: 0.0,
            sigma: 1.0,
        };
        let mut stats = GaussianStats::default();
        Gaussian::accumulate(&mut stats, &previous, 0.0, 1.0);
        let estimate = family.estimate(&stats, 1.0, &previous);
        assert_eq!(estimate.sigma, 25e-6f64.sqrt());
        assert!(family.is_degenerate(&estimate));
    }

    #[test]
    fn rejects_non_positive_sigma() {
        let family = Gaussian::with_variance_floor(0.0);
        let error = family
            .validate_params(
                1,
                &GaussianParams {
                    mean: 0.0,
                    sigma: 0.0,
                },
            )
            .unwrap_err();
        assert!(error.to_string().contains("component 2"));
    }
}
