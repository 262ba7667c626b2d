//! Passes that do two half-steps' work at once: the M-step's log L(θ⁽ⁱ⁺¹⁾)
//! with the next E-step, and a whole EM iteration that never stores the
//! responsibilities. Both share the E-step's block kernel (`algorithm.rs`).

use super::algorithm::{
    estimate_all, Block, EStepSummary, Evaluation, LogJoint, Responsibilities, Statistics, BLOCK,
};
use super::simd::{dispatch, Kernel, MulAdd};
use super::{ComponentFamily, MixtureParams};

/// [`evaluate`] at θ⁽ⁱ⁺¹⁾ and the next [`e_step`] at θ⁽ⁱ⁺¹⁾ in one pass: both
/// need ℓᵢₖ(θ⁽ⁱ⁺¹⁾). `responsibilities` are the γ⁽ⁱ⁾ the M-step used (for Q);
/// `next` receives γ⁽ⁱ⁺¹⁾, exactly as `e_step` would write them. log L(θ⁽ⁱ⁺¹⁾)
/// is the E-step's. The same pass gathers the next M-step's [`Statistics`]
/// of γ⁽ⁱ⁺¹⁾ around θ⁽ⁱ⁺¹⁾, adding in the order [`m_step`] does, so the
/// M-step from them is bit for bit `m_step`'s.
pub(crate) fn evaluate_then_e_step<F: ComponentFamily>(
    family: &F,
    params: &MixtureParams<F::Params>,
    data: &[F::Observation],
    responsibilities: &Responsibilities,
    next: &mut Responsibilities,
) -> (Evaluation, EStepSummary, Statistics<F>) {
    next.reshape(data.len(), params.len());
    dispatch(EvaluateThenEStep {
        family,
        params,
        data,
        responsibilities,
        next,
    })
}

struct EvaluateThenEStep<'a, F: ComponentFamily> {
    family: &'a F,
    params: &'a MixtureParams<F::Params>,
    data: &'a [F::Observation],
    responsibilities: &'a Responsibilities,
    next: &'a mut Responsibilities,
}

impl<F: ComponentFamily> Kernel for EvaluateThenEStep<'_, F> {
    type Output = (Evaluation, EStepSummary, Statistics<F>);

    #[inline(always)]
    fn run<A: MulAdd>(self) -> Self::Output {
        let k = self.params.len();
        let components = self.params.components();
        let log_joint = LogJoint::new(self.family, self.params);
        let mut block = Block::new();
        let mut summary = EStepSummary::zero();
        let mut statistics = Statistics::zero();
        let mut q = 0.0;
        let blocks = self
            .data
            .chunks(BLOCK)
            .zip(self.responsibilities.values.chunks(BLOCK * k))
            .zip(self.next.values.chunks_mut(BLOCK * k));
        for ((xs, previous_rows), rows) in blocks {
            log_joint.responsibilities::<A>(xs, &mut block, &mut summary);
            for (i, (previous, row)) in previous_rows
                .chunks_exact(k)
                .zip(rows.chunks_exact_mut(k))
                .enumerate()
            {
                for (j, &r) in previous.iter().enumerate() {
                    if r > 0.0 {
                        q += r * block.log_joint[j][i];
                    }
                }
                if block.sum[i] > 0.0 {
                    for (j, r) in row.iter_mut().enumerate() {
                        *r = block.scaled[j][i];
                    }
                } else {
                    row.copy_from_slice(self.params.weights());
                }
                for (j, &gamma) in row.iter().enumerate() {
                    statistics.add(j, &components[j], xs[i], gamma);
                }
            }
        }
        let summary = summary.finish();
        let evaluation = Evaluation {
            log_likelihood: summary.log_likelihood,
            q,
        };
        (evaluation, summary, statistics)
    }
}

/// One whole EM iteration, E-step then M-step, in a single pass over the data
/// that never stores the responsibilities: each block's γᵢₖ go straight into
/// the M-step's sufficient statistics. Returns what the E-step at θ measured
/// and θ⁽ⁱ⁺¹⁾; the same values as [`e_step`] then [`m_step`] up to rounding.
pub fn iterate<F: ComponentFamily>(
    family: &F,
    params: &MixtureParams<F::Params>,
    data: &[F::Observation],
) -> (EStepSummary, MixtureParams<F::Params>) {
    let (summary, statistics) = dispatch(FusedIteration {
        family,
        params,
        data,
    });
    (summary, estimate_all(family, params, &statistics))
}

struct FusedIteration<'a, F: ComponentFamily> {
    family: &'a F,
    params: &'a MixtureParams<F::Params>,
    data: &'a [F::Observation],
}

impl<F: ComponentFamily> Kernel for FusedIteration<'_, F> {
    type Output = (EStepSummary, Statistics<F>);

    #[inline(always)]
    fn run<A: MulAdd>(self) -> Self::Output {
        let k = self.params.len();
        let previous = self.params.components();
        let log_joint = LogJoint::new(self.family, self.params);
        let mut block = Block::new();
        let mut summary = EStepSummary::zero();
        let mut statistics = Statistics::zero();
        for xs in self.data.chunks(BLOCK) {
            log_joint.responsibilities::<A>(xs, &mut block, &mut summary);
            for (i, &x) in xs.iter().enumerate() {
                // An impossible observation counts with the prior weights, as in `e_step`.
                let weights = self.params.weights();
                for j in 0..k {
                    let gamma = if block.sum[i] > 0.0 {
                        block.scaled[j][i]
                    } else {
                        weights[j]
                    };
                    statistics.add(j, &previous[j], x, gamma);
                }
            }
        }
        (summary.finish(), statistics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::em::algorithm::tests::{seed_gaussian_data, seed_start};
    use crate::em::{e_step, m_step, Bernoulli, Gaussian};

    #[test]
    fn the_fused_iteration_agrees_with_an_e_step_then_an_m_step() {
        let data = seed_gaussian_data();
        let family = Gaussian::for_data(&data);
        let params = seed_start(&family);
        let mut responsibilities = Responsibilities::new();
        let summary = e_step(&family, &params, &data, &mut responsibilities);
        let next = m_step(&family, &params, &data, &responsibilities);
        let (fused_summary, fused_next) = iterate(&family, &params, &data);
        assert_eq!(fused_summary, summary);
        for (a, b) in fused_next.components().iter().zip(next.components()) {
            assert!((a.mean - b.mean).abs() < 1e-12 && (a.sigma - b.sigma).abs() < 1e-12);
        }
        for (a, b) in fused_next.weights().iter().zip(next.weights()) {
            assert!((a - b).abs() < 1e-15);
        }
        // With an impossible observation both count it with the prior weights.
        let coins = MixtureParams::new(&Bernoulli, vec![0.4, 0.6], vec![0.0, 0.0]).unwrap();
        let tosses = [1.0, 0.0, 1.0, 1.0];
        e_step(&Bernoulli, &coins, &tosses, &mut responsibilities);
        let next = m_step(&Bernoulli, &coins, &tosses, &responsibilities);
        let (summary, fused_next) = iterate(&Bernoulli, &coins, &tosses);
        assert_eq!(summary.log_likelihood, f64::NEG_INFINITY);
        assert_eq!(fused_next, next);
    }
}
