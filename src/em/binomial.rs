//! Binomial components: f(x | n, p) = C(n, x) pˣ (1 − p)ⁿ⁻ˣ, x successes out
//! of n trials. With n = 1 for every observation and two components this is
//! Li Hang's three-coin model; with n = 10, Do & Batzoglou's two coins.

use super::special::log_binomial_coefficient;
use super::{ComponentFamily, EmError, Field};

/// Success probabilities closer than this count as the same component.
const SAME_COMPONENT_TOLERANCE: f64 = 1e-9;

/// Gradient ascent keeps p in [ε, 1 − ε], where log p and log(1 − p) are finite.
const GRADIENT_MARGIN: f64 = 1e-6;

/// The most trials one observation may have.
pub const MAX_TRIALS: f64 = 1e9;

/// The binomial family; a component's parameter is its success probability p.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Binomial;

/// x successes out of n trials, with ln C(n, x) computed once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Successes {
    pub successes: f64,
    pub trials: f64,
    log_coefficient: f64,
}

impl Successes {
    /// x successes out of n trials (checked by [`Binomial::validate_observation`]).
    pub fn new(successes: f64, trials: f64) -> Self {
        let valid = is_count(successes) && is_count(trials) && successes <= trials;
        Successes {
            successes,
            trials,
            log_coefficient: if valid {
                log_binomial_coefficient(trials, successes)
            } else {
                f64::NAN
            },
        }
    }
}

/// A whole number from 0 to [`MAX_TRIALS`].
fn is_count(value: f64) -> bool {
    (0.0..=MAX_TRIALS).contains(&value) && value.fract() == 0.0
}

/// (log p, log(1 − p)), either of which may be −∞.
#[derive(Debug, Clone, Copy, Default)]
pub struct BinomialLogs {
    log_success: f64,
    log_failure: f64,
}

/// Σᵢ γᵢₖ xᵢ and Σᵢ γᵢₖ nᵢ: the successes and trials attributed to the component.
#[derive(Debug, Clone, Copy, Default)]
pub struct BinomialStats {
    weighted_successes: f64,
    weighted_trials: f64,
}

/// a · log b, taken as 0 when a = 0 (so p = 0 or 1 never gives 0 · (−∞) = NaN).
fn times_log(a: f64, log_b: f64) -> f64 {
    if a == 0.0 {
        0.0
    } else {
        a * log_b
    }
}

impl ComponentFamily for Binomial {
    type Observation = Successes;
    type Params = f64;
    type Prepared = BinomialLogs;
    type Stats = BinomialStats;

    fn validate_observation(&self, index: usize, x: Successes) -> Result<(), EmError> {
        if !is_count(x.trials) || x.trials == 0.0 {
            return Err(EmError::InvalidTrials {
                index,
                value: x.trials,
            });
        }
        if !is_count(x.successes) {
            return Err(EmError::NotACount {
                index,
                value: x.successes,
            });
        }
        if x.successes > x.trials {
            return Err(EmError::SuccessesAboveTrials {
                index,
                successes: x.successes,
                trials: x.trials,
            });
        }
        Ok(())
    }

    fn validate_params(&self, component: usize, p: &f64) -> Result<(), EmError> {
        let name = Field::Probability(component);
        if !p.is_finite() {
            return Err(EmError::NonFiniteParameter { name, value: *p });
        }
        if !(0.0..=1.0).contains(p) {
            return Err(EmError::ProbabilityOutOfRange { name, value: *p });
        }
        Ok(())
    }

    fn prepare(&self, p: &f64) -> BinomialLogs {
        BinomialLogs {
            log_success: p.ln(),
            log_failure: (1.0 - p).ln(),
        }
    }

    /// log f(x | n, p) = ln C(n, x) + x log p + (n − x) log(1 − p).
    fn log_density(logs: &BinomialLogs, x: Successes) -> f64 {
        x.log_coefficient
            + times_log(x.successes, logs.log_success)
            + times_log(x.trials - x.successes, logs.log_failure)
    }

