//! The wasm boundary: one opaque handle per widget. JavaScript calls one
//! method per UI event, then `render`, which redraws every chart from the
//! state, so state flows one way. Errors cross as `JsError` with the message
//! the page shows next to the control.

mod canvas;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use std::cell::{Cell, RefCell};

use crate::charts::{
    draw_bound, draw_criteria, draw_fit, draw_landscape, draw_log_likelihood, draw_parameters,
    draw_plane, draw_responsibilities, ChartResult, ChartStyle, FitChart, PlaneFrame,
};
use crate::data_file::{FileError, MAX_FILE_BYTES};
use crate::em::{CovarianceType, EStepRule};
use crate::exercise::{Ask, Exercise, Goal, GoalKind, DEFAULT_TOLERANCE};
use crate::i18n::{Language, Localized};
use crate::playground::{seed_from, size_from, Playground, SLICE_BUDGET};
use crate::session::StateView;
use crate::session::{
    AxisHandle, Detail, LandscapeAxes, ModelKind, Named, SessionError, SliceParameter,
};
use crate::settings::{self, DataInQuery, Settings};
use canvas::MeasuredCanvas;

/// An object's (name, text) entries, or None unless every value is a string.
/// (Read entry by entry: a serde deserializer would add its weight to the
/// wasm every student downloads.)
fn texts(object: &JsValue) -> Option<Vec<(String, String)>> {
    if !object.is_object() {
        return None;
    }
    js_sys::Object::entries(object.unchecked_ref())
        .iter()
        .map(|entry| {
            let entry: js_sys::Array = entry.unchecked_into();
            Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
        })
        .collect()
}

fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    // None crosses as null, as the README documents (not undefined).
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&serializer)
        .map_err(|error| JsError::new(&error.to_string()))
}

/// One `<em-playground>` widget's engine state.
#[wasm_bindgen]
pub struct EmPlayground {
    playground: Playground,
    language: Language,
    /// Where the last render put the plane chart's plot (2-D mixture only).
    plane_frame: Cell<Option<PlaneFrame>>,
    /// The data as the address writes them, and the data version they are of.
    query_data: RefCell<Option<(u64, String)>>,
    /// Predict-then-reveal, when on.
    exercise: Option<Exercise>,
    /// A goal exercise, when on.
    goal: Option<Goal>,
}

impl Default for EmPlayground {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl EmPlayground {
    /// The seed's coin exercise, ready to step.
    #[wasm_bindgen(constructor)]
    pub fn new() -> EmPlayground {
        EmPlayground {
            playground: Playground::new(),
            language: Language::English,
            plane_frame: Cell::new(None),
            exercise: None,
            goal: None,
            query_data: RefCell::new(None),
        }
    }

    /// Sets the language of messages and chart labels from a tag (`zh…` is
    /// Chinese, anything else English).
    #[wasm_bindgen(js_name = setLanguage)]
    pub fn set_language(&mut self, tag: &str) {
        self.language = Language::from_tag(tag);
    }

    /// An error in the widget's language.
    /// The charts' style at `scale` device pixels per CSS pixel (1 when the
    /// page sends no usable number).
    fn chart_style(&self, scale: f64) -> ChartStyle {
        ChartStyle {
            scale: if scale.is_finite() && scale > 0.0 {
                scale
            } else {
                1.0
            },
            language: self.language,
        }
    }

    fn error(&self, error: impl Localized) -> JsError {
        JsError::new(&error.localized(self.language))
    }

    /// Switches model by name (`coins`, `binomial`, `gmm`, `gmm2d`, `poisson`, `exponential`).
    #[wasm_bindgen(js_name = setModel)]
    pub fn set_model(&mut self, name: &str) -> Result<(), JsError> {
        ModelKind::named(name)
            .and_then(|kind| self.playground.set_model(kind))
            .map_err(|error| self.error(error))
    }

    /// Replaces the data with numbers parsed from text.
    #[wasm_bindgen(js_name = setDataText)]
    pub fn set_data_text(&mut self, text: &str) -> Result<(), JsError> {
        self.playground
            .set_data_text(text)
            .map_err(|error| self.error(error))
    }

