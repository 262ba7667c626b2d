//! The watchdog against hangs: every chart, drawn from degenerate data and
//! extreme parameters, finishes and writes no NaN. Each case runs on its own
//! thread and fails after a time-out instead of hanging the test run.

use std::sync::mpsc;
use std::time::Duration;

use plotters::prelude::SVGBackend;

use super::*;
use crate::playground::Playground;
use crate::session::{ModelKind, Named};

/// Calls that set a case up.
type SetUp = Box<dyn FnOnce(&mut Playground) + Send>;

/// Draws all six charts at 480 × 300 and returns the SVG text.
fn draw_all(playground: &Playground) -> Vec<String> {
    let style = ChartStyle::default();
    let state = playground.fit();
    let mut pictures = Vec::new();
    let mut draw = |paint: &mut dyn FnMut(SVGBackend<'_>)| {
        let mut out = String::new();
        paint(SVGBackend::with_string(&mut out, (480, 300)));
        pictures.push(out);
    };
    draw(&mut |b| draw_responsibilities(b, &state, &style).unwrap());
    draw(&mut |b| draw_fit(b, &state, &style).unwrap());
    draw(&mut |b| draw_log_likelihood(b, &state, &style).unwrap());
    draw(&mut |b| draw_parameters(b, &state, &style).unwrap());
    let slice = playground.bound_slice();
    draw(&mut |b| draw_bound(b, slice.as_ref(), playground.session().rule(), &style).unwrap());
    let landscape = playground.landscape();
    draw(&mut |b| draw_landscape(b, landscape.as_ref(), playground.ascent_rate(), &style).unwrap());
    pictures
}

/// Sets up the case, then draws every chart at the start, after an E-step,
/// after an M-step and after five more iterations, within 20 s.
fn charts_finish(name: &'static str, set_up: impl FnOnce(&mut Playground) + Send + 'static) {
    let set_up: SetUp = Box::new(set_up);
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut playground = Playground::new();
        set_up(&mut playground);
        let mut pictures = draw_all(&playground);
        playground.session_mut().e_step();
        pictures.extend(draw_all(&playground));
        playground.session_mut().m_step();
        pictures.extend(draw_all(&playground));
        playground.session_mut().run_for(5);
        pictures.extend(draw_all(&playground));
        let _ = sender.send(pictures);
    });
    let pictures = match receiver.recv_timeout(Duration::from_secs(20)) {
        Ok(pictures) => pictures,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{name}: the charts did not finish within 20 s")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{name}: drawing panicked (above)"),
    };
    for picture in pictures {
        assert!(!picture.contains("NaN"), "{name}: NaN in {picture}");
    }
}

/// Each (name, K, data text) drawn by `model` with K components.
fn data_cases(model: &'static str, cases: &[(&'static str, usize, &'static str)]) {
    for &(name, k, data) in cases {
        charts_finish(name, move |playground| {
            ModelKind::named(model)
                .and_then(|kind| playground.set_model(kind))
                .unwrap();
            playground.set_component_count(k).unwrap();
            playground.set_data_text(data).unwrap();
        });
    }
}

#[test]
fn count_and_duration_degenerate_data() {
    data_cases(
        "poisson",
        &[
            ("constant counts", 2, "3 3 3 3"),
            ("all zero", 2, "0 0 0"),
            ("one huge count", 1, "1e100"),
            ("a range wider than the bars", 2, "0, 5000, 1e9"),
        ],
    );
    data_cases(
        "binomial",
        &[
            ("all failures", 2, "0/10, 0/10"),
            ("a billion trials", 2, "5/1000000000, 999999999/1000000000"),
            (
                "many different trials",
                3,
                "1/2 2/3 3/4 4/5 5/6 6/7 7/8 8/9 9/10",
            ),
        ],
    );
    data_cases(
        "exponential",
        &[
            ("constant durations", 2, "2 2 2"),
            ("the smallest and largest", 2, "1e-90, 1e100"),
        ],
    );
}

