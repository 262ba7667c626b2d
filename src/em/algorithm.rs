//! The two half-steps of EM, shared by every component family.
//!
//! Notation (Li Hang, ch. 9): data x₁…x_N, K components with weights w_k and
//! parameters θ_k, log-joint ℓᵢₖ = log w_k + log f(xᵢ | θ_k), responsibilities
//! γᵢₖ = P(zᵢ = k | xᵢ, θ).

use serde::Serialize;

use super::exp::{exp_nonpositive_with, larger};
use super::ln::ln_positive;
use super::simd::{dispatch, Kernel, MulAdd, Separate};
use super::{ComponentFamily, MixtureParams, MAX_COMPONENTS};

/// A component whose weight falls below this keeps its previous parameters
/// (there is no data left to estimate them from) and is reported as vanished.
pub const VANISHED_WEIGHT: f64 = 1e-8;

/// The N × K matrix of responsibilities γᵢₖ, row-major (one row per observation).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Responsibilities {
    pub(super) values: Vec<f64>,
    components: usize,
}

impl Responsibilities {
    /// An empty matrix; the E-step sizes it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Resizes for `rows` × `components`, reusing the allocation when it fits.
    pub(super) fn reshape(&mut self, rows: usize, components: usize) {
        self.components = components;
        self.values.resize(rows * components, 0.0);
    }

    /// γᵢ·, the posterior over components for observation `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.values[i * self.components..(i + 1) * self.components]
    }

    /// All rows in observation order.
    pub fn rows(&self) -> std::slice::ChunksExact<'_, f64> {
        self.values.chunks_exact(self.components.max(1))
    }

    /// The first `rows` rows (all if fewer), one after another.
    pub fn first_rows(&self, rows: usize) -> &[f64] {
        &self.values[..rows.saturating_mul(self.components).min(self.values.len())]
    }

    /// All rows, to rewrite them (for the E-step variants).
    pub(crate) fn rows_mut(&mut self) -> std::slice::ChunksExactMut<'_, f64> {
        self.values.chunks_exact_mut(self.components.max(1))
    }

    /// The number of observations N.
    pub fn len(&self) -> usize {
        self.values.len().checked_div(self.components).unwrap_or(0)
    }

    /// Whether the matrix has no rows (before the first E-step).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The number of components K.
    pub fn components(&self) -> usize {
        self.components
    }
}

/// What an E-step at θ⁽ⁱ⁾ measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EStepSummary {
    /// log L(θ⁽ⁱ⁾) = Σᵢ log Σ_k w_k f(xᵢ | θ_k); −∞ if an observation is impossible.
    pub log_likelihood: f64,
    /// Q(θ⁽ⁱ⁾, θ⁽ⁱ⁾) = Σᵢ Σ_k γᵢₖ ℓᵢₖ, the expected complete-data log-likelihood.
    pub q: f64,
    /// H = −Σᵢ Σ_k γᵢₖ log γᵢₖ, the entropy of the responsibilities;
    /// log L = Q + H at the E-step.
    pub entropy: f64,
    /// Observations with zero probability under every component.
    pub impossible_observations: usize,
}

/// log L at new parameters θ⁽ⁱ⁺¹⁾, and the bound EM climbed to reach them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Evaluation {
    /// log L(θ⁽ⁱ⁺¹⁾).
    pub log_likelihood: f64,
    /// Q(θ⁽ⁱ⁺¹⁾, θ⁽ⁱ⁾) = Σᵢ Σ_k γᵢₖ⁽ⁱ⁾ (log w_k⁽ⁱ⁺¹⁾ + log f(xᵢ | θ_k⁽ⁱ⁺¹⁾)).
    pub q: f64,
}

/// Observations processed together: the loops over one block and one
/// component have no branches or library calls, so LLVM vectorises them.
pub(super) const BLOCK: usize = 64;

/// Scratch space for one block, on the stack.
pub(super) struct Block {
    /// ℓᵢₖ = log w_k + log f(xᵢ | θ_k), by component then row.
    pub(super) log_joint: [[f64; BLOCK]; MAX_COMPONENTS],
    /// exp(ℓᵢₖ − mᵢ).
    pub(super) scaled: [[f64; BLOCK]; MAX_COMPONENTS],
    /// mᵢ = max_k ℓᵢₖ.
    pub(super) max: [f64; BLOCK],
    /// Σ_k exp(ℓᵢₖ − mᵢ); 0 when every ℓᵢₖ = −∞.
    pub(super) sum: [f64; BLOCK],
    /// 1 / sum, or 0 for an impossible row.
    inverse: [f64; BLOCK],
}

