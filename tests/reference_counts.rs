//! The binomial, Poisson and exponential families against values computed
//! independently of the engine: hand calculations of a first E-step written
//! out below, the published figures of Do & Batzoglou (2008) and Hasselblad
//! (1969), and a short numpy EM (`tests/references/numpy_count_mixtures.py`,
//! whose printed values are copied here).
#![cfg(not(target_arch = "wasm32"))]

use em_playground::em::{
    Bernoulli, Binomial, ComponentFamily, EmSettings, EmStepper, Exponential, MixtureParams,
    Poisson, Successes, ThreeCoins,
};

fn close(actual: f64, expected: f64, relative: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= relative * expected.abs().max(1e-300),
        "{what}: got {actual}, expected {expected} (relative {relative})"
    );
}

/// EM for `steps` iterations from the start, with tolerance 0 so it never stops early.
fn fitted<F: ComponentFamily<Params = f64>>(
    family: F,
    data: Vec<F::Observation>,
    weights: &[f64],
    params: &[f64],
    steps: usize,
    fixed_weights: bool,
) -> EmStepper<F> {
    let start = MixtureParams::new(&family, weights.to_vec(), params.to_vec()).unwrap();
    let settings = EmSettings::new(f64::MIN_POSITIVE, 1_000_000).unwrap();
    let mut stepper = EmStepper::new(family, data, start, settings).unwrap();
    if fixed_weights {
        stepper = stepper.with_fixed_weights();
    }
    for _ in 0..steps {
        stepper.step();
    }
    stepper
}

fn assert_fit<F: ComponentFamily<Params = f64>>(
    stepper: &EmStepper<F>,
    weights: [f64; 2],
    params: [f64; 2],
    log_l: f64,
    what: &str,
) {
    for k in 0..2 {
        close(
            stepper.params().weights()[k],
            weights[k],
            1e-9,
            &format!("{what}: w{}", k + 1),
        );
        close(
            stepper.params().components()[k],
            params[k],
            1e-9,
            &format!("{what}: θ{}", k + 1),
        );
    }
    close(
        stepper.log_likelihood(),
        log_l,
        1e-10,
        &format!("{what}: log L"),
    );
}

/// Heads out of 10 in Do & Batzoglou's five sets (www/data/do_batzoglou_coins.csv).
fn do_batzoglou() -> Vec<Successes> {
    [5.0, 9.0, 8.0, 4.0, 7.0]
        .into_iter()
        .map(|heads| Successes::new(heads, 10.0))
        .collect()
}

#[test]
fn binomial_first_e_step_by_hand() {
    let mut stepper = fitted(Binomial, do_batzoglou(), &[0.5, 0.5], &[0.6, 0.5], 0, true);
    stepper.e_step();
    // 5 heads of 10: 0.6⁵0.4⁵ / (0.6⁵0.4⁵ + 0.5¹⁰) — the paper's 0.45.
    let a = 0.6f64.powi(5) * 0.4f64.powi(5);
    let b = 0.5f64.powi(10);
    let gamma = stepper.responsibilities().unwrap().rows().next().unwrap()[0];
    close(gamma, a / (a + b), 1e-12, "γ for the first set");
    assert!((gamma - 0.45).abs() < 0.005);
}

#[test]
fn binomial_do_and_batzoglou_after_one_and_ten_iterations() {
    let one = fitted(Binomial, do_batzoglou(), &[0.5, 0.5], &[0.6, 0.5], 1, true);
    // The paper's Figure 1: θ_A ≈ 0.71, θ_B ≈ 0.58 after one iteration.
    let [a, b] = [one.params().components()[0], one.params().components()[1]];
    assert!(
        (a - 0.71).abs() < 0.005 && (b - 0.58).abs() < 0.005,
        "{a}, {b}"
    );
    assert_fit(
        &one,
        [0.5, 0.5],
        [0.713012235400516, 0.5813393083136627],
        -10.085982004452056,
        "1 iteration",
    );
    let ten = fitted(Binomial, do_batzoglou(), &[0.5, 0.5], &[0.6, 0.5], 10, true);
    // … and θ_A ≈ 0.80, θ_B ≈ 0.52 after ten.
    let [a, b] = [ten.params().components()[0], ten.params().components()[1]];
    assert!(
        (a - 0.80).abs() < 0.005 && (b - 0.52).abs() < 0.005,
        "{a}, {b}"
    );
    assert_fit(
        &ten,
        [0.5, 0.5],
        [0.7967441494752117, 0.5196586622041123],
        -9.796924559704241,
        "10 iterations",
    );
    let free = fitted(
        Binomial,
        do_batzoglou(),
        &[0.3, 0.7],
        &[0.6, 0.5],
        200,
        false,
    );
    assert_fit(
        &free,
        [0.5227513168968525, 0.47724868310314755],
        [0.7933676496127504, 0.5139165912136522],
        -9.795418956198052,
        "free weights, 200 iterations",
    );
}

