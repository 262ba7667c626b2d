//! The native fuzzer: arbitrary calls with arbitrary values on a widget's
//! `Playground`, as a user's typing, pasting, dragging and stepping (and a
//! course author's attributes) would make them. After every call: no panic,
//! no NaN or ∞ anywhere in the state, the bound slice, the landscape or an
//! observation's view; a refused call is a typed error and leaves the state
//! exactly as it was. `FUZZ_CASES=N` runs longer than CI's default.
#![cfg(not(target_arch = "wasm32"))]

use em_playground::data_file::DataTable;
use em_playground::em::parse_observations;
use em_playground::em::{CovarianceType, EStepRule};
use em_playground::i18n::Language;
use em_playground::playground::{Playground, SLICE_BUDGET};
use em_playground::session::{AxisHandle, LandscapeAxes, ModelKind, Named, SliceParameter};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Texts a user may type or paste into a number box or a list.
fn text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        "",
        " ",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "1e-320",
        "5e-324",
        "-0",
        "0",
        "1",
        "1e308",
        "-1e308",
        "1.7976931348623157e308",
        "1e100",
        "1e101",
        "1e-300",
        "0.5",
        "-1",
        "5 5 5 5 5",
        "1,1",
        "1, 2; 3, 4",
        "1,2,3,4;5,6,7,8",
        "0 1 1 0",
        "abc",
        "1e",
        "--1",
        "½",
        "1;2;3",
        "1|2|3",
        "0x10",
        "中文",
        "# comment\n3 4",
        "2,55;4.3,80",
        "1,0,0,1;1,0,0,1",
        "0.3;0.8;0.4",
        "-3,0;3,0;0,4",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        4 => special,
        2 => any::<f64>().prop_map(|x| x.to_string()),
        2 => prop::collection::vec(prop_oneof![any::<f64>(), -10.0..10.0f64], 0..12).prop_map(|v| {
            v.iter().map(f64::to_string).collect::<Vec<_>>().join(", ")
        }),
        1 => prop::collection::vec(prop_oneof![-10.0..10.0f64, Just(3.0)], 0..12)
            .prop_map(|v| v.chunks(2).map(|c| c.iter().map(f64::to_string).collect::<Vec<_>>().join(",")).collect::<Vec<_>>().join(";")),
        1 => "[ -~]{0,30}",
    ]
}

/// A coordinate or number the pointer or a script may send.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -10.0..100.0f64,
        1 => prop::sample::select(vec![
            f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0, 1e-320, 1e308, -1e308, 1e100, 1e300,
        ]),
        1 => any::<f64>(),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "coins",
        "gmm",
        "gmm2d",
        "li-hang",
        "exercise",
        "faithful",
        "galaxies",
        "pi",
        "p",
        "q",
        "weight",
        "mean",
        "sigma",
        "posterior",
        "hard",
        "joint",
        "full",
        "diag",
        "spherical",
        "tied",
        "major",
        "minor",
        "pq",
        "means",
        "mean-sigma",
        "values",
        "binomial",
        "poisson",
        "exponential",
        "do-batzoglou",
        "hasselblad",
        "waits",
        "probability",
        "rate",
        "off",
        "",
        "bogus",
    ])
    .prop_map(str::to_string)
}

#[derive(Debug, Clone)]
enum Call {
    SetModel(String),
    SetData(String),
    Preset(String),
    Synthesize(usize, u64, [String; 3]),
    SetParam(String, usize, String),
    /// A start setting of any model (`pi`, `weights`, `means`, …) with a text.
    Start(Vec<(String, String)>),
    CovarianceType(String),
    DragMean(usize, f64, f64),
    DragAxis(usize, String, f64, f64),
    AddPoints(f64, f64, usize, u64),
    MovePoint(usize, f64, f64),
    DeletePoint(usize),
    ComponentCount(usize),
    RandomStart(u64),
    Restarts(usize, u64),
    SpreadStart,
    Rule(String),
    /// A data file opened (its text), then columns chosen by name or number.
    OpenFile(String),
    UseColumns(Vec<String>),
    /// A comparison of K started and run for some slices, then a row loaded.
    CompareK(usize, usize, u64, usize),
    LoadCompared(usize),
    Slice(String, usize),
    Landscape(String, usize, usize),
    Ascent(String),
    Tolerance(String),
    MaxIterations(String),
    EStep,
    MStep,
    Step,
    Run(usize),
    Back,
    Reset,
}

/// Files a student may open: rows of cells (numbers, words, empty or quoted
/// cells, decimal commas) with any separator, maybe a header, maybe ragged.
fn table() -> impl Strategy<Value = String> {
    let cell = prop::sample::select(vec![
        "1", "2.5", "-3", "1e308", "1e400", "0", "abc", "", "\"4\"", "\"x, y\"", "3,6", "nan",
        "\"", "#",
    ]);
    let row = prop::collection::vec(cell, 0..4);
    (
        prop::sample::select(vec![",", ";", "\t", " ", "  "]),
        prop::collection::vec(row, 0..8),
        prop::sample::select(vec!["\n", "\r\n"]),
    )
        .prop_map(|(separator, rows, end)| {
            rows.iter()
                .map(|row| row.join(separator))
                .collect::<Vec<_>>()
                .join(end)
        })
}

