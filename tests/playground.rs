//! The widget's state and UI events through `Playground`'s public API: each
//! event applies completely or changes nothing, each model keeps its set-up,
//! and the 2-D chart's edits.

use em_playground::em::{CovarianceType, EStepRule, Phase};
use em_playground::playground::{DataSource, Playground};
use em_playground::session::{AxisHandle, ModelKind, Named, ParamsView, SessionError};

#[test]
fn defaults_are_the_seed_exercise() {
    let playground = Playground::new();
    let state = playground.state();
    assert_eq!(
        state.fit.params,
        ParamsView::ThreeCoins {
            pi: 0.46,
            p: 0.55,
            q: 0.67
        }
    );
    assert_eq!(state.fit.data.len(), 10);
}

#[test]
fn a_bad_value_changes_nothing() {
    let mut playground = Playground::new();
    playground.session_mut().step();
    let before = playground.state();
    for (name, text) in [("pi", "abc"), ("p", "1.5"), ("q", "NaN"), ("mu", "1")] {
        assert!(
            playground.set_param(name, 0, text).is_err(),
            "{name} = {text}"
        );
    }
    assert!(playground.set_data_text("1, 0, 2").is_err());
    assert!(playground.set_data_text("").is_err());
    assert!(playground.set_tolerance("-1").is_err());
    assert!(playground.set_max_iterations("2.5").is_err());
    assert_eq!(playground.state(), before);
}

#[test]
fn messages_name_what_to_fix() {
    let mut playground = Playground::new();
    let error = playground.set_param("pi", 0, "abc").unwrap_err();
    assert_eq!(
        error.to_string(),
        "π: \"abc\" is not a number; enter a decimal number such as 0.5."
    );
    let error = playground.set_data_text("1 0 x").unwrap_err();
    assert!(error.to_string().contains("\"x\" at line 1, column 5"));
    playground.set_model(ModelKind::Gmm).unwrap();
    let error = playground.set_component_count(9).unwrap_err();
    assert!(error.to_string().contains("between 1 and 8"));
    let error = playground
        .set_start_texts(&[
            ("weights", "1,1,1"),
            ("means", "0,1,2"),
            ("sigmas", "1,1,1"),
        ])
        .and(playground.set_data_text("1 2"));
    assert!(error
        .unwrap_err()
        .to_string()
        .contains("at most 2 components"));
}

#[test]
fn each_model_keeps_its_own_set_up() {
    let mut playground = Playground::new();
    playground.set_param("pi", 0, "0.3").unwrap();
    playground.set_model(ModelKind::Gmm).unwrap();
    playground.load_preset("faithful").unwrap();
    assert_eq!(playground.state().fit.data.len(), 272);
    playground.set_model(ModelKind::Coins).unwrap();
    assert_eq!(
        playground.state().fit.params,
        ParamsView::ThreeCoins {
            pi: 0.3,
            p: 0.55,
            q: 0.67
        }
    );
    playground.set_model(ModelKind::Gmm).unwrap();
    assert_eq!(playground.state().fit.data.len(), 272);
    assert!(playground.load_preset("li-hang").is_err());
}

#[test]
fn changing_the_start_resets_the_fit_and_the_settings_do_not() {
    let mut playground = Playground::new();
    playground.session_mut().step();
    playground.set_tolerance("1e-3").unwrap();
    assert_eq!(playground.state().fit.iteration, 1);
    playground.set_param("q", 0, "0.6").unwrap();
    let state = playground.state();
    assert_eq!((state.fit.iteration, state.fit.phase), (0, Phase::Init));
    assert_eq!(state.tolerance, 1e-3);
}

#[test]
fn the_view_truncates_rows_and_the_version_tracks_data() {
    let mut playground = Playground::new();
    playground.session_mut().e_step();
    let version = playground.state().data_version;
    let view = playground.view(3);
    assert_eq!((view.fit.data.len(), view.data_length), (3, 10));
    assert_eq!(view.fit.responsibilities.unwrap().len(), 3);
    playground.set_param("p", 0, "0.4").unwrap();
    assert_eq!(playground.state().data_version, version);
    playground.set_data_text("1 0 1").unwrap();
    assert_eq!(playground.state().data_version, version + 1);
    assert_eq!(playground.data_text(usize::MAX), "1, 0, 1");
}

#[test]
fn the_homework_rule_is_the_coins_alone() {
    let mut playground = Playground::new();
    EStepRule::named("joint")
        .and_then(|rule| playground.set_rule(rule))
        .unwrap();
    playground.set_model(ModelKind::Gmm).unwrap();
    // Switching model falls back to EM, and the Gaussian mixture refuses the rule.
    assert_eq!(playground.session().rule(), EStepRule::Posterior);
    assert_eq!(
        EStepRule::named("joint").and_then(|rule| playground.set_rule(rule)),
        Err(SessionError::RuleNotOffered(EStepRule::Joint))
    );
    assert!(EStepRule::named("hard")
        .and_then(|rule| playground.set_rule(rule))
        .is_ok());
}

