//! The binomial, Poisson and exponential models through the widget's API:
//! the address's settings, the paper's figures, the three-coin equivalence,
//! and bad input refused with the last valid state kept.

use em_playground::i18n::{Language, Localized};
use em_playground::playground::Playground;
use em_playground::session::{ModelKind, Named, ParamsView};

fn probabilities(playground: &Playground) -> (Vec<f64>, Vec<f64>) {
    match playground.state().fit.params {
        ParamsView::Probabilities {
            weights,
            probabilities,
        } => (weights, probabilities),
        other => panic!("not a binomial mixture: {other:?}"),
    }
}

/// `model=binomial&trials=10&data=5,9,8,4,7&weights=0.5,0.5&probabilities=0.6,0.5&fixed-weights`,
/// applied in the order the page applies it (trials before the data).
fn do_batzoglou() -> Playground {
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Binomial).unwrap();
    playground.set_start_texts(&[("trials", "10")]).unwrap();
    playground.set_data_text("5,9,8,4,7").unwrap();
    playground
        .set_start_texts(&[
            ("weights", "0.5,0.5"),
            ("probabilities", "0.6,0.5"),
            ("fixed-weights", ""),
        ])
        .unwrap();
    playground
}

#[test]
fn the_address_reproduces_do_and_batzoglou_figure_1() {
    let mut playground = do_batzoglou();
    playground.session_mut().step();
    // Figure 1b: θ_A ≈ 0.71, θ_B ≈ 0.58 after one iteration.
    let (weights, theta) = probabilities(&playground);
    assert_eq!(weights, [0.5, 0.5], "the weights stay fixed");
    assert_eq!(
        theta
            .iter()
            .map(|t| (t * 100.0).round() / 100.0)
            .collect::<Vec<_>>(),
        [0.71, 0.58]
    );
    for _ in 1..10 {
        playground.session_mut().step();
    }
    // … and θ_A ≈ 0.80, θ_B ≈ 0.52 after ten.
    let (_, theta) = probabilities(&playground);
    assert_eq!(
        theta
            .iter()
            .map(|t| (t * 100.0).round() / 100.0)
            .collect::<Vec<_>>(),
        [0.80, 0.52]
    );
    // The address writes back what it read.
    let texts = playground.start_texts();
    assert!(texts.contains(&("fixed-weights", String::new())));
    assert_eq!(playground.data_text(usize::MAX), "5, 9, 8, 4, 7");
}

#[test]
fn the_preset_is_the_paper_with_its_start() {
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Binomial).unwrap();
    playground.load_preset("do-batzoglou").unwrap();
    let (weights, theta) = probabilities(&playground);
    assert_eq!((weights, theta), (vec![0.5, 0.5], vec![0.6, 0.5]));
    assert!(playground
        .start_texts()
        .iter()
        .any(|(n, _)| *n == "fixed-weights"));
}

#[test]
fn with_one_trial_the_binomial_mixture_is_the_three_coin_model() {
    let mut coins = Playground::new();
    let tosses = "1,1,0,1,0,0,1,0,1,1";
    coins.set_data_text(tosses).unwrap();
    coins
        .set_start_texts(&[("pi", "0.46"), ("p", "0.55"), ("q", "0.67")])
        .unwrap();
    let mut binomial = Playground::new();
    binomial.set_model(ModelKind::Binomial).unwrap();
    binomial.set_start_texts(&[("trials", "1")]).unwrap();
    binomial.set_data_text(tosses).unwrap();
    binomial
        .set_start_texts(&[
            ("weights", "0.46,0.54"),
            ("probabilities", "0.55,0.67"),
            // The paper's preset holds the weights; π is estimated here.
            ("fixed-weights", "0"),
        ])
        .unwrap();
    for _ in 0..5 {
        coins.session_mut().step();
        binomial.session_mut().step();
        let ParamsView::ThreeCoins { pi, p, q } = coins.state().fit.params else {
            panic!("coins");
        };
        let (weights, theta) = probabilities(&binomial);
        for (a, b) in [(pi, weights[0]), (p, theta[0]), (q, theta[1])] {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
        let (a, b) = (
            coins.state().fit.log_likelihood.unwrap(),
            binomial.state().fit.log_likelihood.unwrap(),
        );
        assert!((a - b).abs() < 1e-12);
    }
}

#[test]
fn poisson_and_exponential_show_weights_and_rates() {
    let mut playground = Playground::new();
    for (model, preset) in [("poisson", "hasselblad"), ("exponential", "waits")] {
        ModelKind::named(model)
            .and_then(|kind| playground.set_model(kind))
            .unwrap();
        playground.load_preset(preset).unwrap();
        playground.session_mut().run_for(usize::MAX);
        let ParamsView::Rates { weights, rates } = playground.state().fit.params else {
            panic!("{model}: not rates");
        };
        assert_eq!((weights.len(), rates.len()), (2, 2));
        assert!(rates.iter().all(|r| r.is_finite() && *r > 0.0));
    }
}

#[test]
fn bad_input_is_refused_with_a_message_and_the_state_kept() {
    let mut playground = Playground::new();
    let cases = [
        ("binomial", "data", "2.5, 3", "whole number"),
        ("binomial", "data", "11/10", "cannot exceed the trials"),
        ("binomial", "probabilities", "0.5,1.5", "between 0 and 1"),
        ("poisson", "data", "1, 2.5", "whole number"),
        ("poisson", "rates", "1,0", "greater than 0"),
        ("exponential", "data", "1, -2", "positive"),
        ("exponential", "rates", "-1,1", "greater than 0"),
    ];
    for (model, setting, text, expected) in cases {
        ModelKind::named(model)
            .and_then(|kind| playground.set_model(kind))
            .unwrap();
        let before = playground.state();
        let error = if setting == "data" {
            playground.set_data_text(text)
        } else {
            playground.set_start_texts(&[(setting, text)])
        }
        .unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(expected),
            "{model} {setting}={text}: {message}"
        );
        let chinese = error.localized(Language::Chinese);
        assert!(chinese != message && !chinese.is_empty());
        assert_eq!(playground.state(), before, "{model} {setting}={text}");
    }
}