#[test]
fn one_dimensional_degenerate_data() {
    data_cases(
        "gmm",
        &[
            ("constant data", 2, "5 5 5 5 5"),
            ("one point", 1, "7"),
            ("two identical points", 2, "3, 3"),
            ("a range of 1e-300", 2, "0, 1e-300, 1e-300"),
            ("subnormal data", 2, "1e-320, 2e-320, 3e-320, 4e-320"),
            (
                "a range of 2e100, the largest data accepted",
                2,
                "-1e100, 0, 1e100",
            ),
            (
                "the largest data with a tiny spread",
                2,
                "1e100, 1e100, 1e100",
            ),
        ],
    );
}

#[test]
fn data_and_parameters_beyond_1e100_are_refused() {
    use crate::em::EmError;
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Gmm).unwrap();
    for data in ["-1e300, 0, 1e300", "-1.7e308, 0, 1.7e308"] {
        assert!(matches!(
            playground.set_data_text(data),
            Err(crate::session::SessionError::Em(
                EmError::ObservationTooLarge { index: 0, .. }
            ))
        ));
    }
    for (means, sigmas) in [("1e308,-1e308", "1,1"), ("2,4", "1e308,1e308")] {
        assert!(matches!(
            playground.set_start_texts(&[("weights", "1,1"), ("means", means), ("sigmas", sigmas)]),
            Err(crate::session::SessionError::Em(
                EmError::ParameterTooLarge { .. }
            ))
        ));
    }
    playground.set_model(ModelKind::Gmm2d).unwrap();
    assert!(playground
        .set_start_texts(&[
            ("weights", "1,1"),
            ("means", "1e300,0;-1e300,0"),
            ("covariances", "1,0,0,1;1,0,0,1")
        ])
        .is_err());
}

#[test]
fn one_dimensional_extreme_parameters() {
    charts_finish("means at the limit", |p| {
        p.set_model(ModelKind::Gmm).unwrap();
        p.set_start_texts(&[
            ("weights", "1,1"),
            ("means", "1e100,-1e100"),
            ("sigmas", "1,1"),
        ])
        .unwrap();
    });
    charts_finish("sigmas at the limit", |p| {
        p.set_model(ModelKind::Gmm).unwrap();
        p.set_start_texts(&[
            ("weights", "1,1"),
            ("means", "2,4"),
            ("sigmas", "1e100,1e100"),
        ])
        .unwrap();
    });
    charts_finish("tiny sigmas", |p| {
        p.set_model(ModelKind::Gmm).unwrap();
        p.set_start_texts(&[
            ("weights", "1,1"),
            ("means", "2,4"),
            ("sigmas", "1e-150,1e-150"),
        ])
        .unwrap();
    });
}

#[test]
fn coins_degenerate_data() {
    charts_finish("two tosses", |p| p.set_data_text("1 0").unwrap());
    charts_finish("all tails", |p| p.set_data_text("0 0 0 0").unwrap());
    charts_finish("certain coins", |p| {
        p.set_start_texts(&[("pi", "1"), ("p", "1"), ("q", "0")])
            .unwrap()
    });
}

#[test]
fn two_dimensional_degenerate_data() {
    data_cases(
        "gmm2d",
        &[
            ("constant points", 2, "5,5; 5,5; 5,5"),
            ("one point", 1, "1,2"),
            ("a line", 2, "0,1; 1,1; 2,1; 3,1"),
            ("a range of 1e-300", 2, "0,0; 1e-300,1e-300; 0,1e-300"),
            ("a range of 2e100", 2, "-1e100,-1e100; 0,0; 1e100,1e100"),
        ],
    );
    charts_finish("means at the limit, far off the data", |p| {
        p.set_model(ModelKind::Gmm2d).unwrap();
        p.set_start_texts(&[
            ("weights", "1,1"),
            ("means", "1e100,0;-1e100,0"),
            ("covariances", "1,0,0,1;1,0,0,1"),
        ])
        .unwrap();
    });
    charts_finish("covariances at the limit", |p| {
        p.set_model(ModelKind::Gmm2d).unwrap();
        p.set_start_texts(&[
            ("weights", "1,1"),
            ("means", "2,50;4,80"),
            ("covariances", "1e200,0,0,1e200;1,0,0,1"),
        ])
        .unwrap();
    });
}
