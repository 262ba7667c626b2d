//! Predict, then reveal: before each half-step the widget asks for one
//! quantity the engine computes, a responsibility γ before an E-step or one
//! parameter of θ⁽ⁱ⁺¹⁾ before an M-step, and takes the half-step only once
//! the answer is within the tolerance (or the student asks to be shown).
//!
//! Browser-free, like the rest of the widget's logic: [`Exercise`] holds the
//! question and the score; the answers are checked against a copy of the
//! session stepped one half-step ahead.

use serde::Serialize;

mod goals;
pub use goals::{Goal, GoalKind, GoalView, Optimum};

use crate::em::Phase;
use crate::i18n::excerpt;
use crate::random::SplitMix64;
use crate::session::{ParamsView, Session, SessionError, StateView};

/// The default tolerance: an answer counts when it is this close (absolute).
pub const DEFAULT_TOLERANCE: f64 = 5e-4;

/// What a question asks for. Parameter ids are the names the page's tables
/// and the address use for them, one per kind of component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Quantity {
    /// A responsibility γᵢₖ (for the coins, μ: coin B's).
    Gamma,
    Pi,
    P,
    Q,
    Weight,
    Mean,
    Sigma,
    MeanX,
    MeanY,
    Probability,
    Rate,
}

impl Quantity {
    const ALL: [Quantity; 11] = [
        Quantity::Gamma,
        Quantity::Pi,
        Quantity::P,
        Quantity::Q,
        Quantity::Weight,
        Quantity::Mean,
        Quantity::Sigma,
        Quantity::MeanX,
        Quantity::MeanY,
        Quantity::Probability,
        Quantity::Rate,
    ];

    /// The id `exercise-ask` and `state().exercise` use.
    pub fn name(self) -> &'static str {
        match self {
            Quantity::Gamma => "gamma",
            Quantity::Pi => "pi",
            Quantity::P => "p",
            Quantity::Q => "q",
            Quantity::Weight => "weight",
            Quantity::Mean => "mean",
            Quantity::Sigma => "sigma",
            Quantity::MeanX => "meanX",
            Quantity::MeanY => "meanY",
            Quantity::Probability => "probability",
            Quantity::Rate => "rate",
        }
    }

    fn parse(name: &str) -> Option<Quantity> {
        Quantity::ALL.into_iter().find(|q| q.name() == name)
    }

    /// Whether it belongs to one component (all but the coins' π, p, q).
    fn per_component(self) -> bool {
        !matches!(self, Quantity::Pi | Quantity::P | Quantity::Q)
    }
}

/// One question: the quantity and, counting from 1 as the page does, the
/// observation and the component it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ask {
    pub quantity: Quantity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observation: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<usize>,
}