    /// Loads a bundled data set by name.
    #[wasm_bindgen(js_name = loadPreset)]
    pub fn load_preset(&mut self, name: &str) -> Result<(), JsError> {
        self.playground
            .load_preset(name)
            .map_err(|error| self.error(error))
    }

    /// Sets the start from an object of texts by setting name (`{pi: "0.4"}`,
    /// `{means: "2,55;4.3,80"}`, …: the description's `startSettings`); a
    /// setting left out keeps its value, or its default when K changes.
    #[wasm_bindgen(js_name = applyStart)]
    pub fn apply_start(&mut self, settings: JsValue) -> Result<(), JsError> {
        let given =
            texts(&settings).ok_or_else(|| self.error(SessionError::WrongModelParameters))?;
        let given: Vec<(&str, &str)> = given
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        self.playground
            .set_start_texts(&given)
            .map_err(|error| self.error(error))
    }

    /// Applies settings by name, as attributes and the address give them (an
    /// object of texts; see `crate::settings::apply`). Returns what each
    /// group of controls should show: `[{group, message}]`, a message for each
    /// refusal and null for a group whose settings all applied.
    #[wasm_bindgen(js_name = applySettings)]
    pub fn apply_settings(&mut self, settings: JsValue) -> Result<JsValue, JsError> {
        let given =
            texts(&settings).ok_or_else(|| self.error(SessionError::WrongModelParameters))?;
        let settings: Settings = given
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        to_js(&settings::apply(
            &mut self.playground,
            &settings,
            self.language,
        ))
    }

    /// The settings that reproduce the state: `{query, dataLeftOut,
    /// compressible, dataVersion}`, the query as `[name, text]` pairs in the
    /// address's order (the element adds its own: seed, layout, language).
    /// For a link (`whole_data` false) data too long for `data=` are left out,
    /// and handed over as `compressible` when they might fit compressed; for
    /// the state file (`whole_data` true) they are all in `data=`.
    pub fn query(&self, whole_data: bool) -> Result<JsValue, JsError> {
        let amount = if whole_data {
            DataInQuery::Whole
        } else {
            DataInQuery::Link
        };
        let query = settings::query(&self.playground, amount, |version| {
            let mut cached = self.query_data.borrow_mut();
            match &*cached {
                Some((at, text)) if *at == version => text.clone(),
                _ => {
                    let text = self.playground.data_text(usize::MAX).replace(' ', "");
                    *cached = Some((version, text.clone()));
                    text
                }
            }
        });
        to_js(&query)
    }

    /// The start as the address writes it: an array of [name, text] pairs.
    #[wasm_bindgen(js_name = startQuery)]
    pub fn start_query(&self) -> Result<JsValue, JsError> {
        to_js(&self.playground.start_texts())
    }

    /// Draws synthetic data from the current model with the texts of its
    /// true parameters (an array, as `describe().truth` labels them).
    pub fn synthesize(&mut self, size: f64, seed: f64, truth: Vec<String>) -> Result<(), JsError> {
        let (size, seed) = size_from(size)
            .and_then(|size| Ok((size, seed_from(seed)?)))
            .map_err(|error| self.error(error))?;
        let truth: Vec<&str> = truth.iter().map(String::as_str).collect();
        self.playground
            .synthesize(size, seed, &truth)
            .map_err(|error| self.error(error))
    }

    /// Chooses the 2-D covariance type: `full`, `diag`, `spherical` or `tied`.
    #[wasm_bindgen(js_name = setCovarianceType)]
    pub fn set_covariance_type(&mut self, name: &str) -> Result<(), JsError> {
        CovarianceType::named(name)
            .and_then(|kind| self.playground.set_covariance_type(kind))
            .map_err(|error| self.error(error))
    }

    /// Starts again from the parameters shown, with component `k`'s mean at (x, y).
    #[wasm_bindgen(js_name = dragMean)]
    pub fn drag_mean(&mut self, k: usize, x: f64, y: f64) -> Result<(), JsError> {
        self.playground
            .drag_mean(k, x, y)
            .map_err(|error| self.error(error))
    }

    /// Starts again from the parameters shown, with component `k`'s ellipse
    /// handle (`major` or `minor`) at (x, y).
    #[wasm_bindgen(js_name = dragAxis)]
    pub fn drag_axis(&mut self, k: usize, handle: &str, x: f64, y: f64) -> Result<(), JsError> {
        AxisHandle::named(handle)
            .and_then(|handle| self.playground.drag_axis(k, handle, x, y))
            .map_err(|error| self.error(error))
    }

