//! Chart 2: the fitted model against the data.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{
    axis, component_color, padded_range, tick_label, with_legend, ChartStyle, LegendItem, INK,
};
use super::ChartResult;
use super::{Curve, FitChart};
use crate::session::{ParamsView, StateView};

/// Points at which the densities are evaluated across the plot.
const CURVE_POINTS: usize = 300;
/// A density spike (a collapsing component) is cut at this multiple of the
/// tallest histogram bar, so the histogram stays readable.
const MAX_SPIKE: f64 = 4.0;
const DATA_GREY: RGBColor = RGBColor(200, 200, 200);
const OBSERVED_RED: RGBColor = RGBColor(180, 30, 30);

/// Gaussians: histogram, weighted component densities, mixture density and a
/// rug coloured by each point's most likely component. Coins: fitted P(y = 1)
/// of coin B, coin C and the mixture against the observed share of heads.
pub fn draw_fit<DB: DrawingBackend>(
    backend: DB,
    state: &StateView,
    style: &ChartStyle,
) -> ChartResult<DB> {
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    match (state.charts.fit, &state.params) {
        (FitChart::ThreeCoins, ParamsView::ThreeCoins { pi, p, q }) => {
            draw_coins(&root, state, style, [*pi, *p, *q])
        }
        (
            FitChart::Gaussians,
            ParamsView::Gaussian {
                weights,
                means,
                sigmas,
            },
        ) => {
            let curves = |x: f64, k: usize| weights[k] * normal_density(x, means[k], sigmas[k]);
            let values = state.data.values();
            draw_density(&root, state, style, values, means.len(), &curves)
        }
        (
            FitChart::Plane,
            ParamsView::Gaussian2 {
                weights,
                means,
                covariances,
            },
        ) => {
            super::plane::draw_on(&root, state, style, weights, means, covariances)?;
            root.present()
        }
        (FitChart::Density(Curve(density)), params) => {
            let (weights, values) = params.scalar().unwrap_or_default();
            let curves = |x: f64, k: usize| weights[k] * density(x, 0.0, values[k]);
            let data = state.data.values();
            draw_density(&root, state, style, data, values.len(), &curves)
        }
        (FitChart::Counts(Curve(probability)), params) => {
            let (weights, values) = params.scalar().unwrap_or_default();
            super::counts::draw_counts(&root, state, style, weights, values, probability)
        }
        // A model's hooks always match its parameters.
        _ => root.present(),
    }
}

fn normal_density(x: f64, mean: f64, sigma: f64) -> f64 {
    let z = (x - mean) / sigma;
    (-0.5 * z * z).exp() / (sigma * (std::f64::consts::TAU).sqrt())
}