impl Ask {
    /// `gamma:3:1` (γ of observation 3 for component 1), `mean:2` (μ₂ of
    /// θ⁽ⁱ⁺¹⁾), `p`. A missing number is chosen by the seeded rule.
    pub fn parse(text: &str) -> Result<Ask, SessionError> {
        let bad = || SessionError::UnknownExerciseAsk(excerpt(text));
        let mut parts = text.trim().split(':');
        let quantity = parts.next().and_then(Quantity::parse).ok_or_else(bad)?;
        let mut number = || -> Result<Option<usize>, SessionError> {
            match parts.next() {
                None => Ok(None),
                Some(part) => match part.trim().parse::<usize>() {
                    Ok(n) if n >= 1 => Ok(Some(n)),
                    _ => Err(bad()),
                },
            }
        };
        let ask = match quantity {
            Quantity::Gamma => Ask {
                quantity,
                observation: number()?,
                component: number()?,
            },
            q if q.per_component() => Ask {
                quantity,
                observation: None,
                component: number()?,
            },
            _ => Ask {
                quantity,
                observation: None,
                component: None,
            },
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(ask)
    }

    /// Whether it asks about the E-step (else about the M-step).
    fn before_e_step(&self) -> bool {
        self.quantity == Quantity::Gamma
    }
}

/// The parameters a model's M-step can be asked about, by the shape of its
/// components (the weights only when there is more than one component).
fn parameter_quantities(params: &ParamsView) -> (Vec<Quantity>, usize) {
    use Quantity::*;
    match params {
        ParamsView::ThreeCoins { .. } => (vec![Pi, P, Q], 1),
        ParamsView::Gaussian { weights, .. } => {
            (with_weight(weights, &[Mean, Sigma]), weights.len())
        }
        ParamsView::Gaussian2 { weights, .. } => {
            (with_weight(weights, &[MeanX, MeanY]), weights.len())
        }
        ParamsView::Probabilities { weights, .. } => {
            (with_weight(weights, &[Probability]), weights.len())
        }
        ParamsView::Rates { weights, .. } => (with_weight(weights, &[Rate]), weights.len()),
    }
}

fn with_weight(weights: &[f64], rest: &[Quantity]) -> Vec<Quantity> {
    let mut quantities = if weights.len() > 1 {
        vec![Quantity::Weight]
    } else {
        Vec::new()
    };
    quantities.extend_from_slice(rest);
    quantities
}

/// A parameter's value in θ (component counted from 1); None if θ has no such parameter.
fn parameter_value(
    params: &ParamsView,
    quantity: Quantity,
    component: Option<usize>,
) -> Option<f64> {
    parameter_mut(&mut params.clone(), quantity, component).map(|value| *value)
}

/// The parameter itself, to hide it in a view.
fn parameter_mut(
    params: &mut ParamsView,
    quantity: Quantity,
    component: Option<usize>,
) -> Option<&mut f64> {
    let k = component.unwrap_or(1).checked_sub(1)?;
    match (params, quantity) {
        (ParamsView::ThreeCoins { pi, .. }, Quantity::Pi) => Some(pi),
        (ParamsView::ThreeCoins { p, .. }, Quantity::P) => Some(p),
        (ParamsView::ThreeCoins { q, .. }, Quantity::Q) => Some(q),
        (ParamsView::Gaussian { weights, .. }, Quantity::Weight)
        | (ParamsView::Gaussian2 { weights, .. }, Quantity::Weight)
        | (ParamsView::Probabilities { weights, .. }, Quantity::Weight)
        | (ParamsView::Rates { weights, .. }, Quantity::Weight) => weights.get_mut(k),
        (ParamsView::Gaussian { means, .. }, Quantity::Mean) => means.get_mut(k),
        (ParamsView::Gaussian { sigmas, .. }, Quantity::Sigma) => sigmas.get_mut(k),
        (ParamsView::Gaussian2 { means, .. }, Quantity::MeanX) => {
            means.get_mut(k).map(|m| &mut m[0])
        }
        (ParamsView::Gaussian2 { means, .. }, Quantity::MeanY) => {
            means.get_mut(k).map(|m| &mut m[1])
        }
        (ParamsView::Probabilities { probabilities, .. }, Quantity::Probability) => {
            probabilities.get_mut(k)
        }
        (ParamsView::Rates { rates, .. }, Quantity::Rate) => rates.get_mut(k),
        _ => None,
    }
}

/// The question in force, with the answer the engine computed.
#[derive(Debug, Clone, PartialEq)]
struct Question {
    ask: Ask,
    expected: f64,
    /// The state it was asked in: the iteration, the phase, θ⁽ⁱ⁾ and the
    /// data's version (any change of these asks anew).
    at: (usize, Phase, ParamsView, u64),
}

/// Correct first tries out of questions answered or shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    pub first_tries: u32,
    pub questions: u32,
}

/// What an answer did.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerOutcome {
    pub correct: bool,
    /// The engine's value, once the question is solved (or shown).
    pub expected: Option<f64>,
    /// Tries on this question so far, this one included.
    pub attempts: u32,
}

/// The exercise as `state().exercise` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExerciseView {
    pub kind: &'static str,
    /// The question in force (None when the fit cannot step: converged or at the cap).
    pub asks: Option<Ask>,
    pub tolerance: f64,
    /// Wrong tries on the question in force.
    pub attempts: u32,
    /// Whether the last answer was right (None before any answer to this question).
    pub correct: Option<bool>,
    /// The last question, once solved or shown, with its value.
    pub solved: Option<SolvedQuestion>,
    pub score: Score,
    /// For an M-step question's second hint (after two wrong tries): N_k =
    /// Σᵢ γᵢₖ of the responsibilities the M-step will use, k the component
    /// asked about (the first when none is).
    pub responsibility_total: Option<f64>,
}

/// A question answered right or shown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SolvedQuestion {
    pub asks: Ask,
    pub expected: f64,
    /// Whether it was answered right on the first try.
    pub first_try: bool,
    /// Whether the student asked to be shown.
    pub shown: bool,
}

