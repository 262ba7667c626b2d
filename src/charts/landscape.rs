//! Chart 6: the likelihood landscape. log L over two parameters as a
//! heatmap (bright = high), with EM's path θ⁽⁰⁾ … θ⁽ⁱ⁾ on it, gradient
//! ascent's path from the same start when shown, and the highest cell (a
//! white cross) or, for the coins, the ridge πp + (1 − π)q = ȳ on which every
//! point is a maximum.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{
    axis, draw_placeholder, draw_plain_axes, subscript, tick_label, with_legend, Bitmap,
    ChartStyle, LegendItem, INK, PALETTE,
};
use super::ChartResult;
use crate::session::{Landscape, LandscapeAxes};

const ASCENT_RED: RGBColor = PALETTE[5];
const RIDGE_PURPLE: RGBColor = PALETTE[3];
const HALO: RGBColor = WHITE;
/// Colour bands: the heatmap is drawn in steps, so their edges read as contours.
const BANDS: usize = 14;
/// Viridis at nine evenly spaced points, dark (low) to bright (high):
/// perceptually even and readable with colour-vision deficiencies.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 45, 123),
    (59, 82, 139),
    (44, 114, 142),
    (33, 145, 140),
    (40, 174, 128),
    (94, 201, 98),
    (173, 220, 48),
    (253, 231, 37),
];
/// The colour of cells where log L = −∞.
const IMPOSSIBLE: (u8, u8, u8) = (150, 150, 150);

/// Viridis at t ∈ [0, 1].
fn viridis(t: f64) -> (u8, u8, u8) {
    let position = t.clamp(0.0, 1.0) * (VIRIDIS.len() - 1) as f64;
    let index = (position.floor() as usize).min(VIRIDIS.len() - 2);
    let fraction = position - index as f64;
    let (a, b) = (VIRIDIS[index], VIRIDIS[index + 1]);
    let mix =
        |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * fraction).round() as u8;
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Maps log L to [0, 1] by its distance d below the grid's maximum, on the
/// scale ln(1 + d) so that both the peak and the far slopes show structure.
#[derive(Debug, Clone, Copy)]
struct ColourScale {
    maximum: f64,
    log_span: f64,
}

impl ColourScale {
    fn of(values: &[f64]) -> Option<Self> {
        let finite = values.iter().copied().filter(|v| v.is_finite());
        let (low, high) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
        high.is_finite().then(|| ColourScale {
            maximum: high,
            log_span: (high - low).ln_1p().max(f64::EPSILON),
        })
    }

    /// 1 at the maximum, 0 at the minimum, in [`BANDS`] steps.
    fn level(&self, value: f64) -> f64 {
        let t = 1.0 - (self.maximum - value).ln_1p() / self.log_span;
        (t * BANDS as f64).floor().min(BANDS as f64 - 1.0) / (BANDS as f64 - 1.0)
    }

    fn colour(&self, value: f64) -> (u8, u8, u8) {
        if value.is_finite() {
            viridis(self.level(value))
        } else {
            IMPOSSIBLE
        }
    }

    /// How far below the maximum the colour bar's ticks sit: 0, 1, 10, 100, …
    fn ticks(&self) -> Vec<f64> {
        let deepest = self.log_span.exp_m1();
        std::iter::once(0.0)
            .chain((0..7).map(|k| 10f64.powi(k)))
            .take_while(|d| *d <= deepest)
            .collect()
    }

    /// The colour bar position (1 = top) of d below the maximum.
    fn height_of(&self, below: f64) -> f64 {
        1.0 - below.ln_1p() / self.log_span
    }
}

/// An RGB image placed with its top-left corner at a chart coordinate.
/// The axis titles for the landscape's two parameters.
fn axis_names(axes: LandscapeAxes, symbol: &str, style: &ChartStyle) -> (String, String) {
    match axes {
        LandscapeAxes::CoinHeads => (style.text().p_axis.into(), style.text().q_axis.into()),
        LandscapeAxes::Means { first, second } => (
            format!("μ{}", subscript(first)),
            format!("μ{}", subscript(second)),
        ),
        LandscapeAxes::MeanSigma { component } => (
            format!("μ{}", subscript(component)),
            format!("σ{}", subscript(component)),
        ),
        LandscapeAxes::Values { first, second } => (
            format!("{symbol}{}", subscript(first)),
            format!("{symbol}{}", subscript(second)),
        ),
    }
}