#[test]
fn the_preset_knows_which_coin_and_gives_figure_1a() {
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Binomial).unwrap();
    // Figure 1a: coin A tossed in sets 2, 3, 5 (24 heads of 30), B in 1, 4 (9 of 20).
    let complete = playground
        .state()
        .complete_data
        .expect("the paper says which coin");
    assert_eq!(
        complete,
        ParamsView::Probabilities {
            weights: vec![0.6, 0.4],
            probabilities: vec![0.8, 0.45],
        }
    );
    // Typed data do not say which coin.
    playground.set_data_text("5, 9, 8, 4, 7").unwrap();
    assert_eq!(playground.state().complete_data, None);
}

#[test]
fn poisson_and_exponential_have_a_landscape_over_two_rates() {
    let mut playground = Playground::new();
    for model in ["poisson", "exponential"] {
        ModelKind::named(model)
            .and_then(|kind| playground.set_model(kind))
            .unwrap();
        playground.session_mut().run_for(20);
        let landscape = playground.landscape().expect("two rates");
        let path = &landscape.em_path;
        assert_eq!(path.len(), 21, "{model}");
        // The grid holds the path, and its best cell beats the start's log L.
        let [low, high] = landscape.x_range;
        assert!(
            path.iter().flatten().all(|v| (low..high).contains(v)),
            "{model}"
        );
        let best = landscape.best.expect("a finite cell").log_likelihood;
        let start = playground.state().fit.history[0].log_likelihood.unwrap();
        assert!(best > start, "{model}: {best} ≤ {start}");
    }
}

#[test]
fn the_binomial_landscape_peaks_where_em_converges() {
    let mut playground = do_batzoglou();
    playground.session_mut().run_for(usize::MAX);
    let (_, theta) = probabilities(&playground);
    let landscape = playground.landscape().expect("θ₁ × θ₂ over [0, 1]");
    assert_eq!(
        (landscape.x_range, landscape.y_range),
        ([0.0, 1.0], [0.0, 1.0])
    );
    let best = landscape.best.expect("a finite cell");
    // Through the converged θ, the grid's best cell is θ itself to a cell,
    // or θ with the coins' labels swapped: with weights ½ and ½ both are maxima.
    let cell = 1.0 / landscape.columns as f64;
    let near = |a: f64, b: f64| (best.x - a).abs() <= cell && (best.y - b).abs() <= cell;
    assert!(
        near(theta[0], theta[1]) || near(theta[1], theta[0]),
        "{best:?} vs {theta:?}, cell {cell}"
    );
    let last = landscape.em_path.last().unwrap();
    assert_eq!(*last, [theta[0], theta[1]]);
}

#[test]
fn gradient_ascent_keeps_weights_em_holds_fixed() {
    let mut playground = do_batzoglou();
    playground.set_ascent("0.05").unwrap();
    playground.session_mut().run_for(5);
    let ascent = playground.state().fit.ascent.expect("shown");
    let ParamsView::Probabilities {
        weights,
        probabilities,
    } = ascent.params
    else {
        panic!("binomial parameters");
    };
    assert_eq!(weights, [0.5, 0.5]);
    assert_ne!(probabilities, [0.6, 0.5], "the probabilities climb");
}