fn texts() -> impl Strategy<Value = [String; 3]> {
    [text(), text(), text()]
}

fn call() -> impl Strategy<Value = Call> {
    let small = 0usize..10;
    prop_oneof![
        2 => name().prop_map(Call::SetModel),
        3 => text().prop_map(Call::SetData),
        1 => name().prop_map(Call::Preset),
        3 => (0usize..300, any::<u64>(), texts()).prop_map(|(n, s, t)| Call::Synthesize(n, s, t)),
        2 => (name(), small.clone(), text()).prop_map(|(n, i, t)| Call::SetParam(n, i, t)),
        3 => prop::collection::vec((prop::sample::select(vec!["pi", "p", "q", "weights", "means", "sigmas", "covariances", "bogus"]).prop_map(str::to_string), text()), 0..4).prop_map(Call::Start),
        1 => name().prop_map(Call::CovarianceType),
        1 => (small.clone(), number(), number()).prop_map(|(k, x, y)| Call::DragMean(k, x, y)),
        1 => (small.clone(), name(), number(), number()).prop_map(|(k, h, x, y)| Call::DragAxis(k, h, x, y)),
        1 => (number(), number(), 0usize..30, any::<u64>()).prop_map(|(x, y, c, s)| Call::AddPoints(x, y, c, s)),
        1 => (0usize..300, number(), number()).prop_map(|(i, x, y)| Call::MovePoint(i, x, y)),
        1 => (0usize..300).prop_map(Call::DeletePoint),
        2 => small.clone().prop_map(Call::ComponentCount),
        1 => any::<u64>().prop_map(Call::RandomStart),
        1 => (0usize..4, any::<u64>()).prop_map(|(c, s)| Call::Restarts(c, s)),
        1 => Just(Call::SpreadStart),
        1 => name().prop_map(Call::Rule),
        2 => prop_oneof![table(), text()].prop_map(Call::OpenFile),
        2 => prop::collection::vec(prop::sample::select(vec!["1", "2", "3", "0", "a", "b", "x", ""]).prop_map(str::to_string), 0..3).prop_map(Call::UseColumns),
        1 => (0usize..4, 0usize..4, any::<u64>(), 0usize..5).prop_map(|(m, r, s, n)| Call::CompareK(m, r, s, n)),
        1 => (0usize..5).prop_map(Call::LoadCompared),
        1 => (name(), small.clone()).prop_map(|(n, i)| Call::Slice(n, i)),
        1 => (name(), small.clone(), small).prop_map(|(n, a, b)| Call::Landscape(n, a, b)),
        1 => text().prop_map(Call::Ascent),
        1 => text().prop_map(Call::Tolerance),
        1 => text().prop_map(Call::MaxIterations),
        3 => Just(Call::EStep),
        3 => Just(Call::MStep),
        3 => Just(Call::Step),
        2 => (0usize..40).prop_map(Call::Run),
        2 => Just(Call::Back),
        1 => Just(Call::Reset),
    ]
}