/// Draws the landscape, or a note when there is none.
pub fn draw_landscape<DB: DrawingBackend>(
    backend: DB,
    landscape: Option<&Landscape>,
    ascent_rate: Option<f64>,
    style: &ChartStyle,
) -> ChartResult<DB> {
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    let text = style.text();
    let Some((landscape, scale)) = landscape.and_then(|l| Some((l, ColourScale::of(&l.values)?)))
    else {
        return draw_placeholder(&root, style, text.no_landscape);
    };
    let mut legend = vec![LegendItem {
        text: text.em_path.into(),
        color: INK,
        line: true,
    }];
    if let Some(rate) = ascent_rate.filter(|_| !landscape.ascent_path.is_empty()) {
        legend.push(LegendItem {
            text: format!("{} {}", text.ascent, tick_label(&rate)),
            color: ASCENT_RED,
            line: true,
        });
    }
    if landscape.ridge.is_some() {
        legend.push(LegendItem {
            text: text.ridge.into(),
            color: RIDGE_PURPLE,
            line: true,
        });
    }
    let area = with_legend(&root, style, &legend)?;
    let (plot, bar) = area.split_horizontally(area.dim_in_pixel().0 - style.px(70.0));
    let [x0, x1] = landscape.x_range;
    let [y0, y1] = landscape.y_range;
    let (x_name, y_name) = axis_names(landscape.axes, landscape.symbol, style);
    let mut chart = ChartBuilder::on(&plot)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(56.0))
        .build_cartesian_2d(axis(x0..x1), axis(y0..y1))?;
    draw_plain_axes(&mut chart, style, 6, (&x_name, &y_name))?;

    let (width, height) = chart.plotting_area().dim_in_pixel();
    let colours: Vec<(u8, u8, u8)> = landscape.values.iter().map(|&v| scale.colour(v)).collect();
    let rgb = heatmap(
        &colours,
        [landscape.columns, landscape.rows],
        (width, height),
    );
    chart.plotting_area().draw(&Bitmap {
        corner: (x0, y1),
        size: (width, height),
        rgb: &rgb,
    })?;

    if let Some(ridge) = landscape.ridge {
        // q = (ȳ − πp)/(1 − π), clipped to the unit square; p = ȳ when π = 1.
        let points: Vec<(f64, f64)> = if ridge.pi < 1.0 - 1e-9 {
            (0..=200)
                .map(|i| f64::from(i) / 200.0)
                .map(|p| (p, (ridge.mean - ridge.pi * p) / (1.0 - ridge.pi)))
                .filter(|(_, q)| (0.0..=1.0).contains(q))
                .collect()
        } else {
            vec![(ridge.mean, 0.0), (ridge.mean, 1.0)]
        };
        chart.draw_series(DashedLineSeries::new(
            points,
            style.px(7.0),
            style.px(5.0),
            style.stroke(RIDGE_PURPLE, 2.5),
        ))?;
    }
    // Under the paths, so they stay visible where EM ends on the best cell.
    // On the coins' ridge every cell ties for highest: the ridge marks them all.
    if let Some(best) = landscape.best.filter(|_| landscape.ridge.is_none()) {
        let arm = style.px(7.0) as i32;
        for (colour, width) in [(INK, 5.0), (WHITE, 2.0)] {
            chart.draw_series([EmptyElement::at((best.x, best.y))
                + PathElement::new(vec![(-arm, 0), (arm, 0)], style.stroke(colour, width))
                + PathElement::new(vec![(0, -arm), (0, arm)], style.stroke(colour, width))])?;
        }
    }
    let in_range = |&[x, y]: &[f64; 2]| (x0..=x1).contains(&x) && (y0..=y1).contains(&y);
    let mut draw_path = |path: &[[f64; 2]], colour: RGBColor, square: bool| {
        // A path leaving the chart (a diverging ascent) is drawn up to the edge.
        let shown: Vec<(f64, f64)> = path
            .iter()
            .take_while(|p| in_range(p))
            .map(|&[x, y]| (x, y))
            .collect();
        chart.draw_series(LineSeries::new(shown.clone(), style.stroke(HALO, 5.0)))?;
        chart.draw_series(LineSeries::new(shown.clone(), style.stroke(colour, 2.5)))?;
        let size = style.px(3.5) as i32;
        for &point in &shown {
            if square {
                // Hollow, so EM's path under it stays visible where the two run together.
                chart.draw_series([EmptyElement::at(point)
                    + Rectangle::new([(-size, -size), (size, size)], style.stroke(HALO, 3.5))
                    + Rectangle::new([(-size, -size), (size, size)], style.stroke(colour, 2.0))])?;
            } else {
                chart.draw_series([EmptyElement::at(point)
                    + Circle::new((0, 0), size, colour.filled())
                    + Circle::new((0, 0), size, style.stroke(HALO, 1.0))])?;
            }
        }
        Ok::<_, DrawingAreaErrorKind<DB::ErrorType>>(shown.last().copied())
    };
    let current = draw_path(&landscape.em_path, INK, false)?;
    // Ascent on top: from the same start it first runs along EM's path.
    draw_path(&landscape.ascent_path, ASCENT_RED, true)?;
    if let Some(point) = current {
        chart.draw_series([Circle::new(
            point,
            style.px(7.0) as i32,
            style.stroke(INK, 2.5),
        )])?;
    }
    draw_colour_bar(&bar, &scale, style)
}

