//! Settings read and written in Rust: the address's rules, refusals with
//! their messages in both languages, and round trips through `query`.

use em_playground::i18n::Language;
use em_playground::playground::Playground;
use em_playground::settings::{apply, query, DataInQuery, Group, Settings};

/// Settings from an address's query, as the element hands them over.
fn settings(address: &str) -> Settings {
    address
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| part.split_once('=').unwrap_or((part, "")))
        .collect()
}

fn refusals(outcomes: &[em_playground::settings::Outcome]) -> Vec<(Group, String)> {
    outcomes
        .iter()
        .filter_map(|o| Some((o.group, o.message.clone()?)))
        .collect()
}

fn address(playground: &Playground) -> String {
    query(playground, DataInQuery::Link, |_| {
        playground.data_text(usize::MAX).replace(' ', "")
    })
    .query
    .into_iter()
    .map(|(name, value)| {
        if value.is_empty() {
            name
        } else {
            format!("{name}={value}")
        }
    })
    .collect::<Vec<_>>()
    .join("&")
}

#[test]
fn the_papers_address_applies_and_is_written_back() {
    let text = "model=binomial&trials=10&data=5,9,8,4,7&weights=0.5,0.5&probabilities=0.6,0.5&fixed-weights&step=20";
    let mut playground = Playground::new();
    let outcomes = apply(&mut playground, &settings(text), Language::English);
    assert_eq!(refusals(&outcomes), []);
    assert_eq!(playground.state().fit.iteration, 10);
    assert_eq!(
        address(&playground),
        "model=binomial&data=5,9,8,4,7&weights=0.5,0.5&probabilities=0.6,0.5&fixed-weights&step=20"
    );
    // The address written back reproduces the state.
    let mut again = Playground::new();
    apply(
        &mut again,
        &settings(&address(&playground)),
        Language::English,
    );
    assert_eq!(again.state().fit.params, playground.state().fit.params);
}

#[test]
fn every_models_default_address_round_trips() {
    for model in [
        "coins",
        "binomial",
        "gmm",
        "gmm2d",
        "poisson",
        "exponential",
    ] {
        let mut playground = Playground::new();
        let outcomes = apply(
            &mut playground,
            &settings(&format!(
                "model={model}&rule=hard&tol=0.001&max-iter=50&step=3"
            )),
            Language::English,
        );
        assert_eq!(refusals(&outcomes), [], "{model}");
        // As the widget does: what it opens with is not an edit to undo.
        playground.forget_data_edits();
        let written = address(&playground);
        let mut again = Playground::new();
        assert_eq!(
            refusals(&apply(&mut again, &settings(&written), Language::English)),
            []
        );
        again.forget_data_edits();
        assert_eq!(again.state(), playground.state(), "{model}: {written}");
    }
}

#[test]
fn refusals_name_the_values_and_say_why_and_the_rest_applies() {
    let mut playground = Playground::new();
    let outcomes = apply(
        &mut playground,
        &settings(
            "model=gmm&pi=0.5&rates=1,2&landscape=diagonal&step=-1&rule=joint&tol=0.01&unknown=1",
        ),
        Language::English,
    );
    let refused = refusals(&outcomes);
    assert_eq!(refused.len(), 4, "{refused:?}");
    assert_eq!(refused[0].0, Group::Model);
    assert_eq!(
        refused[0].1,
        "Ignored pi=0.5&rates=1,2: these settings belong to another model, not to the Gaussian mixture (1-D)"
    );
    assert!(refused[1]
        .1
        .starts_with("Ignored rule=joint: The rule \"joint\" is about the three-coin model"));
    assert_eq!(
        refused[2],
        (
            Group::Landscape,
            "Ignored landscape=diagonal: write pq, means-1-2, values-1-2 or mean-sigma-1".into()
        )
    );
    assert!(refused[3]
        .1
        .contains("step must be a whole number of half-steps from 0 to 1001"));
    // What was not refused applied.
    assert_eq!(playground.state().tolerance, 0.01);
}

