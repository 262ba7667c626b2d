//! Everything one `<em-playground>` widget holds, with one method per UI
//! event. Each method either applies its change completely or returns an
//! error and changes nothing, so the last valid state always stays usable.
//! The wasm handle wraps this 1:1; the logic is tested natively.

use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::data_file::DataTable;
use crate::em::{
    order_descending, permuted, CovarianceType, EStepRule, EmError, EmSettings, Field,
    MAX_COMPONENTS,
};
use crate::i18n::{excerpt, Language};
use crate::models::{self, parse_number, DataRange, Description, Start};
use crate::random::SplitMix64;
use crate::session::{
    BoundSlice, ComponentHandles, DataAxes, Detail, Landscape, LandscapeAxes, ModelKind,
    Observations, ParamsView, Session, SessionError, SliceParameter, StateView,
};

mod choose_k;
mod data_history;
mod files;
mod plane;
pub use choose_k::{
    ComparisonError, ComparisonProgress, ComparisonRow, MAX_COMPARED_RESTARTS, SLICE_BUDGET,
};
use data_history::{DataHistory, Edit};
pub use files::FileView;

/// The most observations a synthetic data set may have.
pub const MAX_SYNTHETIC_POINTS: usize = 1_000_000;

/// Where the current data came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DataSource {
    /// A bundled data set, by preset name.
    Preset { name: String },
    /// Typed or pasted by the user.
    Custom,
    /// Read from the columns of a data file (see [`DataTable`]).
    File { name: String, columns: Vec<String> },
    /// Drawn from a model the user set, reproducible from the seed: `truth`
    /// holds the true parameters as typed (π, p, q; the weights, means and
    /// σ lists; or in 2-D the weights, means and covariances lists).
    Synthetic {
        seed: u64,
        size: usize,
        truth: Vec<String>,
    },
}

/// One model's data and start.
#[derive(Debug, Clone)]
struct Setup {
    data: Observations,
    source: DataSource,
    /// What the 2-D data's axes measure: kept while points of a preset are edited.
    data_axes: DataAxes,
    start: Box<dyn Start>,
}

impl Setup {
    /// `kind`'s set-up when a widget opens (see [`models::default_setup`]).
    fn default_of(kind: ModelKind) -> Self {
        let (data, preset, start) = models::default_setup(kind);
        Setup {
            data,
            source: DataSource::Preset {
                name: preset.into(),
            },
            data_axes: models::data_axes(kind, preset),
            start,
        }
    }
}

/// Summary statistics of the data, for slider ranges and charts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DataSummary {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub sd: f64,
}

impl DataSummary {
    pub(crate) fn of(data: &[f64]) -> Self {
        if data.is_empty() {
            return DataSummary {
                min: 0.0,
                max: 0.0,
                mean: 0.0,
                sd: 0.0,
            };
        }
        let n = data.len() as f64;
        let mean = data.iter().sum::<f64>() / n;
        let sd = (data.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
        DataSummary {
            min: data.iter().copied().fold(f64::INFINITY, f64::min),
            max: data.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            mean,
            sd,
        }
    }
}

/// The widget's state as `state()` returns it: the fit plus the set-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaygroundState {
    #[serde(flatten)]
    pub fit: StateView<'static>,
    pub components: usize,
    pub tolerance: f64,
    pub max_iterations: usize,
    pub source: DataSource,
    pub data_summary: DataSummary,
    /// Whether the iteration cap has been reached.
    pub at_cap: bool,
    /// The number of observations (`data` may be truncated, see [`Playground::view`]).
    pub data_length: usize,
    /// Whether a data edit can be undone, and one redone (see [`Playground::undo_data`]).
    pub can_undo_data: bool,
    pub can_redo_data: bool,
    /// Changes whenever the data or the model changes.
    pub data_version: u64,
    /// The two parameters the likelihood landscape varies (None for a model without one).
    pub landscape: Option<LandscapeAxes>,
    /// The same as the landscape menu's value (see [`Description::landscapes`]).
    pub landscape_choice: Option<String>,
    /// The 2-D mixture's covariance type (None for the other models).
    pub covariance_type: Option<CovarianceType>,
    /// The summary of the points' y (None for 1-D data; `data_summary` is x's).
    pub y_summary: Option<DataSummary>,
    /// Where each 2-D component's mean and ellipse handles are now.
    pub handles: Vec<ComponentHandles>,
    /// The complete-data estimate, when the data say which component each
    /// observation came from and the model shows it.
    pub complete_data: Option<ParamsView>,
}