    fn accumulate(stats: &mut BinomialStats, _previous: &f64, x: Successes, weight: f64) {
        stats.weighted_successes += weight * x.successes;
        stats.weighted_trials += weight * x.trials;
    }

    /// pₖ = Σᵢ γᵢₖ xᵢ / Σᵢ γᵢₖ nᵢ: the component's share of successes.
    fn estimate(&self, stats: &BinomialStats, _total_weight: f64, previous: &f64) -> f64 {
        if stats.weighted_trials > 0.0 {
            (stats.weighted_successes / stats.weighted_trials).clamp(0.0, 1.0)
        } else {
            *previous
        }
    }

    /// ∂/∂p Σᵢ γᵢ log f(xᵢ | p) = S/p − (T − S)/(1 − p), S = Σγx, T = Σγn;
    /// projected onto [ε, 1 − ε] so the gradient stays finite.
    fn gradient_step(&self, p: &f64, stats: &BinomialStats, _total_weight: f64, rate: f64) -> f64 {
        let p = p.clamp(GRADIENT_MARGIN, 1.0 - GRADIENT_MARGIN);
        let (successes, trials) = (stats.weighted_successes, stats.weighted_trials);
        let gradient = successes / p - (trials - successes) / (1.0 - p);
        (p + rate * gradient).clamp(GRADIENT_MARGIN, 1.0 - GRADIENT_MARGIN)
    }

    fn nearly_equal(&self, a: &f64, b: &f64) -> bool {
        (a - b).abs() <= SAME_COMPONENT_TOLERANCE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_density_is_the_binomial_probability() {
        // P(X = 5 | n = 10, p = 0.6) = 252 · 0.6⁵ · 0.4⁵ = 0.2006581248
        let logs = Binomial.prepare(&0.6);
        let value = Binomial::log_density(&logs, Successes::new(5.0, 10.0)).exp();
        assert!((value - 0.200_658_124_8).abs() < 1e-12);
        // p = 1: ten heads are certain, nine impossible; no NaN.
        let certain = Binomial.prepare(&1.0);
        assert_eq!(
            Binomial::log_density(&certain, Successes::new(10.0, 10.0)),
            0.0
        );
        assert_eq!(
            Binomial::log_density(&certain, Successes::new(9.0, 10.0)),
            f64::NEG_INFINITY
        );
    }

    #[test]
    fn counts_must_be_whole_and_within_their_trials() {
        let check = |s, n| Binomial.validate_observation(2, Successes::new(s, n));
        assert!(check(3.0, 10.0).is_ok());
        assert!(matches!(
            check(2.5, 10.0),
            Err(EmError::NotACount { index: 2, .. })
        ));
        assert!(matches!(check(-1.0, 10.0), Err(EmError::NotACount { .. })));
        assert!(matches!(
            check(11.0, 10.0),
            Err(EmError::SuccessesAboveTrials {
                successes: 11.0,
                trials: 10.0,
                ..
            })
        ));
        assert!(matches!(
            check(0.0, 0.0),
            Err(EmError::InvalidTrials { .. })
        ));
        assert!(matches!(
            Binomial.validate_params(1, &1.5),
            Err(EmError::ProbabilityOutOfRange {
                name: Field::Probability(1),
                ..
            })
        ));
    }

    #[test]
    fn the_estimate_is_the_weighted_share_of_successes() {
        let mut stats = BinomialStats::default();
        for (s, n, w) in [(5.0, 10.0, 0.5), (9.0, 10.0, 1.0)] {
            Binomial::accumulate(&mut stats, &0.3, Successes::new(s, n), w);
        }
        // (2.5 + 9) / (5 + 10)
        assert!((Binomial.estimate(&stats, 1.5, &0.3) - 11.5 / 15.0).abs() < 1e-15);
    }
}
