//! A `CanvasBackend` that measures text with the canvas itself.
//!
//! plotters' wasm font code measures text by adding a `<span style="…">` to
//! the page, which a strict Content-Security-Policy blocks (and which forces a
//! page layout per label). `measureText` on the chart's own 2-D context needs
//! neither, and measures with exactly the font the text is drawn in.

use plotters::prelude::DrawingBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast};
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

/// `CanvasBackend` plus text measurement through `measureText`.
pub struct MeasuredCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl MeasuredCanvas {
    /// None if the canvas has no 2-D context.
    pub fn new(canvas: HtmlCanvasElement) -> Option<Self> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(MeasuredCanvas { inner, context })
    }
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
        lift(self.inner.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> DrawResult {
        lift(self.inner.draw_line(from, to, style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> DrawResult {
        lift(self.inner.draw_rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> DrawResult {
        lift(self.inner.draw_path(path, style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> DrawResult {
        lift(self.inner.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> DrawResult {
        lift(self.inner.fill_polygon(vertices, style))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        position: BackendCoord,
    ) -> DrawResult {
        lift(self.inner.draw_text(text, style, position))
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
        let failed = |error: wasm_bindgen::JsValue| {
            DrawingErrorKind::DrawingError(CanvasDrawError(format!(
                "putImageData failed: {error:?}"
            )))
        };
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), width, height)
            .map_err(failed)?;
        self.context
            .put_image_data(&image, f64::from(x), f64::from(y))
            .map_err(failed)
    }

    /// Width from `measureText` in the font `draw_text` uses; height is the font size.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> DrawResult<(u32, u32)> {
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        ));
        let width = self
            .context
            .measure_text(text)
            .map_err(|error| {
                DrawingErrorKind::DrawingError(CanvasDrawError(format!(
                    "measureText failed: {error:?}"
                )))
            })?
            .width();
        Ok((width.ceil() as u32, style.size().ceil() as u32))
    }
}