/// Where one of several random restarts ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestartOutcome {
    /// The seed of its random start ([`Playground::random_start`]).
    pub seed: u64,
    /// The final log L, or None if −∞.
    pub log_likelihood: Option<f64>,
    pub iterations: usize,
    pub converged: bool,
    /// The final parameters.
    pub params: ParamsView,
}

/// The most restarts one call runs.
pub const MAX_RESTARTS: usize = 100;

/// One widget: every model's set-up (switching model keeps each one's data
/// and start), the convergence settings, and the fit of the active model.
#[derive(Debug, Clone)]
pub struct Playground {
    /// One per model, in the order of [`models::MODELS`].
    setups: Vec<Setup>,
    session: Session,
    data_version: u64,
    rule: EStepRule,
    /// The parameter the lower-bound chart varies, and its component.
    slice: (SliceParameter, usize),
    /// The landscape's axes as chosen (None: the model's default).
    landscape: Option<LandscapeAxes>,
    /// The step size of gradient ascent beside EM, when shown.
    ascent_rate: Option<f64>,
    /// The data's summaries, computed once per data version.
    summaries: OnceLock<(DataSummary, Option<DataSummary>)>,
    /// Data edits to undo and redo.
    data_history: DataHistory,
    /// The data file last opened, whose columns can be chosen.
    table: Option<Arc<DataTable>>,
    /// A comparison of K, running or done, on the current data.
    comparison: Option<Box<choose_k::Comparison>>,
}

impl Default for Playground {
    fn default() -> Self {
        Self::new()
    }
}

impl Playground {
    /// Every model at its default (see [`models::default_setup`]), showing
    /// the first: the seed's coin exercise.
    pub fn new() -> Self {
        let setups: Vec<Setup> = models::MODELS.into_iter().map(Setup::default_of).collect();
        let first = &setups[0];
        let session = Session::new(first.data.clone(), &*first.start, EmSettings::default())
            .expect("the bundled defaults are valid");
        Playground {
            setups,
            session,
            data_version: 0,
            rule: EStepRule::Posterior,
            slice: (SliceParameter::P, 0),
            landscape: None,
            ascent_rate: None,
            summaries: OnceLock::new(),
            data_history: DataHistory::default(),
            table: None,
            comparison: None,
        }
    }

    fn model(&self) -> ModelKind {
        self.session.model()
    }

    /// Where `kind`'s set-up is kept.
    fn slot(kind: ModelKind) -> usize {
        models::MODELS
            .iter()
            .position(|&m| m == kind)
            .expect("every model is listed")
    }

    fn setup(&self) -> &Setup {
        &self.setups[Self::slot(self.model())]
    }

    /// The summary of the data (of the points' x, and their y).
    fn summaries(&self) -> &(DataSummary, Option<DataSummary>) {
        self.summaries
            .get_or_init(|| data_summaries(&self.setup().data))
    }

    /// Starts a fresh fit of `model` from `setup`; commits both only if valid.
    fn apply(&mut self, model: ModelKind, setup: Setup) -> Result<(), SessionError> {
        let mut session = Session::new(setup.data.clone(), &*setup.start, self.session.settings())?;
        // A rule the new model does not offer (the coins' homework mistake) falls back to EM.
        if !models::rules(model).contains(&self.rule) {
            self.rule = EStepRule::Posterior;
        }
        session.set_rule(self.rule);
        session.set_ascent(self.ascent_rate)?;
        if model != self.model() || setup.data != self.setup().data {
            self.data_version += 1;
            self.summaries = OnceLock::new();
            self.comparison = None;
        }
        self.session = session;
        self.setups[Self::slot(model)] = setup;
        Ok(())
    }

    fn with_setup(
        &mut self,
        change: impl FnOnce(&mut Setup) -> Result<(), SessionError>,
    ) -> Result<(), SessionError> {
        let mut setup = self.setup().clone();
        change(&mut setup)?;
        self.apply(self.model(), setup)
    }