#[test]
fn binomial_with_one_trial_is_the_three_coin_model() {
    let tosses = [1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0];
    let coins = ThreeCoins {
        pi: 0.46,
        p: 0.55,
        q: 0.67,
    };
    let data: Vec<Successes> = tosses.iter().map(|&y| Successes::new(y, 1.0)).collect();
    let mut binomial = fitted(Binomial, data, &[0.46, 0.54], &[0.55, 0.67], 0, false);
    let mut bernoulli = EmStepper::new(
        Bernoulli,
        tosses.to_vec(),
        coins.mixture().unwrap(),
        EmSettings::default(),
    )
    .unwrap();
    for _ in 0..5 {
        binomial.step();
        bernoulli.step();
        assert_eq!(binomial.params(), bernoulli.params());
        close(
            binomial.log_likelihood(),
            bernoulli.log_likelihood(),
            1e-14,
            "log L",
        );
    }
}

/// Hasselblad's 1,096 daily counts (www/data/hasselblad_deaths.csv).
fn hasselblad() -> Vec<f64> {
    let text = include_str!("../www/data/hasselblad_deaths.csv");
    let counts: Vec<f64> = text
        .lines()
        .skip(1)
        .map(|line| line.trim().parse().unwrap())
        .collect();
    assert_eq!(counts.len(), 1096);
    counts
}

#[test]
fn poisson_first_e_step_by_hand_and_hasselblads_fit() {
    let mut stepper = fitted(Poisson, hasselblad(), &[0.5, 0.5], &[1.0, 3.0], 0, false);
    stepper.e_step();
    // A day with no death: e⁻¹ / (e⁻¹ + e⁻³) = 1 / (1 + e⁻²).
    let zero_day = hasselblad().iter().position(|&x| x == 0.0).unwrap();
    let gamma = stepper
        .responsibilities()
        .unwrap()
        .rows()
        .nth(zero_day)
        .unwrap()[0];
    close(
        gamma,
        1.0 / (1.0 + (-2.0f64).exp()),
        1e-14,
        "γ for a day with no death",
    );
    let one = fitted(Poisson, hasselblad(), &[0.5, 0.5], &[1.0, 3.0], 1, false);
    assert_fit(
        &one,
        [0.4615887283774567, 0.5384112716225542],
        [1.1889179465354898, 2.9868304551585503],
        -1994.6030467459655,
        "1 iteration",
    );
    let fit = fitted(Poisson, hasselblad(), &[0.5, 0.5], &[1.0, 3.0], 5000, false);
    assert_fit(
        &fit,
        [0.3598853970198528, 0.6401146029801504],
        [1.2560951012849972, 2.663404356675128],
        -1989.9458598829606,
        "5000 iterations",
    );
    // Hasselblad (1969): proportion 0.3599, rates 1.2561 and 2.6634.
    let p = fit.params();
    assert!((p.weights()[0] - 0.3599).abs() < 5e-5);
    assert!((p.components()[0] - 1.2561).abs() < 5e-5 && (p.components()[1] - 2.6634).abs() < 5e-5);
}

/// The durations of tests/references/numpy_count_mixtures.py.
const DURATIONS: [f64; 20] = [
    0.12, 0.31, 0.05, 0.44, 0.09, 0.27, 0.18, 0.02, 0.36, 0.21, 1.9, 3.4, 0.8, 5.2, 2.7, 4.1, 1.2,
    6.3, 2.2, 3.0,
];

#[test]
fn exponential_first_e_step_by_hand_and_a_fit() {
    let mut stepper = fitted(
        Exponential,
        DURATIONS.to_vec(),
        &[0.5, 0.5],
        &[0.5, 5.0],
        0,
        false,
    );
    stepper.e_step();
    // x = 0.12: 0.5e^(−0.06) / (0.5e^(−0.06) + 5e^(−0.6)).
    let a = 0.5 * (-0.06f64).exp();
    let b = 5.0 * (-0.6f64).exp();
    let gamma = stepper.responsibilities().unwrap().rows().next().unwrap()[0];
    close(gamma, a / (a + b), 1e-14, "γ for 0.12");
    let one = fitted(
        Exponential,
        DURATIONS.to_vec(),
        &[0.5, 0.5],
        &[0.5, 5.0],
        1,
        false,
    );
    assert_fit(
        &one,
        [0.5954959026603921, 0.40450409733960785],
        [0.38237519419631405, 4.751056729106256],
        -26.663768149974597,
        "1 iteration",
    );
    let fit = fitted(
        Exponential,
        DURATIONS.to_vec(),
        &[0.5, 0.5],
        &[0.5, 5.0],
        2000,
        false,
    );
    assert_fit(
        &fit,
        [0.6252823386665475, 0.3747176613334525],
        [0.3990924012885988, 4.947474620828877],
        -26.643459756541017,
        "2000 iterations",
    );
}