impl Block {
    pub(super) fn new() -> Self {
        Block {
            log_joint: [[0.0; BLOCK]; MAX_COMPONENTS],
            scaled: [[0.0; BLOCK]; MAX_COMPONENTS],
            max: [0.0; BLOCK],
            sum: [0.0; BLOCK],
            inverse: [0.0; BLOCK],
        }
    }
}

/// Per-component log weights and prepared constants, on the stack.
pub(super) struct LogJoint<F: ComponentFamily> {
    log_weights: [f64; MAX_COMPONENTS],
    prepared: [F::Prepared; MAX_COMPONENTS],
    components: usize,
}

impl<F: ComponentFamily> LogJoint<F> {
    pub(super) fn new(family: &F, params: &MixtureParams<F::Params>) -> Self {
        let mut log_weights = [0.0; MAX_COMPONENTS];
        let mut prepared = [F::Prepared::default(); MAX_COMPONENTS];
        for (k, (w, theta)) in params.weights().iter().zip(params.components()).enumerate() {
            log_weights[k] = w.ln();
            prepared[k] = family.prepare(theta);
        }
        LogJoint {
            log_weights,
            prepared,
            components: params.len(),
        }
    }

    /// Fills the block for observations `xs` (at most [`BLOCK`]): ℓ, m, the
    /// scaled terms exp(ℓ − m) and their sums (log-sum-exp, vectorised).
    #[inline(always)]
    fn fill<A: MulAdd>(&self, xs: &[F::Observation], block: &mut Block) {
        let n = xs.len();
        let k = self.components;
        block.max[..n].fill(f64::NEG_INFINITY);
        for (joint, (log_weight, prepared)) in block.log_joint[..k]
            .iter_mut()
            .zip(self.log_weights.iter().zip(&self.prepared))
        {
            for (l, &x) in joint[..n].iter_mut().zip(xs) {
                *l = log_weight + F::log_density(prepared, x);
            }
            for (m, &l) in block.max[..n].iter_mut().zip(&joint[..n]) {
                *m = larger(*m, l);
            }
        }
        // A row where every ℓ = −∞ gets m = 0 here, so its terms are exp(−∞) = 0.
        for m in &mut block.max[..n] {
            *m = if *m == f64::NEG_INFINITY { 0.0 } else { *m };
        }
        block.sum[..n].fill(0.0);
        for (scaled, joint) in block.scaled[..k].iter_mut().zip(&block.log_joint[..k]) {
            for (((e, &l), &m), s) in scaled[..n]
                .iter_mut()
                .zip(&joint[..n])
                .zip(&block.max[..n])
                .zip(&mut block.sum[..n])
            {
                *e = exp_nonpositive_with::<A>(l - m);
                *s += *e;
            }
        }
    }

    /// Fills the block and turns its scaled terms into responsibilities
    /// γᵢₖ = exp(ℓᵢₖ − mᵢ) / sᵢ, adding the block's log L, Q and H to `summary`.
    #[inline(always)]
    pub(super) fn responsibilities<A: MulAdd>(
        &self,
        xs: &[F::Observation],
        block: &mut Block,
        summary: &mut EStepSummary,
    ) {
        let n = xs.len();
        self.fill::<A>(xs, block);
        // log Σ_k exp ℓᵢₖ = mᵢ + log sᵢ with sᵢ = Σ_k exp(ℓᵢₖ − mᵢ) ∈ [1, K]: the
        // product of a block's sᵢ stays below 8⁶⁴, so one logarithm serves them all.
        let (mut sum_of_max, mut product_of_sums) = (0.0, 1.0);
        for (&m, &s) in block.max[..n].iter().zip(&block.sum[..n]) {
            if s > 0.0 {
                sum_of_max += m;
                product_of_sums *= s;
            } else {
                summary.impossible_observations += 1;
            }
        }
        let sum_of_logs = ln_positive(product_of_sums);
        summary.log_likelihood += sum_of_max + sum_of_logs;
        for (inverse, &s) in block.inverse[..n].iter_mut().zip(&block.sum[..n]) {
            *inverse = if s > 0.0 { 1.0 / s } else { 0.0 };
        }
        // γᵢₖ = exp(ℓᵢₖ − mᵢ) / sᵢ, in place of the scaled terms; per row
        // Q += Σ_k γ ℓ and Σ_k γ (ℓ − m), from which H = −Σ γ log γ
        // = −Σ γ (ℓ − m) + Σᵢ log sᵢ since log γ = ℓ − m − log s and Σ_k γ = 1.
        let (mut row_q, mut row_h) = ([0.0; BLOCK], [0.0; BLOCK]);
        for (scaled, joint) in block.scaled[..self.components]
            .iter_mut()
            .zip(&block.log_joint[..self.components])
        {
            let rows_of_block = scaled[..n]
                .iter_mut()
                .zip(&joint[..n])
                .zip(block.inverse[..n].iter().zip(&block.max[..n]))
                .zip(row_q[..n].iter_mut().zip(&mut row_h[..n]));
            for (((gamma, &l), (&inverse, &m)), (q, h)) in rows_of_block {
                let r = *gamma * inverse;
                *gamma = r;
                *q += if r > 0.0 { r * l } else { 0.0 };
                *h += if r > 0.0 { r * (l - m) } else { 0.0 };
            }
        }
        summary.q += row_q[..n].iter().sum::<f64>();
        summary.entropy += sum_of_logs - row_h[..n].iter().sum::<f64>();
    }
}

