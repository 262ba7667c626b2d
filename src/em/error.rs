//! The engine's typed errors. Every message says what is wrong and how to fix it,
//! because the page shows it to a student next to the control that caused it.

use std::fmt;

/// An input the engine refuses, with a message a student can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum EmError {
    /// No observations were given.
    EmptyData,
    /// An observation is NaN or infinite.
    NonFiniteObservation { index: usize, value: f64 },
    /// The three-coin model got an observation other than 0 or 1.
    NotBinary { index: usize, value: f64 },
    /// A token of the data text is not a number.
    Parse {
        token: String,
        line: usize,
        column: usize,
    },
    /// A token of the data text is a number, but not a finite one.
    ParseNonFinite {
        token: String,
        line: usize,
        column: usize,
    },
    /// A named parameter is NaN or infinite.
    NonFiniteParameter { name: String, value: f64 },
    /// A probability parameter (π, p, q, a Bernoulli component) is outside [0, 1].
    ProbabilityOutOfRange { name: String, value: f64 },
    /// A mixture weight is negative (or zero where the model needs it positive).
    WeightNotPositive { component: usize, value: f64 },
    /// The weights add up to zero, so they cannot be normalised.
    WeightsSumToZero,
    /// A standard deviation is zero, negative or too small to compute with.
    SigmaNotPositive { component: usize, value: f64 },
    /// The number of components is outside 1..=MAX_COMPONENTS.
    ComponentCount { count: usize, max: usize },
    /// The per-component parameter lists have different lengths.
    LengthMismatch {
        what: &'static str,
        expected: usize,
        got: usize,
    },
    /// More components than observations.
    MoreComponentsThanData {
        components: usize,
        observations: usize,
    },
    /// The convergence tolerance is not a positive finite number.
    InvalidTolerance { value: f64 },
    /// The iteration cap is zero.
    InvalidMaxIterations,
}

impl fmt::Display for EmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmError::EmptyData => write!(f, "The data set is empty: enter at least one number."),
            EmError::NonFiniteObservation { index, value } => write!(
                f,
                "Observation #{} is {value}; every observation must be a finite number.",
                index + 1
            ),
            EmError::NotBinary { index, value } => write!(
                f,
                "Observation #{} is {value}, but the three-coin model needs tosses written as 0 (tails) or 1 (heads).",
                index + 1
            ),
            EmError::Parse { token, line, column } => write!(
                f,
                "\"{token}\" at line {line}, column {column} is not a number; separate numbers with commas, spaces, semicolons or new lines (# starts a comment)."
            ),
            EmError::ParseNonFinite { token, line, column } => write!(
                f,
                "\"{token}\" at line {line}, column {column} is not a finite number; remove it or replace it with a real value."
            ),
            EmError::NonFiniteParameter { name, value } => {
                write!(f, "{name} is {value}; enter a finite number.")
            }
            EmError::ProbabilityOutOfRange { name, value } => write!(
                f,
                "{name} = {value} is not a probability; choose a value between 0 and 1."
            ),
            EmError::WeightNotPositive { component, value } => write!(
                f,
                "The weight of component {} is {value}; weights must be greater than 0 (they are normalised to sum to 1).",
                component + 1
            ),
            EmError::WeightsSumToZero => write!(
                f,
                "The weights add up to 0; give at least one component a positive weight."
            ),
            EmError::SigmaNotPositive { component, value } => write!(
                f,
                "σ of component {} is {value}; a standard deviation must be a positive number (at least 1e-150).",
                component + 1
            ),
            EmError::ComponentCount { count, max } => write!(
                f,
                "{count} components requested; choose between 1 and {max}."
            ),
            EmError::LengthMismatch { what, expected, got } => write!(
                f,
                "{got} {what} given for {expected} components; give exactly one per component."
            ),
            EmError::MoreComponentsThanData {
                components,
                observations,
            } => write!(
                f,
                "{components} components cannot be fitted to {observations} observation(s); use at most {observations} components or add data."
            ),
            EmError::InvalidTolerance { value } => write!(
                f,
                "The tolerance is {value}; enter a positive number such as 1e-6."
            ),
            EmError::InvalidMaxIterations => {
                write!(f, "The iteration cap must be at least 1.")
            }
        }
    }
}

impl std::error::Error for EmError {}
