//! Colours, sizes and shared drawing helpers.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;

use crate::i18n::{ChartText, Language};
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{BackendCoord, DrawingErrorKind};

/// The Okabe–Ito palette, distinguishable with the common colour-vision
/// deficiencies; component k is drawn in `PALETTE[k]` on every chart.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(120, 120, 120), // grey (Okabe–Ito black, lightened to differ from the mixture line)
    RGBColor(240, 228, 66),  // yellow
];

/// Near-black, for the mixture, log L and π: everything that is not one component.
pub const INK: RGBColor = RGBColor(20, 20, 20);

/// The colour of component `k`.
pub fn component_color(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

/// Sizes in CSS pixels, multiplied by `scale` (the device pixel ratio, and
/// larger in presentation mode) so charts are sharp and legible on any screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartStyle {
    pub scale: f64,
    /// The language of every label.
    pub language: Language,
}

impl Default for ChartStyle {
    fn default() -> Self {
        ChartStyle {
            scale: 1.0,
            language: Language::English,
        }
    }
}

impl ChartStyle {
    /// The fixed texts in the chart's language.
    pub fn text(&self) -> &'static ChartText {
        self.language.chart_text()
    }

    /// `css_pixels` in device pixels.
    pub fn px(&self, css_pixels: f64) -> u32 {
        (css_pixels * self.scale).round().max(1.0) as u32
    }

    /// A font of `css_pixels` height.
    pub fn font(&self, css_pixels: f64) -> TextStyle<'static> {
        ("sans-serif", css_pixels * self.scale)
            .into_font()
            .color(&BLACK)
    }

    /// A line of `css_pixels` width.
    pub fn stroke(&self, color: RGBColor, css_pixels: f64) -> ShapeStyle {
        color.stroke_width(self.px(css_pixels))
    }

    /// Axis-label font size.
    pub fn label_font(&self) -> TextStyle<'static> {
        self.font(12.0)
    }
}

/// The subscript digit naming 0-based component `k` (₁ for the first).
pub fn subscript(k: usize) -> char {
    const SUBSCRIPTS: [char; 9] = ['₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    SUBSCRIPTS[k.min(8)]
}

/// The largest size from `css_pixels` down to 8 (CSS pixels) at which each of
/// `texts`, `gaps` apart (device pixels), fits in `width` device pixels.
fn size_to_fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    texts: &[&str],
    css_pixels: f64,
    width: u32,
) -> Result<f64, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut size = css_pixels;
    while size > 8.0 {
        let mut total = 0;
        for text in texts {
            total += area.estimate_text_size(text, &style.font(size))?.0;
        }
        if total <= width {
            break;
        }
        size -= 1.0;
    }
    Ok(size)
}

/// Writes `message` in the middle of `area` (for charts with nothing to show
/// yet), in a smaller font if it would not fit the width.
pub fn draw_placeholder<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    message: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (width, height) = area.dim_in_pixel();
    let size = size_to_fit(
        area,
        style,
        &[message],
        14.0,
        width.saturating_sub(style.px(16.0)),
    )?;
    let font = style
        .font(size)
        .color(&RGBColor(90, 90, 90))
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(message, &font, ((width / 2) as i32, (height / 2) as i32))
}

/// Writes one line of `text` from `left` (device pixels) at mid-height of
/// `strip`, in the label font or smaller, so it never runs off the right edge.
pub fn draw_line_to_fit<DB: DrawingBackend>(
    strip: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    text: &str,
    left: i32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (width, height) = strip.dim_in_pixel();
    let room = width.saturating_sub(left.max(0) as u32 + style.px(4.0));
    let size = size_to_fit(strip, style, &[text], 12.0, room)?;
    let font = style.font(size).pos(Pos::new(HPos::Left, VPos::Center));
    strip.draw_text(text, &font, (left, (height / 2) as i32))
}

/// Height of the legend strip above each plot, in CSS pixels.
const LEGEND_HEIGHT: f64 = 22.0;

/// One legend entry: a swatch of `color` (a bar, or a line when `line` is set) and its text.
pub struct LegendItem {
    pub text: String,
    pub color: RGBColor,
    pub line: bool,
}

