//! The six charts (the second is the plane chart for the 2-D mixture), each a function generic over the plotters
//! `DrawingBackend`: the page passes a `CanvasBackend`, native tests an SVG one.
//! Every chart redraws itself completely from a [`crate::session::StateView`] (the lower
//! bound from a [`crate::session::BoundSlice`], the landscape from a
//! [`crate::session::Landscape`]).

mod bound;
mod fit;
mod landscape;
mod log_likelihood;
mod parameters;
mod plane;
mod responsibilities;
mod style;

pub use bound::draw_bound;
pub use fit::draw_fit;
pub use landscape::draw_landscape;
pub use log_likelihood::draw_log_likelihood;
pub use parameters::draw_parameters;
pub use plane::{draw_plane, PlaneFrame};
pub use responsibilities::draw_responsibilities;
pub use style::{component_color, ChartStyle, INK, PALETTE};

use plotters::drawing::DrawingAreaErrorKind;

/// What drawing on backend `DB` can fail with.
pub type ChartResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as plotters::prelude::DrawingBackend>::ErrorType>>;

// SVG output is a native-only dev-dependency feature.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod degenerate_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
