//! The EM engine: plain Rust, no browser crates, tested natively.
//!
//! One generic mixture engine ([`e_step`], [`m_step`], [`EmStepper`]) over a
//! [`ComponentFamily`], one file per family: [`Bernoulli`] (the three-coin
//! model is a two-component Bernoulli mixture), [`Binomial`], [`Poisson`],
//! [`Exponential`], [`Gaussian`] and the 2-D [`Gaussian2`].

mod algorithm;
mod bernoulli;
mod binomial;
mod error;
mod exp;
mod exponential;
mod family;
mod fused;
mod gaussian;
mod gaussian2d;
mod gradient;
mod landscape;
mod ln;
mod mixture;
mod models;
mod names;
mod order;
mod parse;
mod poisson;
mod rules;
mod simd;
mod special;
pub use special::{log_binomial_coefficient, log_factorial};
mod stepper;

pub use algorithm::{
    e_step, evaluate, evaluate_counted, log_mixture_density, m_step, EStepSummary, Evaluation,
    Responsibilities, VANISHED_WEIGHT,
};
pub use bernoulli::{Bernoulli, BernoulliLogs, BernoulliStats};
pub use binomial::{Binomial, BinomialLogs, BinomialStats, Successes, MAX_TRIALS};
pub(crate) use error::{check_observation, check_parameter};
pub use error::{EmError, MAX_MAGNITUDE};
pub(crate) use exp::larger;
pub use exponential::{Exponential, ExponentialConstants, ExponentialStats, MIN_DURATION};
pub use family::ComponentFamily;
pub use fused::iterate;
pub use gaussian::{
    Gaussian, GaussianConstants, GaussianParams, GaussianStats, RELATIVE_VARIANCE_FLOOR,
};
pub use gaussian2d::{
    CovarianceType, Gaussian2, Gaussian2Constants, Gaussian2Params, Gaussian2Stats, Symmetric2,
    RELATIVE_VARIANCE_FLOOR_2D,
};
pub use gradient::{AscentPoint, GradientAscent, MAX_ASCENT_STEPS};
pub use landscape::{log_likelihood_grid, DistinctData, GridAxes, RUN_COST};
pub use mixture::{EmSettings, MixtureParams, MAX_COMPONENTS};
pub use models::{gaussian_mixture, ThreeCoins};
pub use names::{Field, List};
pub use order::{order_by_keys, order_descending, permuted, sort_numbers};
pub use parse::{parse_fractions, parse_observations};
pub use poisson::{Poisson, PoissonConstants, PoissonStats, RATE_FLOOR};
pub use rules::EStepRule;
pub use stepper::{Diagnostic, EmStepper, IterationRecord, Phase, RunOutcome};
