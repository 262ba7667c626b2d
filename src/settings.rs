//! A widget's settings by name, as its attributes and the address give them:
//! one typed value, applied in one place and in a fixed order, each refusal
//! with the message that says why; and the address written back from the
//! state. JavaScript only collects the names and values and hands them over.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::data_file::FileError;
use crate::em::{CovarianceType, EStepRule};
use crate::i18n::{excerpt, Language, Localized};
use crate::models::{self, Description};
use crate::playground::{seed_from, size_from, DataSource, Playground};
use crate::session::{LandscapeAxes, ModelKind, Named, SessionError};

/// The default convergence tolerance and iteration cap (not written to the address).
const DEFAULT_TOLERANCE: f64 = 1e-6;
const DEFAULT_MAX_ITERATIONS: usize = 500;
/// A link's `step=…` is replayed at once: at most this many observation ×
/// component terms (about a second).
pub const REPLAY_BUDGET: f64 = 2e8;

/// Every setting a widget reads, as text (built from (name, text) pairs). The element's own (`seed`, `lang`,
/// `hide`, `charts`, `compact`, `presentation`) are kept by the element; the
/// start's settings are whichever the models read (`pi`, `weights`, …).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub model: Option<String>,
    pub preset: Option<String>,
    pub data: Option<String>,
    /// The data file the data came from, and its columns (comma-separated).
    pub file: Option<String>,
    pub columns: Option<String>,
    pub synthetic: Option<String>,
    pub truth: Option<String>,
    pub covariance_type: Option<String>,
    pub rule: Option<String>,
    pub ascent: Option<String>,
    pub landscape: Option<String>,
    pub tol: Option<String>,
    pub max_iter: Option<String>,
    pub step: Option<String>,
    /// The start's settings and any others, by name.
    pub others: BTreeMap<String, String>,
}

impl<'a> FromIterator<(&'a str, &'a str)> for Settings {
    /// Settings from (name, text) pairs, as an address's query holds them.
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str)>>(pairs: I) -> Self {
        let mut settings = Settings::default();
        for (name, text) in pairs {
            let slot = match name {
                "model" => &mut settings.model,
                "preset" => &mut settings.preset,
                "data" => &mut settings.data,
                "file" => &mut settings.file,
                "columns" => &mut settings.columns,
                "synthetic" => &mut settings.synthetic,
                "truth" => &mut settings.truth,
                "covariance-type" => &mut settings.covariance_type,
                "rule" => &mut settings.rule,
                "ascent" => &mut settings.ascent,
                "landscape" => &mut settings.landscape,
                "tol" => &mut settings.tol,
                "max-iter" => &mut settings.max_iter,
                "step" => &mut settings.step,
                _ => {
                    settings.others.insert(name.into(), text.into());
                    continue;
                }
            };
            *slot = Some(text.into());
        }
        settings
    }
}

/// The group of controls a refusal is shown next to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    Model,
    Data,
    Start,
    Stepping,
    Landscape,
}

/// What applying a setting (or several together) did: `message` says, in
/// the widget's language, why it was ignored, or is None when it applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub group: Group,
    pub message: Option<String>,
}

/// Why a setting that the engine would take is refused here.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingsError {
    /// Start settings of another model (`pi` on a Gaussian mixture).
    NotForModel { model: &'static str },
    /// `synthetic=N,seed` without the model's true parameters.
    Truth { example: String },
    /// `step` not a whole number of half-steps up to `most`.
    Step { most: usize },
    /// A landscape that is not written `pq`, `means-1-2`, …
    Landscape,
}

impl Localized for SettingsError {
    fn localized(&self, language: Language) -> String {
        let english = language == Language::English;
        match self {
            SettingsError::NotForModel { model } if english => {
                format!("these settings belong to another model, not to the {model}")
            }
            SettingsError::NotForModel { model } => format!("这些设置属于另一个模型，不属于{model}"),
            SettingsError::Truth { example } if english => format!("synthetic=N,seed needs the true parameters as truth=…, for example truth={example}"),
            SettingsError::Truth { example } => {
                format!("synthetic=N,seed 需要以 truth=… 给出真实参数，例如 truth={example}")
            }
            SettingsError::Step { most } if english => {
                format!("step must be a whole number of half-steps from 0 to {most}.")
            }
            SettingsError::Step { most } => format!("step 必须是 0 到 {most} 之间的整数（半步数）。"),
            SettingsError::Landscape if english => {
                "write pq, means-1-2, values-1-2 or mean-sigma-1".into()
            }
            SettingsError::Landscape => "请写成 pq、means-1-2、values-1-2 或 mean-sigma-1".into(),
        }
    }
}