    /// Adds `count` points around (x, y) (one exactly there), reproducibly from `seed`.
    #[wasm_bindgen(js_name = addPoints)]
    pub fn add_points(&mut self, x: f64, y: f64, count: usize, seed: f64) -> Result<(), JsError> {
        let seed = seed_from(seed).map_err(|error| self.error(error))?;
        self.playground
            .add_points(x, y, count, seed)
            .map_err(|error| self.error(error))
    }

    /// Refuses a data file of more than 64 MB before it is read.
    #[wasm_bindgen(js_name = checkFile)]
    pub fn check_file(&self, name: &str, bytes: f64) -> Result<(), JsError> {
        if bytes > MAX_FILE_BYTES {
            let megabytes = bytes / 1_048_576.0;
            let name = crate::i18n::excerpt(name);
            return Err(self.error(FileError::TooLarge { name, megabytes }));
        }
        Ok(())
    }

    /// Reads a data file (its name and text) for its columns to be chosen:
    /// `{name, rows, separator, header, columns: [{name, numeric}], wanted,
    /// chosen, inUse}`. The data do not change until `useColumns`.
    #[wasm_bindgen(js_name = openFile)]
    pub fn open_file(&mut self, name: &str, text: &str) -> Result<JsValue, JsError> {
        let view = self
            .playground
            .open_file(name, text)
            .map_err(|error| self.error(error))?;
        to_js(&view)
    }

    /// The open data file as `openFile` describes it (for the current model), or null.
    #[wasm_bindgen(js_name = fileView)]
    pub fn file_view(&self) -> Result<JsValue, JsError> {
        to_js(&self.playground.file_view())
    }

    /// Replaces the data with the open file's columns: header names or numbers from 1.
    #[wasm_bindgen(js_name = useColumns)]
    pub fn use_columns(&mut self, columns: Vec<String>) -> Result<(), JsError> {
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        self.playground
            .use_columns(&columns)
            .map_err(|error| self.error(error))
    }

    /// Starts comparing K = 1 … `max` with `restarts` seeded random starts
    /// each (seeds `seed`, `seed` + 1, …), replacing any comparison.
    #[wasm_bindgen(js_name = startComparison)]
    pub fn start_comparison(
        &mut self,
        max: usize,
        restarts: usize,
        seed: f64,
    ) -> Result<(), JsError> {
        let seed = seed_from(seed).map_err(|error| self.error(error))?;
        self.playground
            .start_comparison(max, restarts, seed)
            .map_err(|error| self.error(error))
    }

    /// Runs the comparison for about 8 ms, in pieces of a tenth of a slice's
    /// work (so code still warming up, or a slow device, cannot stretch a
    /// task far past that): `{max, done, total, finished, observations,
    /// rows, picks}`, or null if there is none.
    #[wasm_bindgen(js_name = advanceComparison)]
    pub fn advance_comparison(&mut self) -> Result<JsValue, JsError> {
        const SLICE_MILLISECONDS: f64 = 8.0;
        let start = js_sys::Date::now();
        while self.playground.advance_comparison(SLICE_BUDGET / 10) == Some(false)
            && js_sys::Date::now() - start < SLICE_MILLISECONDS
        {}
        to_js(&self.playground.comparison(self.language))
    }

    /// The comparison as `advanceComparison` returns it, without running it; null if none.
    pub fn comparison(&self) -> Result<JsValue, JsError> {
        to_js(&self.playground.comparison(self.language))
    }

    /// Stops the comparison and forgets it.
    #[wasm_bindgen(js_name = cancelComparison)]
    pub fn cancel_comparison(&mut self) {
        self.playground.cancel_comparison();
    }

    /// Makes the compared fit with `k` components the widget's, with its history.
    #[wasm_bindgen(js_name = loadCompared)]
    pub fn load_compared(&mut self, k: usize) -> Result<(), JsError> {
        self.playground
            .load_compared(k)
            .map_err(|error| self.error(error))
    }