#[test]
fn synthetic_data_need_their_truth_and_replays_stay_in_budget() {
    let mut playground = Playground::new();
    let outcomes = apply(
        &mut playground,
        &settings("model=poisson&synthetic=100,3"),
        Language::Chinese,
    );
    assert_eq!(
        refusals(&outcomes),
        [(Group::Data, "已忽略 synthetic=100,3：synthetic=N,seed 需要以 truth=… 给出真实参数，例如 truth=1,1;1,5".into())]
    );
    let outcomes = apply(
        &mut playground,
        &settings("synthetic=100,3&truth=1,1;2,9"),
        Language::English,
    );
    assert_eq!(refusals(&outcomes), []);
    assert_eq!(playground.state().data_length, 100);
    // 10⁶ iterations cap, but the replay budget (2·10⁸ terms) bounds the half-steps.
    let outcomes = apply(
        &mut playground,
        &settings("max-iter=1000000&step=2000000"),
        Language::English,
    );
    let refused = refusals(&outcomes);
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0].1.contains("from 0 to 1000000"),
        "{}",
        refused[0].1
    );
}

#[test]
fn links_leave_out_data_too_long_for_an_address_and_say_so() {
    let mut playground = Playground::new();
    apply(&mut playground, &settings("model=gmm"), Language::English);
    let numbers = |n: usize| {
        (0..n)
            .map(|i| (i % 97).to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    // About three characters a number: 1,500 fit, 2,500 and 10,000 are
    // formatted to be tried compressed, 30,000 are too long even for that.
    for (n, fits, compressible) in [
        (100, true, false),
        (1_500, true, false),
        (2_500, false, true),
        (10_000, false, true),
        (30_000, false, false),
        (100_000, false, false),
    ] {
        playground.set_data_text(&numbers(n)).unwrap();
        let mut formatted = false;
        let link = query(&playground, DataInQuery::Link, |_| {
            formatted = true;
            playground.data_text(usize::MAX).replace(' ', "")
        });
        assert_eq!(link.data_left_out, !fits, "{n}");
        let carried = link.query.iter().any(|(name, _)| name == "data");
        assert_eq!(carried, fits, "{n}");
        assert_eq!(link.compressible.is_some(), compressible, "{n}");
        // Beyond what could fit compressed, the data are not even formatted.
        assert_eq!(formatted, n <= 20_000, "{n}");
        // The state file carries them all.
        let whole = query(&playground, DataInQuery::Whole, |_| numbers(n));
        assert!(!whole.data_left_out);
        let data = whole.query.iter().find(|(name, _)| name == "data").unwrap();
        assert_eq!(data.1.split(',').count(), n);
        let length: usize = link.query.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
        assert!(length <= 8_000, "{n}: {length}");
    }
}

#[test]
fn a_files_data_keep_its_name_through_a_link_and_a_link_without_them_says_to_open_it_again() {
    let mut playground = Playground::new();
    apply(&mut playground, &settings("model=gmm"), Language::English);
    playground
        .open_file("waits.csv", "day,wait\nmon,1.5\ntue,2.5\nwed,9\n")
        .unwrap();
    playground.use_columns(&["wait"]).unwrap();
    let link = address(&playground);
    assert!(
        link.starts_with("model=gmm&file=waits.csv&columns=wait&data=1.5,2.5,9&"),
        "{link}"
    );
    let mut again = Playground::new();
    let outcomes = apply(&mut again, &settings(&link), Language::English);
    assert_eq!(refusals(&outcomes), []);
    assert_eq!(again.state().source, playground.state().source);
    assert_eq!(again.state().fit.data, playground.state().fit.data);

    let mut without = Playground::new();
    let outcomes = apply(
        &mut without,
        &settings("model=gmm&file=big.csv&columns=x"),
        Language::Chinese,
    );
    assert_eq!(
        refusals(&outcomes),
        [(
            Group::Data,
            "已忽略 file=big.csv：此链接来自文件 big.csv，其数据太多，无法放入链接：请再次打开 big.csv（数据 → 打开文件）。".to_string()
        )]
    );
}