#[test]
fn the_rule_survives_changes_of_the_start_and_hides_q_and_h() {
    let mut playground = Playground::new();
    EStepRule::named("joint")
        .and_then(|rule| playground.set_rule(rule))
        .unwrap();
    playground.set_param("p", 0, "0.5").unwrap();
    playground.session_mut().e_step();
    let state = playground.state();
    assert_eq!(state.fit.rule, EStepRule::Joint);
    assert_eq!((state.fit.q, state.fit.entropy), (None, None));
    assert!(state.fit.log_likelihood.is_some());
    assert!(EStepRule::named("soft")
        .and_then(|rule| playground.set_rule(rule))
        .is_err());
}

#[test]
fn restarts_find_the_galaxies_local_optima_best_first() {
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Gmm).unwrap();
    playground.load_preset("galaxies").unwrap();
    playground.set_component_count(4).unwrap();
    let before = playground.state();
    let outcomes = playground.restarts(12, 1).unwrap();
    assert_eq!(
        playground.state(),
        before,
        "restarts leave the widget as it was"
    );
    assert_eq!(outcomes.len(), 12);
    let values: Vec<f64> = outcomes.iter().map(|o| o.log_likelihood.unwrap()).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    // Each outcome is what stepping from that seed's random start gives.
    let best = &outcomes[0];
    playground.random_start(best.seed).unwrap();
    playground.session_mut().run_for(usize::MAX);
    assert_eq!(playground.state().fit.log_likelihood, best.log_likelihood);
    // Four Gaussians on the galaxy data have more than one local optimum.
    assert!(values[0] - values[values.len() - 1] > 1.0, "{values:?}");
    assert!(playground.restarts(0, 1).is_err());
}