    /// Draws the model-selection chart on `canvas` (sized in device pixels).
    #[wasm_bindgen(js_name = renderComparison)]
    pub fn render_comparison(&self, canvas: JsValue, scale: f64) -> Result<(), JsError> {
        let Some(backend) = backend_for(canvas)? else {
            return Ok(());
        };
        let style = self.chart_style(scale);
        let progress = self.playground.comparison(self.language);
        draw_criteria(backend, progress.as_ref(), &style)
            .map_err(|error| JsError::new(&error.to_string()))
    }

    /// Undoes the last data edit (data, preset and start come back); false if none.
    #[wasm_bindgen(js_name = undoData)]
    pub fn undo_data(&mut self) -> Result<bool, JsError> {
        self.playground
            .undo_data()
            .map_err(|error| self.error(error))
    }

    /// Redoes the last undone data edit; false if none.
    #[wasm_bindgen(js_name = redoData)]
    pub fn redo_data(&mut self) -> Result<bool, JsError> {
        self.playground
            .redo_data()
            .map_err(|error| self.error(error))
    }

    /// Forgets the data edits so far: the settings a widget opens with are not edits to undo.
    #[wasm_bindgen(js_name = forgetDataEdits)]
    pub fn forget_data_edits(&mut self) {
        self.playground.forget_data_edits();
    }

    /// A drag of points ended: the next move is a data edit of its own.
    #[wasm_bindgen(js_name = endDataEdit)]
    pub fn end_data_edit(&mut self) {
        self.playground.end_data_edit();
    }

    /// Moves point `index` (0-based) to (x, y).
    #[wasm_bindgen(js_name = movePoint)]
    pub fn move_point(&mut self, index: usize, x: f64, y: f64) -> Result<(), JsError> {
        self.playground
            .move_point(index, x, y)
            .map_err(|error| self.error(error))
    }

    /// Deletes point `index` (0-based).
    #[wasm_bindgen(js_name = deletePoint)]
    pub fn delete_point(&mut self, index: usize) -> Result<(), JsError> {
        self.playground
            .delete_point(index)
            .map_err(|error| self.error(error))
    }

    /// Observation `index` (0-based): `{index, coordinates, responsibilities}`
    /// (γ is null before the first E-step), or null if there is no such one.
    pub fn observation(&self, index: usize) -> Result<JsValue, JsError> {
        to_js(&self.playground.session().observation(index))
    }

    /// Where the last render drew the plane chart's plot, in the canvas's
    /// device pixels, with its data ranges; null before one was drawn.
    #[wasm_bindgen(js_name = planeFrame)]
    pub fn plane_frame(&self) -> Result<JsValue, JsError> {
        to_js(&self.plane_frame.get())
    }

    /// Sets one starting parameter (`pi`, `p`, `q`, or `weight`/`mean`/`sigma` of component `index`).
    #[wasm_bindgen(js_name = setParam)]
    pub fn set_param(&mut self, name: &str, index: usize, text: &str) -> Result<(), JsError> {
        self.playground
            .set_param(name, index, text)
            .map_err(|error| self.error(error))
    }

    /// Sets K and re-spreads the components.
    #[wasm_bindgen(js_name = setComponentCount)]
    pub fn set_component_count(&mut self, count: usize) -> Result<(), JsError> {
        self.playground
            .set_component_count(count)
            .map_err(|error| self.error(error))
    }

    /// A random start reproducible from `seed`.
    #[wasm_bindgen(js_name = randomStart)]
    pub fn random_start(&mut self, seed: f64) -> Result<(), JsError> {
        let seed = seed_from(seed).map_err(|error| self.error(error))?;
        self.playground
            .random_start(seed)
            .map_err(|error| self.error(error))
    }

    /// Runs EM from `count` random starts (seeds `seed`, `seed + 1`, …) and
    /// returns where each ended, best log L first; the widget is unchanged.
    pub fn restarts(&self, count: usize, seed: f64) -> Result<JsValue, JsError> {
        let seed = seed_from(seed).map_err(|error| self.error(error))?;
        let outcomes = self
            .playground
            .restarts(count, seed)
            .map_err(|error| self.error(error))?;
        to_js(&outcomes)
    }

