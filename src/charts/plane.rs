//! Chart 2 for the 2-D mixture: the points coloured by their blended
//! responsibilities Σₖ γᵢₖ colourₖ, each component's 1σ and 2σ ellipses with
//! handles to drag, and the mixture density shaded in bands below them.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{
    component_color, draw_plain_axes, near, padded_range, with_legend, Bitmap, ChartStyle,
    LegendItem, INK,
};
use crate::em::{
    larger, log_mixture_density, CovarianceType, Gaussian2, Gaussian2Params, MixtureParams,
};
use crate::session::{symmetric, ComponentHandles, DataAxes, ParamsView, StateView};

/// Points before the first E-step, when there are no responsibilities yet.
const NO_RESPONSIBILITY_GREY: RGBColor = RGBColor(150, 150, 150);
/// The density is shaded in cells of this many CSS pixels.
const DENSITY_CELL: f64 = 4.0;
/// Bands of the log density, one per unit of log f below the highest cell.
const DENSITY_BANDS: f64 = 8.0;
/// The highest band's shade; lower bands fade to white.
const DENSITY_SHADE: (f64, f64, f64) = (184.0, 202.0, 230.0);
/// Vertices of each drawn ellipse.
const ELLIPSE_VERTICES: usize = 72;

/// Where the plot lies on the canvas, so the page can turn a pointer position
/// into data coordinates: `plot` is [left, top, right, bottom] in device pixels.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaneFrame {
    pub plot: [i32; 4],
    pub x_range: [f64; 2],
    pub y_range: [f64; 2],
}

/// The plot's ranges: the data's extent along each axis, padded by 6 %.
fn ranges(points: &[[f64; 2]]) -> [std::ops::Range<f64>; 2] {
    [0, 1].map(|axis| {
        let low = points.iter().map(|p| p[axis]).fold(f64::INFINITY, f64::min);
        let high = points
            .iter()
            .map(|p| p[axis])
            .fold(f64::NEG_INFINITY, f64::max);
        if low.is_finite() {
            padded_range(low, high, 0.06)
        } else {
            0.0..1.0
        }
    })
}

/// Draws the plane chart on a backend and says where its plot lies; draws
/// nothing and returns None unless the state is a 2-D mixture's.
pub fn draw_plane<DB: DrawingBackend>(
    backend: DB,
    state: &StateView,
    style: &ChartStyle,
) -> Result<Option<PlaneFrame>, DrawingAreaErrorKind<DB::ErrorType>> {
    let root = backend.into_drawing_area();
    let ParamsView::Gaussian2 {
        weights,
        means,
        covariances,
    } = &state.params
    else {
        return Ok(None);
    };
    root.fill(&WHITE)?;
    let frame = draw_on(&root, state, style, weights, means, covariances)?;
    root.present()?;
    Ok(Some(frame))
}

/// Draws the plane chart for these parameters on `root` (already cleared).
pub(super) fn draw_on<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    state: &StateView,
    style: &ChartStyle,
    weights: &[f64],
    means: &[[f64; 2]],
    covariances: &[[[f64; 2]; 2]],
) -> Result<PlaneFrame, DrawingAreaErrorKind<DB::ErrorType>> {
    let legend: Vec<LegendItem> = (0..means.len())
        .map(|k| LegendItem {
            text: format!("k = {}", k + 1),
            color: component_color(k),
            line: true,
        })
        .collect();
    let area = with_legend(root, style, &legend)?;
    let points = state.data.points();
    let [x_range, y_range] = ranges(points);
    let text = style.text();
    let (x_name, y_name) = match &state.data_axes {
        DataAxes::OldFaithful => (text.eruption_axis, text.waiting_axis),
        DataAxes::Columns(names) if names.len() == 2 => (names[0].as_str(), names[1].as_str()),
        DataAxes::Columns(_) => ("x", "y"),
        DataAxes::Unnamed => ("x", "y"),
    };
    let mut chart = ChartBuilder::on(&area)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(52.0))
        .build_cartesian_2d(x_range.clone(), y_range.clone())?;
    draw_plain_axes(&mut chart, style, 8, (x_name, y_name))?;
    let components: Vec<Gaussian2Params> = means
        .iter()
        .zip(covariances)
        .map(|(&mean, covariance)| Gaussian2Params {
            mean,
            covariance: symmetric(covariance),
        })
        .collect();
    // The points, each in its components' colours mixed by γ.
    let colour_of = |i: usize| match &state.responsibilities {
        Some(rows) if i < rows.len() => {
            let mut mixed = [0.0; 3];
            for (k, gamma) in rows[i].iter().enumerate() {
                let RGBColor(r, g, b) = component_color(k);
                for (channel, value) in mixed.iter_mut().zip([r, g, b]) {
                    *channel += gamma * f64::from(value);
                }
            }
            mixed
        }
        _ => {
            let RGBColor(r, g, b) = NO_RESPONSIBILITY_GREY;
            [r, g, b].map(f64::from)
        }
    };
    let radius = f64::from(style.px(if points.len() > 500 { 2.0 } else { 3.0 }));
    let area = chart.plotting_area();
    let mut image = PlotImage::blank(area.dim_in_pixel(), area.get_x_range(), area.get_y_range());
    image.shade_density(weights, &components, f64::from(style.px(DENSITY_CELL)));
    for (i, point) in points.iter().enumerate() {
        image.disc(*point, radius, colour_of(i));
    }
    chart.plotting_area().draw(&Bitmap {
        corner: (x_range.start, y_range.end),
        size: (image.width, image.height),
        rgb: &image.rgb,
    })?;

    for (k, component) in components.iter().enumerate() {
        draw_component(&mut chart, k, component, style)?;
    }
    let (columns, rows) = chart.plotting_area().get_pixel_range();
    Ok(PlaneFrame {
        plot: [columns.start, rows.start, columns.end, rows.end],
        x_range: [x_range.start, x_range.end],
        y_range: [y_range.start, y_range.end],
    })
}

type PlaneChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The plot area as an RGB image, drawn with one `blit_bitmap`: the density
/// and thousands of points cost one canvas call instead of one per point.
struct PlotImage {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
    x_range: std::ops::Range<f64>,
    y_range: std::ops::Range<f64>,
}

impl PlotImage {
    /// A white image of `size` pixels showing these ranges.
    fn blank(
        (width, height): (u32, u32),
        x_range: std::ops::Range<f64>,
        y_range: std::ops::Range<f64>,
    ) -> Self {
        PlotImage {
            width,
            height,
            rgb: vec![255; (width * height * 3) as usize],
            x_range,
            y_range,
        }
    }

    /// A filled disc at data point `centre`, antialiased by the share of each
    /// pixel it covers (approximated by the distance from the edge).
    fn disc(&mut self, centre: [f64; 2], radius: f64, colour: [f64; 3]) {
        let (width, height) = (f64::from(self.width), f64::from(self.height));
        let (x, y) = (self.x_range.clone(), self.y_range.clone());
        let cx = (centre[0] - x.start) / (x.end - x.start) * width;
        let cy = (y.end - centre[1]) / (y.end - y.start) * height;
        let reach = radius + 1.0;
        let columns = (cx - reach).floor().max(0.0) as u32..(cx + reach).ceil().min(width) as u32;
        let rows = (cy - reach).floor().max(0.0) as u32..(cy + reach).ceil().min(height) as u32;
        for row in rows {
            for column in columns.clone() {
                let (dx, dy) = (f64::from(column) + 0.5 - cx, f64::from(row) + 0.5 - cy);
                // sqrt is one instruction on wasm; hypot is a library call.
                let distance = (dx * dx + dy * dy).sqrt();
                let cover = (radius + 0.5 - distance).clamp(0.0, 1.0);
                if cover > 0.0 {
                    let at = 3 * (row * self.width + column) as usize;
                    for (pixel, value) in self.rgb[at..at + 3].iter_mut().zip(colour) {
                        // + 0.5 then truncation rounds (f64::round is a library call on wasm).
                        *pixel = (f64::from(*pixel) * (1.0 - cover) + value * cover + 0.5) as u8;
                    }
                }
            }
        }
    }

