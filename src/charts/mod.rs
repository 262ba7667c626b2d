//! The six charts (the second is the plane chart for the 2-D mixture), each a function generic over the plotters
//! `DrawingBackend`: the page passes a `CanvasBackend`, native tests an SVG one.
//! Every chart redraws itself completely from a [`crate::session::StateView`] (the lower
//! bound from a [`crate::session::BoundSlice`], the landscape from a
//! [`crate::session::Landscape`]).

mod bound;
mod counts;
mod criteria;
mod fit;
mod landscape;
mod log_likelihood;
mod parameters;
mod path;
mod plane;
mod responsibilities;
mod style;

pub use bound::draw_bound;
pub use criteria::draw_criteria;
pub use fit::draw_fit;
pub use landscape::draw_landscape;
pub use log_likelihood::draw_log_likelihood;
pub use parameters::draw_parameters;
pub use path::{corners, Corners};
pub use plane::{draw_plane, PlaneFrame};
pub use responsibilities::draw_responsibilities;
pub use style::{component_color, ChartStyle, INK, PALETTE};

use plotters::drawing::DrawingAreaErrorKind;

/// How the charts show one model, chosen by the model's module.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartHooks {
    pub fit: FitChart,
    pub observations: ObservationAxis,
}

/// What the fit chart draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FitChart {
    /// P(heads) of coins B and C and of the mixture, against the observed share.
    ThreeCoins,
    /// A histogram with each weighted Gaussian and the mixture density.
    Gaussians,
    /// Points and ellipses on the plane (the 2-D mixture).
    Plane,
    /// A histogram with each wₖ f(x | θₖ) and their sum, f a density.
    Density(Curve),
    /// The share of each count as bars, with each wₖ f(x | θₖ) and their sum,
    /// f a probability (given the observation's trials).
    Counts(Curve),
}

/// f(x | θ) of one component with value θ, for an observation of x out of
/// `trials` (the binomial's; other families ignore it).
#[derive(Debug, Clone, Copy)]
pub struct Curve(pub fn(x: f64, trials: f64, value: f64) -> f64);

impl PartialEq for Curve {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.0, other.0)
    }
}

/// How the responsibilities chart orders and names the observations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObservationAxis {
    /// The coin tosses in the order given, with coins B and C.
    Tosses,
    /// Observations by value.
    Values,
    /// Points by x.
    PointsByX,
}

/// What drawing on backend `DB` can fail with.
pub type ChartResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as plotters::prelude::DrawingBackend>::ErrorType>>;

// SVG output is a native-only dev-dependency feature.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod degenerate_tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
