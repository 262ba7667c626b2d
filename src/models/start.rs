//! A model's start θ⁽⁰⁾ behind one object-safe trait: each model's module
//! says how its start is read, written, spread over data, drawn at random,
//! changed by a slider, and fitted, so the widget never matches on the model.

use crate::em::{parse_observations, sort_numbers, CovarianceType, EmSettings, Field, List};
use crate::i18n::excerpt;
use crate::random::SplitMix64;
use crate::session::{Fitted, ModelKind, Observations, ParamsView, SessionError};

/// Settings by name (`weights`, `pi`, …): Some(text) for each one given.
pub type Given<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// A model's starting parameters, and what the controls do to them.
pub trait Start: std::fmt::Debug + Send + Sync {
    fn kind(&self) -> ModelKind;
    /// The number of components K.
    fn components(&self) -> usize;
    /// θ⁽⁰⁾ as the address writes it: (name, text) pairs.
    fn texts(&self) -> Vec<(&'static str, String)>;
    /// A new start from the settings `given`: a setting not given keeps its
    /// value when K is unchanged, else takes the model's default for the new K.
    fn read(&self, data: &Observations, given: &Given) -> Result<Box<dyn Start>, SessionError>;
    /// Sets one parameter from the text of its slider (the description's
    /// slider `id`, with a 0-based component `index` for per-component lists).
    fn set_param(&mut self, id: &str, index: usize, text: &str) -> Result<(), SessionError>;
    /// The model's default start with `components` components over `data`.
    fn spread(&self, data: &Observations, components: usize) -> Box<dyn Start>;
    /// A random start with the same K over `data`.
    fn random(&self, data: &Observations, rng: &mut SplitMix64) -> Box<dyn Start>;
    /// A validated fit on `data` at θ⁽⁰⁾.
    fn fit(
        &self,
        data: Observations,
        settings: EmSettings,
    ) -> Result<Box<dyn Fitted>, SessionError>;
    /// Reads the data box: numbers unless the model's data are something else.
    fn parse_data(&self, text: &str) -> Result<Observations, SessionError> {
        Ok(parse_observations(text)?.into())
    }
    /// How many columns of a data file the model reads: one number an
    /// observation, or two for a point.
    fn file_columns(&self) -> usize {
        1
    }
    /// The observations in a data file's chosen columns (as many as
    /// [`Start::file_columns`], each as long as the others).
    fn observations_in_columns(&self, mut columns: Vec<Vec<f64>>) -> Observations {
        columns.swap_remove(0).into()
    }
    /// θ's free parameters, list by list (the weights count K − 1: they sum
    /// to 1): what AIC, BIC and ICL charge a fit for.
    fn free_parameters(&self) -> Vec<(List, usize)>;
    /// The data as the data box and the address write them, at most `limit`.
    fn data_text(&self, data: &Observations, limit: usize) -> String {
        data.text(limit)
    }
    /// Whether K can be changed.
    fn choose_components(&self) -> bool {
        true
    }
    /// The 2-D start, for the plane chart's handles and the covariance type.
    fn plane(&mut self) -> Option<&mut super::gmm2d::PlaneStart> {
        None
    }
    /// The complete-data estimate: the maximum-likelihood θ if we knew which
    /// component (`labels`) each observation came from, for a model that
    /// shows it.
    fn complete_data(&self, _data: &Observations, _labels: &[usize]) -> Option<ParamsView> {
        None
    }
    /// The covariance type of a 2-D start.
    fn covariance_type(&self) -> Option<CovarianceType> {
        None
    }
    fn clone_box(&self) -> Box<dyn Start>;
}

impl Clone for Box<dyn Start> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// Parses one number typed into field `what`.
pub(crate) fn parse_number(what: Field, text: &str) -> Result<f64, SessionError> {
    let trimmed = text.trim();
    match trimmed.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(SessionError::NotANumber {
            what,
            text: excerpt(trimmed),
        }),
    }
}

/// Parses list `what` (numbers separated as in [`parse_observations`]).
pub(crate) fn parse_list(what: List, text: &str) -> Result<Vec<f64>, SessionError> {
    parse_observations(text).map_err(|error| SessionError::InList { what, error })
}

/// Numbers in groups of `N` (points x, y; matrices a, b, c, d), separated as
/// in [`parse_observations`].
pub(crate) fn parse_groups<const N: usize>(
    what: List,
    text: &str,
) -> Result<Vec<[f64; N]>, SessionError> {
    let numbers = parse_list(what, text)?;
    if numbers.len() % N != 0 {
        return Err(SessionError::Ungrouped {
            what,
            group: N,
            count: numbers.len(),
        });
    }
    Ok(numbers
        .chunks_exact(N)
        .map(|chunk| std::array::from_fn(|i| chunk[i]))
        .collect())
}

/// Points written as `x, y; x, y; …` (or one pair a line).
pub(crate) fn parse_pairs(what: List, text: &str) -> Result<Vec<[f64; 2]>, SessionError> {
    parse_groups::<2>(what, text)
}

/// Element `index` of a per-component list, for a slider.
pub(crate) fn component(values: &mut [f64], index: usize) -> Result<&mut f64, SessionError> {
    let count = values.len();
    values
        .get_mut(index)
        .ok_or(SessionError::NoSuchComponent { index, count })
}

/// A list given, or the current one when K is unchanged, or `default` K times.
pub(crate) fn list_or_kept(
    given: Option<String>,
    what: List,
    current: &[f64],
    k: usize,
    default: f64,
) -> Result<Vec<f64>, SessionError> {
    match given {
        Some(text) => parse_list(what, &text),
        None if current.len() == k => Ok(current.to_vec()),
        None => Ok(vec![default; k]),
    }
}

/// `count` different indices below `len` (all of them if `len` ≤ `count`).
pub(crate) fn distinct_indices(rng: &mut SplitMix64, count: usize, len: usize) -> Vec<usize> {
    let mut indices: Vec<usize> = Vec::with_capacity(count);
    while indices.len() < count.min(len) {
        let i = (rng.next_u64() % len as u64) as usize;
        if !indices.contains(&i) {
            indices.push(i);
        }
    }
    indices
}

/// The value at quantile `level` of sorted numbers.
fn quantile(sorted: &[f64], level: f64) -> f64 {
    sorted[((level * sorted.len() as f64) as usize).min(sorted.len() - 1)]
}

/// The numbers' quantiles at levels (k + ½)/K for k = 0…K−1: where a
/// spread start puts its K components.
pub(crate) fn spread_quantiles(values: &[f64], components: usize) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sort_numbers(&mut sorted);
    (0..components)
        .map(|j| quantile(&sorted, (j as f64 + 0.5) / components as f64))
        .collect()
}
