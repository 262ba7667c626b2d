//! The stepper: EM one half-step at a time, with the full history so the page
//! can step back, and `run` (the `fit` loop) as a plain loop over the half-steps.

use serde::Serialize;

use super::algorithm::{
    e_step, estimate_all, evaluate, sufficient_statistics, EStepSummary, Responsibilities,
    Statistics, VANISHED_WEIGHT,
};
use super::fused::evaluate_then_e_step;
use super::rules::{e_step_with_rule, joint_weights};
use super::{ComponentFamily, EStepRule, EmError, EmSettings, MixtureParams};

/// The half-step most recently taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Nothing yet: the starting parameters θ⁽⁰⁾.
    Init,
    /// An E-step: the responsibilities are those of the current θ⁽ⁱ⁾.
    E,
    /// An M-step: θ⁽ⁱ⁾ was just estimated from the previous responsibilities.
    M,
}

/// θ⁽ⁱ⁾ and what is known about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IterationRecord<P> {
    /// i, the number of M-steps taken to reach θ⁽ⁱ⁾.
    pub iteration: usize,
    /// θ⁽ⁱ⁾.
    pub params: MixtureParams<P>,
    /// log L(θ⁽ⁱ⁾); −∞ when an observation is impossible under θ⁽ⁱ⁾.
    pub log_likelihood: f64,
    /// Q(θ⁽ⁱ⁾, θ⁽ⁱ⁻¹⁾), the bound the M-step maximised (None for θ⁽⁰⁾).
    pub q_from_previous: Option<f64>,
}

/// A state of the fit that deserves an explanation on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Diagnostic {
    /// Two components have identical parameters: EM can never separate them.
    IdenticalComponents { first: usize, second: usize },
    /// A component's weight has fallen to about 0; its parameters are frozen.
    ComponentVanished { component: usize },
    /// A component sits on the family's safeguard (the variance floor).
    ComponentCollapsed { component: usize },
    /// Some observations are impossible under every component: log L = −∞.
    ImpossibleObservations,
    /// Every observation has the same value: every component collapses onto it.
    OneDistinctValue,
}

/// How a call to [`EmStepper::run_for`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RunOutcome {
    /// Full iterations performed by this call.
    pub iterations: usize,
    /// Whether the stepper has converged.
    pub converged: bool,
}

/// EM on one data set, one half-step at a time.
#[derive(Debug, Clone)]
pub struct EmStepper<F: ComponentFamily> {
    family: F,
    data: Vec<F::Observation>,
    settings: EmSettings,
    history: Vec<IterationRecord<F::Params>>,
    phase: Phase,
    responsibilities: Responsibilities,
    last_e_step: Option<EStepSummary>,
    /// The E-step at θ⁽ⁱ⁺¹⁾, computed by the M-step in the same pass as
    /// log L(θ⁽ⁱ⁺¹⁾) (EM's rule only), for the next `e_step` to take, with
    /// the next M-step's statistics of its responsibilities.
    prefetched: Option<(EStepSummary, Statistics<F>)>,
    /// The responsibilities of that E-step.
    prefetched_responsibilities: Responsibilities,
    /// The M-step's statistics of `responsibilities`, when the pass that
    /// wrote them gathered them (so the M-step need not read the data again).
    statistics: Option<Statistics<F>>,
    rule: EStepRule,
    /// Whether the weights are known constants that the M-step keeps.
    fixed_weights: bool,
    /// Whether all observations are equal (computed once).
    one_distinct_value: bool,
}

impl<F: ComponentFamily> EmStepper<F> {
    /// Validates the data (non-empty, every observation in the family's
    /// support, at least as many observations as components) and starts at θ⁽⁰⁾.
    pub fn new(
        family: F,
        data: Vec<F::Observation>,
        initial: MixtureParams<F::Params>,
        settings: EmSettings,
    ) -> Result<Self, EmError> {
        Self::validate_data(&family, &data)?;
        if initial.len() > data.len() {
            return Err(EmError::MoreComponentsThanData {
                components: initial.len(),
                observations: data.len(),
            });
        }
        let mut responsibilities = Responsibilities::new();
        let start = e_step(&family, &initial, &data, &mut responsibilities);
        Ok(EmStepper {
            family,
            settings,
            history: vec![IterationRecord {
                iteration: 0,
                params: initial,
                log_likelihood: start.log_likelihood,
                q_from_previous: None,
            }],
            phase: Phase::Init,
            responsibilities,
            last_e_step: None,
            prefetched: None,
            prefetched_responsibilities: Responsibilities::new(),
            statistics: None,
            rule: EStepRule::Posterior,
            fixed_weights: false,
            one_distinct_value: data.iter().all(|x| *x == data[0]),
            data,
        })
    }