    /// Re-spreads the start over the data.
    #[wasm_bindgen(js_name = spreadStart)]
    pub fn spread_start(&mut self) -> Result<(), JsError> {
        self.playground
            .spread_start()
            .map_err(|error| self.error(error))
    }

    /// Chooses the E-step rule: `posterior` (EM), `hard` or `joint` (the homework's mistake).
    #[wasm_bindgen(js_name = setRule)]
    pub fn set_rule(&mut self, name: &str) -> Result<(), JsError> {
        EStepRule::named(name)
            .and_then(|rule| self.playground.set_rule(rule))
            .map_err(|error| self.error(error))
    }

    /// Chooses the parameter the lower-bound chart varies (`pi`, `p`, `q`,
    /// `weight`, `mean`, `sigma`, `probability` or `rate`, of component `index`).
    #[wasm_bindgen(js_name = setSlice)]
    pub fn set_slice(&mut self, parameter: &str, index: usize) -> Result<(), JsError> {
        let parameter = SliceParameter::named(parameter).map_err(|error| self.error(error))?;
        self.playground.set_slice(parameter, index);
        Ok(())
    }

    /// Chooses the landscape's axes: `pq` (coins), `means` or `values` of
    /// components `first` and `second`, or `mean-sigma` of component `first`
    /// (0-based).
    #[wasm_bindgen(js_name = setLandscape)]
    pub fn set_landscape(
        &mut self,
        kind: &str,
        first: usize,
        second: usize,
    ) -> Result<(), JsError> {
        LandscapeAxes::named(kind, first, second)
            .and_then(|axes| self.playground.set_landscape(axes))
            .map_err(|error| self.error(error))
    }

    /// The landscape without its grid: axes, ranges, size, the best cell and
    /// both paths (see the README).
    pub fn landscape(&self) -> Result<JsValue, JsError> {
        to_js(&self.playground.landscape())
    }

    /// Runs gradient ascent with this step size beside EM (`""` or `off` hides it).
    #[wasm_bindgen(js_name = setAscent)]
    pub fn set_ascent(&mut self, text: &str) -> Result<(), JsError> {
        self.playground
            .set_ascent(text)
            .map_err(|error| self.error(error))
    }

    /// Sets the convergence tolerance.
    #[wasm_bindgen(js_name = setTolerance)]
    pub fn set_tolerance(&mut self, text: &str) -> Result<(), JsError> {
        self.playground
            .set_tolerance(text)
            .map_err(|error| self.error(error))
    }

    /// Sets the iteration cap.
    #[wasm_bindgen(js_name = setMaxIterations)]
    pub fn set_max_iterations(&mut self, text: &str) -> Result<(), JsError> {
        self.playground
            .set_max_iterations(text)
            .map_err(|error| self.error(error))
    }

    /// Turns predict-then-reveal on: `asks` fixes questions (comma-separated
    /// ids such as `gamma:1:1,p`; empty: chosen by the rule seeded with
    /// `seed`), `tolerance` is the absolute tolerance's text (empty: 5·10⁻⁴).
    #[wasm_bindgen(js_name = setExercise)]
    pub fn set_exercise(&mut self, asks: &str, tolerance: &str, seed: f64) -> Result<(), JsError> {
        let exercise = (|| {
            let asks = asks
                .split(',')
                .map(str::trim)
                .filter(|ask| !ask.is_empty())
                .map(Ask::parse)
                .collect::<Result<Vec<_>, _>>()?;
            let tolerance = match tolerance.trim() {
                "" => DEFAULT_TOLERANCE,
                text => text
                    .parse::<f64>()
                    .map_err(|_| SessionError::InvalidTolerance(f64::NAN))?,
            };
            Exercise::new(asks, tolerance, seed_from(seed)?)
        })()
        .map_err(|error| self.error(error))?;
        self.exercise = Some(exercise);
        Ok(())
    }

    /// Turns predict-then-reveal off.
    #[wasm_bindgen(js_name = clearExercise)]
    pub fn clear_exercise(&mut self) {
        self.exercise = None;
    }

    /// The exercise (its question for the next half-step, tries and score), or null when off.
    #[wasm_bindgen(js_name = exercise)]
    pub fn exercise_view(&mut self) -> Result<JsValue, JsError> {
        let version = self.playground.data_version();
        match &mut self.exercise {
            Some(exercise) => to_js(&exercise.view(self.playground.session(), version)),
            None => Ok(JsValue::NULL),
        }
    }

