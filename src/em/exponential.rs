//! Exponential components: f(x | λ) = λ e^(−λx), for positive durations x.

use super::{check_parameter, ComponentFamily, EmError, Field, MAX_MAGNITUDE};

/// The smallest observation accepted: λ = Nₖ / Σγx stays below 10¹⁰⁰ × Nₖ.
pub const MIN_DURATION: f64 = 1.0 / MAX_MAGNITUDE;

/// Rates closer than this (relative) count as the same component.
const SAME_COMPONENT_TOLERANCE: f64 = 1e-9;

/// The exponential family; a component's parameter is its rate λ > 0.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Exponential;

/// λ and log λ.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExponentialConstants {
    rate: f64,
    log_rate: f64,
}

/// Σᵢ γᵢₖ xᵢ: the total duration attributed to the component.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExponentialStats {
    weighted_duration: f64,
}

impl ComponentFamily for Exponential {
    type Observation = f64;
    type Params = f64;
    type Prepared = ExponentialConstants;
    type Stats = ExponentialStats;

    fn validate_observation(&self, index: usize, x: f64) -> Result<(), EmError> {
        if !x.is_finite() {
            Err(EmError::NonFiniteObservation { index, value: x })
        } else if x > MAX_MAGNITUDE {
            Err(EmError::ObservationTooLarge { index, value: x })
        } else if x < MIN_DURATION {
            Err(EmError::NotPositiveObservation { index, value: x })
        } else {
            Ok(())
        }
    }

    fn validate_params(&self, component: usize, rate: &f64) -> Result<(), EmError> {
        check_parameter(Field::Rate(component), *rate, MAX_MAGNITUDE * MAX_MAGNITUDE)?;
        if *rate <= 0.0 {
            return Err(EmError::RateNotPositive {
                component,
                value: *rate,
            });
        }
        Ok(())
    }

    fn prepare(&self, rate: &f64) -> ExponentialConstants {
        ExponentialConstants {
            rate: *rate,
            log_rate: rate.ln(),
        }
    }

    /// log f(x | λ) = log λ − λx.
    fn log_density(c: &ExponentialConstants, x: f64) -> f64 {
        c.log_rate - c.rate * x
    }

    fn accumulate(stats: &mut ExponentialStats, _previous: &f64, x: f64, weight: f64) {
        stats.weighted_duration += weight * x;
    }

    /// λₖ = Nₖ / Σᵢ γᵢₖ xᵢ: one over the component's weighted mean duration.
    fn estimate(&self, stats: &ExponentialStats, total_weight: f64, previous: &f64) -> f64 {
        if stats.weighted_duration > 0.0 {
            total_weight / stats.weighted_duration
        } else {
            *previous
        }
    }

    /// ∂/∂λ Σᵢ γᵢ log f(xᵢ | λ) = Nₖ/λ − Σγx; kept positive (halving λ at most).
    fn gradient_step(
        &self,
        rate: &f64,
        stats: &ExponentialStats,
        total_weight: f64,
        step: f64,
    ) -> f64 {
        let gradient = total_weight / rate - stats.weighted_duration;
        (rate + step * gradient).max(0.5 * rate)
    }

    fn nearly_equal(&self, a: &f64, b: &f64) -> bool {
        (a - b).abs() <= SAME_COMPONENT_TOLERANCE * a.max(*b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_density_is_the_exponential_density() {
        // f(2 | λ = 0.5) = 0.5 e⁻¹ = 0.18393972058572117
        let c = Exponential.prepare(&0.5);
        assert!((Exponential::log_density(&c, 2.0).exp() - 0.183_939_720_585_721_17).abs() < 1e-15);
    }

    #[test]
    fn durations_must_be_positive_and_rates_too() {
        assert!(Exponential.validate_observation(0, 0.5).is_ok());
        for bad in [0.0, -1.0, 1e-300] {
            assert!(matches!(
                Exponential.validate_observation(4, bad),
                Err(EmError::NotPositiveObservation { index: 4, .. })
            ));
        }
        assert!(matches!(
            Exponential.validate_params(0, &-2.0),
            Err(EmError::RateNotPositive { component: 0, .. })
        ));
    }

    #[test]
    fn the_estimate_is_one_over_the_weighted_mean() {
        let mut stats = ExponentialStats::default();
        for (x, w) in [(1.0, 1.0), (3.0, 1.0)] {
            Exponential::accumulate(&mut stats, &1.0, x, w);
        }
        assert_eq!(Exponential.estimate(&stats, 2.0, &1.0), 0.5);
    }
}