    /// Holds the weights at θ⁽⁰⁾'s (known mixing proportions, as in Do &
    /// Batzoglou's two coins chosen with probability ½ each).
    pub fn with_fixed_weights(mut self) -> Self {
        self.fixed_weights = true;
        self
    }

    /// Whether the weights are held at θ⁽⁰⁾'s.
    pub fn fixed_weights(&self) -> bool {
        self.fixed_weights
    }

    /// Checks that `data` are non-empty and every observation is in the
    /// family's support (before a start is derived from them).
    pub fn validate_data(family: &F, data: &[F::Observation]) -> Result<(), EmError> {
        if data.is_empty() {
            return Err(EmError::EmptyData);
        }
        for (index, &x) in data.iter().enumerate() {
            family.validate_observation(index, x)?;
        }
        Ok(())
    }

    /// The E-step at the current θ⁽ⁱ⁾. Returns false (and does nothing) if the
    /// last half-step was already an E-step.
    pub fn e_step(&mut self) -> bool {
        if self.phase == Phase::E {
            return false;
        }
        if let Some((summary, statistics)) = self.prefetched.take() {
            std::mem::swap(
                &mut self.responsibilities,
                &mut self.prefetched_responsibilities,
            );
            self.statistics = Some(statistics);
            self.last_e_step = Some(summary);
            self.phase = Phase::E;
            return true;
        }
        let current = &self.history[self.history.len() - 1].params;
        self.statistics = None;
        self.last_e_step = Some(e_step_with_rule(
            self.rule,
            &self.family,
            current,
            &self.data,
            &mut self.responsibilities,
        ));
        self.phase = Phase::E;
        true
    }

    /// The M-step from the current responsibilities, recording θ⁽ⁱ⁺¹⁾ with
    /// log L(θ⁽ⁱ⁺¹⁾) and Q(θ⁽ⁱ⁺¹⁾, θ⁽ⁱ⁾). Returns false (and does nothing) unless
    /// the last half-step was an E-step.
    pub fn m_step(&mut self) -> bool {
        if self.phase != Phase::E || self.at_cap() {
            return false;
        }
        let gathered = self.statistics.take();
        let current = self.params();
        let statistics = gathered
            .unwrap_or_else(|| sufficient_statistics(current, &self.data, &self.responsibilities));
        let mut next = estimate_all(&self.family, current, &statistics);
        if self.fixed_weights {
            // Known weights: the M-step maximises Q over the components alone.
            next =
                MixtureParams::from_m_step(current.weights().to_vec(), next.components().to_vec());
        } else if self.rule == EStepRule::Joint {
            next = MixtureParams::from_m_step(
                joint_weights(&self.responsibilities),
                next.components().to_vec(),
            );
        }
        let evaluation = if self.rule == EStepRule::Posterior {
            let (evaluation, summary, statistics) = evaluate_then_e_step(
                &self.family,
                &next,
                &self.data,
                &self.responsibilities,
                &mut self.prefetched_responsibilities,
            );
            self.prefetched = Some((summary, statistics));
            evaluation
        } else {
            evaluate(&self.family, &next, &self.data, &self.responsibilities)
        };
        self.history.push(IterationRecord {
            iteration: self.history.len(),
            params: next,
            log_likelihood: evaluation.log_likelihood,
            q_from_previous: Some(evaluation.q),
        });
        self.phase = Phase::M;
        true
    }

    /// Completes one iteration: the E-step if it is due, then the M-step;
    /// nothing once the iteration cap is reached.
    pub fn step(&mut self) {
        if !self.at_cap() {
            self.e_step();
            self.m_step();
        }
    }