/// Predict-then-reveal: the questions, the tries and the score.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    /// Questions fixed by `exercise-ask`, at most one per kind of half-step.
    fixed: Vec<Ask>,
    tolerance: f64,
    seed: u64,
    question: Option<Question>,
    attempts: u32,
    last_correct: Option<bool>,
    solved: Option<SolvedQuestion>,
    score: Score,
}

impl Exercise {
    /// A predict exercise with the questions `fixed` (see [`Ask::parse`]),
    /// the others chosen by a rule seeded with `seed`.
    pub fn new(fixed: Vec<Ask>, tolerance: f64, seed: u64) -> Result<Self, SessionError> {
        if !(tolerance.is_finite() && tolerance >= 0.0) {
            return Err(SessionError::InvalidTolerance(tolerance));
        }
        Ok(Exercise {
            fixed,
            tolerance,
            seed,
            question: None,
            attempts: 0,
            last_correct: None,
            solved: None,
            score: Score::default(),
        })
    }

    /// The score back to 0 of 0.
    pub fn reset_score(&mut self) {
        self.score = Score::default();
    }

    /// The score as a link carries it (`first_tries` ≤ `questions`, else refused).
    pub fn set_score(&mut self, first_tries: u32, questions: u32) -> Result<(), SessionError> {
        if first_tries > questions {
            return Err(SessionError::InvalidScore {
                first_tries,
                questions,
            });
        }
        self.score = Score {
            first_tries,
            questions,
        };
        Ok(())
    }

    /// The question for the session's next half-step, made when first asked
    /// (`data_version` tells data sets apart).
    fn question(&mut self, session: &Session, data_version: u64) -> Option<&Question> {
        let state = session.state_rows(0);
        let at = (state.iteration, state.phase, state.params, data_version);
        if self.question.as_ref().is_some_and(|q| q.at != at) {
            self.question = None;
            self.attempts = 0;
            self.last_correct = None;
        }
        if self.question.is_none() {
            self.question = self.make_question(session, at);
        }
        self.question.as_ref()
    }

