//! Choosing K on Old Faithful's eruption durations against scikit-learn
//! 1.9.1: `GaussianMixture(reg_covar=0).bic` for K = 1 and K = 2, printed by
//! `tests/references/sklearn_bic_faithful.py`. The data come in as a student
//! brings them: the file `www/data/old_faithful.csv`, column `eruptions`.
#![cfg(not(target_arch = "wasm32"))]

use em_playground::i18n::Language;
use em_playground::playground::{ComparisonProgress, Playground, SLICE_BUDGET};
use em_playground::session::ModelKind;

/// scikit-learn's BIC and number of free parameters for K = 1, 2.
const SKLEARN: [(f64, usize); 2] = [(854.045656, 2), (580.749091, 5)];

fn compared(max: usize, restarts: usize, seed: u64) -> ComparisonProgress {
    let csv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/data/old_faithful.csv"
    ))
    .unwrap();
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Gmm).unwrap();
    playground.open_file("old_faithful.csv", &csv).unwrap();
    playground.use_columns(&["eruptions"]).unwrap();
    assert_eq!(playground.state().data_length, 272);
    playground.start_comparison(max, restarts, seed).unwrap();
    while !playground.advance_comparison(SLICE_BUDGET).unwrap() {}
    playground.comparison(Language::English).unwrap()
}

#[test]
fn bic_matches_scikit_learn_for_one_and_two_components() {
    let progress = compared(4, 20, 1);
    assert_eq!(progress.rows.len(), 4);
    for (row, (bic, parameters)) in progress.rows.iter().zip(SKLEARN) {
        assert_eq!(row.parameters, parameters, "K = {}", row.k);
        let ours = row.bic.unwrap();
        assert!(
            (ours - bic).abs() < 0.01,
            "K = {}: BIC {ours} against scikit-learn's {bic}",
            row.k
        );
    }
}

#[test]
fn bic_keeps_falling_past_two_where_a_narrow_component_sits_on_repeated_values() {
    // The durations are rounded (4.5 and 1.867 occur 8 times each), so with
    // enough random starts some K > 2 fit puts a component with a tiny σ on
    // repeated values, and its log L, and BIC, outdo K = 2.
    let progress = compared(8, 10, 1);
    let bic = |k: usize| progress.rows[k - 1].bic.unwrap();
    let best_beyond_two = (3..=8).map(bic).fold(f64::INFINITY, f64::min);
    assert!(best_beyond_two < bic(2), "{progress:#?}");
    assert_ne!(progress.picks.bic, Some(2));
    // The K whose BIC is lowest has a component far narrower than K = 2's
    // narrowest (σ ≈ 0.24 minutes).
    let picked = &progress.rows[progress.picks.bic.unwrap() - 1];
    assert!(picked.narrowest_sigma.unwrap() < 0.1, "{picked:?}");
    assert!(progress.rows[1].narrowest_sigma.unwrap() > 0.2);
    // ICL also charges for components that overlap: it keeps K = 2.
    assert_eq!(progress.picks.icl, Some(2));
}