    /// Checks an answer; a right one takes the half-step. Null when there is
    /// no question (exercise off, or the fit cannot step).
    pub fn answer(&mut self, value: f64) -> Result<JsValue, JsError> {
        let version = self.playground.data_version();
        match &mut self.exercise {
            Some(exercise) => {
                to_js(&exercise.answer(self.playground.session_mut(), version, value))
            }
            None => Ok(JsValue::NULL),
        }
    }

    /// The state one half-step ahead with the value asked for hidden (NaN),
    /// its data and responsibilities cut to `rows` observations (at least up
    /// to the one asked about): the last hint's worked calculation. Null
    /// without a question.
    #[wasm_bindgen(js_name = exerciseAhead)]
    pub fn exercise_ahead(&mut self, rows: usize) -> Result<JsValue, JsError> {
        let version = self.playground.data_version();
        match &mut self.exercise {
            Some(exercise) => to_js(&exercise.ahead(self.playground.session(), version, rows)),
            None => Ok(JsValue::NULL),
        }
    }

    /// "Show me": takes the half-step and returns the value asked for.
    pub fn reveal(&mut self) -> Option<f64> {
        let version = self.playground.data_version();
        self.exercise
            .as_mut()?
            .reveal(self.playground.session_mut(), version)
    }

    /// Sets a goal exercise by its `exercise=` name (`other-optimum`,
    /// `saddle`, `collapse`, `beat-ascent`); the current start is its first start.
    #[wasm_bindgen(js_name = setGoal)]
    pub fn set_goal(&mut self, name: &str) -> Result<(), JsError> {
        let goal = GoalKind::parse(name)
            .and_then(|kind| Goal::new(kind, self.playground.session()))
            .map_err(|error| self.error(error))?;
        self.goal = Some(goal);
        Ok(())
    }

    /// Turns the goal exercise off.
    #[wasm_bindgen(js_name = clearGoal)]
    pub fn clear_goal(&mut self) {
        self.goal = None;
    }

    /// The goal exercise, checked against the current state (`solved` stays
    /// true once reached), or null when off.
    pub fn goal(&mut self) -> Result<JsValue, JsError> {
        match &mut self.goal {
            Some(goal) => to_js(&goal.view(self.playground.session())),
            None => Ok(JsValue::NULL),
        }
    }

    /// The exercise's score, as a link carries it (`exercise-score=1/2`).
    #[wasm_bindgen(js_name = setScore)]
    pub fn set_score(&mut self, first_tries: u32, questions: u32) -> Result<(), JsError> {
        let set = match &mut self.exercise {
            Some(exercise) => exercise.set_score(first_tries, questions),
            None => Ok(()),
        };
        set.map_err(|error| self.error(error))
    }

    /// The exercise's score back to 0 of 0.
    #[wasm_bindgen(js_name = resetScore)]
    pub fn reset_score(&mut self) {
        if let Some(exercise) = &mut self.exercise {
            exercise.reset_score();
        }
    }

    /// One E-step; false if one was just taken.
    #[wasm_bindgen(js_name = eStep)]
    pub fn e_step(&mut self) -> bool {
        self.playground.session_mut().e_step()
    }

    /// One M-step; false unless an E-step was just taken.
    #[wasm_bindgen(js_name = mStep)]
    pub fn m_step(&mut self) -> bool {
        self.playground.session_mut().m_step()
    }

    /// Completes one iteration.
    pub fn step(&mut self) {
        self.playground.session_mut().step()
    }

    /// Up to `limit` iterations (any number: ∞ runs to convergence or the
    /// cap, NaN and negatives run none), stopping at convergence or the cap;
    /// returns how many ran.
    pub fn run(&mut self, limit: f64) -> f64 {
        // Float-to-integer casts saturate, and NaN becomes 0.
        self.playground.session_mut().run_for(limit as usize) as f64
    }

    /// Undoes one half-step; false at the start.
    pub fn back(&mut self) -> bool {
        self.playground.session_mut().back()
    }

    /// Back to the starting parameters.
    pub fn reset(&mut self) {
        self.playground.session_mut().reset()
    }