    fn make_question(
        &self,
        session: &Session,
        at: (usize, Phase, ParamsView, u64),
    ) -> Option<Question> {
        let mut ahead = session.clone();
        let before_e_step = at.1 != Phase::E;
        let stepped = if before_e_step {
            ahead.e_step()
        } else {
            ahead.m_step()
        };
        let after = ahead.state_rows(0);
        // The fit stopped (converged at the cap): nothing to ask.
        if !stepped || (after.iteration, after.phase) == (at.0, at.1) {
            return None;
        }
        let mut random = SplitMix64::new(
            self.seed
                ^ (at.0 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
                ^ u64::from(before_e_step),
        );
        let mut pick = |count: usize| (random.next_u64() % count.max(1) as u64) as usize + 1;
        let (quantities, components) = parameter_quantities(&after.params);
        let gammas = ahead.observation(0)?.responsibilities?.len();
        // A fixed question the model or the data cannot have (another model's
        // parameter, component 9 of 2) gives way to the seeded rule.
        let applies = |ask: &Ask| {
            let within = |index: Option<usize>, count: usize| index.is_none_or(|i| i <= count);
            if ask.before_e_step() {
                within(ask.observation, session.len()) && within(ask.component, gammas)
            } else {
                quantities.contains(&ask.quantity) && within(ask.component, components)
            }
        };
        let fixed = self
            .fixed
            .iter()
            .find(|ask| ask.before_e_step() == before_e_step && applies(ask));
        let ask = if before_e_step {
            let observations = session.len();
            Ask {
                quantity: Quantity::Gamma,
                observation: fixed
                    .and_then(|a| a.observation)
                    .or_else(|| Some(pick(observations))),
                component: fixed
                    .and_then(|a| a.component)
                    .or_else(|| Some(pick(gammas))),
            }
        } else {
            let quantity = fixed
                .map(|a| a.quantity)
                .unwrap_or_else(|| quantities[pick(quantities.len()) - 1]);
            Ask {
                quantity,
                observation: None,
                component: quantity.per_component().then(|| {
                    fixed
                        .and_then(|a| a.component)
                        .unwrap_or_else(|| pick(components))
                }),
            }
        };
        let expected = if before_e_step {
            let row = ahead.observation(ask.observation? - 1)?.responsibilities?;
            *row.get(ask.component? - 1)?
        } else {
            parameter_value(&after.params, ask.quantity, ask.component)?
        };
        expected
            .is_finite()
            .then_some(Question { ask, expected, at })
    }

    /// Checks `value` against the question in force: right (within the
    /// tolerance) takes the half-step; wrong changes nothing but the tries.
    /// None when there is no question (the fit cannot step).
    pub fn answer(
        &mut self,
        session: &mut Session,
        data_version: u64,
        value: f64,
    ) -> Option<AnswerOutcome> {
        let question = self.question(session, data_version)?.clone();
        self.attempts += 1;
        let correct = value.is_finite() && (value - question.expected).abs() <= self.tolerance;
        self.last_correct = Some(correct);
        if !correct {
            return Some(AnswerOutcome {
                correct,
                expected: None,
                attempts: self.attempts,
            });
        }
        let attempts = self.attempts;
        self.finish(session, &question, attempts == 1, false);
        Some(AnswerOutcome {
            correct,
            expected: Some(question.expected),
            attempts,
        })
    }

    /// "Show me": the value, and the half-step taken (not counted as right).
    pub fn reveal(&mut self, session: &mut Session, data_version: u64) -> Option<f64> {
        let question = self.question(session, data_version)?.clone();
        self.finish(session, &question, false, true);
        Some(question.expected)
    }

    fn finish(&mut self, session: &mut Session, question: &Question, first_try: bool, shown: bool) {
        if question.ask.before_e_step() {
            session.e_step();
        } else {
            session.m_step();
        }
        self.score.questions += 1;
        self.score.first_tries += u32::from(first_try);
        self.solved = Some(SolvedQuestion {
            asks: question.ask,
            expected: question.expected,
            first_try,
            shown,
        });
        self.question = None;
        self.attempts = 0;
        self.last_correct = None;
    }

    /// The state one half-step ahead with the value asked for hidden (NaN):
    /// what a worked calculation shows as the last hint, the student to find
    /// its final number. `rows` as for [`Session::state_rows`] (at least the
    /// observation asked about are kept).
    pub fn ahead(
        &mut self,
        session: &Session,
        data_version: u64,
        rows: usize,
    ) -> Option<StateView<'static>> {
        let ask = self.question(session, data_version)?.ask;
        let mut ahead = session.clone();
        if ask.before_e_step() {
            ahead.e_step();
        } else {
            ahead.m_step();
        }
        let mut view = ahead
            .state_rows(rows.max(ask.observation.unwrap_or(0)))
            .into_owned();
        let hidden = if ask.before_e_step() {
            let rows = view.responsibilities.as_mut()?;
            let at = (ask.observation? - 1) * rows.components + ask.component? - 1;
            rows.values.to_mut().get_mut(at)?
        } else {
            parameter_mut(&mut view.params, ask.quantity, ask.component)?
        };
        *hidden = f64::NAN;
        Some(view)
    }

