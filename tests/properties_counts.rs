//! Invariants of EM for the binomial, Poisson and exponential families over
//! random data and random starts: log L never falls, responsibility rows sum
//! to 1, weights stay a distribution and every parameter stays valid.
#![cfg(not(target_arch = "wasm32"))]

use em_playground::em::{
    Binomial, ComponentFamily, EmSettings, EmStepper, Exponential, MixtureParams, Poisson,
    Successes,
};
use proptest::prelude::*;

/// Runs 30 iterations (fixed weights or not) and checks the invariants after each.
fn climbs<F: ComponentFamily<Params = f64>>(
    family: F,
    data: Vec<F::Observation>,
    start: &[(f64, f64)],
    fixed_weights: bool,
) -> Result<(), TestCaseError> {
    let weights: Vec<f64> = start.iter().map(|s| s.0).collect();
    let params: Vec<f64> = start.iter().map(|s| s.1).collect();
    let start = MixtureParams::new(&family, weights, params).unwrap();
    let mut stepper =
        EmStepper::new(family.clone(), data, start.clone(), EmSettings::default()).unwrap();
    if fixed_weights {
        stepper = stepper.with_fixed_weights();
    }
    for _ in 0..30 {
        stepper.step();
        for row in stepper.responsibilities().unwrap().rows() {
            let sum: f64 = row.iter().sum();
            prop_assert!((sum - 1.0).abs() < 1e-12, "row {row:?}");
        }
        let params = stepper.params();
        prop_assert!((params.weights().iter().sum::<f64>() - 1.0).abs() < 1e-12);
        if fixed_weights {
            prop_assert_eq!(params.weights(), start.weights());
        }
        for (k, theta) in params.components().iter().enumerate() {
            prop_assert!(family.validate_params(k, theta).is_ok(), "θ{k} = {theta}");
        }
        prop_assert!(!stepper.log_likelihood().is_nan());
    }
    for pair in stepper.history().windows(2) {
        let (before, after) = (pair[0].log_likelihood, pair[1].log_likelihood);
        if before.is_finite() {
            prop_assert!(
                after >= before - 1e-9 * (1.0 + before.abs()),
                "log L fell from {before} to {after}"
            );
        }
    }
    Ok(())
}

fn start(
    params: impl Strategy<Value = f64> + Clone,
    most: usize,
) -> impl Strategy<Value = Vec<(f64, f64)>> {
    prop::collection::vec((0.05..1.0f64, params), 1..=most)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn binomial_em_climbs_and_stays_valid(
        (data, components) in prop::collection::vec((0u32..=20, 1u32..=20), 2..40)
            .prop_flat_map(|pairs| { let most = pairs.len().min(4); (Just(pairs), start(0.0..=1.0f64, most)) }),
        fixed in any::<bool>(),
    ) {
        let data: Vec<Successes> = data.iter().map(|&(s, n)| Successes::new(f64::from(s.min(n)), f64::from(n))).collect();
        climbs(Binomial, data, &components, fixed)?;
    }

    #[test]
    fn poisson_em_climbs_and_stays_valid(
        (data, components) in prop::collection::vec(prop_oneof![0u32..5, 0u32..60], 2..60)
            .prop_flat_map(|counts| { let most = counts.len().min(4); (Just(counts), start(0.01..40.0f64, most)) }),
    ) {
        let data: Vec<f64> = data.iter().map(|&x| f64::from(x)).collect();
        climbs(Poisson, data, &components, false)?;
    }

    #[test]
    fn exponential_em_climbs_and_stays_valid(
        (data, components) in prop::collection::vec(prop_oneof![0.001..1.0f64, 0.001..1000.0f64], 2..60)
            .prop_flat_map(|durations| { let most = durations.len().min(4); (Just(durations), start(0.001..100.0f64, most)) }),
    ) {
        climbs(Exponential, data, &components, false)?;
    }
}
