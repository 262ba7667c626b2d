//! Goal exercises: a task about where EM goes, checked by the engine after
//! every change. Each is named as `exercise=` names it.

use serde::Serialize;

use crate::em::Diagnostic;
use crate::session::{ParamsView, Session, SessionError, StateView};

/// The iterations a reference run may take (the iteration cap applies too)…
const REFERENCE_ITERATIONS: usize = 100_000;
/// …and iterations × observations at most, so that setting a goal on large
/// data takes a fraction of a second (the run then stops short of convergence).
const REFERENCE_WORK: usize = 20_000_000;

/// Two log-likelihoods at convergence this far apart (relative to 1 + |log L|)
/// are different maxima; closer ones are the same maximum, perhaps with its
/// components relabelled.
const DIFFERENT_OPTIMUM: f64 = 1e-4;

/// log L within this of EM's (relative to 1 + |log L|) counts as reached.
const REACHED: f64 = 1e-6;

/// Which goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoalKind {
    /// Find a start from which EM converges to another local maximum than the first start's.
    OtherOptimum,
    /// Find a start from which EM never separates the components.
    Saddle,
    /// Make a component collapse onto a single point (Gaussian models).
    Collapse,
    /// Choose a gradient-ascent step size that reaches EM's log L in fewer iterations.
    BeatAscent,
}

impl GoalKind {
    const ALL: [GoalKind; 4] = [
        GoalKind::OtherOptimum,
        GoalKind::Saddle,
        GoalKind::Collapse,
        GoalKind::BeatAscent,
    ];

    /// The name `exercise=` uses.
    pub fn name(self) -> &'static str {
        match self {
            GoalKind::OtherOptimum => "other-optimum",
            GoalKind::Saddle => "saddle",
            GoalKind::Collapse => "collapse",
            GoalKind::BeatAscent => "beat-ascent",
        }
    }

    /// The goal `name` names; an unknown name says which there are.
    pub fn parse(name: &str) -> Result<GoalKind, SessionError> {
        GoalKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name.trim())
            .ok_or_else(|| SessionError::UnknownExercise(crate::i18n::excerpt(name)))
    }
}

/// The first start's maximum, for [`GoalKind::OtherOptimum`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Optimum {
    pub log_likelihood: f64,
    pub params: ParamsView,
}

/// A goal and whether it has been reached.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    kind: GoalKind,
    first: Option<Optimum>,
    solved: bool,
}

/// A goal as `state().exercise` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GoalView {
    pub kind: GoalKind,
    pub solved: bool,
    /// The first start's maximum, for `other-optimum`.
    pub first_optimum: Option<Optimum>,
}

impl Goal {
    /// The goal for `session` as it is now (its start is "the first start").
    /// A collapse needs a model with a variance floor (the Gaussian ones).
    pub fn new(kind: GoalKind, session: &Session) -> Result<Goal, SessionError> {
        let state = session.state_rows(0);
        if kind == GoalKind::Collapse
            && !matches!(
                state.params,
                ParamsView::Gaussian { .. } | ParamsView::Gaussian2 { .. }
            )
        {
            return Err(SessionError::ExerciseNotForModel(kind.name()));
        }
        let first = (kind == GoalKind::OtherOptimum).then(|| {
            let mut reference = session.clone();
            reference.reset();
            reference
                .run_for((REFERENCE_WORK / session.len().max(1)).clamp(10, REFERENCE_ITERATIONS));
            let end = reference.state_rows(0);
            Optimum {
                log_likelihood: end.log_likelihood.unwrap_or(f64::NEG_INFINITY),
                params: end.params,
            }
        });
        Ok(Goal {
            kind,
            first,
            solved: false,
        })
    }

    /// Checks the session; once reached, a goal stays solved.
    pub fn view(&mut self, session: &Session) -> GoalView {
        if !self.solved {
            self.solved = self.reached(&session.state_rows(0));
        }
        GoalView {
            kind: self.kind,
            solved: self.solved,
            first_optimum: self.first.clone(),
        }
    }

