//! A `CanvasBackend` that measures text with the canvas itself and sets a
//! style on the context only when it changes.
//!
//! plotters' wasm font code measures text by adding a `<span style="…">` to
//! the page, which a strict Content-Security-Policy blocks (and which forces a
//! page layout per label). `measureText` on the chart's own 2-D context needs
//! neither, and measures with exactly the font the text is drawn in.
//!
//! `CanvasBackend` formats a colour string (and a font string) and sends it
//! to the context for every line, bar and label; a chart draws hundreds of
//! them (the rug's ticks, the bars, the tick labels) in a few colours. Lines,
//! paths, polygons, rectangles and text are drawn here, setting only what
//! changed, paths and polygons through their corners only; circles and pixels
//! are left to `CanvasBackend`.

use std::cell::RefCell;
use std::rc::Rc;

use plotters::prelude::DrawingBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform,
};
use plotters_canvas::CanvasBackend;

use crate::charts::corners;
use js_sys::JsString;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// A drawing error, with the message of the canvas error behind it.
#[derive(Debug)]
pub struct CanvasDrawError(String);

impl std::fmt::Display for CanvasDrawError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasDrawError {}

type DrawResult<T = ()> = Result<T, DrawingErrorKind<CanvasDrawError>>;

/// Carries an error of the wrapped `CanvasBackend` over to ours.
fn lift<T, E: std::error::Error + Send + Sync>(
    result: Result<T, DrawingErrorKind<E>>,
) -> DrawResult<T> {
    result.map_err(|error| match error {
        DrawingErrorKind::DrawingError(inner) => {
            DrawingErrorKind::DrawingError(CanvasDrawError(inner.to_string()))
        }
        DrawingErrorKind::FontError(inner) => DrawingErrorKind::FontError(inner),
    })
}

/// A colour as the context's style string takes it.
fn css_color(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("rgba({r},{g},{b},{})", color.alpha)
}

fn same_color(a: BackendColor, b: BackendColor) -> bool {
    a.rgb == b.rgb && a.alpha == b.alpha
}

/// A font as the context takes it, remembered with what it was made from:
/// a chart's texts come in one or two fonts, asked for at every label.
struct FontMemo {
    style: String,
    size: u64,
    family: String,
    css: Rc<str>,
}

/// The styles last set on the context (None: unknown, set before next use).
#[derive(Clone, Default)]
struct ContextStyles {
    fill: Option<BackendColor>,
    stroke: Option<(BackendColor, u32)>,
    font: Option<String>,
    align: Option<&'static str>,
    baseline: Option<&'static str>,
}

/// The most text widths remembered (six charts draw a few dozen labels
/// each, mostly the same from one step to the next); past it the memory
/// starts again, so it stays bounded whatever the labels.
const MAX_MEASURED: usize = 2048;

thread_local! {
    /// Text widths by font and text, kept across drawings and canvases: a
    /// width depends on nothing else, and a `measureText` crossing to
    /// JavaScript costs far more than a lookup. (wasm runs on one thread.)
    /// Sorted by (font, text), for a binary search (a map's code costs more
    /// of the download than this).
    static WIDTHS: RefCell<Vec<((String, String), u32)>> = RefCell::default();
}

#[wasm_bindgen]
extern "C" {
    /// The 2-D context, for its text, colour, font and alignment setters taking
    /// a JavaScript string already made (web-sys's take a `&str`, decoded from
    /// UTF-8 at each call).
    #[wasm_bindgen(js_name = CanvasRenderingContext2D)]
    type Context;
    #[wasm_bindgen(method, catch, js_name = fillText)]
    fn fill_js_text(this: &Context, text: &JsString, x: f64, y: f64) -> Result<(), JsValue>;
    #[wasm_bindgen(method, setter = fillStyle)]
    fn set_fill_js(this: &Context, style: &JsString);
    #[wasm_bindgen(method, setter = strokeStyle)]
    fn set_stroke_js(this: &Context, style: &JsString);
    #[wasm_bindgen(method, setter = font)]
    fn set_font_js(this: &Context, font: &JsString);
    #[wasm_bindgen(method, setter = textAlign)]
    fn set_text_align_js(this: &Context, align: &JsString);
    #[wasm_bindgen(method, setter = textBaseline)]
    fn set_text_baseline_js(this: &Context, baseline: &JsString);
}

