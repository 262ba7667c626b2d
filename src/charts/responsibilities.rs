//! Chart 1: each observation's responsibilities γᵢₖ as a stacked bar.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{
    component_color, draw_placeholder, tick_label, with_legend, ChartStyle, LegendItem,
};
use super::ChartResult;
use super::ObservationAxis;
use crate::session::StateView;

/// The narrowest bar, in CSS pixels; more observations than fit are averaged
/// in groups of neighbours (in value order), so drawing cost stays bounded.
const MIN_BAR_WIDTH: f64 = 2.0;
/// Up to this many observations, each bar is labelled with its value.
const MAX_LABELLED_BARS: usize = 20;

/// Draws the responsibilities of the last E-step: the coin tosses in the
/// order given, Gaussian observations ordered by value.
pub fn draw_responsibilities<DB: DrawingBackend>(
    backend: DB,
    state: &StateView,
    style: &ChartStyle,
) -> ChartResult<DB> {
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    let Some(rows) = state
        .responsibilities
        .as_ref()
        .filter(|rows| !rows.is_empty())
    else {
        return draw_placeholder(&root, style, style.text().take_an_e_step);
    };
    let n = rows.len();
    let k = rows.components();
    // Where each observation stands along the x axis (None: as given).
    let by_value = match state.charts.observations {
        ObservationAxis::Values | ObservationAxis::PointsByX => Some(&*state.value_order),
        ObservationAxis::Tosses => None,
    };
    let index_at = |rank: usize| by_value.map_or(rank, |order| order.indices()[rank]);
    let (width, _) = root.dim_in_pixel();
    let columns = n.min(((f64::from(width) / (MIN_BAR_WIDTH * style.scale)) as usize).max(1));
    let gap = if columns == n && n <= 60 { 0.12 } else { 0.0 };
    // Few observations: label every bar with its value, centred under it.
    let label_each_bar = columns == n && n <= MAX_LABELLED_BARS;

    let text = style.text();
    let (x_desc, series_names): (String, Vec<String>) = match state.charts.observations {
        ObservationAxis::Tosses => (
            text.tosses_axis.into(),
            vec![text.coin_b.into(), text.coin_c.into()],
        ),
        axis => (
            format!(
                "{} (N = {n})",
                if axis == ObservationAxis::Values {
                    text.observations_axis
                } else {
                    text.points_by_x_axis
                }
            ),
            (1..=k).map(|j| format!("k = {j}")).collect(),
        ),
    };
    let value_at = |x: &f64| -> String {
        let rank = (x.max(0.0) as usize).min(n - 1);
        state.data.label(index_at(rank), tick_label)
    };
    let legend: Vec<LegendItem> = (0..k)
        .map(|j| LegendItem {
            text: series_names[j].clone(),
            color: component_color(j),
            line: false,
        })
        .collect();
    let plot = with_legend(&root, style, &legend)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(44.0))
        .build_cartesian_2d(0f64..n as f64, 0f64..1f64)?;
    chart
        .configure_mesh()
        .max_light_lines(0)
        .disable_x_mesh()
        .x_labels(if label_each_bar { 0 } else { n.min(12) })
        .y_labels(5)
        .x_label_formatter(&value_at)
        .y_label_formatter(&tick_label)
        .x_desc(x_desc)
        .y_desc("γ")
        .label_style(style.label_font())
        .axis_desc_style(style.label_font())
        .draw()?;

    // shares[c·K + j]: component j's mean γ over column c's observations,
    // the rows read once, in storage order (in value order each row would be
    // a cache miss at large N).
    let column_range = |c: usize| (c * n / columns, (c + 1) * n / columns);
    let column_of = ColumnOfRank::new(n, columns);
    let mut shares = vec![0.0; columns * k];
    let mut add = |rank: usize, row: &[f64]| {
        let c = column_of.column(rank);
        for (share, &r) in shares[c * k..(c + 1) * k].iter_mut().zip(row) {
            *share += r;
        }
    };
    match by_value {
        Some(order) => {
            for (&rank, row) in order.ranks().iter().zip(rows.iter()) {
                add(rank as usize, row);
            }
        }
        None => rows.iter().enumerate().for_each(|(i, row)| add(i, row)),
    }
    for (c, column) in shares.chunks_exact_mut(k).enumerate() {
        let (from, to) = column_range(c);
        let count = (to - from) as f64;
        column.iter_mut().for_each(|share| *share /= count);
    }
    // bottoms[c]: where component j's segment starts in column c.
    let mut bottoms = vec![0.0; columns];
    for (j, item) in legend.iter().enumerate() {
        let color = item.color;
        let segments: Vec<(f64, f64, f64, f64)> = (0..columns)
            .map(|c| {
                let (from, to) = column_range(c);
                let share = shares[c * k + j];
                let bottom = bottoms[c];
                bottoms[c] += share;
                (from as f64 + gap, to as f64 - gap, bottom, bottom + share)
            })
            .collect();
        if gap > 0.0 {
            // Separate bars, few of them.
            chart.draw_series(segments.iter().map(|&(left, right, bottom, top)| {
                Rectangle::new([(left, bottom), (right, top)], color.filled())
            }))?;
        } else {
            // Touching columns: one stepped band per component is far fewer
            // canvas calls than a rectangle per column.
            let upper = segments
                .iter()
                .flat_map(|&(left, right, _, top)| [(left, top), (right, top)]);
            let lower = segments
                .iter()
                .rev()
                .flat_map(|&(left, right, bottom, _)| [(right, bottom), (left, bottom)]);
            chart.draw_series([Polygon::new(
                upper.chain(lower).collect::<Vec<_>>(),
                color.filled(),
            )])?;
        }
    }
    if label_each_bar {
        let font = style.label_font().pos(Pos::new(HPos::Center, VPos::Top));
        for rank in 0..n {
            let (x, y) = chart.backend_coord(&(rank as f64 + 0.5, 0.0));
            root.draw_text(
                &state.data.label(index_at(rank), tick_label),
                &font,
                (x, y + style.px(5.0) as i32),
            )?;
        }
    }
    root.present()
}