/// Splits off a strip at the top of `root`, draws the legend there in one
/// row, and returns the rest for the plot, so the legend never hides data.
pub fn with_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    items: &[LegendItem],
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (strip, plot) = root.split_vertically(style.px(LEGEND_HEIGHT));
    let middle = style.px(LEGEND_HEIGHT / 2.0) as i32;
    let start = style.px(52.0) as i32;
    let swatch = style.px(12.0) as i32;
    // Swatches and gaps take a fixed width; the texts shrink until the row fits.
    let fixed = items.len() as i32 * (swatch + style.px(18.0) as i32);
    let room = (strip.dim_in_pixel().0 as i32 - start - fixed).max(0) as u32;
    let texts: Vec<&str> = items.iter().map(|item| item.text.as_str()).collect();
    let size = size_to_fit(&strip, style, &texts, 12.0, room)?;
    let font = style.font(size).pos(Pos::new(HPos::Left, VPos::Center));
    let mut x = start;
    for item in items {
        if item.line {
            strip.draw(&PathElement::new(
                vec![(x, middle), (x + swatch, middle)],
                style.stroke(item.color, 2.5),
            ))?;
        } else {
            strip.draw(&Rectangle::new(
                [(x, middle - swatch / 2), (x + swatch, middle + swatch / 2)],
                item.color.filled(),
            ))?;
        }
        x += swatch + style.px(4.0) as i32;
        strip.draw_text(&item.text, &font, (x, middle))?;
        let (text_width, _) = strip.estimate_text_size(&item.text, &font)?;
        x += text_width as i32 + style.px(14.0) as i32;
    }
    Ok(plot)
}

/// An RGB image (3 bytes a pixel, rows top to bottom) with its top-left
/// corner at `corner`, drawn with the backend's `blit_bitmap` in one call.
pub struct Bitmap<'a, C> {
    pub corner: C,
    pub size: (u32, u32),
    pub rgb: &'a [u8],
}

impl<'b, C> PointCollection<'b, C> for &'b Bitmap<'_, C> {
    type Point = &'b C;
    type IntoIter = std::iter::Once<&'b C>;

    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.corner)
    }
}

impl<C, DB: DrawingBackend> Drawable<DB> for Bitmap<'_, C> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(corner) => backend.blit_bitmap(corner, self.size, self.rgb),
            None => Ok(()),
        }
    }
}

/// Axes without grid lines, for charts whose plot is an image (the
/// landscape, the plane): `x_labels` ticks along x, six along y, titled.
pub fn draw_plain_axes<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    style: &ChartStyle,
    x_labels: usize,
    (x_name, y_name): (&str, &str),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(x_labels)
        .y_labels(6)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .x_desc(x_name)
        .y_desc(y_name)
        .label_style(style.label_font())
        .axis_desc_style(style.label_font())
        .draw()
}

/// Axis ends stay within ± this, so a span never overflows to ∞.
const AXIS_LIMIT: f64 = 1e300;
/// The narrowest span an axis may have, relative to its ends' magnitude:
/// plotters' tick search needs steps that floating point can resolve.
const RELATIVE_SPAN: f64 = 1e-9;
/// The narrowest span an axis may have at all (spans near the subnormals
/// lose their digits in the tick search).
const ABSOLUTE_SPAN: f64 = 1e-200;