/// The most JavaScript strings remembered; past it the memory starts again.
const MAX_JS_STRINGS: usize = 1024;

thread_local! {
    /// JavaScript strings of the texts, fonts and alignments used so far,
    /// sorted: a chart draws much the same few dozen labels at every step,
    /// and handing over a string made before costs a lookup, not a decoding.
    static JS_STRINGS: RefCell<Vec<(String, JsString)>> = RefCell::default();
}

/// The most colour strings remembered (charts use a few dozen colours).
const MAX_JS_COLOURS: usize = 64;

thread_local! {
    /// The context's style strings of the colours used so far, so a colour
    /// is formatted and handed over once.
    static JS_COLOURS: RefCell<Vec<(BackendColor, JsString)>> = RefCell::default();
}

/// Calls `use_it` with `color` as the context's style string, made once.
fn with_js_colour<T>(color: BackendColor, use_it: impl FnOnce(&JsString) -> T) -> T {
    JS_COLOURS.with_borrow_mut(|colours| {
        let place = match colours
            .iter()
            .position(|(known, _)| same_color(*known, color))
        {
            Some(found) => found,
            // Not sorted: a new colour goes at the end.
            None => remember(
                colours,
                MAX_JS_COLOURS,
                usize::MAX,
                (color, JsString::from(css_color(color))),
            ),
        };
        use_it(&colours[place].1)
    })
}

/// Puts `entry` into a bounded memory at `place` (where a binary search for
/// its key failed, or past the end); a full memory starts again. Returns
/// where the entry now is.
fn remember<K, V>(memory: &mut Vec<(K, V)>, most: usize, place: usize, entry: (K, V)) -> usize {
    if memory.len() >= most {
        memory.clear();
    }
    let place = place.min(memory.len());
    memory.insert(place, entry);
    place
}

/// Calls `use_it` with `text` as a JavaScript string, made once.
fn with_js_string<T>(text: &str, use_it: impl FnOnce(&JsString) -> T) -> T {
    JS_STRINGS.with_borrow_mut(|strings| {
        let place = match strings.binary_search_by(|(known, _)| known.as_str().cmp(text)) {
            Ok(found) => found,
            Err(place) => remember(
                strings,
                MAX_JS_STRINGS,
                place,
                (text.to_owned(), JsString::from(text)),
            ),
        };
        use_it(&strings[place].1)
    })
}

/// `CanvasBackend` plus text measurement through `measureText`, setting
/// styles only when they change.
pub struct MeasuredCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    styles: RefCell<ContextStyles>,
    font: RefCell<Option<FontMemo>>,
}

