//! Chart 5: why log L never decreases. Along one parameter through θ⁽ⁱ⁾, the
//! log-likelihood and the lower bound Q(θ, θ⁽ⁱ⁾) + H(γ⁽ⁱ⁾) that the E-step
//! builds: it touches log L at θ⁽ⁱ⁾ and lies below it elsewhere; the M-step
//! climbs to the bound's maximum, and log L there is at least as high.

use plotters::prelude::*;

use super::style::{
    axis, draw_placeholder, near, padded_range, subscript, tick_label, with_legend, ChartStyle,
    LegendItem, INK, PALETTE,
};
use super::ChartResult;
use crate::em::EStepRule;
use crate::session::BoundSlice;
use crate::session::SliceParameter;

const BOUND_PURPLE: RGBColor = PALETTE[3];
const NEXT_GREEN: RGBColor = PALETTE[2];

/// The axis name of a sliced parameter, e.g. `μ₂`.
fn parameter_name(slice: &BoundSlice) -> String {
    let index = subscript(slice.component);
    match slice.parameter {
        SliceParameter::Pi => "π".into(),
        SliceParameter::P => "p".into(),
        SliceParameter::Q => "q".into(),
        SliceParameter::Weight => format!("w{index}"),
        SliceParameter::Mean => format!("μ{index}"),
        SliceParameter::Sigma => format!("σ{index}"),
        SliceParameter::Probability => format!("θ{index}"),
        SliceParameter::Rate => format!("λ{index}"),
    }
}

/// Draws the slice, or says why there is none: no E-step yet, or an E-step
/// `rule` other than EM's posterior (whose weights build no such bound).
pub fn draw_bound<DB: DrawingBackend>(
    backend: DB,
    slice: Option<&BoundSlice>,
    rule: EStepRule,
    style: &ChartStyle,
) -> ChartResult<DB> {
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    let text = style.text();
    if rule != EStepRule::Posterior {
        return draw_placeholder(&root, style, text.bound_not_em);
    }
    let Some(slice) = slice.filter(|s| s.points.iter().any(|p| p.log_likelihood.is_some())) else {
        return draw_placeholder(&root, style, text.bound_placeholder);
    };
    let log_l: Vec<(f64, f64)> = slice
        .points
        .iter()
        .filter_map(|p| Some((p.value, p.log_likelihood?)))
        .collect();
    let low = log_l.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let high = log_l.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let y_range = padded_range(low, high, 0.08);
    let bound: Vec<(f64, f64)> = slice
        .points
        .iter()
        .filter_map(|p| Some((p.value, p.bound?)))
        .collect();
    let x_range = slice.points[0].value..slice.points[slice.points.len() - 1].value;

    let mut legend = vec![
        LegendItem {
            text: text.log_l_of_theta.into(),
            color: INK,
            line: true,
        },
        LegendItem {
            text: text.bound_legend.into(),
            color: BOUND_PURPLE,
            line: true,
        },
    ];
    if slice.next.is_some() {
        legend.push(LegendItem {
            text: text.m_step_point.into(),
            color: NEXT_GREEN,
            line: false,
        });
    }
    let plot = with_legend(&root, style, &legend)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(60.0))
        .build_cartesian_2d(axis(x_range), y_range.clone())?;
    chart
        .configure_mesh()
        .max_light_lines(0)
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .x_desc(parameter_name(slice))
        .y_desc(text.log_likelihood_axis)
        .label_style(style.label_font())
        .axis_desc_style(style.label_font())
        .draw()?;
    let y_range = chart.y_range();
    let on_axes = |&(x, y): &(f64, f64)| (x, near(&y_range, y));
    chart.draw_series(LineSeries::new(
        log_l.iter().map(on_axes),
        style.stroke(INK, 3.0),
    ))?;
    // Far from θ⁽ⁱ⁾ the bound plunges below the plot: each stretch above the
    // bottom edge is drawn down to where it crosses it, and no further.
    for stretch in above(&bound, y_range.start) {
        chart.draw_series(LineSeries::new(stretch, style.stroke(BOUND_PURPLE, 2.5)))?;
    }
    // θ⁽ⁱ⁾: where the bound touches log L.
    if let Some(touch) = slice.points.iter().find(|p| p.value == slice.current) {
        if let Some(value) = touch.log_likelihood {
            chart.draw_series([Circle::new(
                on_axes(&(slice.current, value)),
                style.px(6.0) as i32,
                style.stroke(INK, 2.0),
            )])?;
        }
    }
    // θ⁽ⁱ⁺¹⁾ after the M-step: its height on the bound, and log L above it.
    if let Some(next) = slice.next {
        let nearest = |points: &[(f64, f64)]| {
            points
                .iter()
                .min_by(|a, b| (a.0 - next).abs().total_cmp(&(b.0 - next).abs()))
                .map(|p| p.1)
        };
        if let (Some(on_bound), Some(on_log_l)) = (nearest(&bound), nearest(&log_l)) {
            let size = style.px(5.0) as i32;
            let (on_bound, on_log_l) = (on_axes(&(next, on_bound)), on_axes(&(next, on_log_l)));
            chart.draw_series([PathElement::new(
                vec![on_bound, on_log_l],
                style.stroke(NEXT_GREEN, 2.0),
            )])?;
            chart.draw_series([EmptyElement::at(on_bound)
                + Rectangle::new([(-size, -size), (size, size)], NEXT_GREEN.filled())])?;
        }
    }
    root.present()
}

/// The stretches of `curve` at or above `floor`, each continued to the point
/// where it crosses the floor (by linear interpolation).
fn above(curve: &[(f64, f64)], floor: f64) -> Vec<Vec<(f64, f64)>> {
    let crossing = |(x0, y0): (f64, f64), (x1, y1): (f64, f64)| {
        (x0 + (x1 - x0) * (floor - y0) / (y1 - y0), floor)
    };
    let mut stretches: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for (i, &point) in curve.iter().enumerate() {
        let previous = i.checked_sub(1).map(|j| curve[j]);
        if point.1 >= floor {
            if let Some(before) = previous.filter(|p| p.1 < floor) {
                current.push(crossing(before, point));
            }
            current.push(point);
        } else if let Some(before) = previous.filter(|p| p.1 >= floor) {
            current.push(crossing(before, point));
            stretches.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        stretches.push(current);
    }
    stretches
}

#[cfg(test)]
mod tests {
    use super::above;

    #[test]
    fn the_bound_is_cut_where_it_leaves_the_plot() {
        let curve = [(0.0, -5.0), (1.0, 1.0), (2.0, 3.0), (3.0, 1.0), (4.0, -3.0)];
        assert_eq!(
            above(&curve, 0.0),
            vec![vec![
                (5.0 / 6.0, 0.0),
                (1.0, 1.0),
                (2.0, 3.0),
                (3.0, 1.0),
                (3.25, 0.0)
            ]]
        );
        assert!(above(&[(0.0, -1.0), (1.0, -2.0)], 0.0).is_empty());
        assert_eq!(
            above(&[(0.0, -1.0), (1.0, 1.0), (2.0, -1.0), (3.0, 1.0)], 0.0).len(),
            2
        );
    }
}
