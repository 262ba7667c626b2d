//! Validated mixture parameters θ = (w₁…w_K, θ₁…θ_K) and the EM settings.

use serde::Serialize;

use super::{ComponentFamily, EmError, Field, List};

/// The most components a mixture may have.
pub const MAX_COMPONENTS: usize = 8;

/// Mixture weights (normalised to sum to 1) and one parameter set per component.
/// Built only through [`MixtureParams::new`], so it is always valid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixtureParams<P> {
    weights: Vec<f64>,
    components: Vec<P>,
}

impl<P: Clone> MixtureParams<P> {
    /// Validates and normalises: 1 ≤ K ≤ [`MAX_COMPONENTS`], one weight per
    /// component, weights finite and ≥ 0 with a positive sum, and every
    /// component valid for `family`.
    pub fn new<F>(family: &F, weights: Vec<f64>, components: Vec<P>) -> Result<Self, EmError>
    where
        F: ComponentFamily<Params = P>,
    {
        let count = components.len();
        if count == 0 || count > MAX_COMPONENTS {
            return Err(EmError::ComponentCount {
                count,
                max: MAX_COMPONENTS,
            });
        }
        if weights.len() != count {
            return Err(EmError::LengthMismatch {
                what: List::Weights,
                expected: count,
                got: weights.len(),
            });
        }
        for (component, &weight) in weights.iter().enumerate() {
            if !weight.is_finite() {
                return Err(EmError::NonFiniteParameter {
                    name: Field::Weight(component),
                    value: weight,
                });
            }
            if weight < 0.0 {
                return Err(EmError::WeightNotPositive {
                    component,
                    value: weight,
                });
            }
        }
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return Err(EmError::WeightsSumToZero);
        }
        for (component, params) in components.iter().enumerate() {
            family.validate_params(component, params)?;
        }
        // Weights that already sum to 1 up to rounding are kept as given, so
        // that parameters written out and read back (a shared link) are the same.
        let weights = if (total - 1.0).abs() <= 4.0 * f64::EPSILON {
            weights
        } else {
            weights.iter().map(|w| w / total).collect()
        };
        Ok(MixtureParams {
            weights,
            components,
        })
    }

    /// Assembles parameters the M-step produced; they are valid by construction.
    pub(crate) fn from_m_step(weights: Vec<f64>, components: Vec<P>) -> Self {
        MixtureParams {
            weights,
            components,
        }
    }

    /// The mixing weights w_k, summing to 1.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The components' parameters θ_k.
    pub fn components(&self) -> &[P] {
        &self.components
    }

    /// The number of components K.
    pub fn len(&self) -> usize {
        self.components.len()
    }

    /// Always false: a mixture has at least one component.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
    }
}

/// When to stop running EM.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EmSettings {
    tolerance: f64,
    max_iterations: usize,
}

impl EmSettings {
    /// Default tolerance on the change of log-likelihood between iterations.
    pub const DEFAULT_TOLERANCE: f64 = 1e-6;
    /// Default iteration cap.
    pub const DEFAULT_MAX_ITERATIONS: usize = 500;

    /// `tolerance` > 0 and finite; `max_iterations` ≥ 1.
    pub fn new(tolerance: f64, max_iterations: usize) -> Result<Self, EmError> {
        if !(tolerance.is_finite() && tolerance > 0.0) {
            return Err(EmError::InvalidTolerance { value: tolerance });
        }
        if max_iterations == 0 {
            return Err(EmError::InvalidMaxIterations);
        }
        Ok(EmSettings {
            tolerance,
            max_iterations,
        })
    }

    /// EM has converged when log L improves by less than this in one iteration.
    pub fn tolerance(&self) -> f64 {
        self.tolerance
    }

    /// The most iterations one run performs.
    pub fn max_iterations(&self) -> usize {
        self.max_iterations
    }
}

impl Default for EmSettings {
    fn default() -> Self {
        EmSettings {
            tolerance: Self::DEFAULT_TOLERANCE,
            max_iterations: Self::DEFAULT_MAX_ITERATIONS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::em::Bernoulli;

    #[test]
    fn normalises_weights() {
        let params = MixtureParams::new(&Bernoulli, vec![1.0, 3.0], vec![0.2, 0.7]).unwrap();
        assert_eq!(params.weights(), &[0.25, 0.75]);
    }

    #[test]
    fn weights_that_already_sum_to_one_are_kept_bit_for_bit() {
        let weights = vec![0.2672947765070835, 0.32116914694632515, 0.4115360765465914];
        let params = MixtureParams::new(&Bernoulli, weights.clone(), vec![0.1, 0.2, 0.3]).unwrap();
        assert_eq!(params.weights(), weights.as_slice());
    }

    #[test]
    fn rejects_bad_shapes_and_values() {
        let too_many = vec![0.5; MAX_COMPONENTS + 1];
        assert!(matches!(
            MixtureParams::new(&Bernoulli, too_many.clone(), too_many),
            Err(EmError::ComponentCount { count: 9, .. })
        ));
        assert!(matches!(
            MixtureParams::new(&Bernoulli, vec![1.0], vec![0.2, 0.7]),
            Err(EmError::LengthMismatch {
                expected: 2,
                got: 1,
                ..
            })
        ));
        assert_eq!(
            MixtureParams::new(&Bernoulli, vec![0.0, 0.0], vec![0.2, 0.7]),
            Err(EmError::WeightsSumToZero)
        );
        assert!(matches!(
            MixtureParams::new(&Bernoulli, vec![f64::NAN, 1.0], vec![0.2, 0.7]),
            Err(EmError::NonFiniteParameter { .. })
        ));
        assert!(matches!(
            MixtureParams::new(&Bernoulli, vec![1.0, 1.0], vec![0.2, 1.7]),
            Err(EmError::ProbabilityOutOfRange { .. })
        ));
    }

    #[test]
    fn settings_are_validated() {
        assert!(EmSettings::new(0.0, 10).is_err());
        assert!(EmSettings::new(f64::NAN, 10).is_err());
        assert_eq!(EmSettings::new(1e-3, 0), Err(EmError::InvalidMaxIterations));
        assert_eq!(EmSettings::new(1e-3, 7).unwrap().max_iterations(), 7);
    }
}
