//! The engine against values computed independently of it: Li Hang's printed
//! solutions, hand calculations written out below, and scikit-learn.
#![cfg(not(target_arch = "wasm32"))]

use em_playground::datasets::{COIN_TOSSES, GAUSSIAN_EXERCISE};
use em_playground::em::{
    gaussian_mixture, Bernoulli, Diagnostic, EStepRule, EmError, EmSettings, EmStepper, Gaussian,
    Phase, ThreeCoins,
};

fn coin_stepper(pi: f64, p: f64, q: f64) -> EmStepper<Bernoulli> {
    let start = ThreeCoins { pi, p, q }.mixture().unwrap();
    EmStepper::new(
        Bernoulli,
        COIN_TOSSES.to_vec(),
        start,
        EmSettings::default(),
    )
    .unwrap()
}

/// EM on Li Hang's Exercise 9.3 from the given start.
fn exercise_stepper(
    weights: &[f64],
    means: &[f64],
    sigmas: &[f64],
    settings: EmSettings,
) -> EmStepper<Gaussian> {
    let family = Gaussian::for_data(&GAUSSIAN_EXERCISE);
    let start = gaussian_mixture(&family, weights, means, sigmas).unwrap();
    EmStepper::new(family, GAUSSIAN_EXERCISE.to_vec(), start, settings).unwrap()
}

fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: got {actual}, expected {expected} ± {tolerance}"
    );
}

fn coins_after_one_iteration(pi: f64, p: f64, q: f64) -> (ThreeCoins, f64) {
    let mut stepper = coin_stepper(pi, p, q);
    stepper.step();
    (
        ThreeCoins::from_mixture(stepper.params()),
        stepper.log_likelihood(),
    )
}

/// Li Hang, Example 9.1: log L after one iteration is 6 log 0.6 + 4 log 0.4,
/// since πp + (1 − π)q equals the observed share of heads, 0.6.
const LOG_LIKELIHOOD_AT_THE_MLE: f64 = -6.7301;

#[test]
fn li_hang_example_9_1_from_one_half() {
    let (coins, log_likelihood) = coins_after_one_iteration(0.5, 0.5, 0.5);
    assert_close(coins.pi, 0.5, 1e-12, "π");
    assert_close(coins.p, 0.6, 1e-12, "p");
    assert_close(coins.q, 0.6, 1e-12, "q");
    assert_close(log_likelihood, LOG_LIKELIHOOD_AT_THE_MLE, 5e-5, "log L");
}

#[test]
fn li_hang_example_9_1_from_0_4_0_6_0_7() {
    let (coins, log_likelihood) = coins_after_one_iteration(0.4, 0.6, 0.7);
    // Li Hang prints four decimals.
    assert_close(coins.pi, 0.4064, 5e-5, "π");
    assert_close(coins.p, 0.5368, 5e-5, "p");
    assert_close(coins.q, 0.6432, 5e-5, "q");
    assert_close(log_likelihood, LOG_LIKELIHOOD_AT_THE_MLE, 5e-5, "log L");
}

#[test]
fn seed_exercise_from_0_46_0_55_0_67_by_hand() {
    // E-step by hand: μ(y) = π pʸ(1−p)¹⁻ʸ / (π pʸ(1−p)¹⁻ʸ + (1−π) qʸ(1−q)¹⁻ʸ)
    let mu_heads = 0.46 * 0.55 / (0.46 * 0.55 + 0.54 * 0.67); // 0.411516
    let mu_tails = 0.46 * 0.45 / (0.46 * 0.45 + 0.54 * 0.33); // 0.537383
                                                              // M-step by hand, with six heads and four tails among the ten tosses.
    let expected_pi = (6.0 * mu_heads + 4.0 * mu_tails) / 10.0; // 0.461863
    let expected_p = 6.0 * mu_heads / (6.0 * mu_heads + 4.0 * mu_tails); // 0.534595
    let expected_q = 6.0 * (1.0 - mu_heads) / (10.0 - 6.0 * mu_heads - 4.0 * mu_tails); // 0.656135

    let mut stepper = coin_stepper(0.46, 0.55, 0.67);
    stepper.e_step();
    let responsibilities = stepper.responsibilities().unwrap();
    assert_close(responsibilities.row(0)[0], mu_heads, 1e-12, "μ for a head");
    assert_close(responsibilities.row(2)[0], mu_tails, 1e-12, "μ for a tail");
    stepper.m_step();
    let coins = ThreeCoins::from_mixture(stepper.params());
    assert_close(coins.pi, expected_pi, 1e-12, "π");
    assert_close(coins.p, expected_p, 1e-12, "p");
    assert_close(coins.q, expected_q, 1e-12, "q");
    // The fitted share of heads equals the observed one.
    assert_close(
        coins.pi * coins.p + (1.0 - coins.pi) * coins.q,
        0.6,
        1e-12,
        "πp + (1 − π)q",
    );

    // Not the seed's worked answer, which averaged the unnormalised joint.
    let seed_wrong_answer = (0.2346, 0.6471, 0.7528);
    assert!((coins.pi - seed_wrong_answer.0).abs() > 0.1);
    assert!((coins.q - seed_wrong_answer.2).abs() > 0.05);

    // One more iteration changes nothing: (π, p, q) is already a maximum.
    let outcome = stepper.run();
    assert!(outcome.converged);
    let after = ThreeCoins::from_mixture(stepper.params());
    assert_close(after.pi, expected_pi, 1e-9, "π after convergence");
}