    fn reached(&self, state: &StateView) -> bool {
        match self.kind {
            GoalKind::OtherOptimum => {
                let (Some(first), Some(now)) = (&self.first, state.log_likelihood) else {
                    return false;
                };
                state.converged
                    && first.log_likelihood.is_finite()
                    && (now - first.log_likelihood).abs()
                        > DIFFERENT_OPTIMUM * (1.0 + first.log_likelihood.abs())
            }
            // EM has stopped with two components still the same.
            GoalKind::Saddle => {
                state.converged
                    && state
                        .diagnostics
                        .iter()
                        .any(|d| matches!(d, Diagnostic::IdenticalComponents { .. }))
            }
            GoalKind::Collapse => state
                .diagnostics
                .iter()
                .any(|d| matches!(d, Diagnostic::ComponentCollapsed { .. })),
            // Gradient ascent beside EM came within REACHED of EM's converged
            // log L at an earlier iteration than EM itself did.
            GoalKind::BeatAscent => {
                let (Some(ascent), Some(target)) = (&state.ascent, state.log_likelihood) else {
                    return false;
                };
                let reached = target - REACHED * (1.0 + target.abs());
                let at_target = |l: &Option<f64>| l.is_some_and(|l| l >= reached);
                let em = state
                    .history
                    .iter()
                    .position(|h| at_target(&h.log_likelihood));
                let by_ascent = ascent.log_likelihoods.iter().position(at_target);
                state.converged && matches!((by_ascent, em), (Some(a), Some(e)) if a < e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets::{old_faithful_eruptions, COIN_TOSSES};
    use crate::em::{EmSettings, ThreeCoins};
    use crate::models::GaussianStart;
    use crate::random::SplitMix64;

    fn gaussians(data: &[f64], weights: [f64; 2], means: [f64; 2], sigmas: [f64; 2]) -> Session {
        let start = GaussianStart {
            weights: weights.to_vec(),
            means: means.to_vec(),
            sigmas: sigmas.to_vec(),
        };
        Session::new(data.to_vec(), &start, EmSettings::default()).unwrap()
    }

    fn converged(mut session: Session) -> Session {
        session.run_for(REFERENCE_ITERATIONS);
        session
    }

    #[test]
    fn another_start_finds_another_maximum_and_the_same_one_does_not_count() {
        // Three groups: EM from the left puts the middle group with the right
        // one, from the right with the left one.
        let data = [0.0, 0.1, 0.2, 0.3, 5.0, 5.1, 5.2, 10.0, 10.1];
        let first = gaussians(&data, [0.5, 0.5], [0.15, 7.5], [1.0, 1.0]);
        let mut goal = Goal::new(GoalKind::OtherOptimum, &first).unwrap();
        assert!(!goal.view(&converged(first.clone())).solved);
        // The same start with the components swapped reaches the same maximum.
        let swapped = gaussians(&data, [0.5, 0.5], [7.5, 0.15], [1.0, 1.0]);
        assert!(!goal.view(&converged(swapped)).solved);
        let other = converged(gaussians(&data, [0.5, 0.5], [2.5, 10.05], [1.0, 1.0]));
        let view = goal.view(&other);
        assert!(view.solved);
        assert!(
            view.first_optimum.unwrap().log_likelihood
                > other.state_rows(0).log_likelihood.unwrap()
        );
    }

    #[test]
    fn identical_components_are_a_saddle_em_never_leaves() {
        let data = old_faithful_eruptions();
        let same = gaussians(&data, [0.5, 0.5], [3.5, 3.5], [1.0, 1.0]);
        let mut goal = Goal::new(GoalKind::Saddle, &same).unwrap();
        assert!(!goal.view(&same).solved, "not before EM has stopped");
        assert!(goal.view(&converged(same)).solved);
        let mut other = Goal::new(
            GoalKind::Saddle,
            &gaussians(&data, [0.5, 0.5], [2.0, 4.5], [0.3, 0.4]),
        )
        .unwrap();
        assert!(
            !other
                .view(&converged(gaussians(
                    &data,
                    [0.5, 0.5],
                    [2.0, 4.5],
                    [0.3, 0.4]
                )))
                .solved
        );
    }

    #[test]
    fn a_narrow_component_on_a_repeated_value_collapses_and_coins_cannot() {
        let data = [1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 5.0, 6.0, 7.0, 8.0];
        let narrow = gaussians(&data, [0.7, 0.3], [4.5, 5.0], [2.0, 0.01]);
        let mut goal = Goal::new(GoalKind::Collapse, &narrow).unwrap();
        assert!(goal.view(&converged(narrow)).solved);
        let wide = gaussians(&data, [0.5, 0.5], [3.0, 6.0], [1.5, 1.5]);
        assert!(
            !Goal::new(GoalKind::Collapse, &wide)
                .unwrap()
                .view(&converged(wide))
                .solved
        );
        let coins = Session::new(
            COIN_TOSSES.to_vec(),
            &ThreeCoins {
                pi: 0.4,
                p: 0.6,
                q: 0.7,
            },
            EmSettings::default(),
        )
        .unwrap();
        assert_eq!(
            Goal::new(GoalKind::Collapse, &coins),
            Err(SessionError::ExerciseNotForModel("collapse"))
        );
    }

    #[test]
    fn gradient_ascent_wins_only_where_components_overlap() {
        // Two unit normals 2 apart (EM is slow) and Old Faithful (EM is fast).
        let mut random = SplitMix64::new(3);
        let overlap: Vec<f64> = (0..400)
            .map(|i| random.next_normal() + if i % 2 == 0 { 0.0 } else { 2.0 })
            .collect();
        let wins = |data: &[f64], means: [f64; 2], sigmas: [f64; 2], rate: f64| {
            let mut session = gaussians(data, [0.5, 0.5], means, sigmas);
            // EM needs about a thousand iterations on the overlapping data.
            session.set_settings(EmSettings::new(1e-6, 5000).unwrap());
            session.set_ascent(Some(rate)).unwrap();
            let session = converged(session);
            Goal::new(GoalKind::BeatAscent, &session)
                .unwrap()
                .view(&session)
                .solved
        };
        assert!(wins(&overlap, [0.0, 2.0], [1.0, 1.0], 1.5));
        assert!(!wins(&overlap, [0.0, 2.0], [1.0, 1.0], 0.05));
        let faithful = old_faithful_eruptions();
        for rate in [0.01, 0.1, 0.3, 1.0, 3.0] {
            assert!(!wins(&faithful, [2.0, 4.5], [0.3, 0.4], rate), "η = {rate}");
        }
    }

    #[test]
    fn goals_are_named_as_exercise_names_them() {
        for kind in GoalKind::ALL {
            assert_eq!(GoalKind::parse(kind.name()), Ok(kind));
        }
        assert!(matches!(
            GoalKind::parse("predict"),
            Err(SessionError::UnknownExercise(_))
        ));
    }
}