impl EStepSummary {
    pub(super) fn zero() -> Self {
        EStepSummary {
            log_likelihood: 0.0,
            q: 0.0,
            entropy: 0.0,
            impossible_observations: 0,
        }
    }

    /// log L = −∞ once an observation is impossible under every component.
    pub(super) fn finish(mut self) -> Self {
        if self.impossible_observations > 0 {
            self.log_likelihood = f64::NEG_INFINITY;
        }
        self
    }
}

/// E-step: γᵢₖ = w_k f(xᵢ | θ_k) / Σⱼ wⱼ f(xᵢ | θⱼ), computed in log space as
/// γᵢₖ = exp(ℓᵢₖ − m − log Σⱼ exp(ℓᵢⱼ − m)) with m = maxⱼ ℓᵢⱼ (log-sum-exp),
/// so nothing underflows however far θ is from the data.
///
/// Writes into `responsibilities`, reusing its allocation: in steady state
/// the E-step allocates nothing. An observation impossible under every
/// component (all ℓᵢₖ = −∞) has no posterior; its row is set to the prior
/// weights and log L becomes −∞.
pub fn e_step<F: ComponentFamily>(
    family: &F,
    params: &MixtureParams<F::Params>,
    data: &[F::Observation],
    responsibilities: &mut Responsibilities,
) -> EStepSummary {
    responsibilities.reshape(data.len(), params.len());
    dispatch(EStep {
        family,
        params,
        data,
        responsibilities,
    })
}

struct EStep<'a, F: ComponentFamily> {
    family: &'a F,
    params: &'a MixtureParams<F::Params>,
    data: &'a [F::Observation],
    responsibilities: &'a mut Responsibilities,
}

impl<F: ComponentFamily> Kernel for EStep<'_, F> {
    type Output = EStepSummary;

    #[inline(always)]
    fn run<A: MulAdd>(self) -> EStepSummary {
        let k = self.params.len();
        let log_joint = LogJoint::new(self.family, self.params);
        let mut block = Block::new();
        let mut summary = EStepSummary::zero();
        for (xs, rows) in self
            .data
            .chunks(BLOCK)
            .zip(self.responsibilities.values.chunks_mut(BLOCK * k))
        {
            log_joint.responsibilities::<A>(xs, &mut block, &mut summary);
            for (i, row) in rows.chunks_exact_mut(k).enumerate() {
                if block.sum[i] > 0.0 {
                    for (j, r) in row.iter_mut().enumerate() {
                        *r = block.scaled[j][i];
                    }
                } else {
                    row.copy_from_slice(self.params.weights());
                }
            }
        }
        summary.finish()
    }
}