#[test]
fn seed_gaussian_exercise_matches_scikit_learn() {
    // scikit-learn 1.x GaussianMixture(n_components=2) on Li Hang, Exercise 9.3,
    // as reported in the course homework this project grew from.
    let mut stepper = exercise_stepper(
        &[0.5, 0.5],
        &[-60.0, 30.0],
        &[10.0, 20.0],
        EmSettings::new(1e-10, 1000).unwrap(),
    );
    let outcome = stepper.run();
    assert!(outcome.converged);
    let params = stepper.params();
    let weights = params.weights();
    let components = params.components();
    assert_close(weights[0], 0.1332, 5e-4, "w₁");
    assert_close(weights[1], 0.8668, 5e-4, "w₂");
    assert_close(components[0].mean, -57.51, 5e-3, "μ₁");
    assert_close(components[1].mean, 32.98, 5e-3, "μ₂");
    assert_close(components[0].sigma.powi(2), 90.25, 5e-2, "σ₁²");
    assert_close(components[1].sigma.powi(2), 429.46, 5e-2, "σ₂²");
    assert_close(stepper.log_likelihood(), -71.063, 5e-3, "log L");
}

#[test]
fn identical_components_stay_identical_and_are_reported() {
    let mut stepper = exercise_stepper(
        &[0.3, 0.7],
        &[10.0, 10.0],
        &[5.0, 5.0],
        EmSettings::default(),
    );
    let outcome = stepper.run();
    assert!(outcome.converged);
    // Equal up to rounding (their weights differ, so the last bits do).
    let components = stepper.params().components();
    assert!((components[0].mean - components[1].mean).abs() < 1e-9 * components[0].sigma);
    assert!((components[0].sigma - components[1].sigma).abs() < 1e-9 * components[0].sigma);
    // They converge to the one-component fit: the sample mean.
    let mean = GAUSSIAN_EXERCISE.iter().sum::<f64>() / 15.0;
    assert!((components[0].mean - mean).abs() < 1e-9);
    assert!(stepper
        .diagnostics()
        .contains(&Diagnostic::IdenticalComponents {
            first: 0,
            second: 1
        }));
}

#[test]
fn a_component_on_a_single_point_collapses_to_the_floor_not_to_infinity() {
    let data = vec![0.0, 5.0, 5.2, 4.8, 5.1, 4.9];
    let family = Gaussian::for_data(&data);
    let start = gaussian_mixture(&family, &[0.2, 0.8], &[0.0, 5.0], &[0.5, 1.0]).unwrap();
    let mut stepper = EmStepper::new(family, data, start, EmSettings::default()).unwrap();
    stepper.run_for(200);
    assert!(stepper.log_likelihood().is_finite());
    assert!(stepper.params().components()[0].sigma > 0.0);
    assert!(stepper
        .diagnostics()
        .contains(&Diagnostic::ComponentCollapsed { component: 0 }));
}

#[test]
fn back_retraces_every_half_step_to_the_start() {
    let mut stepper = coin_stepper(0.4, 0.6, 0.7);
    let mut states = Vec::new();
    for _ in 0..3 {
        for half_step in [EmStepper::e_step, EmStepper::m_step] {
            states.push((
                stepper.phase(),
                stepper.params().clone(),
                stepper.responsibilities().cloned(),
            ));
            assert!(half_step(&mut stepper));
        }
    }
    while let Some((phase, params, responsibilities)) = states.pop() {
        assert!(stepper.back());
        assert_eq!(stepper.phase(), phase);
        assert_eq!(stepper.params(), &params);
        assert_eq!(stepper.responsibilities().cloned(), responsibilities);
    }
    assert_eq!(stepper.phase(), Phase::Init);
    assert!(!stepper.back());
}

#[test]
fn half_steps_alternate() {
    let mut stepper = coin_stepper(0.4, 0.6, 0.7);
    assert!(!stepper.m_step(), "no M-step before an E-step");
    assert!(stepper.e_step());
    assert!(!stepper.e_step(), "no second E-step in a row");
    assert!(stepper.m_step());
    assert_eq!(stepper.iteration(), 1);
    stepper.reset();
    assert_eq!((stepper.iteration(), stepper.phase()), (0, Phase::Init));
}