/// An error of either kind, for a refusal's message.
enum Reason {
    Session(SessionError),
    Settings(SettingsError),
}

impl From<SessionError> for Reason {
    fn from(error: SessionError) -> Self {
        Reason::Session(error)
    }
}

impl From<SettingsError> for Reason {
    fn from(error: SettingsError) -> Self {
        Reason::Settings(error)
    }
}

impl Localized for Reason {
    fn localized(&self, language: Language) -> String {
        match self {
            Reason::Session(error) => error.localized(language),
            Reason::Settings(error) => error.localized(language),
        }
    }
}

/// Applies `settings` in order: the model; then settings of another model
/// (refused); the start's K; the data (synthetic, typed or a preset); the
/// covariance type and the start; the rule, gradient ascent, the landscape,
/// the tolerance and cap; and last the half-steps of `step`. A value that
/// does not parse or is out of range is ignored, and the rest still apply;
/// each attempt's outcome is returned in order.
pub fn apply(playground: &mut Playground, settings: &Settings, language: Language) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    let mut attempt = |group: Group, given: &[(&str, &str)], result: Result<(), Reason>| {
        let message = result.err().map(|reason| {
            let values = given
                .iter()
                .map(|(name, value)| format!("{name}={}", excerpt(value)))
                .collect::<Vec<_>>()
                .join("&");
            let message = reason.localized(language);
            if language == Language::English {
                format!("Ignored {values}: {message}")
            } else {
                format!("已忽略 {values}：{message}")
            }
        });
        outcomes.push(Outcome { group, message });
    };
    if let Some(model) = &settings.model {
        let result = ModelKind::named(model)
            .and_then(|kind| playground.set_model(kind))
            .map_err(Reason::from);
        attempt(Group::Model, &[("model", model)], result);
    }
    // Nothing below changes the model.
    let description = playground.describe(language);
    let given = |name: &str| -> Option<&str> {
        match name {
            "covariance-type" => settings.covariance_type.as_deref(),
            _ => settings.others.get(name).map(String::as_str),
        }
    };
    let foreign: Vec<(&str, &str)> = description
        .foreign_settings
        .iter()
        .filter_map(|&name| Some((name, given(name)?)))
        .collect();
    if !foreign.is_empty() {
        let error = SettingsError::NotForModel {
            model: models::label_of(description.model, language),
        };
        attempt(Group::Model, &foreign, Err(error.into()));
    }
    let start_given = |names: &mut dyn Iterator<Item = &'static str>| -> Vec<(&'static str, &str)> {
        names
            .filter_map(|name| Some((name, given(name)?)))
            .collect()
    };
    // The start's K comes before the data, so that data as few as the
    // start's components are not refused for the default K; the start
    // itself follows them.
    if let Some(means) = description
        .start_settings
        .iter()
        .find(|s| s.name == "means")
    {
        if let Some(text) = given("means") {
            let count = if means.shape.is_empty() {
                text.split([',', ';', ' ', '\t', '\n'])
                    .filter(|part| !part.trim().is_empty())
                    .count()
            } else {
                text.split(';')
                    .filter(|part| !part.trim().is_empty())
                    .count()
            };
            if (1..=crate::em::MAX_COMPONENTS).contains(&count) {
                // The start's own check below says why if this fails.
                let _ = playground.set_component_count(count);
            }
        }
    }
    // Settings the data box's reading depends on (the binomial's trials) come before the data.
    let early = start_given(&mut description.data_settings.iter().copied());
    if !early.is_empty() {
        let result = playground.set_start_texts(&early).map_err(Reason::from);
        attempt(Group::Data, &early, result);
    }
    if let Some(synthetic) = &settings.synthetic {
        let truth = settings.truth.as_deref().unwrap_or("");
        let result = synthesize(
            playground,
            &description,
            synthetic,
            settings.truth.as_deref(),
        );
        attempt(
            Group::Data,
            &[("synthetic", synthetic.as_str()), ("truth", truth)]
                [..1 + usize::from(settings.truth.is_some())],
            result,
        );
    } else if let Some(data) = &settings.data {
        let result = playground.set_data_text(data).map_err(Reason::from);
        if let (Ok(()), Some(file)) = (&result, &settings.file) {
            let columns = settings.columns.as_deref().unwrap_or("");
            playground.name_file_data(file, columns.split(',').map(String::from).collect());
        }
        attempt(Group::Data, &[("data", data)], result);
    } else if let Some(file) = &settings.file {
        let error = SessionError::from(FileError::NotInLink {
            name: excerpt(file),
        });
        attempt(Group::Data, &[("file", file)], Err(error.into()));
    } else if let Some(preset) = &settings.preset {
        let result = playground.load_preset(preset).map_err(Reason::from);
        attempt(Group::Data, &[("preset", preset)], result);
    }
    if let Some(kind) = &settings.covariance_type {
        if !description.foreign_settings.contains(&"covariance-type") {
            let result = CovarianceType::named(kind)
                .and_then(|kind| playground.set_covariance_type(kind))
                .map_err(Reason::from);
            attempt(Group::Start, &[("covariance-type", kind)], result);
        }
    }
    let start = start_given(
        &mut description
            .start_settings
            .iter()
            .map(|s| s.name)
            .filter(|name| !description.data_settings.contains(name)),
    );
    if !start.is_empty() {
        let result = playground.set_start_texts(&start).map_err(Reason::from);
        attempt(Group::Start, &start, result);
    }
    if let Some(rule) = &settings.rule {
        let result = EStepRule::named(rule)
            .and_then(|rule| playground.set_rule(rule))
            .map_err(Reason::from);
        attempt(Group::Stepping, &[("rule", rule)], result);
    }
    if let Some(rate) = &settings.ascent {
        let result = playground.set_ascent(rate).map_err(Reason::from);
        attempt(Group::Stepping, &[("ascent", rate)], result);
    }
    if let Some(text) = &settings.landscape {
        let result = match LandscapeAxes::parse_query(text) {
            Some((kind, first, second)) => LandscapeAxes::named(kind, first, second)
                .and_then(|axes| playground.set_landscape(axes))
                .map_err(Reason::from),
            None => Err(SettingsError::Landscape.into()),
        };
        attempt(Group::Landscape, &[("landscape", text)], result);
    }
    if let Some(tol) = &settings.tol {
        let result = playground.set_tolerance(tol).map_err(Reason::from);
        attempt(Group::Stepping, &[("tol", tol)], result);
    }
    if let Some(cap) = &settings.max_iter {
        let result = playground.set_max_iterations(cap).map_err(Reason::from);
        attempt(Group::Stepping, &[("max-iter", cap)], result);
    }
    if let Some(step) = &settings.step {
        let result = replay(playground, step).map_err(Reason::from);
        attempt(Group::Stepping, &[("step", step)], result);
    }
    outcomes
}