/// Writes `transform(ℓᵢₖ)` into every responsibility (already sized by an
/// E-step), with ℓᵢₖ = log w_k + log f(xᵢ | θ_k).
pub(crate) fn for_each_log_joint<F: ComponentFamily>(
    family: &F,
    params: &MixtureParams<F::Params>,
    data: &[F::Observation],
    responsibilities: &mut Responsibilities,
    transform: impl Fn(f64) -> f64,
) {
    let k = params.len();
    let log_joint = LogJoint::new(family, params);
    let mut block = Block::new();
    for (xs, rows) in data
        .chunks(BLOCK)
        .zip(responsibilities.values.chunks_mut(BLOCK * k))
    {
        log_joint.fill::<Separate>(xs, &mut block);
        for (i, row) in rows.chunks_exact_mut(k).enumerate() {
            for (j, r) in row.iter_mut().enumerate() {
                *r = transform(block.log_joint[j][i]);
            }
        }
    }
}

/// M-step: with N_k = Σᵢ γᵢₖ,
/// w_k = N_k / N and θ_k = the weighted maximum-likelihood estimate
/// (see each family's `estimate`), all from one pass over the data.
/// A component with w_k < [`VANISHED_WEIGHT`] keeps its previous θ_k.
pub fn m_step<F: ComponentFamily>(
    family: &F,
    params: &MixtureParams<F::Params>,
    data: &[F::Observation],
    responsibilities: &Responsibilities,
) -> MixtureParams<F::Params> {
    estimate_all(
        family,
        params,
        &sufficient_statistics(params, data, responsibilities),
    )
}

/// θ⁽ⁱ⁺¹⁾ from each component's N_k and statistics (accumulated around θ_k).
pub(super) fn estimate_all<F: ComponentFamily>(
    family: &F,
    params: &MixtureParams<F::Params>,
    Statistics { totals, stats }: &Statistics<F>,
) -> MixtureParams<F::Params> {
    let k = params.len();
    let previous = params.components();
    // Σ_k N_k = N up to rounding; dividing by the sum keeps Σ w_k = 1 exactly.
    let grand_total: f64 = totals[..k].iter().sum();
    let weights: Vec<f64> = totals[..k].iter().map(|t| t / grand_total).collect();
    let mut components: Vec<F::Params> = (0..k)
        .map(|j| {
            if weights[j] < VANISHED_WEIGHT {
                previous[j].clone()
            } else {
                family.estimate(&stats[j], totals[j], &previous[j])
            }
        })
        .collect();
    family.finish_m_step(&mut components, &totals[..k]);
    MixtureParams::from_m_step(weights, components)
}

/// N_k = Σᵢ γᵢₖ and each component's weighted statistics, accumulated
/// around its θ_k: all the M-step needs of the data and responsibilities.
#[derive(Clone)]
pub(crate) struct Statistics<F: ComponentFamily> {
    pub(crate) totals: [f64; MAX_COMPONENTS],
    pub(crate) stats: [F::Stats; MAX_COMPONENTS],
}

impl<F: ComponentFamily> Statistics<F> {
    pub(crate) fn zero() -> Self {
        Statistics {
            totals: [0.0; MAX_COMPONENTS],
            stats: [F::Stats::default(); MAX_COMPONENTS],
        }
    }

    /// Adds observation x with responsibility γ to component j's (around θ_j).
    #[inline(always)]
    pub(crate) fn add(&mut self, j: usize, previous: &F::Params, x: F::Observation, gamma: f64) {
        self.totals[j] += gamma;
        F::accumulate(&mut self.stats[j], previous, x, gamma);
    }
}

impl<F: ComponentFamily> std::fmt::Debug for Statistics<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Statistics")
            .field("totals", &self.totals)
            .finish_non_exhaustive()
    }
}

/// The [`Statistics`] of `responsibilities` around each θ_k of `params`, in
/// one pass over the data.
pub(crate) fn sufficient_statistics<F: ComponentFamily>(
    params: &MixtureParams<F::Params>,
    data: &[F::Observation],
    responsibilities: &Responsibilities,
) -> Statistics<F> {
    let k = params.len();
    let previous = params.components();
    let mut statistics = Statistics::zero();
    for (&x, row) in data.iter().zip(responsibilities.rows()) {
        for j in 0..k {
            statistics.add(j, &previous[j], x, row[j]);
        }
    }
    statistics
}

