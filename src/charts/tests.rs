//! The charts drawn natively to SVG, from real states of the engine.

use plotters::prelude::SVGBackend;

use super::*;
use crate::em::{CovarianceType, EStepRule};
use crate::playground::Playground;
use crate::session::StateView;
use crate::session::{ModelKind, Named, SliceParameter};

type Chart = for<'a> fn(SVGBackend<'a>, &StateView, &ChartStyle) -> ChartResult<SVGBackend<'a>>;

const CHARTS: [(&str, Chart); 4] = [
    ("responsibilities", |b, s, st| {
        draw_responsibilities(b, s, st)
    }),
    ("fit", |b, s, st| draw_fit(b, s, st)),
    ("log-likelihood", |b, s, st| draw_log_likelihood(b, s, st)),
    ("parameters", |b, s, st| draw_parameters(b, s, st)),
];

fn svg(chart: Chart, state: &StateView, scale: f64) -> String {
    let mut out = String::new();
    let size = ((480.0 * scale) as u32, (300.0 * scale) as u32);
    chart(
        SVGBackend::with_string(&mut out, size),
        state,
        &ChartStyle {
            scale,
            ..ChartStyle::default()
        },
    )
    .unwrap();
    out
}

fn hex(color: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2)
}

fn playground_states() -> Vec<(String, StateView<'static>)> {
    let mut states = Vec::new();
    let mut playground = Playground::new();
    states.push(("coins at the start".to_string(), playground.state().fit));
    playground.session_mut().e_step();
    states.push(("coins after an E-step".to_string(), playground.state().fit));
    playground.session_mut().m_step();
    states.push(("coins after an M-step".to_string(), playground.state().fit));
    playground.set_model(ModelKind::Gmm).unwrap();
    playground.load_preset("faithful").unwrap();
    states.push(("faithful at the start".to_string(), playground.state().fit));
    playground.session_mut().run_for(5);
    playground.session_mut().e_step();
    states.push((
        "faithful after 5 iterations and an E-step".to_string(),
        playground.state().fit,
    ));
    playground.set_component_count(5).unwrap();
    playground
        .synthesize(10_000, 1, &["1,1,1,1,1", "0,3,6,9,12", "1,1,1,1,1"])
        .unwrap();
    playground.session_mut().step();
    states.push(("10 000 points, K = 5".to_string(), playground.state().fit));
    playground.set_model(ModelKind::Gmm2d).unwrap();
    states.push((
        "2-D faithful at the start".to_string(),
        playground.state().fit,
    ));
    playground.session_mut().run_for(3);
    playground.session_mut().e_step();
    states.push((
        "2-D faithful after 3 iterations and an E-step".to_string(),
        playground.state().fit,
    ));
    CovarianceType::named("tied")
        .and_then(|kind| playground.set_covariance_type(kind))
        .unwrap();
    playground.set_component_count(4).unwrap();
    playground.session_mut().step();
    states.push((
        "2-D faithful, K = 4 tied".to_string(),
        playground.state().fit,
    ));
    // The one-number models at their presets, after 3 iterations and an E-step.
    for model in ["binomial", "poisson", "exponential"] {
        ModelKind::named(model)
            .and_then(|kind| playground.set_model(kind))
            .unwrap();
        states.push((format!("{model} at the start"), playground.state().fit));
        playground.session_mut().run_for(3);
        playground.session_mut().e_step();
        states.push((
            format!("{model} after 3 iterations"),
            playground.state().fit,
        ));
    }
    // Binomial counts with different numbers of trials, K = 3.
    playground.set_model(ModelKind::Binomial).unwrap();
    playground.set_component_count(3).unwrap();
    playground
        .set_data_text("0/3, 2/4, 5/5, 7/20, 1/1, 30/40")
        .unwrap();
    playground.session_mut().step();
    states.push(("binomial, mixed trials".to_string(), playground.state().fit));
    states
}