    /// Whether the iteration count has reached the settings' cap: no more
    /// M-steps (an E-step at θ⁽ᶜᵃᵖ⁾ is still allowed).
    pub fn at_cap(&self) -> bool {
        self.iteration() >= self.settings.max_iterations()
    }

    /// Iterates until converged, until the total iteration count reaches the
    /// settings' cap, or for at most `limit` iterations, whichever comes first.
    pub fn run_for(&mut self, limit: usize) -> RunOutcome {
        let mut iterations = 0;
        while iterations < limit && !self.converged() && !self.at_cap() {
            self.step();
            iterations += 1;
        }
        RunOutcome {
            iterations,
            converged: self.converged(),
        }
    }

    /// Iterates to convergence or the iteration cap (this is `fit`).
    pub fn run(&mut self) -> RunOutcome {
        self.run_for(usize::MAX)
    }

    /// Undoes the last half-step. Returns false at θ⁽⁰⁾ before any E-step.
    pub fn back(&mut self) -> bool {
        self.prefetched = None;
        self.statistics = None;
        match self.phase {
            Phase::Init => false,
            Phase::M => {
                // The responsibilities are still γ⁽ⁱ⁻¹⁾, the ones that M-step used.
                self.history.pop();
                self.phase = Phase::E;
                true
            }
            Phase::E => {
                if self.history.len() == 1 {
                    self.phase = Phase::Init;
                    self.last_e_step = None;
                } else {
                    // Back to just after the M-step that produced θ⁽ⁱ⁾: its
                    // responsibilities were γ⁽ⁱ⁻¹⁾, recomputed from θ⁽ⁱ⁻¹⁾.
                    let previous = &self.history[self.history.len() - 2].params;
                    self.last_e_step = Some(e_step_with_rule(
                        self.rule,
                        &self.family,
                        previous,
                        &self.data,
                        &mut self.responsibilities,
                    ));
                    self.phase = Phase::M;
                }
                true
            }
        }
    }

    /// Frees the E-step the last M-step prepared (N × K responsibilities) and
    /// the statistics gathered with it: for a fit kept aside, at half the
    /// memory. The next E-step computes them again, to the same numbers.
    pub fn drop_prefetched(&mut self) {
        self.prefetched = None;
        self.prefetched_responsibilities = Responsibilities::new();
    }

    /// Returns to θ⁽⁰⁾, forgetting every step.
    pub fn reset(&mut self) {
        self.prefetched = None;
        self.statistics = None;
        self.history.truncate(1);
        self.phase = Phase::Init;
        self.last_e_step = None;
    }

    /// Chooses how E-steps weigh the data (EM, hard EM, or the homework's
    /// mistake) and returns to θ⁽⁰⁾, since a fit under one rule is not a fit
    /// under another.
    pub fn set_rule(&mut self, rule: EStepRule) {
        self.rule = rule;
        self.reset();
    }

    /// The E-step rule in force.
    pub fn rule(&self) -> EStepRule {
        self.rule
    }

    /// Replaces the convergence settings, keeping the history.
    /// A cap below the current iteration steps back to θ⁽ᶜᵃᵖ⁾, just after its M-step.
    pub fn set_settings(&mut self, settings: EmSettings) {
        self.settings = settings;
        if self.iteration() > settings.max_iterations() {
            // As if just after an E-step at θ⁽ᶜᵃᵖ⁾, then back to after its M-step.
            self.history.truncate(settings.max_iterations() + 1);
            self.phase = Phase::E;
            self.back();
        }
    }

    /// The current parameters θ⁽ⁱ⁾.
    pub fn params(&self) -> &MixtureParams<F::Params> {
        &self.history[self.history.len() - 1].params
    }

    /// i, the number of M-steps taken.
    pub fn iteration(&self) -> usize {
        self.history.len() - 1
    }

    /// The half-step most recently taken.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// θ⁽⁰⁾ … θ⁽ⁱ⁾ with their log-likelihoods.
    pub fn history(&self) -> &[IterationRecord<F::Params>] {
        &self.history
    }