/// A histogram of `data` with `components` weighted densities
/// `curve(x, k)` = wₖ f(x | θₖ), their sum, and a rug coloured by each
/// point's most likely component.
fn draw_density<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    state: &StateView,
    style: &ChartStyle,
    data: &[f64],
    components: usize,
    curve: &dyn Fn(f64, usize) -> f64,
) -> ChartResult<DB> {
    let n = data.len();
    let (min, max) = data
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), &x| {
            (low.min(x), high.max(x))
        });
    let x_range = padded_range(min, max, 0.08);

    // Histogram as a density: count / (N · bin width). The bins tile the
    // data's extent, or, for data with a single value (or a span too narrow
    // to draw), the middle fifth of the axis, so a bar is never infinitely tall.
    let bins = ((n as f64).sqrt().ceil() as usize).clamp(5, 50);
    let axis_span = x_range.end - x_range.start;
    let (low, span) = if max - min >= axis_span / 50.0 {
        (min, max - min)
    } else {
        (x_range.start + 0.4 * axis_span, 0.2 * axis_span)
    };
    let bin_width = span / bins as f64;
    let bin_of = |x: f64| (((x - low) / bin_width) as usize).min(bins - 1);
    let bar_height = |count: usize| count as f64 / (n as f64 * bin_width);

    let mut legend = vec![LegendItem {
        text: style.text().data.into(),
        color: DATA_GREY,
        line: false,
    }];
    legend.extend((0..components).map(|k| LegendItem {
        text: format!("k = {}", k + 1),
        color: component_color(k),
        line: true,
    }));
    legend.push(LegendItem {
        text: style.text().mixture.into(),
        color: INK,
        line: true,
    });
    let plot = with_legend(root, style, &legend)?;

    // One pass over the data: the histogram's counts, and the rug's ticks,
    // one per (pixel column, colour), coloured by argmaxₖ γᵢₖ (the last
    // colour slot for "no E-step yet").
    let (plot_width, _) = plot.dim_in_pixel();
    let columns = f64::from(plot_width.max(1));
    let column_count = plot_width.max(1) as usize;
    let colours = components + 1;
    let mut counts = vec![0usize; bins];
    let mut marked = vec![false; column_count * colours];
    for (i, &x) in data.iter().enumerate() {
        counts[bin_of(x)] += 1;
        let column = (((x - x_range.start) / (x_range.end - x_range.start) * columns) as usize)
            .min(column_count - 1);
        let owner = state
            .responsibilities
            .as_ref()
            .map_or(components, |rows| most_likely(&rows[i]).min(components));
        marked[column * colours + owner] = true;
    }
    let tallest_bar = counts.iter().map(|&c| bar_height(c)).fold(0.0, f64::max);

    let step = (x_range.end - x_range.start) / (CURVE_POINTS - 1) as f64;
    let grid: Vec<f64> = (0..CURVE_POINTS)
        .map(|i| x_range.start + step * i as f64)
        .collect();
    let component_curves: Vec<Vec<f64>> = (0..components)
        .map(|k| grid.iter().map(|&x| finite_or_zero(curve(x, k))).collect())
        .collect();
    let mixture: Vec<f64> = (0..CURVE_POINTS)
        .map(|i| component_curves.iter().map(|curve| curve[i]).sum())
        .collect();
    let tallest_curve = mixture.iter().copied().fold(0.0, f64::max);
    let y_range = axis(0.0..1.1 * tallest_bar.max(tallest_curve.min(MAX_SPIKE * tallest_bar)));
    let y_top = y_range.end;

    let mut chart = ChartBuilder::on(&plot)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(52.0))
        .build_cartesian_2d(x_range.clone(), y_range)?;
    chart
        .configure_mesh()
        .max_light_lines(0)
        .x_labels(8)
        .y_labels(5)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .x_desc(state.data_axes.x_title().unwrap_or("x"))
        .y_desc(style.text().density)
        .label_style(style.label_font())
        .axis_desc_style(style.label_font())
        .draw()?;

    chart.draw_series(counts.iter().enumerate().map(|(b, &count)| {
        let left = low + bin_width * b as f64;
        Rectangle::new(
            [(left, 0.0), (left + bin_width, bar_height(count))],
            DATA_GREY.filled(),
        )
    }))?;
    // The mixture first, so each weighted component wₖN(x | μₖ, σₖ²) stays
    // visible where it alone makes up the mixture.
    let clip = |y: f64| y.min(y_top);
    let points = grid.iter().zip(&mixture).map(|(&x, &y)| (x, clip(y)));
    chart.draw_series(LineSeries::new(points, style.stroke(INK, 4.0)))?;
    for (k, curve) in component_curves.iter().enumerate() {
        let points = grid.iter().zip(curve).map(|(&x, &y)| (x, clip(y)));
        chart.draw_series(LineSeries::new(
            points,
            style.stroke(component_color(k), 2.0),
        ))?;
    }

    // The rug: a colour at a time, touching ticks of one colour as one
    // rectangle (a dense rug is hundreds of ticks and a few dozen runs, and
    // each rectangle is a call to the canvas). A tick is an even number of
    // device pixels wide (about 1.5 CSS pixels, rounded down to even), whole
    // pixels either side of its column's centre, so a run covers exactly the
    // pixels of its ticks.
    let tick_width = (style.px(1.5) as i32 / 2 * 2).max(2);
    let rug_height = 0.05 * y_top;
    let tick_x = |column: usize| {
        x_range.start + (column as f64 + 0.5) / columns * (x_range.end - x_range.start)
    };
    let (_, bottom) = chart.backend_coord(&(tick_x(0), 0.0));
    let (_, top) = chart.backend_coord(&(tick_x(0), rug_height));
    for owner in 0..colours {
        let color = if owner == components {
            INK
        } else {
            component_color(owner)
        };
        let mut runs: Vec<(i32, i32)> = Vec::new();
        for column in (0..column_count).filter(|&c| marked[c * colours + owner]) {
            let (x, _) = chart.backend_coord(&(tick_x(column), 0.0));
            let (left, right) = (x - tick_width / 2, x + tick_width / 2);
            match runs.last_mut() {
                Some((_, end)) if left <= *end => *end = right,
                _ => runs.push((left, right)),
            }
        }
        for (left, right) in runs {
            root.draw(&Rectangle::new(
                [(left, top), (right, bottom)],
                color.filled(),
            ))?;
        }
    }
    root.present()
}