#[test]
fn the_plane_chart_colours_points_by_responsibility_and_reports_its_frame() {
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Gmm2d).unwrap();
    let draw = |state: &StateView| {
        let mut out = String::new();
        let frame = draw_plane(
            SVGBackend::with_string(&mut out, (600, 400)),
            state,
            &ChartStyle::default(),
        )
        .unwrap();
        (out, frame)
    };
    let (before, frame) = draw(&playground.state().fit);
    let frame = frame.expect("a 2-D state draws");
    // Grey points before the first E-step; the plot inside the canvas; the
    // x range covers the eruption times 1.6–5.1 min, y the waits 43–96 min.
    assert!(before.contains("#969696"), "grey points before γ");
    assert!(before.contains("x: eruption time (min)") && before.contains("y: waiting time (min)"));
    let [left, top, right, bottom] = frame.plot;
    assert!(0 < left && left < right && right <= 600 && 0 < top && top < bottom && bottom <= 400);
    assert!(
        frame.x_range[0] < 1.6 && frame.x_range[1] > 5.1,
        "{frame:?}"
    );
    assert!(
        frame.y_range[0] < 43.0 && frame.y_range[1] > 96.0,
        "{frame:?}"
    );
    playground.session_mut().run_for(50);
    playground.session_mut().e_step();
    let state = playground.state().fit;
    let (after, _) = draw(&state);
    assert!(!after.contains("#969696"), "no grey once γ exists");
    // A point certainly in the first component is drawn in its colour, a
    // point certainly in the second in the second's.
    let rows = state.responsibilities.as_ref().unwrap();
    for k in 0..2 {
        let sure = (0..rows.len()).find(|&i| rows[i][k] > 0.999999).unwrap();
        assert!(
            after.contains(&hex(component_color(k))),
            "component {k} point {sure}"
        );
    }
    // Edited Old Faithful points keep their axis titles; points typed anew have plain ones.
    playground.add_points(3.0, 70.0, 1, 1).unwrap();
    assert!(draw(&playground.state().fit).0.contains("eruption"));
    playground.set_data_text("1 2; 3 4; 5 7").unwrap();
    let (custom, _) = draw(&playground.state().fit);
    assert!(!custom.contains("eruption"));
    // A data file's columns title the axes, in 2-D and (the fitted model's x) in 1-D.
    playground
        .open_file("geyser.csv", "duration,wait\n1.5,50\n4.5,80\n2,55\n")
        .unwrap();
    playground.use_columns(&["duration", "wait"]).unwrap();
    let (named, _) = draw(&playground.state().fit);
    assert!(
        named.contains("\nduration\n") && named.contains("\nwait\n"),
        "{named}"
    );
    let mut one = Playground::new();
    one.set_model(ModelKind::Gmm).unwrap();
    one.open_file("geyser.csv", "duration,wait\n1.5,50\n4.5,80\n2,55\n")
        .unwrap();
    one.use_columns(&["wait"]).unwrap();
    assert!(svg(CHARTS[1].1, &one.state().fit, 1.0).contains("\nwait\n"));
    // The 1-D models draw nothing here.
    playground.set_model(ModelKind::Gmm).unwrap();
    assert_eq!(draw(&playground.state().fit).1, None);
}

#[test]
fn every_chart_draws_every_state_without_nan() {
    for (name, state) in playground_states() {
        for (chart_name, chart) in CHARTS {
            let out = svg(chart, &state, 1.0);
            assert!(out.contains("<svg"), "{chart_name} on {name}");
            assert!(!out.contains("NaN"), "{chart_name} on {name} drew NaN");
            assert!(!out.contains("inf"), "{chart_name} on {name} drew infinity");
        }
    }
}

#[test]
fn responsibilities_use_one_colour_per_component_and_wait_for_an_e_step() {
    let states = playground_states();
    let before = svg(CHARTS[0].1, &states[0].1, 1.0);
    assert!(before.contains("Take an E-step"));
    let after = svg(CHARTS[0].1, &states[1].1, 1.0);
    assert!(!after.contains("Take an E-step"));
    assert!(after.contains(&hex(PALETTE[0])) && after.contains(&hex(PALETTE[1])));
    assert!(!after.contains(&hex(PALETTE[2])), "only two coins");
}

#[test]
fn many_observations_are_drawn_as_one_band_per_component() {
    let states = playground_states();
    let (_, big) = states
        .iter()
        .find(|(name, _)| name.starts_with("10 000"))
        .unwrap();
    let out = svg(CHARTS[0].1, big, 1.0);
    // 10 000 observations, K = 5: five stepped polygons, not a bar per point.
    assert_eq!(out.matches("<polygon").count(), 5);
    let vertices = out
        .split("<polygon")
        .nth(1)
        .unwrap()
        .split("points=\"")
        .nth(1)
        .unwrap();
    let count = vertices
        .split('"')
        .next()
        .unwrap()
        .split_whitespace()
        .count();
    // 480 px wide at ≥ 2 px a column: at most 4 vertices per column.
    assert!((4 * 100..=4 * 240).contains(&count), "{count} vertices");
}

#[test]
fn a_dense_rug_draws_touching_ticks_of_one_colour_as_one_rectangle() {
    // Two tight clusters far apart: each a run of touching ticks in one colour.
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Gmm).unwrap();
    let cluster = |at: f64| (0..30).map(move |i| format!("{}", at + 0.01 * f64::from(i)));
    let data: Vec<String> = cluster(0.0).chain(cluster(10.0)).collect();
    playground.set_data_text(&data.join(", ")).unwrap();
    playground.session_mut().run_for(3);
    playground.session_mut().e_step();
    let out = svg(CHARTS[1].1, &playground.state().fit, 1.0);
    for (k, &colour) in PALETTE[..2].iter().enumerate() {
        let fill = format!("fill=\"{}\"", hex(colour));
        let rects = out
            .split("<rect")
            .filter(|rect| rect.split("/>").next().unwrap().contains(&fill))
            .count();
        // One run for the cluster's ticks (the legend shows components as lines).
        assert_eq!(rects, 1, "component {k}");
    }
}