#[test]
fn the_iteration_cap_stops_a_run() {
    let mut stepper = exercise_stepper(
        &[0.5, 0.5],
        &[0.0, 1.0],
        &[1.0, 1.0],
        EmSettings::new(1e-12, 3).unwrap(),
    );
    let outcome = stepper.run();
    assert_eq!((outcome.iterations, outcome.converged), (3, false));
    assert_eq!(stepper.iteration(), 3);
}

#[test]
fn invalid_data_is_refused_with_a_typed_error() {
    let start = ThreeCoins {
        pi: 0.5,
        p: 0.5,
        q: 0.5,
    }
    .mixture()
    .unwrap();
    let refuse = |data: Vec<f64>| {
        EmStepper::new(Bernoulli, data, start.clone(), EmSettings::default()).unwrap_err()
    };
    assert_eq!(refuse(vec![]), EmError::EmptyData);
    assert_eq!(
        refuse(vec![1.0, 0.5]),
        EmError::NotBinary {
            index: 1,
            value: 0.5
        }
    );
    assert_eq!(
        refuse(vec![1.0]),
        EmError::MoreComponentsThanData {
            components: 2,
            observations: 1
        }
    );
    let family = Gaussian::for_data(&[1.0]);
    let start = gaussian_mixture(&family, &[1.0], &[0.0], &[1.0]).unwrap();
    assert!(matches!(
        EmStepper::new(
            family,
            vec![1.0, f64::INFINITY],
            start,
            EmSettings::default()
        ),
        Err(EmError::NonFiniteObservation { index: 1, .. })
    ));
}

#[test]
fn the_homework_mistake_reproduces_its_wrong_answer_and_loses_likelihood() {
    // The homework averaged the unnormalised joint π·pʸ(1−p)¹⁻ʸ instead of the
    // posterior and printed (π, p, q) = (0.2346, 0.6471, 0.7528) after one round
    // (its own computation: 0.23460000000000006, 0.6470588235294118, 0.7528089887640449).
    let mut stepper = coin_stepper(0.46, 0.55, 0.67);
    stepper.set_rule(EStepRule::Joint);
    stepper.step();
    let wrong = ThreeCoins::from_mixture(stepper.params());
    assert_close(wrong.pi, 0.23460000000000006, 1e-12, "π");
    assert_close(wrong.p, 0.6470588235294118, 1e-12, "p");
    assert_close(wrong.q, 0.7528089887640449, 1e-12, "q");
    // EM from the same start reaches log L = 6 log 0.6 + 4 log 0.4 = −6.7301 at once.
    assert!(stepper.log_likelihood() < LOG_LIKELIHOOD_AT_THE_MLE - 0.3);
    // Recomputed every round, the mistaken update keeps moving away: π → 0, q → 1.
    stepper.run_for(60);
    let drifted = ThreeCoins::from_mixture(stepper.params());
    assert!(drifted.pi < 0.01 && drifted.q > 0.99, "{drifted:?}");
    assert!(stepper.log_likelihood() < -20.0);
}

#[test]
fn hard_em_on_the_gaussian_exercise_matches_a_hand_calculation() {
    // Each point goes wholly to its nearer component: {−67, −48} and the other
    // thirteen. Then w = (2/15, 13/15), μ₁ = −57.5, μ₂ = 429/13 = 33,
    // σ₁² = (9.5² + 9.5²)/2 = 90.25, σ₂² = 5568/13 = 428.3077 (squared deviations
    // 729, 625, 361, 289, 100, 81, 25, 16, 64, 256, 529, 729, 1764 from 33).
    let mut stepper = exercise_stepper(
        &[0.5, 0.5],
        &[-60.0, 30.0],
        &[10.0, 20.0],
        EmSettings::default(),
    );
    stepper.set_rule(EStepRule::Hard);
    stepper.e_step();
    for row in stepper.responsibilities().unwrap().rows() {
        assert!(row == [1.0, 0.0] || row == [0.0, 1.0], "{row:?}");
    }
    stepper.m_step();
    stepper.run();
    let params = stepper.params();
    assert_close(params.weights()[0], 2.0 / 15.0, 1e-12, "w₁");
    assert_close(params.components()[0].mean, -57.5, 1e-9, "μ₁");
    assert_close(params.components()[1].mean, 33.0, 1e-9, "μ₂");
    assert_close(params.components()[0].sigma.powi(2), 90.25, 1e-9, "σ₁²");
    assert_close(
        params.components()[1].sigma.powi(2),
        5568.0 / 13.0,
        1e-9,
        "σ₂²",
    );
}

#[test]
fn changing_the_rule_returns_to_the_start() {
    let mut stepper = coin_stepper(0.4, 0.6, 0.7);
    stepper.step();
    stepper.set_rule(EStepRule::Hard);
    assert_eq!(
        (stepper.iteration(), stepper.phase(), stepper.rule()),
        (0, Phase::Init, EStepRule::Hard)
    );
}