/// A range every chart can hand to plotters: finite ends within ±10³⁰⁰ and
/// a span it can lay ticks on (plotters searches for ticks forever on an
/// infinite or vanishing span). A range too narrow is widened about its
/// middle, or upwards from 0; one with no usable end becomes [0, 1]. Every
/// `build_cartesian_2d` takes its ranges through here.
pub fn axis(range: std::ops::Range<f64>) -> std::ops::Range<f64> {
    let clamp = |v: f64| v.clamp(-AXIS_LIMIT, AXIS_LIMIT);
    let (start, end) = match (range.start.is_nan(), range.end.is_nan()) {
        (false, false) => (
            clamp(range.start.min(range.end)),
            clamp(range.start.max(range.end)),
        ),
        (false, true) => (clamp(range.start), clamp(range.start)),
        (true, false) => (clamp(range.end), clamp(range.end)),
        (true, true) => (0.0, 1.0),
    };
    let magnitude = start.abs().max(end.abs());
    let least = (magnitude * RELATIVE_SPAN).max(ABSOLUTE_SPAN);
    if end - start >= least {
        return start..end;
    }
    if start == 0.0 {
        // Heights and counts grow from 0; keep the baseline.
        return 0.0..least;
    }
    let middle = start / 2.0 + end / 2.0;
    let middle = middle.clamp(-AXIS_LIMIT + least, AXIS_LIMIT - least);
    (middle - least / 2.0)..(middle + least / 2.0)
}

/// `value` clamped to `range` widened by ten spans each way: nothing visible
/// moves, and plotters' pixel arithmetic (in i32) cannot overflow on a point
/// far off the plot.
pub fn near(range: &std::ops::Range<f64>, value: f64) -> f64 {
    let span = range.end - range.start;
    value.clamp(range.start - 10.0 * span, range.end + 10.0 * span)
}

/// A padded range around [min, max], never empty and always drawable (see [`axis`]).
pub fn padded_range(min: f64, max: f64, fraction: f64) -> std::ops::Range<f64> {
    let span = max - min;
    let pad = if span > 0.0 {
        span * fraction
    } else {
        min.abs().max(1.0) * 0.1
    };
    axis((min - pad)..(max + pad))
}

/// Formats a number for an axis label: no more digits than needed.
pub fn tick_label(value: &f64) -> String {
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-3..1e5).contains(&magnitude) {
        format!("{value:.1e}")
    } else {
        let text = format!("{value:.3}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "-0" {
            "0".into()
        } else {
            text.into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(tick_label(&0.5), "0.5");
        assert_eq!(tick_label(&-6.73), "-6.73");
        assert_eq!(tick_label(&20.0), "20");
        assert_eq!(tick_label(&-0.0001), "-1.0e-4");
        assert_eq!(tick_label(&-0.0), "0");
    }

    #[test]
    fn padded_ranges_are_never_empty() {
        assert_eq!(padded_range(0.0, 10.0, 0.1), -1.0..11.0);
        let flat = padded_range(5.0, 5.0, 0.1);
        assert!(flat.start < 5.0 && flat.end > 5.0);
    }

    /// Ticks plotters lays on `range`, computed on another thread: a range it
    /// cannot handle makes it search forever, which fails here after 10 s.
    fn ticks_within_time(range: std::ops::Range<f64>) -> Vec<f64> {
        use plotters::coord::ranged1d::{BoldPoints, Ranged};
        use plotters::coord::types::RangedCoordf64;
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let ticks = RangedCoordf64::from(range).key_points(BoldPoints(10));
            let _ = sender.send(ticks);
        });
        receiver
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("plotters' tick search did not finish")
    }

    #[test]
    fn degenerate_ranges_become_drawable() {
        let cases = [
            (5.0, 5.0),
            (1e-320, 4e-320),
            (0.0, 1e-300),
            (-1e300, 1e300),
            (-f64::MAX, f64::MAX),
            (f64::NEG_INFINITY, f64::INFINITY),
            (f64::NAN, 3.0),
            (f64::NAN, f64::NAN),
            (1e308, 1e308),
            (7.0, 7.0 + 1e-15),
            (-0.0, 0.0),
            (3.0, -2.0),
        ];
        for (start, end) in cases {
            let range = axis(start..end);
            assert!(
                range.start.is_finite() && range.end.is_finite(),
                "{start}..{end}"
            );
            assert!(range.end > range.start, "{start}..{end} gave {range:?}");
            let ticks = ticks_within_time(range.clone());
            assert!(
                !ticks.is_empty() && ticks.len() <= 10,
                "{start}..{end}: {ticks:?}"
            );
        }
        // A usable range is kept as it is.
        assert_eq!(axis(-6.74..-6.72), -6.74..-6.72);
    }
}