/// The mixture's log density log f(x) = log Σ_k w_k f(x | θ_k) at each of
/// `xs`, appended to `out`, by the E-step's vectorised log-sum-exp (−∞ where
/// every component's density is 0): for drawing the density on a grid.
pub fn log_mixture_density<F: ComponentFamily>(
    family: &F,
    params: &MixtureParams<F::Params>,
    xs: &[F::Observation],
    out: &mut Vec<f64>,
) {
    let log_joint = LogJoint::new(family, params);
    let mut block = Block::new();
    for chunk in xs.chunks(BLOCK) {
        log_joint.fill::<Separate>(chunk, &mut block);
        out.extend((0..chunk.len()).map(|i| {
            if block.sum[i] > 0.0 {
                block.max[i] + ln_positive(block.sum[i])
            } else {
                f64::NEG_INFINITY
            }
        }));
    }
}

/// log L(θ⁽ⁱ⁺¹⁾) and Q(θ⁽ⁱ⁺¹⁾, θ⁽ⁱ⁾) in one pass, where `responsibilities`
/// are the γ⁽ⁱ⁾ the M-step used. By Jensen's inequality
/// log L(θ⁽ⁱ⁺¹⁾) ≥ Q(θ⁽ⁱ⁺¹⁾, θ⁽ⁱ⁾) + H(γ⁽ⁱ⁾) ≥ log L(θ⁽ⁱ⁾).
pub fn evaluate<F: ComponentFamily>(
    family: &F,
    params: &MixtureParams<F::Params>,
    data: &[F::Observation],
    responsibilities: &Responsibilities,
) -> Evaluation {
    dispatch(Evaluate {
        family,
        params,
        data,
        counts: None,
        responsibilities,
    })
}

/// [`evaluate`] for distinct observations that occur `counts[i]` times each:
/// log L = Σᵢ nᵢ log Σ_k w_k f(xᵢ | θ_k) and Q = Σᵢ nᵢ Σ_k γᵢₖ ℓᵢₖ, with
/// `responsibilities` one row per distinct observation.
pub fn evaluate_counted<F: ComponentFamily>(
    family: &F,
    params: &MixtureParams<F::Params>,
    data: &[F::Observation],
    counts: &[f64],
    responsibilities: &Responsibilities,
) -> Evaluation {
    dispatch(Evaluate {
        family,
        params,
        data,
        counts: Some(counts),
        responsibilities,
    })
}

struct Evaluate<'a, F: ComponentFamily> {
    family: &'a F,
    params: &'a MixtureParams<F::Params>,
    data: &'a [F::Observation],
    counts: Option<&'a [f64]>,
    responsibilities: &'a Responsibilities,
}