/// Which of `columns` columns over `n` observations in value order holds a
/// rank: the c with ⌊c·n/columns⌋ ≤ rank < ⌊(c + 1)·n/columns⌋, that is
/// c = ⌊((rank + 1)·columns − 1)/n⌋, found with a multiplication (a 64-bit
/// division per observation is slow in wasm).
struct ColumnOfRank {
    n: u64,
    columns: u64,
    reciprocal: f64,
}

impl ColumnOfRank {
    fn new(n: usize, columns: usize) -> Self {
        ColumnOfRank {
            n: n as u64,
            columns: columns as u64,
            reciprocal: 1.0 / n as f64,
        }
    }

    fn column(&self, rank: usize) -> usize {
        let numerator = (rank as u64 + 1) * self.columns - 1;
        // Off by at most one from the exact quotient (both below 2⁵³): mend it.
        let mut c = (numerator as f64 * self.reciprocal) as u64;
        if c * self.n > numerator {
            c -= 1;
        } else if (c + 1) * self.n <= numerator {
            c += 1;
        }
        c as usize
    }
}

#[cfg(test)]
mod tests {
    use super::ColumnOfRank;

    #[test]
    fn each_rank_falls_in_the_column_whose_range_holds_it() {
        for n in 1..150 {
            for columns in 1..=n {
                let column_of = ColumnOfRank::new(n, columns);
                for rank in 0..n {
                    let c = column_of.column(rank);
                    assert!(c < columns, "n {n} columns {columns} rank {rank}");
                    assert!(c * n / columns <= rank && rank < (c + 1) * n / columns);
                }
            }
        }
    }

    #[test]
    fn large_data_on_a_wide_screen_agree_with_the_division() {
        for (n, columns) in [(1_000_000, 4_000), (999_983, 3_989), (10_000_000, 7_919)] {
            let column_of = ColumnOfRank::new(n, columns);
            for rank in (0..n).step_by(7).chain([n - 1]) {
                let exact = ((rank as u64 + 1) * columns as u64 - 1) / n as u64;
                assert_eq!(column_of.column(rank) as u64, exact, "n {n} rank {rank}");
            }
        }
    }
}