#[test]
fn spread_places_means_at_quantiles() {
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Gmm).unwrap();
    playground.set_data_text("1 2 3 4 5 6 7 8").unwrap();
    playground.set_component_count(2).unwrap();
    match playground.state().fit.params {
        // quantiles ¼ and ¾ of 1..8: the 3rd and 7th values.
        ParamsView::Gaussian { weights, means, .. } => {
            assert_eq!(weights, vec![0.5, 0.5]);
            assert_eq!(means, vec![3.0, 7.0]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn synthetic_data_follow_the_true_model_and_the_seed() {
    let mut playground = Playground::new();
    playground
        .synthesize(20_000, 5, &["0.3", "0.9", "0.2"])
        .unwrap();
    let data = playground.state().fit.data;
    let heads = data.values().iter().sum::<f64>() / data.len() as f64;
    // P(heads) = 0.3·0.9 + 0.7·0.2 = 0.41
    assert!((heads - 0.41).abs() < 0.01, "{heads}");
    playground.set_model(ModelKind::Gmm).unwrap();
    playground
        .synthesize(1000, 11, &["1,3", "-5,5", "1,1"])
        .unwrap();
    let first = playground.state().fit.data;
    let below = first.values().iter().filter(|x| **x < 0.0).count() as f64 / 1000.0;
    assert!((below - 0.25).abs() < 0.05, "{below}");
    playground
        .synthesize(1000, 11, &["1,3", "-5,5", "1,1"])
        .unwrap();
    assert_eq!(playground.state().fit.data, first);
    assert!(playground.synthesize(0, 1, &["1", "0", "1"]).is_err());
    assert!(playground.synthesize(10, 1, &["1", "0", "-1"]).is_err());
}

#[test]
fn random_starts_are_reproducible_and_valid() {
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Gmm).unwrap();
    playground.load_preset("galaxies").unwrap();
    playground.set_component_count(4).unwrap();
    playground.random_start(99).unwrap();
    let first = playground.state().fit.params;
    playground.random_start(99).unwrap();
    assert_eq!(playground.state().fit.params, first);
    playground.random_start(100).unwrap();
    assert_ne!(playground.state().fit.params, first);
}

fn gmm2d() -> Playground {
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Gmm2d).unwrap();
    playground
}

/// θ⁽⁰⁾'s weights, means and covariances.
type Start2d = (Vec<f64>, Vec<[f64; 2]>, Vec<[[f64; 2]; 2]>);

fn gmm2d_params(playground: &Playground) -> Start2d {
    match playground.state().fit.history[0].params.clone() {
        ParamsView::Gaussian2 {
            weights,
            means,
            covariances,
        } => (weights, means, covariances),
        other => panic!("2-D parameters expected, got {other:?}"),
    }
}

#[test]
fn the_2d_model_starts_on_old_faithful_with_two_full_components() {
    let playground = gmm2d();
    let state = playground.state();
    assert_eq!(state.fit.model, ModelKind::Gmm2d);
    assert_eq!(state.fit.data.points().len(), 272);
    assert_eq!(state.fit.data.points()[0], [3.6, 79.0]);
    assert_eq!(state.covariance_type, Some(CovarianceType::Full));
    assert_eq!((state.components, state.handles.len()), (2, 2));
    let y = state.y_summary.unwrap();
    assert_eq!((y.min, y.max), (43.0, 96.0));
    assert_eq!(playground.landscape(), None, "no landscape in 2-D (yet)");
}

#[test]
fn dragging_a_mean_restarts_from_the_parameters_shown() {
    let mut playground = gmm2d();
    playground.session_mut().run_for(3);
    let shown = match playground.state().fit.params {
        ParamsView::Gaussian2 { means, .. } => means,
        other => panic!("{other:?}"),
    };
    playground.drag_mean(0, 2.0, 50.0).unwrap();
    let state = playground.state();
    assert_eq!((state.fit.iteration, state.fit.phase), (0, Phase::Init));
    let (_, means, _) = gmm2d_params(&playground);
    assert_eq!(means, vec![[2.0, 50.0], shown[1]]);
    assert!(playground.drag_mean(2, 0.0, 0.0).is_err(), "K = 2");
}

#[test]
fn dragging_the_major_handle_turns_and_stretches_the_ellipse() {
    let mut playground = gmm2d();
    playground
        .set_start_texts(&[
            ("weights", "1,1"),
            ("means", "0,0; 10,10"),
            ("covariances", "1,0,0,1; 1,0,0,1"),
        ])
        .unwrap();
    // Pointer at (3, 4): the 2σ half-axis is 5, so σ = 2.5 along
    // (0.6, 0.8), and 1 across. Σ = R diag(6.25, 1) Rᵀ by hand:
    // xx = 6.25·0.36 + 0.64 = 2.89, xy = 5.25·0.48 = 2.52, yy = 6.25·0.64 + 0.36 = 4.36.
    AxisHandle::named("major")
        .and_then(|handle| playground.drag_axis(0, handle, 3.0, 4.0))
        .unwrap();
    let (_, _, covariances) = gmm2d_params(&playground);
    let [[xx, xy], [yx, yy]] = covariances[0];
    for (got, want) in [(xx, 2.89), (xy, 2.52), (yx, 2.52), (yy, 4.36)] {
        assert!((got - want).abs() < 1e-12, "{:?}", covariances[0]);
    }
    assert_eq!(covariances[1], [[1.0, 0.0], [0.0, 1.0]]);
    // The handle is now under the pointer.
    let handles = playground.state().handles;
    assert!((handles[0].major[0] - 3.0).abs() < 1e-12);
    assert!((handles[0].major[1] - 4.0).abs() < 1e-12);
    // The minor handle cannot make the minor axis longer than the major.
    AxisHandle::named("minor")
        .and_then(|handle| playground.drag_axis(0, handle, -40.0, 30.0))
        .unwrap();
    let (_, _, covariances) = gmm2d_params(&playground);
    let [[xx, xy], [_, yy]] = covariances[0];
    assert!(
        (xx * yy - xy * xy - 2.5f64.powi(4)).abs() < 1e-9,
        "a round 2.5σ circle"
    );
    assert!(AxisHandle::named("diagonal")
        .and_then(|handle| playground.drag_axis(0, handle, 1.0, 1.0))
        .is_err());
}

#[test]
fn clicks_add_points_where_clicked_and_the_brush_spreads_them() {
    let mut playground = gmm2d();
    let start = gmm2d_params(&playground);
    playground.add_points(3.0, 70.0, 1, 1).unwrap();
    let state = playground.state();
    assert_eq!(state.fit.data.points().len(), 273);
    assert_eq!(state.fit.data.points()[272], [3.0, 70.0]);
    assert_eq!(state.source, DataSource::Custom);
    assert_eq!(gmm2d_params(&playground), start, "the start stays");
    playground.add_points(3.0, 70.0, 20, 7).unwrap();
    let points = playground.state().fit.data.points().to_vec();
    assert_eq!(points.len(), 293);
    // σ is 3 % of each axis's range (3.5 min and 53 min): all 20 within 4σ.
    for p in &points[273..] {
        assert!((p[0] - 3.0).abs() < 4.0 * 0.03 * 3.5 && (p[1] - 70.0).abs() < 4.0 * 0.03 * 53.0);
    }
    assert_ne!(points[273], points[274]);
    playground.move_point(0, 1.0, 40.0).unwrap();
    assert_eq!(playground.state().fit.data.points()[0], [1.0, 40.0]);
    playground.delete_point(0).unwrap();
    assert_eq!(playground.state().fit.data.points()[0], [1.8, 54.0]);
    assert!(playground.delete_point(999).is_err());
    assert!(playground.move_point(0, f64::NAN, 1.0).is_err());
}

#[test]
fn the_covariance_type_shapes_the_start_and_bad_lists_say_why() {
    let mut playground = gmm2d();
    playground
        .set_start_texts(&[
            ("weights", "1,3"),
            ("means", "2,55; 4.3,80"),
            ("covariances", "0.1,0.5,0.5,30; 0.2,1,1,40"),
        ])
        .unwrap();
    CovarianceType::named("spherical")
        .and_then(|kind| playground.set_covariance_type(kind))
        .unwrap();
    let (weights, _, covariances) = gmm2d_params(&playground);
    assert_eq!(weights, vec![0.25, 0.75], "normalised");
    // Spherical: the two variances averaged, no covariance.
    assert_eq!(covariances[0], [[15.05, 0.0], [0.0, 15.05]]);
    assert_eq!(
        playground.state().covariance_type,
        Some(CovarianceType::Spherical)
    );
    let error = CovarianceType::named("round")
        .and_then(|kind| playground.set_covariance_type(kind))
        .unwrap_err();
    assert!(error
        .to_string()
        .contains("\"full\", \"diag\", \"spherical\" or \"tied\""));
    for (means, covariances, reason) in [
        (
            "2,55; 4.3",
            "1,0,0,1; 1,0,0,1",
            "take 2 numbers each, but 3",
        ),
        (
            "2,55; 4,80",
            "1,0.5,0.4,1; 1,0,0,1",
            "component 1 is not symmetric",
        ),
        ("2,55; 4,80", "1,2,2,1; 1,0,0,1", "positive"),
    ] {
        let error = playground
            .set_start_texts(&[
                ("weights", "1,1"),
                ("means", means),
                ("covariances", covariances),
            ])
            .unwrap_err();
        assert!(error.to_string().contains(reason), "{error}");
    }
}

#[test]
fn points_typed_or_drawn_from_a_true_mixture() {
    let mut playground = gmm2d();
    let text = playground.data_text(usize::MAX);
    assert!(text.starts_with("3.6, 79\n1.8, 54\n"));
    playground.set_data_text("1 2; 3 4\n5,6").unwrap();
    assert_eq!(
        playground.state().fit.data.points(),
        &[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    );
    assert!(playground.set_data_text("1 2 3").is_err());
    playground
        .synthesize(20_000, 3, &["1,3", "-5,0; 5,0", "1,0.8,0.8,1; 1,0,0,1"])
        .unwrap();
    let points = playground.state().fit.data.points().to_vec();
    let left: Vec<&[f64; 2]> = points.iter().filter(|p| p[0] < 0.0).collect();
    let share = left.len() as f64 / points.len() as f64;
    assert!((share - 0.25).abs() < 0.01, "{share}");
    // The left cluster's correlation is the true 0.8.
    let n = left.len() as f64;
    let mean = [0, 1].map(|a| left.iter().map(|p| p[a]).sum::<f64>() / n);
    let moment = |a: usize, b: usize| {
        left.iter()
            .map(|p| (p[a] - mean[a]) * (p[b] - mean[b]))
            .sum::<f64>()
            / n
    };
    let correlation = moment(0, 1) / (moment(0, 0) * moment(1, 1)).sqrt();
    assert!((correlation - 0.8).abs() < 0.02, "{correlation}");
    assert!(playground
        .synthesize(10, 1, &["1", "0,0", "1,2,2,1"])
        .is_err());
}

#[test]
fn restarts_and_random_starts_work_in_two_dimensions() {
    let mut playground = gmm2d();
    playground.set_component_count(3).unwrap();
    let before = playground.state();
    let outcomes = playground.restarts(6, 1).unwrap();
    assert_eq!(playground.state(), before);
    let values: Vec<f64> = outcomes.iter().map(|o| o.log_likelihood.unwrap()).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    playground.random_start(outcomes[0].seed).unwrap();
    let (_, means, _) = gmm2d_params(&playground);
    let points = playground.state().fit.data.points().to_vec();
    assert!(
        means.iter().all(|m| points.contains(m)),
        "means start at data points"
    );
    playground.session_mut().run_for(usize::MAX);
    assert_eq!(
        playground.state().fit.log_likelihood,
        outcomes[0].log_likelihood
    );
}