    /// Switches model, restoring its data and start.
    pub fn set_model(&mut self, model: ModelKind) -> Result<(), SessionError> {
        self.apply(model, self.setups[Self::slot(model)].clone())
    }

    /// Replaces the data with what the model reads from `text` (numbers;
    /// pairs x, y in 2-D). Models with K components re-spread them over the
    /// new data.
    pub fn set_data_text(&mut self, text: &str) -> Result<(), SessionError> {
        let data = self.setup().start.parse_data(text)?;
        self.set_data(data, DataSource::Custom, None)
    }

    /// Replaces the data, with `start` or else the start re-spread over them.
    fn set_data(
        &mut self,
        data: Observations,
        source: DataSource,
        start: Option<Box<dyn Start>>,
    ) -> Result<(), SessionError> {
        if data.is_empty() {
            return Err(EmError::EmptyData.into());
        }
        let kind = self.model();
        let before = self.setup().clone();
        self.with_setup(|setup| {
            if let Some(start) = start {
                setup.start = start;
            } else if setup.start.choose_components() {
                setup.start = setup.start.spread(&data, setup.start.components());
            }
            setup.data_axes = data_axes_of(kind, &source);
            setup.data = data;
            setup.source = source;
            Ok(())
        })?;
        self.data_history.record(kind, before, Edit::Replace);
        Ok(())
    }

    /// Loads one of the current model's bundled data sets (its module lists them).
    pub fn load_preset(&mut self, name: &str) -> Result<(), SessionError> {
        let data = models::preset(self.model(), name)
            .ok_or_else(|| SessionError::UnknownPreset(excerpt(name)))?;
        let start = models::preset_start(self.model(), name);
        self.set_data(data, DataSource::Preset { name: name.into() }, start)
    }

    /// Draws `size` observations from the current model with the true
    /// parameters typed in `truth` (see [`models::synthesize`]),
    /// reproducibly from `seed`, remembering both so a link can reproduce them.
    pub fn synthesize(
        &mut self,
        size: usize,
        seed: u64,
        truth: &[&str],
    ) -> Result<(), SessionError> {
        check_size(size)?;
        let data = models::synthesize(self.model(), size, &mut SplitMix64::new(seed), truth)?;
        let source = DataSource::Synthetic {
            seed,
            size,
            truth: truth.iter().map(|t| t.trim().to_string()).collect(),
        };
        self.set_data(data, source, None)
    }

    /// Sets one starting parameter from the text of its slider: the
    /// description's slider `id`, with a 0-based component `index` for
    /// per-component parameters.
    pub fn set_param(&mut self, id: &str, index: usize, text: &str) -> Result<(), SessionError> {
        self.with_setup(|setup| setup.start.set_param(id, index, text))
    }

    /// Sets the start from settings by name (`pi`, `weights`, `means`, …, as
    /// the current model's description lists them): what is not given keeps
    /// its value, or takes the model's default when K changes.
    pub fn set_start(
        &mut self,
        given: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), SessionError> {
        self.with_setup(|setup| {
            setup.start = setup.start.read(&setup.data, given)?;
            Ok(())
        })
    }

    /// The start θ⁽⁰⁾ as the address writes it: (name, text) pairs.
    pub fn start_texts(&self) -> Vec<(&'static str, String)> {
        self.setup().start.texts()
    }

