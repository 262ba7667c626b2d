//! The fit chart of count data: the share of each count as a bar, with
//! each component's weighted probability wₖ f(x | θₖ) and the mixture's.

use crate::em::{order_descending, permuted};
use std::collections::BTreeMap;

use plotters::prelude::*;

use super::style::{axis, component_color, tick_label, with_legend, ChartStyle, LegendItem, INK};
use super::ChartResult;
use crate::session::{Observations, StateView};

/// The most bars; wider ranges of counts are grouped.
const MAX_BARS: usize = 120;
/// The most different numbers of trials the fitted shares average over; the
/// rarer ones are left out of the curves (the bars always show all data).
const MAX_TRIAL_GROUPS: usize = 32;
/// The most counts whose probabilities are summed for one grouped bar.
const SUMMED_PER_BAR: usize = 4;
const DATA_GREY: RGBColor = RGBColor(200, 200, 200);

/// Bars of the observed share of each count (or group of counts) and the
/// expected shares under θ, each component's and the mixture's. With trials,
/// the expected share averages the observations' numbers of trials.
pub fn draw_counts<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    state: &StateView,
    style: &ChartStyle,
    weights: &[f64],
    values: &[f64],
    probability: fn(f64, f64, f64) -> f64,
) -> ChartResult<DB> {
    let observations: Vec<[f64; 2]> = match &state.data {
        Observations::Counts(counts) => counts.clone(),
        data => data.values().iter().map(|&x| [x, 0.0]).collect(),
    };
    let n = observations.len().max(1) as f64;
    let min = observations
        .iter()
        .map(|o| o[0])
        .fold(f64::INFINITY, f64::min);
    let max = observations
        .iter()
        .map(|o| o[0])
        .fold(f64::NEG_INFINITY, f64::max);
    let (min, max) = if min.is_finite() {
        (min, max)
    } else {
        (0.0, 1.0)
    };
    // Bars of `width` counts each, from `min`.
    let span = max - min + 1.0;
    let width = (span / MAX_BARS as f64).ceil().max(1.0);
    let bars = ((span / width).ceil() as usize).clamp(1, MAX_BARS);
    let mut shares = vec![0.0; bars];
    for o in &observations {
        shares[(((o[0] - min) / width) as usize).min(bars - 1)] += 1.0 / n;
    }
    // The observations' numbers of trials, the most frequent first.
    let mut by_trials: BTreeMap<u64, f64> = BTreeMap::new();
    for o in &observations {
        *by_trials.entry(o[1].to_bits()).or_default() += 1.0 / n;
    }
    let groups: Vec<(f64, f64)> = by_trials
        .into_iter()
        .map(|(bits, share)| (f64::from_bits(bits), share))
        .collect();
    let order = order_descending(groups.iter().map(|g| g.1));
    let mut groups = permuted(groups, &order);
    groups.truncate(MAX_TRIAL_GROUPS);
    // The expected share of bar b from component k: Σ over its counts (a few
    // of them, scaled, for wide bars) of wₖ Σₙ share(n) f(x | n, θₖ).
    let expected = |k: usize, bar: usize| -> f64 {
        let start = min + bar as f64 * width;
        let summed = (width as usize).min(SUMMED_PER_BAR);
        let step = width / summed as f64;
        let sum: f64 = (0..summed)
            .map(|i| (start + (i as f64 * step).floor()).round())
            .map(|x| {
                groups
                    .iter()
                    .map(|&(trials, share)| share * probability(x, trials, values[k]))
                    .sum::<f64>()
            })
            .sum();
        let value = weights[k] * sum * width / summed as f64;
        if value.is_finite() {
            value
        } else {
            0.0
        }
    };
    let curves: Vec<Vec<f64>> = (0..values.len())
        .map(|k| (0..bars).map(|bar| expected(k, bar)).collect())
        .collect();
    let mixture: Vec<f64> = (0..bars)
        .map(|bar| curves.iter().map(|curve| curve[bar]).sum())
        .collect();
    let tallest = shares.iter().chain(&mixture).copied().fold(0.0, f64::max);

    let text = style.text();
    let mut legend = vec![LegendItem {
        text: text.data.into(),
        color: DATA_GREY,
        line: false,
    }];
    legend.extend((0..values.len()).map(|k| LegendItem {
        text: format!("k = {}", k + 1),
        color: component_color(k),
        line: true,
    }));
    legend.push(LegendItem {
        text: text.mixture.into(),
        color: INK,
        line: true,
    });
    let plot = with_legend(root, style, &legend)?;
    // Bar b spans [min + b·width − ½, min + (b + 1)·width − ½).
    let x_range = axis((min - 0.5 - 0.02 * span)..(min - 0.5 + bars as f64 * width + 0.02 * span));
    let mut chart = ChartBuilder::on(&plot)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(52.0))
        .build_cartesian_2d(x_range, axis(0.0..1.1 * tallest))?;
    chart
        .configure_mesh()
        .max_light_lines(0)
        .disable_x_mesh()
        .x_labels(bars.min(12))
        .y_labels(5)
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-9 {
                tick_label(x)
            } else {
                String::new()
            }
        })
        .y_label_formatter(&tick_label)
        .x_desc(text.count_axis)
        .y_desc(text.share_axis)
        .label_style(style.label_font())
        .axis_desc_style(style.label_font())
        .draw()?;
    let left = |bar: usize| min - 0.5 + bar as f64 * width;
    let gap = 0.1 * width;
    chart.draw_series(shares.iter().enumerate().map(|(bar, &share)| {
        Rectangle::new(
            [(left(bar) + gap, 0.0), (left(bar) + width - gap, share)],
            DATA_GREY.filled(),
        )
    }))?;
    let centre = |bar: usize| left(bar) + 0.5 * width;
    let dot = style.px(3.0) as i32;
    for (k, curve) in curves.iter().enumerate() {
        let color = component_color(k);
        let points: Vec<(f64, f64)> = curve
            .iter()
            .enumerate()
            .map(|(b, &y)| (centre(b), y))
            .collect();
        chart.draw_series(LineSeries::new(points.clone(), style.stroke(color, 2.0)))?;
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, dot, color.filled())),
        )?;
    }
    let points: Vec<(f64, f64)> = mixture
        .iter()
        .enumerate()
        .map(|(b, &y)| (centre(b), y))
        .collect();
    chart.draw_series(LineSeries::new(points.clone(), style.stroke(INK, 3.0)))?;
    chart.draw_series(
        points
            .into_iter()
            .map(|p| Circle::new(p, dot + 1, INK.filled())),
    )?;
    root.present()
}