/// The colour key: bands from the maximum down, labelled by log L − max.
fn draw_colour_bar<DB: DrawingBackend>(
    bar: &DrawingArea<DB, plotters::coord::Shift>,
    scale: &ColourScale,
    style: &ChartStyle,
) -> ChartResult<DB> {
    let (_, height) = bar.dim_in_pixel();
    let top = style.px(14.0) as i32;
    let bottom = height as i32 - style.px(44.0) as i32;
    let left = style.px(6.0) as i32;
    let right = left + style.px(14.0) as i32;
    let span = (bottom - top).max(1);
    for band in 0..BANDS {
        let t = band as f64 / (BANDS - 1) as f64;
        let (r, g, b) = viridis(t);
        let y_high = bottom - ((band + 1) as f64 / BANDS as f64 * f64::from(span)) as i32;
        let y_low = bottom - (band as f64 / BANDS as f64 * f64::from(span)) as i32;
        bar.draw(&Rectangle::new(
            [(left, y_high), (right, y_low)],
            RGBColor(r, g, b).filled(),
        ))?;
    }
    let font = style.font(11.0).pos(Pos::new(HPos::Left, VPos::Center));
    for below in scale.ticks() {
        let y = bottom - (scale.height_of(below) * f64::from(span)) as i32;
        bar.draw(&PathElement::new(
            vec![(right, y), (right + style.px(4.0) as i32, y)],
            style.stroke(INK, 1.0),
        ))?;
        let label = if below == 0.0 {
            "0".to_string()
        } else {
            // Distances below the maximum, however the scale signs them.
            format!("−{}", tick_label(&below.abs()))
        };
        bar.draw_text(&label, &font, (right + style.px(6.0) as i32, y))?;
    }
    let title = style.font(11.0).pos(Pos::new(HPos::Left, VPos::Top));
    bar.draw_text(
        style.text().below_maximum,
        &title,
        (left - style.px(4.0) as i32, bottom + style.px(8.0) as i32),
    )?;
    bar.present()
}

/// The heatmap's pixels (RGB, `width × height`, rows from the top), each
/// the colour of the grid cell under its centre; `colours` holds the cells
/// row by row from the bottom.
fn heatmap(
    colours: &[(u8, u8, u8)],
    [columns, rows]: [usize; 2],
    (width, height): (u32, u32),
) -> Vec<u8> {
    let column_of: Vec<usize> = (0..width)
        .map(|px| (((px as f64 + 0.5) / width as f64 * columns as f64) as usize).min(columns - 1))
        .collect();
    let line = width as usize * 3;
    let mut rgb = vec![0; line * height as usize];
    let mut last_row = None;
    for py in 0..height as usize {
        // Pixel rows run down, grid rows up.
        let from_bottom = (height as usize - 1 - py) as f64 + 0.5;
        let row = (((from_bottom / height as f64) * rows as f64) as usize).min(rows - 1);
        let (above, rest) = rgb.split_at_mut(py * line);
        let pixels = &mut rest[..line];
        if last_row == Some(row) {
            // The same grid row as the pixel row above (a cell is many pixels tall).
            pixels.copy_from_slice(&above[above.len() - line..]);
            continue;
        }
        last_row = Some(row);
        let cells = &colours[row * columns..];
        for (pixel, &column) in pixels.chunks_exact_mut(3).zip(&column_of) {
            let (r, g, b) = cells[column];
            pixel.copy_from_slice(&[r, g, b]);
        }
    }
    rgb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_heatmap_pixel_has_the_colour_of_the_cell_under_its_centre() {
        // Cells (c, r) coloured (c, r, 0); grids smaller and larger than the image.
        for [columns, rows] in [[3, 2], [7, 5], [40, 30], [1, 1]] {
            let colours: Vec<(u8, u8, u8)> = (0..rows)
                .flat_map(|r| (0..columns).map(move |c| (c as u8, r as u8, 0)))
                .collect();
            let (width, height) = (23u32, 17u32);
            let rgb = heatmap(&colours, [columns, rows], (width, height));
            assert_eq!(rgb.len(), (width * height * 3) as usize);
            for py in 0..height {
                for px in 0..width {
                    let x = (f64::from(px) + 0.5) / f64::from(width);
                    let y = 1.0 - (f64::from(py) + 0.5) / f64::from(height);
                    let (c, r) = ((x * columns as f64) as u8, (y * rows as f64) as u8);
                    let at = ((py * width + px) * 3) as usize;
                    assert_eq!(
                        &rgb[at..at + 3],
                        &[c, r, 0],
                        "{columns}×{rows} at ({px}, {py})"
                    );
                }
            }
        }
    }

    #[test]
    fn the_colour_scale_runs_from_the_minimum_to_the_maximum() {
        let scale = ColourScale::of(&[-10.0, -5.0, f64::NEG_INFINITY, -1.0]).unwrap();
        assert_eq!(scale.level(-1.0), 1.0);
        assert_eq!(scale.level(-10.0), 0.0);
        assert!(scale.level(-5.0) > 0.0 && scale.level(-5.0) < 1.0);
        assert_eq!(scale.colour(f64::NEG_INFINITY), IMPOSSIBLE);
        assert_eq!(scale.ticks(), vec![0.0, 1.0]);
        assert_eq!(viridis(1.0), VIRIDIS[8]);
        assert!(ColourScale::of(&[f64::NEG_INFINITY]).is_none());
    }
}
