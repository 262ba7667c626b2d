//! Chart 3: log L(θ⁽ⁱ⁾) against the iteration i; after an E-step also
//! Q(θ⁽ⁱ⁾, θ⁽ⁱ⁾) and the entropy H, so that log L = Q + H can be seen; when
//! gradient ascent runs beside EM, its log L after as many steps.

use plotters::prelude::*;

use super::style::{
    draw_line_to_fit, draw_placeholder, near, padded_range, tick_label, with_legend, ChartStyle,
    LegendItem, INK, PALETTE,
};
use super::ChartResult;
use crate::em::Phase;
use crate::session::StateView;

const LOG_L_BLACK: RGBColor = INK;
const Q_PURPLE: RGBColor = PALETTE[3];
const ENTROPY_GREEN: RGBColor = PALETTE[2];
const ASCENT_RED: RGBColor = PALETTE[5];

/// Formats iteration ticks: whole numbers only.
pub(crate) fn iteration_label(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-9 && *x >= 0.0 {
        format!("{}", x.round() as i64)
    } else {
        String::new()
    }
}

/// The x range for a chart over iterations 0..=last.
pub(crate) fn iteration_range(last: usize) -> std::ops::Range<f64> {
    -0.3..(last.max(1) as f64 + 0.3)
}

/// Draws the log-likelihood path with the current point marked.
pub fn draw_log_likelihood<DB: DrawingBackend>(
    backend: DB,
    state: &StateView,
    style: &ChartStyle,
) -> ChartResult<DB> {
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    let path: Vec<(f64, f64)> = state
        .history
        .iter()
        .filter_map(|record| Some((record.iteration as f64, record.log_likelihood?)))
        .collect();
    if path.is_empty() {
        return draw_placeholder(&root, style, style.text().impossible);
    }
    let decomposition = match (state.phase, state.log_likelihood, state.q, state.entropy) {
        (Phase::E, Some(log_l), Some(q), Some(h)) => Some((log_l, q, h)),
        _ => None,
    };
    // The range follows log L alone, so an E-step (which adds Q, far below
    // when H is large) never rescales the convergence curve; Q below the
    // range sits on the bottom edge as a downward triangle.
    let mut low = path.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let mut high = path.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let ascent: Vec<(f64, f64)> = state.ascent.as_ref().map_or(Vec::new(), |ascent| {
        ascent
            .log_likelihoods
            .iter()
            .enumerate()
            .filter_map(|(i, value)| Some((i as f64, (*value)?)))
            .collect()
    });
    if !ascent.is_empty() {
        // A diverging ascent may plunge: the range follows it down to three
        // times EM's own span, and lower points sit on the bottom edge.
        let em_span = (high - low).max(1.0);
        let ascent_low = ascent.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        low = low.min(ascent_low.max(low - 3.0 * em_span));
        high = high.max(ascent.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max));
    }

    let mut legend = vec![LegendItem {
        text: "log L(θ⁽ⁱ⁾)".into(),
        color: LOG_L_BLACK,
        line: true,
    }];
    if let Some(ascent) = state.ascent.as_ref() {
        legend.push(LegendItem {
            text: format!("{} {}", style.text().ascent, tick_label(&ascent.rate)),
            color: ASCENT_RED,
            line: true,
        });
    }
    if decomposition.is_some() {
        legend.push(LegendItem {
            text: "Q(θ⁽ⁱ⁾, θ⁽ⁱ⁾)".into(),
            color: Q_PURPLE,
            line: false,
        });
        legend.push(LegendItem {
            text: style.text().entropy_legend.into(),
            color: ENTROPY_GREEN,
            line: true,
        });
    }
    let y_range = padded_range(low, high, 0.08);
    let plot = with_legend(&root, style, &legend)?;
    // One line of numbers under the legend, at every phase so the plot
    // keeps its size: log L = Q + H after an E-step, else log L itself.
    let (caption, plot) = plot.split_vertically(style.px(18.0));
    let numbers = match decomposition {
        Some((log_l, q, h)) => format!(
            "{}:  {log_l:.4} = {q:.4} + {h:.4}",
            style.text().decomposition
        ),
        None => state
            .log_likelihood
            .map_or(String::new(), |log_l| format!("log L(θ⁽ⁱ⁾) = {log_l:.4}")),
    };
    draw_line_to_fit(&caption, style, &numbers, style.px(60.0) as i32)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(60.0))
        .build_cartesian_2d(iteration_range(state.iteration), y_range.clone())?;
    let on_axes = move |(x, y): (f64, f64)| (x, near(&y_range, y));
    chart
        .configure_mesh()
        .max_light_lines(0)
        .x_labels(10)
        .y_labels(6)
        .x_label_formatter(&iteration_label)
        .y_label_formatter(&tick_label)
        .x_desc(style.text().iteration_axis)
        .y_desc(style.text().log_likelihood_axis)
        .label_style(style.label_font())
        .axis_desc_style(style.label_font())
        .draw()?;
    let floor = chart.y_range().start;
    if !ascent.is_empty() {
        let shown: Vec<(f64, f64)> = ascent.iter().map(|&(i, v)| (i, v.max(floor))).collect();
        chart.draw_series(LineSeries::new(
            shown.iter().copied(),
            style.stroke(ASCENT_RED, 2.0),
        ))?;
        let size = style.px(2.5) as i32;
        chart.draw_series(shown.iter().map(|&p| {
            EmptyElement::at(p)
                + Rectangle::new([(-size, -size), (size, size)], ASCENT_RED.filled())
        }))?;
    }
    let path: Vec<(f64, f64)> = path.into_iter().map(&on_axes).collect();
    chart.draw_series(LineSeries::new(
        path.iter().copied(),
        style.stroke(LOG_L_BLACK, 2.0),
    ))?;
    let dot = style.px(2.5) as i32;
    chart.draw_series(
        path.iter()
            .map(|&p| Circle::new(p, dot, LOG_L_BLACK.filled())),
    )?;
    if let Some(&current) = path.last() {
        chart.draw_series([Circle::new(
            current,
            style.px(6.0) as i32,
            style.stroke(LOG_L_BLACK, 2.0),
        )])?;
    }
    if let Some((log_l, q, _)) = decomposition {
        let x = state.iteration as f64;
        let shown_q = q.max(floor);
        chart.draw_series([PathElement::new(
            vec![on_axes((x, shown_q)), on_axes((x, log_l))],
            style.stroke(ENTROPY_GREEN, 3.0),
        )])?;
        let size = style.px(5.0) as i32;
        let marker = if q < floor {
            // Below the plot: a triangle pointing down on the bottom edge.
            EmptyElement::at((x, floor))
                + Polygon::new(
                    vec![(-size, -2 * size), (size, -2 * size), (0, 0)],
                    Q_PURPLE.filled(),
                )
        } else {
            EmptyElement::at((x, q))
                + Polygon::new(
                    vec![(-size, -size), (size, -size), (size, size), (-size, size)],
                    Q_PURPLE.filled(),
                )
        };
        chart.draw_series([marker])?;
    }
    root.present()
}
