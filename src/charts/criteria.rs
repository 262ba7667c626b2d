//! The model-selection chart: −2 log L, AIC, BIC and ICL against K, in the
//! same units (smaller is better), each criterion's pick ringed.

use plotters::prelude::*;

use super::style::{
    axis, draw_placeholder, draw_plain_axes, padded_range, with_legend, ChartStyle, LegendItem,
    INK, PALETTE,
};
use super::ChartResult;
use crate::playground::{ComparisonProgress, ComparisonRow};

type Criterion = fn(&ComparisonRow) -> Option<f64>;

/// Draws the rows compared so far (a placeholder before the first).
pub fn draw_criteria<DB: DrawingBackend>(
    backend: DB,
    progress: Option<&ComparisonProgress>,
    style: &ChartStyle,
) -> ChartResult<DB> {
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    let Some(progress) = progress.filter(|p| !p.rows.is_empty()) else {
        return draw_placeholder(&root, style, style.text().no_comparison);
    };
    let criteria: [(&str, RGBColor, Criterion, Option<usize>); 4] = [
        (
            "−2 log L",
            INK,
            |r| r.log_likelihood.map(|l| -2.0 * l),
            None,
        ),
        ("AIC", PALETTE[0], |r| r.aic, progress.picks.aic),
        ("BIC", PALETTE[1], |r| r.bic, progress.picks.bic),
        ("ICL", PALETTE[2], |r| r.icl, progress.picks.icl),
    ];
    let values = || {
        criteria
            .iter()
            .flat_map(|c| progress.rows.iter().filter_map(c.2))
    };
    let low = values().fold(f64::INFINITY, f64::min);
    let high = values().fold(f64::NEG_INFINITY, f64::max);
    let legend: Vec<LegendItem> = criteria
        .iter()
        .map(|&(name, color, _, pick)| LegendItem {
            text: match pick {
                Some(k) => format!("{name} → K = {k}"),
                None => name.to_string(),
            },
            color,
            line: true,
        })
        .collect();
    let plot = with_legend(&root, style, &legend)?;
    // K runs over whole numbers, at most MAX_COMPONENTS of them.
    let last_k = progress.max.max(1);
    let mut chart = ChartBuilder::on(&plot)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(60.0))
        .build_cartesian_2d(
            axis(0.6..last_k as f64 + 0.4),
            padded_range(low, high, 0.08),
        )?;
    draw_plain_axes(
        &mut chart,
        style,
        last_k,
        (style.text().components_axis, style.text().criterion_axis),
    )?;
    for (_, color, value, pick) in criteria {
        let points: Vec<(f64, f64)> = progress
            .rows
            .iter()
            .filter_map(|row| Some((row.k as f64, value(row)?)))
            .collect();
        chart.draw_series(LineSeries::new(points.clone(), style.stroke(color, 2.0)))?;
        chart.draw_series(
            points
                .iter()
                .map(|&p| Circle::new(p, style.px(3.0), color.filled())),
        )?;
        let picked = pick.and_then(|k| points.iter().find(|p| p.0 == k as f64));
        if let Some(&point) = picked {
            chart.draw_series(std::iter::once(Circle::new(
                point,
                style.px(8.0),
                style.stroke(color, 2.0),
            )))?;
        }
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use plotters::prelude::SVGBackend;

    use super::*;
    use crate::i18n::Language;
    use crate::playground::{Playground, SLICE_BUDGET};
    use crate::session::ModelKind;

    fn svg(progress: Option<&ComparisonProgress>) -> String {
        let mut out = String::new();
        draw_criteria(
            SVGBackend::with_string(&mut out, (480, 300)),
            progress,
            &ChartStyle::default(),
        )
        .unwrap();
        out
    }

    #[test]
    fn draws_each_criterion_and_rings_its_pick() {
        let mut playground = Playground::new();
        playground.set_model(ModelKind::Gmm).unwrap();
        playground.load_preset("faithful").unwrap();
        playground.start_comparison(3, 2, 1).unwrap();
        while !playground.advance_comparison(SLICE_BUDGET).unwrap() {}
        let progress = playground.comparison(Language::English).unwrap();
        let out = svg(Some(&progress));
        let bic = progress.picks.bic.unwrap();
        assert!(out.contains(&format!("BIC → K = {bic}")), "{out}");
        assert!(out.contains("−2 log L") && out.contains("number of components K"));
        // Three points per criterion, and one ring per criterion's pick.
        let rings = out.matches("r=\"8\"").count();
        assert_eq!(rings, 3, "{out}");
        assert!(!out.contains("NaN"));
        // Before any row: the placeholder.
        assert!(svg(None).contains("Compare K"));
    }
}
