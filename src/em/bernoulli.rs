//! Bernoulli components: f(y | p) = pʸ(1 − p)¹⁻ʸ for y ∈ {0, 1}.
//! Two of them, mixed with weights (π, 1 − π), are Li Hang's three-coin model.

use super::{ComponentFamily, EmError, Field};

/// Heads probabilities closer than this count as the same component.
const SAME_COMPONENT_TOLERANCE: f64 = 1e-9;

/// Gradient ascent keeps p in [ε, 1 − ε], where log p and log(1 − p) are finite.
const GRADIENT_MARGIN: f64 = 1e-6;

/// The Bernoulli family; a component's parameter is its heads probability p.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Bernoulli;

/// (log p, log(1 − p)), either of which may be −∞.
#[derive(Debug, Clone, Copy, Default)]
pub struct BernoulliLogs {
    log_heads: f64,
    log_tails: f64,
}

/// Σᵢ γᵢₖ yᵢ: the expected number of heads attributed to the component.
#[derive(Debug, Clone, Copy, Default)]
pub struct BernoulliStats {
    weighted_heads: f64,
}

impl ComponentFamily for Bernoulli {
    type Observation = f64;
    type Params = f64;
    type Prepared = BernoulliLogs;
    type Stats = BernoulliStats;

    fn validate_observation(&self, index: usize, y: f64) -> Result<(), EmError> {
        if !y.is_finite() {
            return Err(EmError::NonFiniteObservation { index, value: y });
        }
        if y != 0.0 && y != 1.0 {
            return Err(EmError::NotBinary { index, value: y });
        }
        Ok(())
    }

    fn validate_params(&self, component: usize, p: &f64) -> Result<(), EmError> {
        let name = Field::HeadsProbability(component);
        if !p.is_finite() {
            return Err(EmError::NonFiniteParameter { name, value: *p });
        }
        if !(0.0..=1.0).contains(p) {
            return Err(EmError::ProbabilityOutOfRange { name, value: *p });
        }
        Ok(())
    }

    fn prepare(&self, p: &f64) -> BernoulliLogs {
        BernoulliLogs {
            log_heads: p.ln(),
            log_tails: (1.0 - p).ln(),
        }
    }

    /// log f(y | p) = y log p + (1 − y) log(1 − p), written as a branch so that
    /// p = 0 or 1 gives −∞ or 0 instead of 0 · (−∞) = NaN.
    fn log_density(logs: &BernoulliLogs, y: f64) -> f64 {
        if y == 1.0 {
            logs.log_heads
        } else {
            logs.log_tails
        }
    }

    fn accumulate(stats: &mut BernoulliStats, _previous: &f64, y: f64, weight: f64) {
        stats.weighted_heads += weight * y;
    }

    /// pₖ = Σᵢ γᵢₖ yᵢ / Σᵢ γᵢₖ  (Li Hang (9.7)/(9.8) for p and q).
    fn nearly_equal(&self, a: &f64, b: &f64) -> bool {
        (a - b).abs() <= SAME_COMPONENT_TOLERANCE
    }

    fn estimate(&self, stats: &BernoulliStats, total_weight: f64, _previous: &f64) -> f64 {
        (stats.weighted_heads / total_weight).clamp(0.0, 1.0)
    }

    /// ∂/∂p Σᵢ γᵢ log f(yᵢ | p) = H/p − (Nₖ − H)/(1 − p) with H = Σᵢ γᵢ yᵢ;
    /// the step is projected onto [ε, 1 − ε] so the gradient stays finite.
    fn gradient_step(&self, p: &f64, stats: &BernoulliStats, total_weight: f64, rate: f64) -> f64 {
        let p = p.clamp(GRADIENT_MARGIN, 1.0 - GRADIENT_MARGIN);
        let heads = stats.weighted_heads;
        let gradient = heads / p - (total_weight - heads) / (1.0 - p);
        (p + rate * gradient).clamp(GRADIENT_MARGIN, 1.0 - GRADIENT_MARGIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_density_is_finite_or_minus_infinity_at_the_edges() {
        let certain_heads = Bernoulli.prepare(&1.0);
        assert_eq!(Bernoulli::log_density(&certain_heads, 1.0), 0.0);
        assert_eq!(
            Bernoulli::log_density(&certain_heads, 0.0),
            f64::NEG_INFINITY
        );
        let fair = Bernoulli.prepare(&0.5);
        assert!((Bernoulli::log_density(&fair, 0.0) - 0.5f64.ln()).abs() < 1e-15);
    }

    #[test]
    fn rejects_tosses_other_than_zero_and_one() {
        assert!(Bernoulli.validate_observation(0, 1.0).is_ok());
        let error = Bernoulli.validate_observation(2, 2.0).unwrap_err();
        assert_eq!(
            error,
            EmError::NotBinary {
                index: 2,
                value: 2.0
            }
        );
        assert!(error.to_string().contains("#3"));
    }

    #[test]
    fn weighted_estimate_is_the_weighted_share_of_heads() {
        let mut stats = BernoulliStats::default();
        for (y, w) in [(1.0, 0.5), (0.0, 1.0), (1.0, 0.5)] {
            Bernoulli::accumulate(&mut stats, &0.3, y, w);
        }
        // (0.5 + 0.5) / (0.5 + 1.0 + 0.5) = 0.5
        assert_eq!(Bernoulli.estimate(&stats, 2.0, &0.3), 0.5);
    }
}