#[test]
fn the_log_likelihood_chart_shows_q_plus_h_after_an_e_step_only() {
    let states = playground_states();
    let after_e = svg(CHARTS[2].1, &states[1].1, 1.0);
    assert!(after_e.contains("log L = Q + H"));
    let after_m = svg(CHARTS[2].1, &states[2].1, 1.0);
    assert!(!after_m.contains("log L = Q + H"));
}

#[test]
fn the_coin_fit_shows_the_fitted_and_observed_share_of_heads() {
    let states = playground_states();
    let out = svg(CHARTS[1].1, &states[2].1, 1.0);
    // After one iteration πp + (1 − π)q equals the observed 0.6.
    assert!(out.contains("ȳ = 0.6000"));
    assert_eq!(
        out.matches("\n0.6000\n").count(),
        1,
        "the mixture bar's label"
    );
}

#[test]
fn a_higher_scale_draws_thicker_lines_and_larger_text() {
    let states = playground_states();
    let normal = svg(CHARTS[2].1, &states[4].1, 1.0);
    let hidpi = svg(CHARTS[2].1, &states[4].1, 2.0);
    assert!(normal.contains("stroke-width=\"2\""));
    assert!(hidpi.contains("stroke-width=\"4\""));
    let first_font_size = |svg: &str| -> f64 {
        let start = svg.find("font-size=\"").unwrap() + "font-size=\"".len();
        svg[start..].split('"').next().unwrap().parse().unwrap()
    };
    assert_eq!(first_font_size(&hidpi), 2.0 * first_font_size(&normal));
}

#[test]
fn labels_follow_the_language() {
    let states = playground_states();
    let chinese = ChartStyle {
        language: crate::i18n::Language::Chinese,
        ..ChartStyle::default()
    };
    let draw = |chart: Chart, state: &StateView, style: &ChartStyle| {
        let mut out = String::new();
        chart(SVGBackend::with_string(&mut out, (480, 300)), state, style).unwrap();
        out
    };
    let placeholder = draw(CHARTS[0].1, &states[0].1, &chinese);
    assert!(placeholder.contains("执行一次 E 步"));
    let fit = draw(CHARTS[1].1, &states[2].1, &chinese);
    assert!(fit.contains("观测到的正面比例") && !fit.contains("observed share"));
    let log_likelihood = draw(CHARTS[2].1, &states[1].1, &chinese);
    assert!(log_likelihood.contains("对数似然") && log_likelihood.contains("迭代次数"));
}

#[test]
fn the_bound_chart_draws_the_slice_or_asks_for_an_e_step() {
    let mut playground = Playground::new();
    let draw = |playground: &Playground| {
        let mut out = String::new();
        let slice = playground.bound_slice();
        draw_bound(
            SVGBackend::with_string(&mut out, (480, 300)),
            slice.as_ref(),
            playground.session().rule(),
            &ChartStyle::default(),
        )
        .unwrap();
        out
    };
    assert!(draw(&playground).contains("Take an E-step"));
    playground.session_mut().e_step();
    let after_e = draw(&playground);
    assert!(after_e.contains("bound Q(θ, θ⁽ⁱ⁾) + H") && !after_e.contains("M-step"));
    assert!(!after_e.contains("NaN"));
    playground.session_mut().m_step();
    assert!(draw(&playground).contains("M-step: θ⁽ⁱ⁺¹⁾"));
    playground.set_model(ModelKind::Gmm).unwrap();
    playground.set_slice(SliceParameter::Sigma, 1);
    playground.session_mut().e_step();
    assert!(draw(&playground).contains("σ₂"));
    EStepRule::named("hard")
        .and_then(|rule| playground.set_rule(rule))
        .unwrap();
    playground.session_mut().e_step();
    assert!(draw(&playground).contains("choose the EM rule"));
}

fn landscape_svg(playground: &Playground, language: crate::i18n::Language) -> String {
    let mut out = String::new();
    let landscape = playground.landscape();
    let rate = playground.state().fit.ascent.map(|a| a.rate);
    draw_landscape(
        SVGBackend::with_string(&mut out, (360, 260)),
        landscape.as_ref(),
        rate,
        &ChartStyle {
            language,
            ..ChartStyle::default()
        },
    )
    .unwrap();
    out
}