impl<F: ComponentFamily> Kernel for Evaluate<'_, F> {
    type Output = Evaluation;

    #[inline(always)]
    fn run<A: MulAdd>(self) -> Evaluation {
        let log_joint = LogJoint::new(self.family, self.params);
        let mut block = Block::new();
        let mut evaluation = Evaluation {
            log_likelihood: 0.0,
            q: 0.0,
        };
        let k = self.params.len();
        for (b, (xs, rows)) in self
            .data
            .chunks(BLOCK)
            .zip(self.responsibilities.values.chunks(BLOCK * k))
            .enumerate()
        {
            log_joint.fill::<A>(xs, &mut block);
            for (i, row) in rows.chunks_exact(k).enumerate() {
                let count = self.counts.map_or(1.0, |counts| counts[b * BLOCK + i]);
                evaluation.log_likelihood += if block.sum[i] == 0.0 {
                    f64::NEG_INFINITY
                } else {
                    count * (block.max[i] + ln_positive(block.sum[i]))
                };
                for (j, &r) in row.iter().enumerate() {
                    if r > 0.0 {
                        evaluation.q += count * r * block.log_joint[j][i];
                    }
                }
            }
        }
        evaluation
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::em::{Bernoulli, Gaussian, GaussianParams};

    #[test]
    fn the_log_mixture_density_is_log_of_the_weighted_densities() {
        let family = Gaussian::for_data(&[0.0, 1.0]);
        let components = vec![
            GaussianParams {
                mean: 0.0,
                sigma: 1.0,
            },
            GaussianParams {
                mean: 3.0,
                sigma: 0.5,
            },
        ];
        let params = MixtureParams::new(&family, vec![0.25, 0.75], components).unwrap();
        let xs: Vec<f64> = (0..100).map(|i| -2.0 + 0.07 * f64::from(i)).collect();
        let mut out = Vec::new();
        log_mixture_density(&family, &params, &xs, &mut out);
        assert_eq!(out.len(), 100);
        let normal = |x: f64, m: f64, s: f64| {
            (-0.5 * ((x - m) / s).powi(2)).exp() / (s * (2.0 * std::f64::consts::PI).sqrt())
        };
        for (&x, &log_f) in xs.iter().zip(&out) {
            let expected = (0.25 * normal(x, 0.0, 1.0) + 0.75 * normal(x, 3.0, 0.5)).ln();
            assert!(
                (log_f - expected).abs() < 1e-12,
                "at {x}: {log_f} vs {expected}"
            );
        }
    }

    /// A start for them: weights 0.3, 0.7, N(−50, 10²) and N(30, 20²).
    pub(crate) fn seed_start(family: &Gaussian) -> MixtureParams<GaussianParams> {
        let components = vec![
            GaussianParams {
                mean: -50.0,
                sigma: 10.0,
            },
            GaussianParams {
                mean: 30.0,
                sigma: 20.0,
            },
        ];
        MixtureParams::new(family, vec![0.3, 0.7], components).unwrap()
    }

    /// The seed homework's 15 observations, for the engine's tests.
    pub(crate) fn seed_gaussian_data() -> Vec<f64> {
        vec![
            -67.0, -48.0, 6.0, 8.0, 14.0, 16.0, 23.0, 24.0, 28.0, 29.0, 41.0, 49.0, 56.0, 60.0,
            75.0,
        ]
    }

    #[test]
    fn a_start_far_from_the_data_gives_finite_responsibilities() {
        // Both components at N(0, 1) on data from −67 to 75: exp(ℓ) underflows to
        // 0 for every component (mixem 0.1.4 returns NaN here).
        let data = seed_gaussian_data();
        let family = Gaussian::for_data(&data);
        let params = MixtureParams::new(
            &family,
            vec![0.5, 0.5],
            vec![
                GaussianParams {
                    mean: 0.0,
                    sigma: 1.0
                };
                2
            ],
        )
        .unwrap();
        let mut responsibilities = Responsibilities::new();
        let summary = e_step(&family, &params, &data, &mut responsibilities);
        assert!(summary.log_likelihood.is_finite());
        for row in responsibilities.rows() {
            assert_eq!(row, &[0.5, 0.5]);
        }
    }

    #[test]
    fn log_likelihood_is_q_plus_entropy_at_the_e_step() {
        let data = seed_gaussian_data();
        let family = Gaussian::for_data(&data);
        let params = seed_start(&family);
        let mut responsibilities = Responsibilities::new();
        let summary = e_step(&family, &params, &data, &mut responsibilities);
        assert!((summary.log_likelihood - (summary.q + summary.entropy)).abs() < 1e-9);
        assert!(summary.entropy > 0.0);
        // Q(θ, θ) evaluated separately agrees with the E-step's.
        let evaluation = evaluate(&family, &params, &data, &responsibilities);
        assert!((evaluation.q - summary.q).abs() < 1e-9);
        assert!((evaluation.log_likelihood - summary.log_likelihood).abs() < 1e-9);
    }

    #[test]
    fn an_impossible_observation_gives_minus_infinity_not_nan() {
        // Both coins always land tails, but a head was observed.
        let params = MixtureParams::new(&Bernoulli, vec![0.5, 0.5], vec![0.0, 0.0]).unwrap();
        let mut responsibilities = Responsibilities::new();
        let summary = e_step(&Bernoulli, &params, &[1.0, 0.0], &mut responsibilities);
        assert_eq!(summary.log_likelihood, f64::NEG_INFINITY);
        assert_eq!(summary.impossible_observations, 1);
        assert_eq!(responsibilities.row(0), &[0.5, 0.5]);
        let next = m_step(&Bernoulli, &params, &[1.0, 0.0], &responsibilities);
        assert!(next.components().iter().all(|p| p.is_finite()));
    }

    #[test]
    fn a_component_with_zero_weight_keeps_its_parameters() {
        let params = MixtureParams::new(&Bernoulli, vec![0.0, 1.0], vec![0.9, 0.4]).unwrap();
        let data = [1.0, 0.0, 1.0];
        let mut responsibilities = Responsibilities::new();
        e_step(&Bernoulli, &params, &data, &mut responsibilities);
        let next = m_step(&Bernoulli, &params, &data, &responsibilities);
        assert_eq!(next.weights(), &[0.0, 1.0]);
        assert_eq!(next.components()[0], 0.9);
        assert!((next.components()[1] - 2.0 / 3.0).abs() < 1e-15);
    }
}