/// `synthetic=N,seed` with `truth` split as the model's description says.
fn synthesize(
    playground: &mut Playground,
    description: &Description,
    synthetic: &str,
    truth: Option<&str>,
) -> Result<(), Reason> {
    let example = || SettingsError::Truth {
        example: description
            .truth
            .iter()
            .map(|field| field.value)
            .collect::<Vec<_>>()
            .join(description.truth_separator),
    };
    let texts: Vec<&str> = truth
        .ok_or_else(example)?
        .split(description.truth_separator)
        .collect();
    if texts.len() != description.truth.len() {
        return Err(example().into());
    }
    let mut numbers = synthetic.split(',').map(|part| number(part.trim()));
    let size = size_from(numbers.next().unwrap_or(f64::NAN))?;
    let seed = seed_from(numbers.next().unwrap_or(f64::NAN))?;
    Ok(playground.synthesize(size, seed, &texts)?)
}

/// A number as JavaScript's `Number()` reads it: NaN when it is not one.
fn number(text: &str) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    text.parse().unwrap_or(f64::NAN)
}

/// Replays `step` half-steps from the start (E, M, E, …), up to the cap's
/// M-step and the E-step after it, within [`REPLAY_BUDGET`].
fn replay(playground: &mut Playground, step: &str) -> Result<(), SettingsError> {
    let state = playground.view(0);
    let cap_steps = 2 * state.max_iterations + 1;
    let terms = (state.data_length * state.components).max(1) as f64;
    let most = cap_steps.min((REPLAY_BUDGET / terms) as usize);
    let half_steps = number(step.trim());
    if !(half_steps >= 0.0 && half_steps.fract() == 0.0 && half_steps <= most as f64) {
        return Err(SettingsError::Step { most });
    }
    let session = playground.session_mut();
    session.reset();
    for i in 0..half_steps as usize {
        if i % 2 == 0 {
            session.e_step();
        } else {
            session.m_step();
        }
    }
    Ok(())
}