    /// [`set_start`](Self::set_start) from (name, text) pairs.
    pub fn set_start_texts(&mut self, settings: &[(&str, &str)]) -> Result<(), SessionError> {
        self.set_start(&|name| {
            settings
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| text.to_string())
        })
    }

    /// Chooses the 2-D covariance type; the start is made to fit it (see
    /// [`crate::em::Gaussian2::conform`]).
    pub fn set_covariance_type(&mut self, chosen: CovarianceType) -> Result<(), SessionError> {
        self.with_setup(|setup| {
            let plane = setup
                .start
                .plane()
                .ok_or(SessionError::WrongModelParameters)?;
            plane.covariance_type = chosen;
            Ok(())
        })
    }

    /// Undoes the last data edit (the data, their preset's name and the
    /// start come back, in the model they were edited in); false if none.
    pub fn undo_data(&mut self) -> Result<bool, SessionError> {
        let current = (self.model(), self.setup().clone());
        match self.data_history.undo(current) {
            Some((model, setup)) => self.apply(model, setup).map(|()| true),
            None => Ok(false),
        }
    }

    /// Redoes the last undone data edit; false if none.
    pub fn redo_data(&mut self) -> Result<bool, SessionError> {
        let current = (self.model(), self.setup().clone());
        match self.data_history.redo(current) {
            Some((model, setup)) => self.apply(model, setup).map(|()| true),
            None => Ok(false),
        }
    }

    /// Forgets the data edits so far (the widget's opening settings are not
    /// edits to undo).
    pub fn forget_data_edits(&mut self) {
        self.data_history.clear();
    }

    /// A drag of points ended: the next move is an edit of its own.
    pub fn end_data_edit(&mut self) {
        self.data_history.end_edit();
    }

    /// Whether there is a data edit to undo, and one to redo.
    pub fn data_history_state(&self) -> (bool, bool) {
        (self.data_history.can_undo(), self.data_history.can_redo())
    }

    /// Changes the number of components, re-spreading them.
    pub fn set_component_count(&mut self, count: usize) -> Result<(), SessionError> {
        if !self.setup().start.choose_components() {
            return Err(SessionError::WrongModelParameters);
        }
        if count == 0 || count > MAX_COMPONENTS {
            return Err(EmError::ComponentCount {
                count,
                max: MAX_COMPONENTS,
            }
            .into());
        }
        self.with_setup(|setup| {
            setup.start = setup.start.spread(&setup.data, count);
            Ok(())
        })
    }

    /// A random start, reproducible from `seed` (the model's module says how it is drawn).
    pub fn random_start(&mut self, seed: u64) -> Result<(), SessionError> {
        let mut rng = SplitMix64::new(seed);
        self.with_setup(|setup| {
            setup.start = setup.start.random(&setup.data, &mut rng);
            Ok(())
        })
    }

    /// Runs EM to convergence (or the cap) from `count` random starts with
    /// seeds `first_seed`, `first_seed + 1`, …, without changing this widget,
    /// best log L first: different seeds ending at different log L are
    /// different local optima.
    pub fn restarts(
        &self,
        count: usize,
        first_seed: u64,
    ) -> Result<Vec<RestartOutcome>, SessionError> {
        if count == 0 || count > MAX_RESTARTS {
            return Err(SessionError::InvalidRestarts {
                count,
                max: MAX_RESTARTS,
            });
        }
        let outcomes = (0..count as u64)
            .map(|r| {
                let seed = first_seed.wrapping_add(r);
                let mut trial = self.clone();
                trial.random_start(seed)?;
                trial.session.run_for(usize::MAX);
                let state = trial.session.state();
                Ok(RestartOutcome {
                    seed,
                    log_likelihood: state.log_likelihood,
                    iterations: state.iteration,
                    converged: state.converged,
                    params: state.params,
                })
            })
            .collect::<Result<Vec<_>, SessionError>>()?;
        let order = order_descending(
            outcomes
                .iter()
                .map(|o| o.log_likelihood.unwrap_or(f64::NEG_INFINITY)),
        );
        Ok(permuted(outcomes, &order))
    }

    /// Re-spreads the start over the data, as the model's module spreads it.
    pub fn spread_start(&mut self) -> Result<(), SessionError> {
        self.with_setup(|setup| {
            setup.start = setup.start.spread(&setup.data, setup.start.components());
            Ok(())
        })
    }

    /// Chooses how E-steps weigh the data: EM's posterior, hard EM (each
    /// point to its most likely component) or the homework's mistake (the
    /// coins' alone). Returns to the starting parameters.
    pub fn set_rule(&mut self, rule: EStepRule) -> Result<(), SessionError> {
        if !models::rules(self.model()).contains(&rule) {
            return Err(SessionError::RuleNotOffered(rule));
        }
        self.rule = rule;
        self.session.set_rule(rule);
        Ok(())
    }

    /// What the widget needs to build its controls for the current model.
    pub fn describe(&self, language: Language) -> Description {
        let summary = self.summaries().0;
        let range = DataRange {
            min: summary.min,
            max: summary.max,
            mean: summary.mean,
            sd: summary.sd,
        };
        let (components, size) = (self.setup().start.components(), self.setup().data.len());
        models::describe(self.model(), components, range, size, self.rule, language)
    }

    /// Chooses the parameter (of `component`) the lower-bound chart varies.
    pub fn set_slice(&mut self, parameter: SliceParameter, component: usize) {
        self.slice = (parameter, component);
    }

    /// The lower-bound slice for the chosen parameter, or the model's default
    /// (see [`models::default_slice`]) if the choice does not apply.
    pub fn bound_slice(&self) -> Option<BoundSlice> {
        let (parameter, component) = self.slice;
        self.session.bound_slice(parameter, component).or_else(|| {
            let (parameter, component) = models::default_slice(self.model())?;
            self.session.bound_slice(parameter, component)
        })
    }

    /// Chooses the landscape's axes, if this model has them.
    pub fn set_landscape(&mut self, axes: LandscapeAxes) -> Result<(), SessionError> {
        if !self.session.landscape_fits(axes) {
            return Err(SessionError::UnknownLandscape(axes.query()));
        }
        self.landscape = Some(axes);
        Ok(())
    }

    /// The landscape's axes in force: the choice if this model has them,
    /// else the model's default.
    pub fn landscape_axes(&self) -> Option<LandscapeAxes> {
        self.landscape
            .filter(|&axes| self.session.landscape_fits(axes))
            .or_else(|| models::default_landscape(self.model(), self.setup().start.components()))
    }

    /// log L over the landscape's two parameters, with both paths.
    pub fn landscape(&self) -> Option<Landscape> {
        self.landscape_in(Detail::Sharp)
    }

    /// [`landscape`](Self::landscape) computed as finely as `detail` says.
    pub fn landscape_in(&self, detail: Detail) -> Option<Landscape> {
        self.session.landscape_in(detail, self.landscape_axes()?)
    }

    /// Shows gradient ascent with the step size in `text` beside EM, or
    /// hides it for an empty text or `off`.
    pub fn set_ascent(&mut self, text: &str) -> Result<(), SessionError> {
        let rate = match text.trim() {
            "" | "off" => None,
            number => Some(parse_number(Field::StepSize, number)?),
        };
        self.session.set_ascent(rate)?;
        self.ascent_rate = rate;
        Ok(())
    }

    /// The step size of gradient ascent, when it is shown.
    pub fn ascent_rate(&self) -> Option<f64> {
        self.ascent_rate
    }

    /// Sets the convergence tolerance on the change of log L, keeping the fit.
    pub fn set_tolerance(&mut self, text: &str) -> Result<(), SessionError> {
        let tolerance = parse_number(Field::Tolerance, text)?;
        let settings = EmSettings::new(tolerance, self.session.settings().max_iterations())?;
        self.session.set_settings(settings);
        Ok(())
    }

    /// Sets the iteration cap, keeping the fit.
    pub fn set_max_iterations(&mut self, text: &str) -> Result<(), SessionError> {
        let value = parse_number(Field::IterationCap, text)?;
        if value < 1.0 || value.fract() != 0.0 || value > 1e6 {
            return Err(SessionError::InvalidIterationCap(excerpt(text.trim())));
        }
        let settings = EmSettings::new(self.session.settings().tolerance(), value as usize)?;
        self.session.set_settings(settings);
        Ok(())
    }

    /// Changes whenever the data or the model changes.
    pub fn data_version(&self) -> u64 {
        self.data_version
    }

    /// The fit, for stepping.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The fit, for stepping.
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    /// The whole state.
    pub fn state(&self) -> PlaygroundState {
        self.view(usize::MAX)
    }

    /// The fit alone, with every observation, as the charts draw it (the
    /// set-up's summaries are not needed there).
    pub fn fit(&self) -> StateView<'_> {
        self.fit_rows(usize::MAX)
    }

    /// The fit with the data and responsibilities cut to `rows` observations,
    /// and what the 2-D data's axes measure.
    fn fit_rows(&self, rows: usize) -> StateView<'_> {
        let mut fit = self.session.state_rows(rows);
        fit.data_axes = self.setup().data_axes.clone();
        fit
    }

    /// The state with the data and responsibilities cut to their first `rows`
    /// observations: what a UI showing a table of that many rows needs.
    pub fn view(&self, rows: usize) -> PlaygroundState {
        let settings = self.session.settings();
        let setup = self.setup();
        let fit = self.fit_rows(rows).into_owned();
        let (data_summary, y_summary) = *self.summaries();
        PlaygroundState {
            handles: fit.params.handles(),
            fit,
            data_length: setup.data.len(),
            can_undo_data: self.data_history.can_undo(),
            can_redo_data: self.data_history.can_redo(),
            data_version: self.data_version,
            components: setup.start.components(),
            tolerance: settings.tolerance(),
            max_iterations: settings.max_iterations(),
            source: setup.source.clone(),
            data_summary,
            y_summary,
            at_cap: self.session.at_iteration_cap(),
            landscape: self.landscape_axes(),
            landscape_choice: self.landscape_axes().map(models::landscape_value),
            covariance_type: setup.start.covariance_type(),
            complete_data: match &setup.source {
                DataSource::Preset { name } => models::preset_labels(self.model(), name)
                    .and_then(|labels| setup.start.complete_data(&setup.data, &labels)),
                _ => None,
            },
        }
    }
}