#[test]
fn the_landscape_shows_both_paths_and_the_coins_ridge() {
    use crate::i18n::Language;
    let mut playground = Playground::new();
    playground.set_ascent("0.05").unwrap();
    playground.session_mut().run_for(5);
    let coins = landscape_svg(&playground, Language::English);
    assert!(coins.contains("ridge πp + (1 − π)q = ȳ") && coins.contains("p (heads of coin B)"));
    assert!(coins.contains("gradient ascent, η = 0.05"));
    assert!(coins.contains(&hex(PALETTE[5])), "the ascent path is drawn");
    assert!(!coins.contains("NaN") && !coins.contains("inf"));
    let chinese = landscape_svg(&playground, Language::Chinese);
    assert!(chinese.contains("脊线") && chinese.contains("梯度上升"));
    playground.set_model(ModelKind::Gmm).unwrap();
    playground.load_preset("faithful").unwrap();
    playground.session_mut().run_for(5);
    let faithful = landscape_svg(&playground, Language::English);
    assert!(faithful.contains("μ₁") && faithful.contains("μ₂") && !faithful.contains("ridge"));
    assert!(!faithful.contains("NaN") && !faithful.contains("inf"));
    // The ascent's log-likelihoods join EM's on chart 3.
    let state = playground.state().fit;
    assert_eq!(state.ascent.as_ref().unwrap().log_likelihoods.len(), 6);
    assert!(svg(CHARTS[2].1, &state, 1.0).contains("gradient ascent, η = 0.05"));
}

/// Writes every chart of every state to `target/chart-review/` for a person
/// to look at: `cargo test --lib write_charts_for_review -- --ignored`.
#[test]
#[ignore]
fn write_charts_for_review() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/chart-review");
    std::fs::create_dir_all(&folder).unwrap();
    for (i, (_, state)) in playground_states().iter().enumerate() {
        for (name, chart) in CHARTS {
            std::fs::write(
                folder.join(format!("{i}-{name}.svg")),
                svg(chart, state, 1.0),
            )
            .unwrap();
        }
    }
}

/// The numbers written on a chart (its tick labels), in order.
fn tick_numbers(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|element| element.split('>').nth(1)?.split('<').next())
        .map(|text| text.trim().to_string())
        .filter(|text| text.parse::<f64>().is_ok())
        .collect()
}

#[test]
fn an_e_step_does_not_rescale_the_log_likelihood_chart() {
    // The coins: log L spans −6.735 to −6.730 while Q after the E-step is near −14.
    let mut playground = Playground::new();
    playground.session_mut().run_for(3);
    let before = svg(CHARTS[2].1, &playground.state().fit, 1.0);
    playground.session_mut().e_step();
    let after = svg(CHARTS[2].1, &playground.state().fit, 1.0);
    assert!(after.contains("log L = Q + H"));
    let ticks = tick_numbers(&before);
    assert!(ticks.len() >= 6, "{ticks:?}");
    assert_eq!(ticks, tick_numbers(&after));
}

#[test]
fn the_landscape_draws_its_paths_over_the_best_cell_and_labels_the_key_once_signed() {
    use crate::i18n::Language;
    let mut playground = Playground::new();
    playground.set_model(ModelKind::Gmm).unwrap();
    playground.load_preset("faithful").unwrap();
    playground.set_ascent("0.05").unwrap();
    playground.session_mut().run_for(30);
    let out = landscape_svg(&playground, Language::English);
    // The best cell's cross (white arms) comes before EM's path (ink) and the ascent's (vermillion).
    let cross = out
        .find("stroke=\"#FFFFFF\" stroke-width=\"2\"")
        .expect("the cross");
    let em = out.rfind(&hex(INK)).expect("EM's path");
    let ascent = out.rfind(&hex(PALETTE[5])).expect("the ascent's path");
    assert!(cross < em && cross < ascent, "{cross} {em} {ascent}");
    // Colour key: −1, −10, … with a single minus sign.
    assert!(out.contains(">−1<") || out.contains("−1\n"), "the key's −1");
    assert!(!out.contains("−-") && !out.contains("−−"));
}

#[test]
fn the_coin_bar_values_sit_on_white_labels_over_the_observed_line() {
    let mut playground = Playground::new();
    playground.session_mut().e_step();
    let out = svg(CHARTS[1].1, &playground.state().fit, 1.0);
    // The ȳ line is drawn before the labels, and each label has a white backing.
    let line = out
        .find(&hex(plotters::prelude::RGBColor(180, 30, 30)))
        .expect("ȳ line");
    let label = out.find("0.5500").expect("p's label");
    assert!(line < label);
    assert_eq!(
        out.matches("opacity=\"0.85\" fill=\"#FFFFFF\"").count(),
        3,
        "{out}"
    );
}