    /// The exercise as the page shows it, its question made if need be.
    pub fn view(&mut self, session: &Session, data_version: u64) -> ExerciseView {
        let asks = self.question(session, data_version).map(|q| q.ask);
        let responsibility_total = asks
            .filter(|ask| !ask.before_e_step() && self.attempts >= 2)
            .and_then(|ask| {
                let k = ask.component.unwrap_or(1) - 1;
                let rows = session.responsibilities()?.rows();
                Some(rows.map(|row| row.get(k).copied().unwrap_or(0.0)).sum())
            });
        ExerciseView {
            kind: "predict",
            responsibility_total,
            asks,
            tolerance: self.tolerance,
            attempts: self.attempts,
            correct: self.last_correct,
            solved: self.solved,
            score: self.score,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets::COIN_TOSSES;
    use crate::em::{EmSettings, ThreeCoins};

    fn li_hang() -> Session {
        let start = ThreeCoins {
            pi: 0.46,
            p: 0.55,
            q: 0.67,
        };
        Session::new(COIN_TOSSES.to_vec(), &start, EmSettings::default()).unwrap()
    }

    /// Li Hang, Example 9.1, by hand: μ = πp / (πp + (1 − π)q) for a head,
    /// π(1 − p) / (π(1 − p) + (1 − π)(1 − q)) for a tail, then
    /// π¹ = Σμ/10, p¹ = Σμy/Σμ, q¹ = Σ(1 − μ)y/Σ(1 − μ) (six heads, four tails).
    fn by_hand() -> (f64, f64, [f64; 3]) {
        let (pi, p, q) = (0.46, 0.55, 0.67);
        let head = pi * p / (pi * p + (1.0 - pi) * q);
        let tail = pi * (1.0 - p) / (pi * (1.0 - p) + (1.0 - pi) * (1.0 - q));
        let total = 6.0 * head + 4.0 * tail;
        let theta = [
            total / 10.0,
            6.0 * head / total,
            6.0 * (1.0 - head) / (10.0 - total),
        ];
        (head, tail, theta)
    }

    #[test]
    fn questions_parse_from_their_ids() {
        let gamma = Ask::parse("gamma:3:1").unwrap();
        assert_eq!(
            (gamma.quantity, gamma.observation, gamma.component),
            (Quantity::Gamma, Some(3), Some(1))
        );
        let mean = Ask::parse("mean:2").unwrap();
        assert_eq!(
            (mean.quantity, mean.observation, mean.component),
            (Quantity::Mean, None, Some(2))
        );
        assert_eq!(Ask::parse(" p ").unwrap().quantity, Quantity::P);
        assert_eq!(Ask::parse("meanX:1").unwrap().quantity, Quantity::MeanX);
        for bad in [
            "",
            "gamma:0:1",
            "gamma:a",
            "p:1",
            "mean:1:2",
            "weights",
            "gamma:1:1:1",
        ] {
            assert!(
                matches!(Ask::parse(bad), Err(SessionError::UnknownExerciseAsk(_))),
                "{bad}"
            );
        }
        assert!(Exercise::new(Vec::new(), -1.0, 1).is_err());
        assert!(Exercise::new(Vec::new(), f64::NAN, 1).is_err());
    }

    #[test]
    fn an_m_step_questions_second_hint_gives_n_k_as_by_hand() {
        let (head, tail, _) = by_hand();
        let mut session = li_hang();
        session.e_step();
        let mut exercise =
            Exercise::new(vec![Ask::parse("pi").unwrap()], DEFAULT_TOLERANCE, 7).unwrap();
        assert_eq!(
            exercise.view(&session, 0).asks.unwrap().quantity,
            Quantity::Pi
        );
        for tries in 0..2 {
            assert_eq!(
                exercise.view(&session, 0).responsibility_total,
                None,
                "{tries}"
            );
            assert!(!exercise.answer(&mut session, 0, -1.0).unwrap().correct);
        }
        // N₁ = Σⱼ μⱼ: six heads and four tails.
        let total = exercise.view(&session, 0).responsibility_total.unwrap();
        assert!((total - (6.0 * head + 4.0 * tail)).abs() < 1e-12, "{total}");
    }

    #[test]
    fn li_hangs_first_iteration_is_checked_against_a_hand_calculation() {
        let (head, _, theta) = by_hand();
        let mut session = li_hang();
        let mut exercise =
            Exercise::new(vec![Ask::parse("gamma:1:1").unwrap()], DEFAULT_TOLERANCE, 7).unwrap();
        let view = exercise.view(&session, 0);
        assert_eq!(
            view.asks,
            Some(Ask {
                quantity: Quantity::Gamma,
                observation: Some(1),
                component: Some(1)
            })
        );
        // Wrong: nothing moves.
        let wrong = exercise.answer(&mut session, 0, 0.2).unwrap();
        assert_eq!(
            wrong,
            AnswerOutcome {
                correct: false,
                expected: None,
                attempts: 1
            }
        );
        let state = session.state_rows(0);
        assert_eq!((state.iteration, state.phase), (0, Phase::Init));
        // Right to four decimals (the first toss is a head): the E-step is taken.
        assert!((0.4115 - head).abs() < DEFAULT_TOLERANCE);
        let right = exercise.answer(&mut session, 0, 0.4115).unwrap();
        assert!(right.correct && right.attempts == 2);
        assert!((right.expected.unwrap() - head).abs() < 1e-12);
        assert_eq!(session.state_rows(0).phase, Phase::E);
        // Then a parameter of θ⁽¹⁾, which the hand calculation gives.
        let asked = exercise.view(&session, 0).asks.unwrap();
        let value = match asked.quantity {
            Quantity::Pi => theta[0],
            Quantity::P => theta[1],
            Quantity::Q => theta[2],
            other => panic!("asked {other:?} of the coins"),
        };
        let rounded = (value * 1e4).round() / 1e4;
        assert!(exercise.answer(&mut session, 0, rounded).unwrap().correct);
        let state = session.state_rows(0);
        assert_eq!((state.iteration, state.phase), (1, Phase::M));
        assert_eq!(
            exercise.view(&session, 0).score,
            Score {
                first_tries: 1,
                questions: 2
            }
        );
    }

    #[test]
    fn a_fixed_question_the_model_cannot_have_gives_way_to_the_rule() {
        let session = li_hang();
        for ask in ["gamma:11:1", "gamma:1:3", "mean:1"] {
            let mut exercise =
                Exercise::new(vec![Ask::parse(ask).unwrap()], DEFAULT_TOLERANCE, 1).unwrap();
            let asked = exercise.view(&session, 0).asks.unwrap();
            assert_eq!(asked.quantity, Quantity::Gamma, "{ask}");
            assert!(
                asked.observation.unwrap() <= 10 && asked.component.unwrap() <= 2,
                "{ask}"
            );
        }
    }

    #[test]
    fn the_last_hint_is_the_next_state_with_the_answer_hidden() {
        let (head, _, theta) = by_hand();
        let session = li_hang();
        let mut exercise = Exercise::new(
            vec![Ask::parse("gamma:1:1").unwrap(), Ask::parse("q").unwrap()],
            DEFAULT_TOLERANCE,
            1,
        )
        .unwrap();
        let ahead = exercise.ahead(&session, 0, 50).unwrap();
        let rows = ahead.responsibilities.unwrap();
        assert!(rows.values[0].is_nan(), "γ₁,₁ hidden");
        assert!(
            (rows.values[1] - (1.0 - head)).abs() < 1e-12,
            "the rest shown"
        );
        assert_eq!(
            session.state_rows(0).phase,
            Phase::Init,
            "the session itself has not moved"
        );
        let mut stepped = session.clone();
        stepped.e_step();
        let ahead = exercise.ahead(&stepped, 0, 50).unwrap();
        match ahead.params {
            ParamsView::ThreeCoins { pi, p, q } => {
                assert!(q.is_nan());
                assert!((pi - theta[0]).abs() < 1e-12 && (p - theta[1]).abs() < 1e-12);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_score_from_a_link_is_kept_unless_impossible() {
        let mut exercise = Exercise::new(Vec::new(), DEFAULT_TOLERANCE, 1).unwrap();
        exercise.set_score(2, 3).unwrap();
        assert_eq!(
            exercise.view(&li_hang(), 0).score,
            Score {
                first_tries: 2,
                questions: 3
            }
        );
        assert!(matches!(
            exercise.set_score(4, 3),
            Err(SessionError::InvalidScore { .. })
        ));
        exercise.reset_score();
        assert_eq!(exercise.view(&li_hang(), 0).score, Score::default());
    }

    #[test]
    fn show_me_takes_the_half_step_without_scoring_it() {
        let (_, tail, _) = by_hand();
        let mut session = li_hang();
        // Observation 3 is a tail.
        let mut exercise =
            Exercise::new(vec![Ask::parse("gamma:3:1").unwrap()], DEFAULT_TOLERANCE, 1).unwrap();
        let shown = exercise.reveal(&mut session, 0).unwrap();
        assert!((shown - tail).abs() < 1e-12);
        assert_eq!(session.state_rows(0).phase, Phase::E);
        let view = exercise.view(&session, 0);
        assert_eq!(
            view.score,
            Score {
                first_tries: 0,
                questions: 1
            }
        );
        assert!(view.solved.unwrap().shown);
        assert_ne!(
            view.asks.unwrap().quantity,
            Quantity::Gamma,
            "the M-step is asked next"
        );
    }

    #[test]
    fn seeded_questions_are_reproducible_and_stop_at_the_cap() {
        let session = li_hang();
        let ask = |seed| {
            Exercise::new(Vec::new(), DEFAULT_TOLERANCE, seed)
                .unwrap()
                .view(&session, 0)
                .asks
        };
        assert_eq!(ask(5), ask(5));
        let asked = ask(5).unwrap();
        assert!(asked.observation.unwrap() <= 10 && asked.component.unwrap() <= 2);
        // At the iteration cap the fit takes the E-step of θ at the cap, and no
        // further M-step: then there is nothing to ask.
        let mut exercise = Exercise::new(Vec::new(), DEFAULT_TOLERANCE, 5).unwrap();
        let mut capped = li_hang();
        capped.set_settings(EmSettings::new(1e-6, 1).unwrap());
        capped.step();
        assert_eq!(
            exercise.view(&capped, 0).asks.unwrap().quantity,
            Quantity::Gamma
        );
        capped.e_step();
        assert_eq!(exercise.view(&capped, 0).asks, None);
        assert_eq!(exercise.answer(&mut capped, 0, 0.5), None);
        assert_eq!(exercise.reveal(&mut capped, 0), None);
    }
}