fn apply(
    playground: &mut Playground,
    call: &Call,
) -> Result<(), em_playground::session::SessionError> {
    match call {
        Call::SetModel(name) => ModelKind::named(name).and_then(|kind| playground.set_model(kind)),
        Call::SetData(text) => playground.set_data_text(text),
        Call::Preset(name) => playground.load_preset(name),
        Call::Synthesize(n, s, [a, b, c]) => playground.synthesize(*n, *s, &[a, b, c]),
        Call::SetParam(name, index, text) => playground.set_param(name, *index, text),
        Call::Start(settings) => {
            let pairs: Vec<(&str, &str)> = settings
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            playground.set_start_texts(&pairs)
        }
        Call::CovarianceType(name) => {
            CovarianceType::named(name).and_then(|kind| playground.set_covariance_type(kind))
        }
        Call::DragMean(k, x, y) => playground.drag_mean(*k, *x, *y),
        Call::DragAxis(k, handle, x, y) => {
            AxisHandle::named(handle).and_then(|handle| playground.drag_axis(*k, handle, *x, *y))
        }
        Call::AddPoints(x, y, count, seed) => playground.add_points(*x, *y, *count, *seed),
        Call::MovePoint(i, x, y) => playground.move_point(*i, *x, *y),
        Call::DeletePoint(i) => playground.delete_point(*i),
        Call::ComponentCount(k) => playground.set_component_count(*k),
        Call::RandomStart(seed) => playground.random_start(*seed),
        Call::Restarts(count, seed) => playground.restarts(*count, *seed).map(|outcomes| {
            for outcome in outcomes {
                assert_all_finite(&format!("{outcome:?}"), "a restart's outcome");
            }
        }),
        Call::SpreadStart => playground.spread_start(),
        Call::Rule(name) => EStepRule::named(name).and_then(|rule| playground.set_rule(rule)),
        Call::OpenFile(text) => playground.open_file("fuzz.csv", text).map(|view| {
            assert_all_finite(&format!("{view:?}"), "the file's view");
        }),
        Call::UseColumns(names) => {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            playground.use_columns(&names)
        }
        Call::CompareK(max, restarts, seed, slices) => playground
            .start_comparison(*max, *restarts, *seed)
            .map(|()| {
                for _ in 0..*slices {
                    playground.advance_comparison(SLICE_BUDGET);
                    let progress = playground.comparison(Language::Chinese);
                    assert_all_finite(&format!("{progress:?}"), "a comparison");
                }
            }),
        Call::LoadCompared(k) => playground.load_compared(*k),
        Call::Slice(name, k) => {
            SliceParameter::named(name).map(|parameter| playground.set_slice(parameter, *k))
        }
        Call::Landscape(kind, a, b) => {
            LandscapeAxes::named(kind, *a, *b).and_then(|axes| playground.set_landscape(axes))
        }
        Call::Ascent(text) => playground.set_ascent(text),
        Call::Tolerance(text) => playground.set_tolerance(text),
        Call::MaxIterations(text) => playground.set_max_iterations(text),
        // Stepping is never refused; whether it moved is not checked here.
        Call::EStep | Call::MStep | Call::Step | Call::Run(_) | Call::Back | Call::Reset => {
            let session = playground.session_mut();
            match call {
                Call::EStep => drop(session.e_step()),
                Call::MStep => drop(session.m_step()),
                Call::Step => session.step(),
                Call::Run(n) => drop(session.run_for(*n)),
                Call::Back => drop(session.back()),
                _ => session.reset(),
            }
            Ok(())
        }
    }
}

/// Fails if a NaN or an infinity appears among the words of `debug`.
fn assert_all_finite(debug: &str, what: &str) {
    let bad = debug
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|word| matches!(*word, "NaN" | "inf"));
    assert!(bad.is_none(), "{what} holds {bad:?}: {debug:.2000}");
}

fn check(playground: &Playground, heavy: bool) {
    assert_all_finite(&format!("{:?}", playground.state()), "the state");
    assert_all_finite(
        &format!("{:?}", playground.bound_slice()),
        "the bound slice",
    );
    let first = playground.session().observation(0);
    assert_all_finite(&format!("{first:?}"), "observation 1");
    if heavy {
        assert_all_finite(&format!("{:?}", playground.landscape()), "the landscape");
    }
}

fn cases(default: u32) -> Config {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn any_sequence_of_calls_keeps_a_valid_state(calls in prop::collection::vec(call(), 1..25)) {
        let mut playground = Playground::new();
        for (i, call) in calls.iter().enumerate() {
            let before = format!("{:?}", playground.state());
            let outcome = apply(&mut playground, call);
            if outcome.is_err() {
                prop_assert_eq!(&before, &format!("{:?}", playground.state()), "{:?} was refused but changed the state", call);
            }
            check(&playground, i + 1 == calls.len());
        }
    }

    #[test]
    fn a_data_file_is_read_or_refused_and_every_column_is_numbers_or_a_named_cell(text in prop_oneof![3 => table(), 1 => ".{0,200}"]) {
        if let Ok(table) = DataTable::read("fuzz.csv", &text) {
            prop_assert!(table.rows() > 0);
            for (j, column) in table.columns().iter().enumerate() {
                match table.column(j) {
                    Ok(values) => {
                        prop_assert!(values.iter().all(|v| v.is_finite()));
                        prop_assert!(column.numeric);
                        prop_assert_eq!(values.len(), table.rows());
                    }
                    Err(error) => prop_assert!(!column.numeric, "{:?}", error),
                }
            }
        }
    }

    #[test]
    fn the_data_parser_never_panics_and_keeps_only_finite_numbers(text in prop_oneof![text(), ".{0,200}"]) {
        if let Ok(values) = parse_observations(&text) {
            prop_assert!(values.iter().all(|v| v.is_finite()));
        }
    }
}

#[test]
fn a_megabyte_of_text_is_refused_quickly_with_a_short_message() {
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Gmm).unwrap();
    let paste = "1|2|".repeat(250_000);
    let started = std::time::Instant::now();
    let error = playground.set_data_text(&paste).unwrap_err().to_string();
    assert!(error.len() < 300, "{error}");
    let error = playground.set_tolerance(&paste).unwrap_err().to_string();
    assert!(error.len() < 300, "{error}");
    // Generous: the parse is linear; this only catches a quadratic blow-up.
    assert!(started.elapsed().as_secs() < 20);
}