impl Playground {
    /// The data as text for the data box: one comma-separated line of
    /// numbers, or for points one `x, y` pair a line; at most `limit`
    /// observations (a box of a million numbers takes seconds to lay out).
    pub fn data_text(&self, limit: usize) -> String {
        let setup = self.setup();
        setup.start.data_text(&setup.data, limit)
    }
}

/// The largest seed JavaScript can hold exactly (2⁵³).
const MAX_SEED: f64 = 9_007_199_254_740_992.0;

pub(crate) fn seed_from(value: f64) -> Result<u64, SessionError> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= MAX_SEED {
        Ok(value as u64)
    } else {
        Err(SessionError::InvalidSeed(value))
    }
}

pub(crate) fn size_from(value: f64) -> Result<usize, SessionError> {
    if value.is_finite()
        && value >= 1.0
        && value.fract() == 0.0
        && value <= MAX_SYNTHETIC_POINTS as f64
    {
        Ok(value as usize)
    } else {
        Err(SessionError::InvalidSize {
            size: if value.is_finite() && value > 0.0 {
                value as usize
            } else {
                0
            },
            max: MAX_SYNTHETIC_POINTS,
        })
    }
}

fn check_size(size: usize) -> Result<(), SessionError> {
    if size == 0 || size > MAX_SYNTHETIC_POINTS {
        Err(SessionError::InvalidSize {
            size,
            max: MAX_SYNTHETIC_POINTS,
        })
    } else {
        Ok(())
    }
}