impl MeasuredCanvas {
    /// None if the canvas has no 2-D context.
    pub fn new(canvas: HtmlCanvasElement) -> Option<Self> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(MeasuredCanvas {
            inner,
            context,
            styles: RefCell::default(),
            font: RefCell::default(),
        })
    }

    /// `style`'s font as the context takes it ("normal 12px sans-serif").
    fn font_of<S: BackendTextStyle>(&self, style: &S) -> Rc<str> {
        let (kind, size, family) = (style.style(), style.size(), style.family());
        let mut memo = self.font.borrow_mut();
        match &*memo {
            Some(last)
                if last.size == size.to_bits()
                    && last.style == kind.as_str()
                    && last.family == family.as_str() =>
            {
                last.css.clone()
            }
            _ => {
                let css: Rc<str> =
                    format!("{} {}px {}", kind.as_str(), size, family.as_str()).into();
                *memo = Some(FontMemo {
                    style: kind.as_str().to_owned(),
                    size: size.to_bits(),
                    family: family.as_str().to_owned(),
                    css: css.clone(),
                });
                css
            }
        }
    }

    /// The context, for the setters taking JavaScript strings.
    fn strings(&self) -> &Context {
        self.context.unchecked_ref()
    }

    fn set_fill(&self, color: BackendColor) {
        let mut styles = self.styles.borrow_mut();
        if !styles.fill.is_some_and(|last| same_color(last, color)) {
            with_js_colour(color, |css| self.strings().set_fill_js(css));
            styles.fill = Some(color);
        }
    }

    fn set_stroke(&self, color: BackendColor, width: u32) {
        let mut styles = self.styles.borrow_mut();
        match styles.stroke {
            Some((last, last_width)) if same_color(last, color) && last_width == width => {}
            _ => {
                with_js_colour(color, |css| self.strings().set_stroke_js(css));
                self.context.set_line_width(f64::from(width));
                styles.stroke = Some((color, width));
            }
        }
    }

    fn set_font(&self, font: &str) {
        let mut styles = self.styles.borrow_mut();
        if styles.font.as_deref() != Some(font) {
            with_js_string(font, |js| self.strings().set_font_js(js));
            styles.font = Some(font.to_owned());
        }
    }

    /// Strokes the path through `points` by its corners (see [`corners`]);
    /// one level or upright segment is filled as a rectangle. Not generic, so
    /// plotters' many element types share one copy of it.
    fn stroke_path(
        &self,
        points: &mut dyn Iterator<Item = BackendCoord>,
        color: BackendColor,
        width: u32,
    ) {
        let Some(start) = points.next() else {
            return;
        };
        let mut corners = corners(start, points).peekable();
        let Some(first) = corners.next() else {
            return;
        };
        if corners.peek().is_none() {
            // One straight segment (a rug's tick): a rectangle if it is level or upright.
            if let Some([x, y, w, h]) = axis_aligned_rect(start, first, width, 0.0) {
                self.set_fill(color);
                self.context.fill_rect(x, y, w, h);
                return;
            }
        }
        self.set_stroke(color, width);
        self.context.begin_path();
        self.context.move_to(f64::from(start.0), f64::from(start.1));
        self.context.line_to(f64::from(first.0), f64::from(first.1));
        for corner in corners {
            self.context
                .line_to(f64::from(corner.0), f64::from(corner.1));
        }
        self.context.stroke();
    }

    /// Fills the polygon with `vertices`, by its corners (see [`corners`]).
    fn fill_path(&self, vertices: &mut dyn Iterator<Item = BackendCoord>, color: BackendColor) {
        let Some(start) = vertices.next() else {
            return;
        };
        self.set_fill(color);
        self.context.begin_path();
        self.context.move_to(f64::from(start.0), f64::from(start.1));
        for corner in corners(start, vertices) {
            self.context
                .line_to(f64::from(corner.0), f64::from(corner.1));
        }
        self.context.close_path();
        self.context.fill();
    }

    /// After `CanvasBackend` drew: it may have set the fill and the stroke.
    fn forget_colors<T>(&self, result: T) -> T {
        let mut styles = self.styles.borrow_mut();
        styles.fill = None;
        styles.stroke = None;
        result
    }
}

/// The rectangle `[x, y, width, height]` that a horizontal or vertical line
/// of `width` pixels covers, its centre moved back by `offset`; None for any
/// other line. `fillRect` paints exactly what stroking that line would, in
/// one call instead of four, on the canvas's fastest path (grid lines and
/// the rug's ticks are hundreds of such lines).
fn axis_aligned_rect(
    from: BackendCoord,
    to: BackendCoord,
    width: u32,
    offset: f64,
) -> Option<[f64; 4]> {
    let width = f64::from(width);
    let (left, right) = (f64::from(from.0.min(to.0)), f64::from(from.0.max(to.0)));
    let (top, bottom) = (f64::from(from.1.min(to.1)), f64::from(from.1.max(to.1)));
    if from.0 == to.0 {
        Some([left - offset - width / 2.0, top, width, bottom - top])
    } else if from.1 == to.1 {
        Some([left, top - offset - width / 2.0, right - left, width])
    } else {
        None
    }
}