/// The longest data text a link carries as `data=`, so that the whole
/// address stays under 8,000 characters (a common limit of servers, LMSs and
/// chat tools).
pub const MAX_LINK_DATA_CHARS: usize = 6_000;

/// The longest data text handed out to be tried compressed (`zdata=`):
/// deflate takes typed numbers to about a half, so longer texts never fit.
pub const MAX_COMPRESSIBLE_DATA_CHARS: usize = 40_000;

/// How much of the data a query carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataInQuery {
    /// Up to [`MAX_LINK_DATA_CHARS`] as `data=`; up to
    /// [`MAX_COMPRESSIBLE_DATA_CHARS`] as [`Link::compressible`]; none beyond.
    Link,
    /// All of it, as `data=` (for the state file).
    Whole,
}

/// The address's settings, and whether the data were too long to go in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    pub query: Vec<(String, String)>,
    /// The data are not in `query`.
    pub data_left_out: bool,
    /// Data too long for `data=` but short enough to try compressed.
    pub compressible: Option<String>,
    /// Changes whenever the data change, to cache their compressed form.
    pub data_version: u64,
}

/// The settings that reproduce the widget's state, in the address's order:
/// the model, its data (a preset, synthetic data, or `data_text(data version)` for
/// anything else, as `amount` says), its start, the
/// rule, gradient ascent, the landscape if not the model's default, the
/// tolerance and cap if not the defaults, and the half-steps taken. For a
/// link, data too many to fit even compressed are not formatted at all, so
/// the address costs the same at any size.
pub fn query(
    playground: &Playground,
    amount: DataInQuery,
    data_text: impl FnOnce(u64) -> String,
) -> Link {
    let state = playground.view(0);
    let mut query: Vec<(String, String)> = Vec::new();
    let (mut data_left_out, mut compressible) = (false, None);
    let mut push = |name: &str, value: String| query.push((name.to_string(), value));
    push("model", state.fit.model.name().to_string());
    match &state.source {
        DataSource::Preset { name } => push("preset", name.clone()),
        DataSource::Synthetic { seed, size, truth } => {
            let separator = playground.describe(Language::English).truth_separator;
            push("synthetic", format!("{size},{seed}"));
            push("truth", truth.join(separator));
        }
        DataSource::File { .. } | DataSource::Custom => {
            if let DataSource::File { name, columns } = &state.source {
                push("file", name.clone());
                push("columns", columns.join(","));
            }
            if amount == DataInQuery::Whole {
                push("data", data_text(state.data_version));
            } else {
                // Each observation takes at least one character and a separator.
                let text = (2 * state.data_length <= MAX_COMPRESSIBLE_DATA_CHARS + 1)
                    .then(|| data_text(state.data_version));
                match text.map(|text| (text.chars().count(), text)) {
                    Some((length, text)) if length <= MAX_LINK_DATA_CHARS => push("data", text),
                    Some((length, text)) if length <= MAX_COMPRESSIBLE_DATA_CHARS => {
                        data_left_out = true;
                        compressible = Some(text);
                    }
                    _ => data_left_out = true,
                }
            }
        }
    }
    for (name, text) in playground.start_texts() {
        push(name, text);
    }
    if state.fit.rule != EStepRule::Posterior {
        push("rule", state.fit.rule.name().to_string());
    }
    if let Some(ascent) = &state.fit.ascent {
        push("ascent", ascent.rate.to_string());
    }
    if let Some(axes) = state.landscape {
        if Some(axes) != models::default_landscape(state.fit.model, state.components) {
            push("landscape", axes.query());
        }
    }
    if state.tolerance != DEFAULT_TOLERANCE {
        push("tol", state.tolerance.to_string());
    }
    if state.max_iterations != DEFAULT_MAX_ITERATIONS {
        push("max-iter", state.max_iterations.to_string());
    }
    let half_steps = 2 * state.fit.iteration + usize::from(state.fit.phase == crate::em::Phase::E);
    if half_steps > 0 {
        push("step", half_steps.to_string());
    }
    Link {
        query,
        data_left_out,
        compressible,
        data_version: state.data_version,
    }
}
