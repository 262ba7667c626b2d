//! The component-family trait: everything EM needs to know about one kind of
//! mixture component. A new family (Poisson, exponential, …) is one new file
//! that implements this trait; the E-step, M-step and stepper are shared.

use std::fmt::Debug;

use super::EmError;

/// A parametric family of mixture components f(x | θₖ).
///
/// The M-step is expressed through weighted sufficient statistics: for each
/// component k the engine calls [`accumulate`](Self::accumulate) with every
/// observation xᵢ and its responsibility γᵢₖ, then [`estimate`](Self::estimate)
/// returns the weighted maximum-likelihood θₖ. This keeps the M-step to a
/// single pass over the data whatever the family.
pub trait ComponentFamily: Clone + Debug + Send + Sync + 'static {
    /// One observation.
    type Observation: Copy + Debug + PartialEq + Send + Sync;
    /// The parameters θₖ of one component.
    type Params: Clone + Debug + PartialEq + Send + Sync;
    /// Per-component constants computed once per pass (log σ, log p, …) so the
    /// inner loop only does arithmetic.
    type Prepared: Copy + Default;
    /// Weighted sufficient statistics of one component, for the M-step.
    type Stats: Copy + Default + Send + Sync;

    /// Checks that one observation lies in the family's support.
    fn validate_observation(&self, index: usize, x: Self::Observation) -> Result<(), EmError>;

    /// Checks one component's parameters (`component` is 0-based, for messages).
    fn validate_params(&self, component: usize, params: &Self::Params) -> Result<(), EmError>;

    /// Precomputes the constants [`log_density`](Self::log_density) needs.
    fn prepare(&self, params: &Self::Params) -> Self::Prepared;

    /// log f(x | θₖ). May be −∞ (x impossible under θₖ), never NaN.
    fn log_density(prepared: &Self::Prepared, x: Self::Observation) -> f64;

    /// Adds observation `x` with responsibility `weight` to `stats`.
    /// `previous` is the component's current θₖ (used e.g. as a shift for a
    /// numerically stable variance).
    fn accumulate(
        stats: &mut Self::Stats,
        previous: &Self::Params,
        x: Self::Observation,
        weight: f64,
    );

    /// The weighted maximum-likelihood θₖ from the statistics, where
    /// `total_weight` = Nₖ = Σᵢ γᵢₖ > 0.
    fn estimate(
        &self,
        stats: &Self::Stats,
        total_weight: f64,
        previous: &Self::Params,
    ) -> Self::Params;

    /// One step of gradient ascent for comparison with EM: θₖ moved by
    /// `rate` × the gradient of Σᵢ γᵢₖ log f(xᵢ | θₖ) at θₖ = `params` (from
    /// statistics accumulated around `params` with total weight Nₖ), then
    /// projected back into the valid parameters.
    fn gradient_step(
        &self,
        params: &Self::Params,
        stats: &Self::Stats,
        total_weight: f64,
        rate: f64,
    ) -> Self::Params;

    /// Adjusts the M-step's components jointly, for families whose components
    /// share parameters (tied covariances); `totals` holds each Nₖ.
    fn finish_m_step(&self, _components: &mut [Self::Params], _totals: &[f64]) {}

    /// Adjusts a gradient step's components jointly (see [`finish_m_step`](Self::finish_m_step)),
    /// given the components before the step.
    fn finish_gradient_step(&self, _before: &[Self::Params], _after: &mut [Self::Params]) {}

    /// Whether two components are the same up to rounding. EM keeps identical
    /// components identical (it cannot break the symmetry), but their weights
    /// differ, so the arithmetic rounds differently in the last bits.
    fn nearly_equal(&self, a: &Self::Params, b: &Self::Params) -> bool;

    /// Whether θₖ sits on a numerical safeguard (e.g. the variance floor), which
    /// the page explains to the student.
    fn is_degenerate(&self, _params: &Self::Params) -> bool {
        false
    }
}