/// A density's value, 0 where it is undefined (NaN); an infinite spike stays
/// and is cut at the top of the chart.
fn finite_or_zero(value: f64) -> f64 {
    if value.is_nan() {
        0.0
    } else {
        value
    }
}

/// The index of the largest γ in a row (the last of equal ones; 0 for an
/// empty row). A plain loop: the rug asks it of every observation.
fn most_likely(row: &[f64]) -> usize {
    let mut best = 0;
    for (k, &value) in row.iter().enumerate().skip(1) {
        if value >= row[best] {
            best = k;
        }
    }
    best
}

fn draw_coins<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    state: &StateView,
    style: &ChartStyle,
    [pi, p, q]: [f64; 3],
) -> ChartResult<DB> {
    let data = state.data.values();
    let observed = data.iter().sum::<f64>() / data.len() as f64;
    let bars = [
        (style.text().bar_coin_b, p, component_color(0)),
        (style.text().bar_coin_c, q, component_color(1)),
        (style.text().bar_mixture, pi * p + (1.0 - pi) * q, INK),
    ];
    let legend = [LegendItem {
        text: format!("{} = {observed:.4}", style.text().observed_share),
        color: OBSERVED_RED,
        line: true,
    }];
    let plot = with_legend(root, style, &legend)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(44.0))
        .build_cartesian_2d(-0.5f64..2.5f64, 0f64..1.08f64)?;
    let name_at = |x: &f64| {
        let index = x.round();
        if (x - index).abs() < 1e-6 && (0.0..3.0).contains(&index) {
            bars[index as usize].0.to_string()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .max_light_lines(0)
        .disable_x_mesh()
        .x_labels(3)
        .y_labels(6)
        .x_label_formatter(&name_at)
        .y_label_formatter(&tick_label)
        .y_desc("P(y = 1)")
        .label_style(style.label_font())
        .axis_desc_style(style.label_font())
        .draw()?;
    chart.draw_series(bars.iter().enumerate().map(|(i, (_, height, color))| {
        let x = i as f64;
        Rectangle::new([(x - 0.3, 0.0), (x + 0.3, *height)], color.filled())
    }))?;
    chart.draw_series(LineSeries::new(
        [(-0.5, observed), (2.5, observed)],
        style.stroke(OBSERVED_RED, 2.0),
    ))?;
    // Each bar's value on a white label, so the ȳ line never strikes it through.
    let value_font = style.label_font().pos(Pos::new(HPos::Center, VPos::Bottom));
    let pad = style.px(2.0) as i32;
    for (i, (_, height, _)) in bars.iter().enumerate() {
        let text = format!("{height:.4}");
        let (width, text_height) = plot.estimate_text_size(&text, &value_font)?;
        let (half, tall) = (width as i32 / 2 + pad, text_height as i32 + pad);
        chart.draw_series([EmptyElement::at((i as f64, height + 0.01))
            + Rectangle::new([(-half, -tall), (half, pad)], WHITE.mix(0.85).filled())
            + Text::new(text, (0, 0), value_font.clone())])?;
    }
    root.present()
}

#[cfg(test)]
mod tests {
    use super::most_likely;

    #[test]
    fn the_most_likely_component_is_the_largest_gamma_the_last_of_equal_ones() {
        assert_eq!(most_likely(&[0.2, 0.5, 0.3]), 1);
        assert_eq!(most_likely(&[0.9, 0.1]), 0);
        assert_eq!(most_likely(&[0.25, 0.5, 0.25, 0.5]), 3);
        assert_eq!(most_likely(&[1.0]), 0);
        assert_eq!(most_likely(&[]), 0);
    }
}