    /// Shades the mixture density log f(x) = log Σₖ wₖ N(x | μₖ, Σₖ) in bands of
    /// one unit of log f below the highest cell (log-sum-exp over components),
    /// evaluated once per square cell of `cell` pixels.
    fn shade_density(&mut self, weights: &[f64], components: &[Gaussian2Params], cell: f64) {
        let (width, height) = (self.width, self.height);
        let (x_range, y_range) = (self.x_range.clone(), self.y_range.clone());
        if width == 0 || height == 0 {
            return;
        }
        let columns = (f64::from(width) / cell).ceil() as usize;
        let rows = (f64::from(height) / cell).ceil() as usize;
        // The floor plays no part in the density, only in the M-step.
        let family = Gaussian2::for_data(CovarianceType::Full, &[]);
        let Ok(params) = MixtureParams::new(&family, weights.to_vec(), components.to_vec()) else {
            return;
        };
        let (x_step, y_step) = (
            cell / f64::from(width) * (x_range.end - x_range.start),
            cell / f64::from(height) * (y_range.end - y_range.start),
        );
        // Cell centres row by row, rows running down the screen (y up).
        let centres: Vec<[f64; 2]> = (0..rows)
            .flat_map(|row| {
                let y = y_range.end - (row as f64 + 0.5) * y_step;
                (0..columns).map(move |column| [x_range.start + (column as f64 + 0.5) * x_step, y])
            })
            .collect();
        let mut log_density = Vec::with_capacity(centres.len());
        log_mixture_density(&family, &params, &centres, &mut log_density);
        let highest = log_density.iter().copied().fold(f64::NEG_INFINITY, larger);
        if !highest.is_finite() {
            return;
        }
        let shade = |value: f64| -> [u8; 3] {
            let band = (highest - value).floor();
            if band >= DENSITY_BANDS {
                return [255; 3];
            }
            let t = band / DENSITY_BANDS;
            let (r, g, b) = DENSITY_SHADE;
            [r, g, b].map(|c| (c + (255.0 - c) * t + 0.5) as u8)
        };
        let shades: Vec<[u8; 3]> = log_density.into_iter().map(shade).collect();
        // Each row of cells is drawn into one line of pixels, copied down the cell.
        let line_length = 3 * width as usize;
        let mut line = vec![0; line_length];
        let mut drawn_row = usize::MAX;
        for (py, target) in self.rgb.chunks_exact_mut(line_length).enumerate() {
            let row = ((py as f64 / cell) as usize).min(rows - 1);
            if row != drawn_row {
                drawn_row = row;
                let cells = &shades[row * columns..(row + 1) * columns];
                for (px, pixel) in line.chunks_exact_mut(3).enumerate() {
                    pixel.copy_from_slice(&cells[((px as f64 / cell) as usize).min(columns - 1)]);
                }
            }
            target.copy_from_slice(&line);
        }
    }
}

/// Component k's 1σ (thick) and 2σ (thin) ellipses, its mean and the
/// handles at the ends of the 2σ ellipse's axes.
fn draw_component<DB: DrawingBackend>(
    chart: &mut PlaneChart<'_, DB>,
    k: usize,
    component: &Gaussian2Params,
    style: &ChartStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let colour = component_color(k);
    let area = chart.plotting_area();
    let (x_range, y_range) = (area.get_x_range(), area.get_y_range());
    let on_plot = |(x, y): (f64, f64)| (near(&x_range, x), near(&y_range, y));
    let (angle, a, b) = component.covariance.principal_axes();
    let (sin, cos) = angle.sin_cos();
    let [mx, my] = component.mean;
    let ellipse = |sigmas: f64| -> Vec<(f64, f64)> {
        (0..=ELLIPSE_VERTICES)
            .map(|i| std::f64::consts::TAU * i as f64 / ELLIPSE_VERTICES as f64)
            .map(|t| {
                let (u, v) = (sigmas * a * t.cos(), sigmas * b * t.sin());
                on_plot((mx + u * cos - v * sin, my + u * sin + v * cos))
            })
            .collect()
    };
    // A white halo under each line keeps it visible over points of its own colour.
    let (inner, outer) = (ellipse(1.0), ellipse(2.0));
    chart.draw_series(LineSeries::new(inner.clone(), style.stroke(WHITE, 4.5)))?;
    chart.draw_series(LineSeries::new(inner, style.stroke(colour, 2.5)))?;
    // One path each: a dashed series would cost a canvas path per dash.
    chart.draw_series(LineSeries::new(outer.clone(), style.stroke(WHITE, 3.0)))?;
    chart.draw_series(LineSeries::new(outer, style.stroke(colour, 1.5)))?;
    let handles = ComponentHandles::of(component.mean, component.covariance);
    let size = style.px(5.0) as i32;
    for [x, y] in [handles.major, handles.minor] {
        let square = [(-size, -size), (size, size)];
        chart.draw_series([EmptyElement::at(on_plot((x, y)))
            + Rectangle::new(square, WHITE.filled())
            + Rectangle::new(square, style.stroke(INK, 2.5))
            + Rectangle::new(
                [(-size / 2, -size / 2), (size / 2, size / 2)],
                colour.filled(),
            )])?;
    }
    let mark = style.px(7.0) as i32;
    chart.draw_series([EmptyElement::at(on_plot((mx, my)))
        + Circle::new((0, 0), mark, WHITE.filled())
        + Circle::new((0, 0), mark, style.stroke(INK, 2.0))
        + Circle::new((0, 0), mark / 2, colour.filled())])?;
    Ok(())
}