/// What the data's axes measure: a preset's quantities, or a file's columns.
fn data_axes_of(kind: ModelKind, source: &DataSource) -> DataAxes {
    match source {
        DataSource::Preset { name } => models::data_axes(kind, name),
        DataSource::File { columns, .. } => DataAxes::Columns(columns.as_slice().into()),
        _ => DataAxes::Unnamed,
    }
}

/// `value`, or 1 where it is 0 (all the data equal along an axis).
pub(crate) fn or_one(value: f64) -> f64 {
    if value > 0.0 {
        value
    } else {
        1.0
    }
}

/// The summary of the numbers, of the points' x and y, or of the successes.
fn data_summaries(data: &Observations) -> (DataSummary, Option<DataSummary>) {
    match data {
        Observations::Values(values) => (DataSummary::of(values), None),
        Observations::Points(points) => {
            let [x, y] = axis_summaries(points);
            (x, Some(y))
        }
        Observations::Counts(counts) => {
            let successes: Vec<f64> = counts.iter().map(|c| c[0]).collect();
            (DataSummary::of(&successes), None)
        }
    }
}

/// The summaries of the points' x and of their y.
pub(crate) fn axis_summaries(points: &[[f64; 2]]) -> [DataSummary; 2] {
    [0, 1].map(|axis| DataSummary::of(&points.iter().map(|p| p[axis]).collect::<Vec<_>>()))
}
