//! Chart 3: log L(θ⁽ⁱ⁾) against the iteration i; after an E-step also
//! Q(θ⁽ⁱ⁾, θ⁽ⁱ⁾) and the entropy H, so that log L = Q + H can be seen; when
//! gradient ascent runs beside EM, its log L after as many steps.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{
    draw_placeholder, padded_range, tick_label, with_legend, ChartStyle, LegendItem, INK, PALETTE,
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
    let mut low = path.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let mut high = path.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    if let Some((_, q, _)) = decomposition {
        low = low.min(q);
    }
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
    let mut chart = ChartBuilder::on(&plot)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(60.0))
        .build_cartesian_2d(iteration_range(state.iteration), y_range.clone())?;
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
    if !ascent.is_empty() {
        let floor = y_range.start;
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
    if let Some((log_l, q, h)) = decomposition {
        let x = state.iteration as f64;
        chart.draw_series([PathElement::new(
            vec![(x, q), (x, log_l)],
            style.stroke(ENTROPY_GREEN, 3.0),
        )])?;
        let size = style.px(5.0) as i32;
        chart.draw_series([EmptyElement::at((x, q))
            + Rectangle::new([(-size, -size), (size, size)], Q_PURPLE.filled())])?;
        // Top left, where a rising log-likelihood path leaves room.
        let text = format!(
            "{}:  {log_l:.4} = {q:.4} + {h:.4}",
            style.text().decomposition
        );
        let font = style.label_font().pos(Pos::new(HPos::Left, VPos::Top));
        let (left, top) = chart.backend_coord(&(chart.x_range().start, chart.y_range().end));
        root.draw_text(
            &text,
            &font,
            (left + style.px(8.0) as i32, top + style.px(4.0) as i32),
        )?;
    }
    root.present()
}