fn canvas_error(what: &str, error: wasm_bindgen::JsValue) -> DrawingErrorKind<CanvasDrawError> {
    DrawingErrorKind::DrawingError(CanvasDrawError(format!("{what} failed: {error:?}")))
}

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = CanvasDrawError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> DrawResult {
        lift(self.inner.ensure_prepared())
    }

    fn present(&mut self) -> DrawResult {
        lift(self.inner.present())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> DrawResult {
        let drawn = lift(self.inner.draw_pixel(point, color));
        self.forget_colors(drawn)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> DrawResult {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        // Like `CanvasBackend`, half a pixel onto the pixel grid, so a 1 px line is sharp.
        if let Some([x, y, width, height]) = axis_aligned_rect(from, to, style.stroke_width(), 0.5)
        {
            self.set_fill(style.color());
            self.context.fill_rect(x, y, width, height);
            return Ok(());
        }
        self.set_stroke(style.color(), style.stroke_width());
        self.context.begin_path();
        self.context.move_to(f64::from(from.0), f64::from(from.1));
        self.context.line_to(f64::from(to.0), f64::from(to.1));
        self.context.stroke();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> DrawResult {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let width = f64::from(bottom_right.0 - upper_left.0);
        let height = f64::from(bottom_right.1 - upper_left.1);
        if fill {
            self.set_fill(style.color());
            self.context.fill_rect(x, y, width, height);
        } else {
            self.set_stroke(style.color(), style.stroke_width());
            self.context.stroke_rect(x, y, width, height);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> DrawResult {
        if style.color().alpha > 0.0 {
            self.stroke_path(&mut path.into_iter(), style.color(), style.stroke_width());
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> DrawResult {
        let drawn = lift(self.inner.draw_circle(center, radius, style, fill));
        self.forget_colors(drawn)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> DrawResult {
        if style.color().alpha > 0.0 {
            self.fill_path(&mut vertices.into_iter(), style.color());
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> DrawResult {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let degrees: f64 = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
        };
        let (mut x, mut y) = (f64::from(x), f64::from(y));
        // save() and restore() bring back the styles of before the save.
        let saved = (degrees != 0.0).then(|| self.styles.borrow().clone());
        if saved.is_some() {
            self.context.save();
            self.context
                .translate(x, y)
                .map_err(|error| canvas_error("translate", error))?;
            self.context
                .rotate(degrees.to_radians())
                .map_err(|error| canvas_error("rotate", error))?;
            (x, y) = (0.0, 0.0);
        }
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        {
            let mut styles = self.styles.borrow_mut();
            if styles.baseline != Some(baseline) {
                with_js_string(baseline, |js| self.strings().set_text_baseline_js(js));
                styles.baseline = Some(baseline);
            }
            if styles.align != Some(align) {
                with_js_string(align, |js| self.strings().set_text_align_js(js));
                styles.align = Some(align);
            }
        }
        self.set_fill(color);
        self.set_font(&self.font_of(style));
        let drawn = with_js_string(text, |text| self.strings().fill_js_text(text, x, y))
            .map_err(|error| canvas_error("fillText", error));
        if let Some(saved) = saved {
            self.context.restore();
            *self.styles.borrow_mut() = saved;
        }
        drawn
    }

    /// Puts an RGB image on the canvas in one `putImageData` (the default
    /// draws it pixel by pixel).
    fn blit_bitmap(
        &mut self,
        (x, y): BackendCoord,
        (width, height): (u32, u32),
        rgb: &[u8],
    ) -> DrawResult {
        let mut rgba = vec![255; rgb.len() / 3 * 4];
        for (to, from) in rgba.chunks_exact_mut(4).zip(rgb.chunks_exact(3)) {
            to[..3].copy_from_slice(from);
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), width, height)
            .map_err(|error| canvas_error("putImageData", error))?;
        self.context
            .put_image_data(&image, f64::from(x), f64::from(y))
            .map_err(|error| canvas_error("putImageData", error))
    }

    /// Width from `measureText` in the font `draw_text` uses (each font and
    /// text measured once, see [`WIDTHS`]); height is the font size.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> DrawResult<(u32, u32)> {
        let height = style.size().ceil() as u32;
        let font = self.font_of(style);
        let known = WIDTHS.with_borrow(|widths| {
            widths
                .binary_search_by(|((known_font, known_text), _)| {
                    (known_font.as_str(), known_text.as_str()).cmp(&(&*font, text))
                })
                .map(|found| widths[found].1)
        });
        let place = match known {
            Ok(width) => return Ok((width, height)),
            Err(place) => place,
        };
        self.set_font(&font);
        let width = self
            .context
            .measure_text(text)
            .map_err(|error| canvas_error("measureText", error))?
            .width()
            .ceil() as u32;
        WIDTHS.with_borrow_mut(|widths| {
            let key = (font.to_string(), text.to_owned());
            remember(widths, MAX_MEASURED, place, (key, width));
        });
        Ok((width, height))
    }
}