    /// log L(θ⁽ⁱ⁾).
    pub fn log_likelihood(&self) -> f64 {
        self.history[self.history.len() - 1].log_likelihood
    }

    /// The responsibilities from the last E-step, or None before the first.
    pub fn responsibilities(&self) -> Option<&Responsibilities> {
        self.last_e_step.map(|_| &self.responsibilities)
    }

    /// log L, Q and H measured by the last E-step, or None before the first.
    pub fn last_e_step(&self) -> Option<&EStepSummary> {
        self.last_e_step.as_ref()
    }

    /// The observations.
    pub fn data(&self) -> &[F::Observation] {
        &self.data
    }

    /// The component family (with its settings, e.g. the variance floor).
    pub fn family(&self) -> &F {
        &self.family
    }

    /// The convergence settings.
    pub fn settings(&self) -> &EmSettings {
        &self.settings
    }

    /// Whether the last iteration improved log L by less than the tolerance;
    /// not just after an E-step, whose M-step is still to come.
    pub fn converged(&self) -> bool {
        if self.phase == Phase::E {
            return false;
        }
        match self.history.as_slice() {
            [.., before, last] => {
                (last.log_likelihood - before.log_likelihood).abs() < self.settings.tolerance()
            }
            _ => false,
        }
    }

    /// Everything about the current state that the page should explain.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let params = self.params();
        let components = params.components();
        let mut found = Vec::new();
        if self.one_distinct_value {
            found.push(Diagnostic::OneDistinctValue);
        }
        for first in 0..components.len() {
            for second in first + 1..components.len() {
                if self
                    .family
                    .nearly_equal(&components[first], &components[second])
                {
                    found.push(Diagnostic::IdenticalComponents { first, second });
                }
            }
        }
        for (component, (weight, theta)) in params.weights().iter().zip(components).enumerate() {
            if *weight < VANISHED_WEIGHT {
                found.push(Diagnostic::ComponentVanished { component });
            } else if self.family.is_degenerate(theta) {
                found.push(Diagnostic::ComponentCollapsed { component });
            }
        }
        if self.log_likelihood() == f64::NEG_INFINITY {
            found.push(Diagnostic::ImpossibleObservations);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::em::algorithm::m_step;
    use crate::em::{gaussian_mixture, Gaussian};

    fn stepper(data: &[f64], cap: usize) -> EmStepper<Gaussian> {
        let family = Gaussian::for_data(data);
        let start = gaussian_mixture(&family, &[1.0, 1.0], &[2.0, 4.0], &[1.0, 1.0]).unwrap();
        let settings = EmSettings::new(1e-12, cap).unwrap();
        EmStepper::new(family, data.to_vec(), start, settings).unwrap()
    }

    #[test]
    fn the_e_step_the_m_step_prepared_is_the_one_an_e_step_computes() {
        let data: Vec<f64> = (0..300)
            .map(|i| f64::from(i % 17) * 0.4 + f64::from(i % 3))
            .collect();
        let mut fit = stepper(&data, 50);
        for _ in 0..4 {
            fit.step();
            // The M-step also evaluated log L(θ⁽ⁱ⁺¹⁾) and Q(θ⁽ⁱ⁺¹⁾, θ⁽ⁱ⁾) by hand's definition.
            let record = fit.history().last().unwrap().clone();
            let previous = &fit.history()[fit.history().len() - 2].params;
            let mut gamma = Responsibilities::new();
            e_step(fit.family(), previous, &data, &mut gamma);
            let reference = evaluate(fit.family(), &record.params, &data, &gamma);
            assert!((record.log_likelihood - reference.log_likelihood).abs() < 1e-9);
            assert!((record.q_from_previous.unwrap() - reference.q).abs() < 1e-9);
            // The next E-step takes what the M-step prepared: bit for bit a fresh E-step.
            fit.e_step();
            let mut fresh = Responsibilities::new();
            let summary = e_step(fit.family(), fit.params(), &data, &mut fresh);
            assert_eq!(fit.last_e_step(), Some(&summary));
            assert_eq!(fit.responsibilities(), Some(&fresh));
            // Back and forward again recomputes it and agrees.
            fit.back();
            fit.e_step();
            assert_eq!(fit.responsibilities(), Some(&fresh));
        }
    }

    #[test]
    fn the_m_step_from_the_statistics_the_e_step_gathered_is_bit_for_bit_a_fresh_m_step() {
        let data: Vec<f64> = (0..500)
            .map(|i| f64::from(i % 23) * 0.3 + f64::from(i % 5))
            .collect();
        let mut fit = stepper(&data, 50);
        for i in 0..6 {
            fit.e_step();
            // From the second iteration on the E-step is the one the M-step
            // prepared, statistics included.
            assert_eq!(fit.statistics.is_some(), i > 0);
            let fresh = m_step(fit.family(), fit.params(), &data, &fit.responsibilities);
            fit.m_step();
            assert_eq!(fit.params(), &fresh);
        }
        // Back over an M-step: its statistics are gone, the repeated M-step agrees.
        let before = fit.params().clone();
        fit.back();
        assert!(fit.statistics.is_none());
        fit.m_step();
        assert_eq!(fit.params(), &before);
    }

    #[test]
    fn a_fit_whose_prepared_e_step_was_dropped_steps_on_to_the_same_numbers() {
        let data: Vec<f64> = (0..400).map(|i| f64::from(i % 19) * 0.35).collect();
        let mut kept = stepper(&data, 50);
        kept.run_for(3);
        let mut dropped = kept.clone();
        dropped.drop_prefetched();
        assert!(dropped.prefetched.is_none());
        assert_eq!(dropped.prefetched_responsibilities.values.capacity(), 0);
        for _ in 0..3 {
            kept.step();
            dropped.step();
            assert_eq!(dropped.params(), kept.params());
            assert_eq!(dropped.responsibilities(), kept.responsibilities());
            assert_eq!(dropped.log_likelihood(), kept.log_likelihood());
        }
    }

    const DATA: [f64; 6] = [1.0, 1.5, 2.2, 3.9, 4.4, 5.0];

    #[test]
    fn no_half_step_passes_the_iteration_cap() {
        let mut fit = stepper(&DATA, 3);
        for _ in 0..5 {
            fit.step();
        }
        assert_eq!((fit.iteration(), fit.phase()), (3, Phase::M));
        // An E-step at θ⁽³⁾ is allowed; its M-step is not.
        assert!(fit.e_step());
        assert!(!fit.m_step());
        fit.step();
        assert_eq!((fit.iteration(), fit.phase()), (3, Phase::E));
        assert_eq!(fit.run_for(10).iterations, 0);
    }

    #[test]
    fn lowering_the_cap_steps_back_to_it() {
        let mut fit = stepper(&DATA, 10);
        fit.run_for(6);
        fit.e_step();
        let mut reference = stepper(&DATA, 10);
        reference.run_for(2);
        fit.set_settings(EmSettings::new(1e-12, 2).unwrap());
        assert_eq!((fit.iteration(), fit.phase()), (2, Phase::M));
        assert_eq!(fit.params(), reference.params());
        // The responsibilities are those the last M-step used, from θ⁽¹⁾.
        reference.back();
        reference.back();
        reference.e_step();
        let rows = |s: &EmStepper<Gaussian>| {
            s.responsibilities()
                .unwrap()
                .rows()
                .flatten()
                .copied()
                .collect::<Vec<_>>()
        };
        assert_eq!(rows(&fit), rows(&reference));
    }

    #[test]
    fn after_back_from_convergence_the_m_step_is_due_and_not_converged() {
        let mut fit = stepper(&DATA, 10_000);
        let settings = EmSettings::new(1e-3, 10_000).unwrap();
        fit.set_settings(settings);
        fit.run();
        assert!(fit.converged());
        fit.back();
        assert_eq!(fit.phase(), Phase::E);
        assert!(!fit.converged());
    }

    #[test]
    fn data_with_one_value_are_diagnosed() {
        let fit = stepper(&[5.0; 5], 10);
        assert!(fit.diagnostics().contains(&Diagnostic::OneDistinctValue));
        assert!(!stepper(&DATA, 10)
            .diagnostics()
            .contains(&Diagnostic::OneDistinctValue));
    }
}
