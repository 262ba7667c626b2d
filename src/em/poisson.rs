//! Poisson components: f(x | λ) = λˣ e^(−λ) / x!, for counts x = 0, 1, 2, …

use super::special::log_factorial;
use super::{check_parameter, ComponentFamily, EmError, Field, MAX_MAGNITUDE};

/// The smallest rate an M-step returns: a component holding only zeros would
/// otherwise reach λ = 0, where log λ = −∞. The constrained maximum of Q.
pub const RATE_FLOOR: f64 = 1e-12;

/// Rates closer than this (relative) count as the same component.
const SAME_COMPONENT_TOLERANCE: f64 = 1e-9;

/// The largest count accepted, the size limit of every observation.
const MAX_COUNT: f64 = MAX_MAGNITUDE;

/// The Poisson family; a component's parameter is its rate λ > 0.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Poisson;

/// λ and log λ.
#[derive(Debug, Clone, Copy, Default)]
pub struct PoissonConstants {
    rate: f64,
    log_rate: f64,
}

/// Σᵢ γᵢₖ xᵢ: the counts attributed to the component.
#[derive(Debug, Clone, Copy, Default)]
pub struct PoissonStats {
    weighted_count: f64,
}

impl ComponentFamily for Poisson {
    type Observation = f64;
    type Params = f64;
    type Prepared = PoissonConstants;
    type Stats = PoissonStats;

    fn validate_observation(&self, index: usize, x: f64) -> Result<(), EmError> {
        if (0.0..=MAX_COUNT).contains(&x) && x.fract() == 0.0 {
            Ok(())
        } else {
            Err(EmError::NotACount { index, value: x })
        }
    }

    fn validate_params(&self, component: usize, rate: &f64) -> Result<(), EmError> {
        check_parameter(Field::Rate(component), *rate, MAX_MAGNITUDE)?;
        if *rate <= 0.0 {
            return Err(EmError::RateNotPositive {
                component,
                value: *rate,
            });
        }
        Ok(())
    }

    fn prepare(&self, rate: &f64) -> PoissonConstants {
        PoissonConstants {
            rate: *rate,
            log_rate: rate.ln(),
        }
    }

    /// log f(x | λ) = x log λ − λ − ln x!.
    fn log_density(c: &PoissonConstants, x: f64) -> f64 {
        x * c.log_rate - c.rate - log_factorial(x)
    }

    fn accumulate(stats: &mut PoissonStats, _previous: &f64, x: f64, weight: f64) {
        stats.weighted_count += weight * x;
    }

    /// λₖ = Σᵢ γᵢₖ xᵢ / Nₖ (at least [`RATE_FLOOR`]; Q is concave in λ, so the
    /// floor is Q's maximum over λ ≥ floor and log L still never falls).
    fn estimate(&self, stats: &PoissonStats, total_weight: f64, _previous: &f64) -> f64 {
        (stats.weighted_count / total_weight).max(RATE_FLOOR)
    }

    /// ∂/∂λ Σᵢ γᵢ log f(xᵢ | λ) = S/λ − Nₖ with S = Σγx; kept above the floor.
    fn gradient_step(&self, rate: &f64, stats: &PoissonStats, total_weight: f64, step: f64) -> f64 {
        let gradient = stats.weighted_count / rate - total_weight;
        (rate + step * gradient).max(RATE_FLOOR)
    }

    fn nearly_equal(&self, a: &f64, b: &f64) -> bool {
        (a - b).abs() <= SAME_COMPONENT_TOLERANCE * a.max(*b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_density_is_the_poisson_probability() {
        // P(X = 3 | λ = 2) = 2³ e⁻² / 3! = 0.180447044315484
        let c = Poisson.prepare(&2.0);
        assert!((Poisson::log_density(&c, 3.0).exp() - 0.180_447_044_315_484).abs() < 1e-14);
        // P(X = 0 | λ) = e^(−λ), also at the floor.
        let floor = Poisson.prepare(&RATE_FLOOR);
        assert_eq!(Poisson::log_density(&floor, 0.0), -RATE_FLOOR);
    }

    #[test]
    fn counts_are_whole_and_rates_positive() {
        assert!(Poisson.validate_observation(0, 4.0).is_ok());
        for bad in [-1.0, 2.5, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Poisson.validate_observation(3, bad),
                Err(EmError::NotACount { index: 3, .. })
            ));
        }
        assert!(matches!(
            Poisson.validate_params(0, &0.0),
            Err(EmError::RateNotPositive { component: 0, .. })
        ));
        assert!(matches!(
            Poisson.validate_params(1, &f64::NAN),
            Err(EmError::NonFiniteParameter {
                name: Field::Rate(1),
                ..
            })
        ));
    }

    #[test]
    fn the_estimate_is_the_weighted_mean_count() {
        let mut stats = PoissonStats::default();
        for (x, w) in [(0.0, 1.0), (4.0, 0.5)] {
            Poisson::accumulate(&mut stats, &1.0, x, w);
        }
        assert_eq!(Poisson.estimate(&stats, 1.5, &1.0), 2.0 / 1.5);
        let zeros = PoissonStats::default();
        assert_eq!(Poisson.estimate(&zeros, 2.0, &1.0), RATE_FLOOR);
    }
}
