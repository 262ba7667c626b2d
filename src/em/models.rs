//! The two models the page teaches, as constructors over the generic mixture:
//! Li Hang's three-coin model and the one-dimensional Gaussian mixture.

use serde::Serialize;

use super::{Bernoulli, EmError, Field, Gaussian, GaussianParams, List, MixtureParams};

/// The three-coin model's parameters: π = P(coin A shows heads, so coin B is
/// tossed), p = P(heads | B), q = P(heads | C).
///
/// It is the two-component Bernoulli mixture with weights (π, 1 − π) and
/// heads probabilities (p, q).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ThreeCoins {
    pub pi: f64,
    pub p: f64,
    pub q: f64,
}

impl ThreeCoins {
    /// Checks π, p, q ∈ [0, 1] (messages name the parameter) and builds the
    /// mixture.
    pub fn mixture(self) -> Result<MixtureParams<f64>, EmError> {
        for (name, value) in [(Field::Pi, self.pi), (Field::P, self.p), (Field::Q, self.q)] {
            if !value.is_finite() {
                return Err(EmError::NonFiniteParameter { name, value });
            }
            if !(0.0..=1.0).contains(&value) {
                return Err(EmError::ProbabilityOutOfRange { name, value });
            }
        }
        MixtureParams::new(
            &Bernoulli,
            vec![self.pi, 1.0 - self.pi],
            vec![self.p, self.q],
        )
    }

    /// Reads (π, p, q) back from a two-component Bernoulli mixture.
    pub fn from_mixture(params: &MixtureParams<f64>) -> Self {
        ThreeCoins {
            pi: params.weights()[0],
            p: params.components()[0],
            q: params.components()[1],
        }
    }
}

/// Builds a Gaussian mixture from per-component lists, checking that they have
/// one entry per component, that every weight is positive, and that every σ is.
pub fn gaussian_mixture(
    family: &Gaussian,
    weights: &[f64],
    means: &[f64],
    sigmas: &[f64],
) -> Result<MixtureParams<GaussianParams>, EmError> {
    for (what, list) in [(List::Weights, weights), (List::Sigmas, sigmas)] {
        if list.len() != means.len() {
            return Err(EmError::LengthMismatch {
                what,
                expected: means.len(),
                got: list.len(),
            });
        }
    }
    if let Some((component, &value)) = weights.iter().enumerate().find(|(_, w)| **w <= 0.0) {
        return Err(EmError::WeightNotPositive { component, value });
    }
    let components = means
        .iter()
        .zip(sigmas)
        .map(|(&mean, &sigma)| GaussianParams { mean, sigma })
        .collect();
    MixtureParams::new(family, weights.to_vec(), components)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coin_messages_name_the_parameter() {
        let error = ThreeCoins {
            pi: 0.5,
            p: 1.2,
            q: 0.5,
        }
        .mixture()
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "p = 1.2 is not a probability; choose a value between 0 and 1."
        );
        let error = ThreeCoins {
            pi: f64::NAN,
            p: 0.2,
            q: 0.5,
        }
        .mixture()
        .unwrap_err();
        assert!(error.to_string().starts_with("π is NaN"));
    }

    #[test]
    fn coins_round_trip_through_the_mixture() {
        let coins = ThreeCoins {
            pi: 0.46,
            p: 0.55,
            q: 0.67,
        };
        assert_eq!(ThreeCoins::from_mixture(&coins.mixture().unwrap()), coins);
    }

    #[test]
    fn gaussian_lists_must_match_and_weights_be_positive() {
        let family = Gaussian::with_variance_floor(0.0);
        assert!(matches!(
            gaussian_mixture(&family, &[1.0], &[0.0, 1.0], &[1.0, 1.0]),
            Err(EmError::LengthMismatch {
                what: List::Weights,
                ..
            })
        ));
        assert!(matches!(
            gaussian_mixture(&family, &[1.0, 0.0], &[0.0, 1.0], &[1.0, 1.0]),
            Err(EmError::WeightNotPositive { component: 1, .. })
        ));
        let params = gaussian_mixture(&family, &[1.0, 1.0], &[0.0, 1.0], &[1.0, 2.0]).unwrap();
        assert_eq!(params.weights(), &[0.5, 0.5]);
        assert_eq!(
            params.components()[1],
            GaussianParams {
                mean: 1.0,
                sigma: 2.0
            }
        );
    }
}
