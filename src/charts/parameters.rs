//! Chart 4: every parameter against the iteration.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::log_likelihood::{iteration_label, iteration_range};
use super::style::{
    component_color, padded_range, tick_label, with_legend, ChartStyle, LegendItem, INK,
};
use super::ChartResult;
use crate::session::{HistoryView, ParamsView, StateView};

/// Coins: π, p and q on one [0, 1] axis. Mixtures: the weights above, and
/// below each mean with a band of ± one σ (in 2-D, one panel per axis), or
/// each probability or rate.
pub fn draw_parameters<DB: DrawingBackend>(
    backend: DB,
    state: &StateView,
    style: &ChartStyle,
) -> ChartResult<DB> {
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    let iterations: Vec<f64> = state.history.iter().map(|r| r.iteration as f64).collect();
    match &state.params {
        ParamsView::ThreeCoins { .. } => {
            let names = ["π", "p", "q"];
            let colors = [INK, component_color(0), component_color(1)];
            let legend: Vec<LegendItem> = names
                .iter()
                .zip(colors)
                .map(|(name, color)| LegendItem {
                    text: (*name).into(),
                    color,
                    line: true,
                })
                .collect();
            let plot = with_legend(&root, style, &legend)?;
            let paths: Vec<Vec<f64>> = (0..3)
                .map(|j| {
                    state
                        .history
                        .iter()
                        .map(|r| match r.params {
                            ParamsView::ThreeCoins { pi, p, q } => [pi, p, q][j],
                            _ => f64::NAN,
                        })
                        .collect()
                })
                .collect();
            let series: Vec<(RGBColor, Vec<f64>)> = colors.into_iter().zip(paths).collect();
            let panel = Panel {
                y_range: 0.0..1.0,
                y_desc: style.text().value_axis,
                x_desc: true,
            };
            draw_paths(&plot, state, style, &iterations, panel, &series, &[])
        }
        ParamsView::Gaussian { weights, .. }
        | ParamsView::Gaussian2 { weights, .. }
        | ParamsView::Probabilities { weights, .. }
        | ParamsView::Rates { weights, .. } => {
            let k = weights.len();
            let legend: Vec<LegendItem> = (0..k)
                .map(|j| LegendItem {
                    text: format!("k = {}", j + 1),
                    color: component_color(j),
                    line: true,
                })
                .collect();
            let plot = with_legend(&root, style, &legend)?;
            let text = style.text();
            let titles = match state.params {
                ParamsView::Gaussian2 { .. } => vec![text.mean_x_axis, text.mean_y_axis],
                ParamsView::Probabilities { .. } => vec![text.probability_axis],
                ParamsView::Rates { .. } => vec![text.rate_axis],
                _ => vec![text.mean_axis],
            };
            // The weights take 2/5 of the height (1-D) or 1/3 (2-D); the
            // location panels share the rest.
            let height = plot.dim_in_pixel().1;
            let (top, mut rest) = plot.split_vertically(height * 2 / (2 * titles.len() as u32 + 3));
            let weight_series: Vec<(RGBColor, Vec<f64>)> = (0..k)
                .map(|j| {
                    let path = state.history.iter().map(|r| weight(&r.params, j)).collect();
                    (component_color(j), path)
                })
                .collect();
            let weights_panel = Panel {
                y_range: 0.0..1.0,
                y_desc: text.weight_axis,
                x_desc: false,
            };
            draw_paths(
                &top,
                state,
                style,
                &iterations,
                weights_panel,
                &weight_series,
                &[],
            )?;
            for (panel, title) in titles.iter().enumerate() {
                let last = panel + 1 == titles.len();
                let (area, below) = if last {
                    let empty = rest.clone().shrink((0, 0), (0, 0));
                    (rest.clone(), empty)
                } else {
                    let share = rest.dim_in_pixel().1 / (titles.len() - panel) as u32;
                    rest.split_vertically(share)
                };
                let location: Vec<Vec<(f64, f64)>> = (0..k)
                    .map(|j| {
                        let at = |r: &HistoryView| location(&r.params, j, panel);
                        state.history.iter().map(at).collect()
                    })
                    .collect();
                let centre_series: Vec<(RGBColor, Vec<f64>)> = location
                    .iter()
                    .enumerate()
                    .map(|(j, path)| (component_color(j), path.iter().map(|p| p.0).collect()))
                    .collect();
                let bands: Vec<Vec<f64>> = location
                    .iter()
                    .map(|path| path.iter().map(|p| p.1).collect())
                    .collect();
                let ends = location.iter().flatten();
                let low = ends
                    .clone()
                    .map(|(m, s)| m - s)
                    .fold(f64::INFINITY, f64::min);
                let high = ends.map(|(m, s)| m + s).fold(f64::NEG_INFINITY, f64::max);
                let location_panel = Panel {
                    y_range: padded_range(low, high, 0.05),
                    y_desc: title,
                    x_desc: last,
                };
                draw_paths(
                    &area,
                    state,
                    style,
                    &iterations,
                    location_panel,
                    &centre_series,
                    &bands,
                )?;
                rest = below;
            }
            Ok(())
        }
    }?;
    root.present()
}

