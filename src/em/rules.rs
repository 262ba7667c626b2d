//! Variants of the E-step for comparison with EM: hard EM, and the mistake
//! in the course homework's worked answer. EM itself is `EStepRule::Posterior`.

use serde::{Deserialize, Serialize};

use super::algorithm::{e_step, for_each_log_joint, EStepSummary, Responsibilities};
use super::{ComponentFamily, MixtureParams};

/// How the E-step turns θ into the weights the M-step uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EStepRule {
    /// EM: the posterior γᵢₖ = w_k f(xᵢ | θ_k) / Σⱼ wⱼ f(xᵢ | θⱼ).
    #[default]
    Posterior,
    /// Hard (classification) EM: γᵢₖ = 1 for the most likely component, else 0.
    Hard,
    /// The homework's mistake: the unnormalised joint w_k f(xᵢ | θ_k), with
    /// the weights then averaged over N as if it were a posterior.
    Joint,
}

impl EStepRule {
    /// Every rule.
    pub const ALL: [EStepRule; 3] = [EStepRule::Posterior, EStepRule::Hard, EStepRule::Joint];

    /// `posterior`, `hard` or `joint`, as the address and the API write it.
    pub fn name(self) -> &'static str {
        match self {
            EStepRule::Posterior => "posterior",
            EStepRule::Hard => "hard",
            EStepRule::Joint => "joint",
        }
    }

    /// Reads a [`name`](Self::name).
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|rule| rule.name() == name)
    }
}

/// The E-step under `rule`: EM's E-step (which also measures log L, Q and H
/// at θ), then, for the variants, the responsibilities replaced by the rule's.
pub(crate) fn e_step_with_rule<F: ComponentFamily>(
    rule: EStepRule,
    family: &F,
    params: &MixtureParams<F::Params>,
    data: &[F::Observation],
    responsibilities: &mut Responsibilities,
) -> EStepSummary {
    let summary = e_step(family, params, data, responsibilities);
    match rule {
        EStepRule::Posterior => {}
        // argmax_k γᵢₖ = argmax_k ℓᵢₖ; ties go to the first component.
        EStepRule::Hard => {
            for row in responsibilities.rows_mut() {
                let best = row
                    .iter()
                    .enumerate()
                    .fold(0, |best, (k, &r)| if r > row[best] { k } else { best });
                for (k, r) in row.iter_mut().enumerate() {
                    *r = if k == best { 1.0 } else { 0.0 };
                }
            }
        }
        // w_k f(xᵢ | θ_k) = exp ℓᵢₖ, not divided by Σⱼ exp ℓᵢⱼ.
        EStepRule::Joint => for_each_log_joint(family, params, data, responsibilities, |l| l.exp()),
    }
    summary
}

/// The weights the homework's M-step computes from the unnormalised joint:
/// π = (1/N) Σᵢ w₁f(xᵢ | θ₁) for the first component(s) and the rest of the
/// unit mass for the last, so that (π, 1 − π) is what it reports for coins.
pub(crate) fn joint_weights(responsibilities: &Responsibilities) -> Vec<f64> {
    let n = responsibilities.len().max(1) as f64;
    let k = responsibilities.components();
    let mut weights = vec![0.0; k];
    for row in responsibilities.rows() {
        for (w, r) in weights.iter_mut().zip(row) {
            *w += r / n;
        }
    }
    let leading: f64 = weights[..k - 1].iter().sum();
    if leading > 1.0 {
        for w in &mut weights[..k - 1] {
            *w /= leading;
        }
    }
    weights[k - 1] = (1.0 - weights[..k - 1].iter().sum::<f64>()).max(0.0);
    weights
}