    /// The current model's menus and sliders, in the widget's language: the
    /// element builds its controls from this and names no model itself.
    pub fn describe(&self) -> Result<JsValue, JsError> {
        to_js(&self.playground.describe(self.language))
    }

    /// The whole state as a plain object (see the README).
    pub fn state(&self) -> Result<JsValue, JsError> {
        to_js(&self.playground.state())
    }

    /// The state with `data` and `responsibilities` cut to the first `rows`
    /// observations and the history to θ⁽⁰⁾'s record (the charts read the
    /// rest in Rust; `state()` has it all): cheap to cross the boundary on
    /// every animation frame, however many iterations have run.
    pub fn view(&self, rows: usize) -> Result<JsValue, JsError> {
        let mut view = self.playground.view(rows);
        view.fit.history.truncate(1);
        to_js(&view)
    }

    /// The data as comma-separated text, for the data box: the first
    /// `limit` observations (all when it is omitted).
    #[wasm_bindgen(js_name = dataText)]
    pub fn data_text(&self, limit: Option<f64>) -> String {
        // Float-to-integer casts saturate.
        self.playground
            .data_text(limit.map_or(usize::MAX, |l| l as usize))
    }

    /// Redraws the charts into the given canvases, in the order
    /// responsibilities, fit, log-likelihood, parameters, lower bound,
    /// landscape (`undefined` or `null` skips one). Each canvas must already be sized in
    /// device pixels; `scale` is device pixels per CSS pixel. With `draft`,
    /// the landscape is computed on a coarser grid (a ninth of the cost);
    /// returns whether it was, so the page can sharpen it once the state is still.
    pub fn render(&self, canvases: Vec<JsValue>, scale: f64, draft: bool) -> Result<bool, JsError> {
        // Built on first use: redrawing only the lower bound does not need it.
        let mut state = None;
        let style = self.chart_style(scale);
        type Chart = fn(MeasuredCanvas, &StateView, &ChartStyle) -> ChartResult<MeasuredCanvas>;
        let charts: [Chart; 4] = [
            draw_responsibilities,
            draw_fit,
            draw_log_likelihood,
            draw_parameters,
        ];
        let drawing_failed =
            |error: plotters::drawing::DrawingAreaErrorKind<_>| JsError::new(&error.to_string());
        let mut canvases = canvases.into_iter();
        // Charts first in the zip, so it stops without taking the fifth canvas.
        for (slot, (chart, canvas)) in charts.into_iter().zip(canvases.by_ref()).enumerate() {
            if let Some(backend) = backend_for(canvas)? {
                let state = state.get_or_insert_with(|| self.playground.fit());
                // The second slot holds the plane chart for the 2-D mixture.
                if slot == 1 && state.charts.fit == FitChart::Plane {
                    let frame = draw_plane(backend, state, &style).map_err(drawing_failed)?;
                    self.plane_frame.set(frame);
                    continue;
                }
                chart(backend, state, &style).map_err(drawing_failed)?;
            }
        }
        if let Some(backend) = canvases.next().map(backend_for).transpose()?.flatten() {
            let slice = self.playground.bound_slice();
            draw_bound(
                backend,
                slice.as_ref(),
                self.playground.session().rule(),
                &style,
            )
            .map_err(drawing_failed)?;
        }
        if let Some(backend) = canvases.next().map(backend_for).transpose()?.flatten() {
            let detail = if draft { Detail::Draft } else { Detail::Sharp };
            let landscape = self.playground.landscape_in(detail);
            let rate = self.playground.ascent_rate();
            draw_landscape(backend, landscape.as_ref(), rate, &style).map_err(drawing_failed)?;
            return Ok(draft && landscape.is_some());
        }
        Ok(false)
    }
}

/// The drawing backend for a canvas, or None for a skipped or empty one.
fn backend_for(canvas: JsValue) -> Result<Option<MeasuredCanvas>, JsError> {
    let Ok(canvas) = canvas.dyn_into::<HtmlCanvasElement>() else {
        return Ok(None);
    };
    if canvas.width() == 0 || canvas.height() == 0 {
        return Ok(None);
    }
    MeasuredCanvas::new(canvas)
        .map(Some)
        .ok_or_else(|| JsError::new("A chart canvas has no 2-D drawing context."))
}