/// Component j's weight.
fn weight(params: &ParamsView, j: usize) -> f64 {
    match params {
        ParamsView::Gaussian { weights, .. }
        | ParamsView::Gaussian2 { weights, .. }
        | ParamsView::Probabilities { weights, .. }
        | ParamsView::Rates { weights, .. } => weights[j],
        ParamsView::ThreeCoins { .. } => f64::NAN,
    }
}

/// Component j's location in lower panel `panel` with its ± band: μ ± σ
/// (1-D); μ and σ along x, then along y (2-D); a probability or rate alone.
fn location(params: &ParamsView, j: usize, panel: usize) -> (f64, f64) {
    match params {
        ParamsView::Gaussian { means, sigmas, .. } => (means[j], sigmas[j]),
        ParamsView::Gaussian2 {
            means, covariances, ..
        } => (means[j][panel], covariances[j][panel][panel].sqrt()),
        ParamsView::Probabilities { probabilities, .. } => (probabilities[j], 0.0),
        ParamsView::Rates { rates, .. } => (rates[j], 0.0),
        ParamsView::ThreeCoins { .. } => (f64::NAN, f64::NAN),
    }
}

/// The axes of one panel of parameter paths.
struct Panel {
    y_range: std::ops::Range<f64>,
    y_desc: &'static str,
    /// Whether to title the iteration axis (only the lowest panel does).
    x_desc: bool,
}

/// One panel: each series as a line over the iterations, with a ± band
/// when `bands` gives one half-width per point.
fn draw_paths<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    state: &StateView,
    style: &ChartStyle,
    iterations: &[f64],
    panel: Panel,
    series: &[(RGBColor, Vec<f64>)],
    bands: &[Vec<f64>],
) -> ChartResult<DB> {
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(6.0))
        .x_label_area_size(style.px(if panel.x_desc { 34.0 } else { 20.0 }))
        .y_label_area_size(style.px(52.0))
        .build_cartesian_2d(iteration_range(state.iteration), panel.y_range)?;
    chart
        .configure_mesh()
        .max_light_lines(0)
        .x_labels(10)
        .y_labels(5)
        .x_label_formatter(&iteration_label)
        .y_label_formatter(&tick_label)
        .x_desc(if panel.x_desc {
            style.text().iteration_axis
        } else {
            ""
        })
        .y_desc(panel.y_desc)
        .label_style(style.label_font())
        .axis_desc_style(style.label_font())
        .draw()?;
    for ((color, values), band) in series
        .iter()
        .zip(bands.iter().map(Some).chain(std::iter::repeat(None)))
    {
        if let Some(half_widths) = band {
            let upper = iterations
                .iter()
                .zip(values.iter().zip(half_widths))
                .map(|(&x, (m, s))| (x, m + s));
            let lower = iterations
                .iter()
                .zip(values.iter().zip(half_widths))
                .map(|(&x, (m, s))| (x, m - s));
            let outline: Vec<(f64, f64)> = upper.chain(lower.rev()).collect();
            chart.draw_series([Polygon::new(outline, color.mix(0.15).filled())])?;
        }
        let points = iterations.iter().copied().zip(values.iter().copied());
        chart.draw_series(LineSeries::new(points, style.stroke(*color, 2.0)))?;
        if let (Some(&x), Some(&y)) = (iterations.last(), values.last()) {
            chart.draw_series([Circle::new((x, y), style.px(4.0) as i32, color.filled())])?;
        }
    }
    Ok(())
}
