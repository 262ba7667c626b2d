//! The teaching models, one module each, and the one place that lists them.
//!
//! Each module says what its model offers the page, in both languages (its
//! name, presets, E-step rules, bound slices, landscape axes, sliders, start
//! settings, table columns, notes: a [`Description`], from which the widget
//! builds its controls, so JavaScript names no model); it holds its presets,
//! draws its synthetic data, reads and writes its start, and implements
//! [`TeachingModel`](crate::session::TeachingModel) for the session. The
//! functions here are the one place that dispatches on the model.

mod binomial;
mod coins;
mod exponential;
mod gmm;
mod gmm2d;
mod poisson;
mod scalar;
mod start;

pub use gmm::GaussianStart;
pub(crate) use gmm2d::spreads;
pub use gmm2d::PlaneStart;
pub(crate) use start::parse_number;
pub use start::{Given, Start};

use serde::Serialize;

use crate::em::EStepRule;
use crate::i18n::{excerpt, Language};
use crate::random::SplitMix64;
use crate::session::{DataAxes, LandscapeAxes, Observations, SessionError, SliceParameter};

/// The models the page teaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// Li Hang's three-coin model.
    Coins,
    /// The one-dimensional Gaussian mixture.
    Gmm,
    /// The two-dimensional Gaussian mixture.
    Gmm2d,
    /// The binomial mixture (Do & Batzoglou's coins).
    Binomial,
    /// The Poisson mixture, for counts.
    Poisson,
    /// The exponential mixture, for durations.
    Exponential,
}

impl ModelKind {
    /// The model's name, as the address and the API write it.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Coins => "coins",
            ModelKind::Gmm => "gmm",
            ModelKind::Gmm2d => "gmm2d",
            ModelKind::Binomial => "binomial",
            ModelKind::Poisson => "poisson",
            ModelKind::Exponential => "exponential",
        }
    }

    /// Reads a [`name`](Self::name).
    pub fn parse(name: &str) -> Result<Self, SessionError> {
        MODELS
            .into_iter()
            .find(|kind| kind.name() == name)
            .ok_or_else(|| SessionError::UnknownModel(excerpt(name)))
    }
}

/// Every model, in the order the model menu lists them.
pub const MODELS: [ModelKind; 6] = [
    ModelKind::Coins,
    ModelKind::Binomial,
    ModelKind::Gmm,
    ModelKind::Gmm2d,
    ModelKind::Poisson,
    ModelKind::Exponential,
];

/// One entry of a menu: the value the handle takes back, and its label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Choice {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// A starting-parameter slider: `setParam(id, index, text)` sets it, and it
/// shows `params[key]` (or `params[key][index]` for a list) of θ⁽⁰⁾.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Slider {
    pub id: &'static str,
    pub key: &'static str,
    /// The component (0-based), for per-component lists.
    pub index: Option<usize>,
    pub label: String,
    pub min: f64,
    pub max: f64,
    pub step: f64,
}

impl Slider {
    /// Component `k`'s slider of list `key`, from `min` to `max` by `step`.
    fn component(
        id: &'static str,
        key: &'static str,
        k: usize,
        label: String,
        (min, max, step): (f64, f64, f64),
    ) -> Self {
        Slider {
            id,
            key,
            index: Some(k),
            label,
            min,
            max,
            step,
        }
    }

    /// Component `k`'s weight, from 0.01 to 1.
    fn weight(k: usize) -> Self {
        Slider::component(
            "weight",
            "weights",
            k,
            format!("w{}", k + 1),
            (0.01, 1.0, 0.01),
        )
    }
}

/// What the data look like, for the ranges of the sliders.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DataRange {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub sd: f64,
}

/// Everything the widget needs to build its controls for the current model.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Description {
    pub model: ModelKind,
    /// The model menu: every model.
    pub models: Vec<Choice>,
    pub presets: Vec<Choice>,
    /// The E-step rules this model offers.
    pub rules: Vec<Choice>,
    /// Parameters the lower-bound chart can slice along, as `name:component`.
    pub slices: Vec<Choice>,
    pub default_slice: Option<String>,
    /// Landscape axes as `kind:first:second`, the default first.
    pub landscapes: Vec<Choice>,
    /// What the landscape shows, under it.
    pub landscape_note: String,
    /// Whether the data are points on the plane chart, edited there, with
    /// the start's means and covariances typed as lists.
    pub plane: bool,
    /// The worked calculation's template in the element (`www/worked.js`).
    pub worked_template: &'static str,
    /// Whether the worked calculation shows one chosen observation's γ (the
    /// coins' shows a head and a tail instead).
    pub pick_observation: bool,
    pub sliders: Vec<Slider>,
    /// Whether K can be chosen (1–8 components).
    pub choose_components: bool,
    /// 2-D covariance types, for a model that has them.
    pub covariance_types: Vec<Choice>,
    /// The parameters table's and the CSV trace's columns.
    pub parameter_columns: Vec<ParameterColumn>,
    /// Whether those columns hold one row per component (else one row).
    pub per_component: bool,
    /// The responsibilities table's observation column and its γ columns.
    pub observation_header: &'static str,
    pub responsibility_names: Vec<String>,
    /// Said at convergence under EM (the coins' ridge), if anything.
    pub converged_note: Option<String>,
    /// Whether slow convergence (overlapping components) deserves a note.
    pub explain_slow: bool,
    /// The start's settings (address names, list shapes).
    pub start_settings: &'static [StartSetting],
    /// Settings other models have and this one does not (refused with a note).
    pub foreign_settings: Vec<&'static str>,
    /// The true parameters synthetic data are drawn from, three texts.
    pub truth: Vec<TruthField>,
    /// What joins those three texts in the address's `truth=`.
    pub truth_separator: &'static str,
    pub fit_title: &'static str,
    pub data_label: &'static str,
    pub data_help: &'static str,
    /// Start settings the data box's reading depends on (the binomial's
    /// trials), applied before the data.
    pub data_settings: &'static [&'static str],
    /// A sentence about the model under its menu, if any.
    pub model_note: Option<String>,
    /// What one observation is.
    pub observation: ObservationKind,
    /// On/off start settings, as checkboxes: the setting's name and label.
    pub flags: Vec<Choice>,
    /// The label of the complete-data estimate's toggle, for a model that
    /// shows one (when the data say which component each observation is from).
    pub complete_data_label: Option<&'static str>,
}

/// What one observation is, for the API's `setData` and the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ObservationKind {
    /// A number.
    Number,
    /// A point `[x, y]`.
    Point,
    /// Successes out of trials, `[x, n]`, written `x/n`.
    Count,
}

/// The parameter (and component) the lower-bound chart shows by default.
pub fn default_slice(kind: ModelKind) -> Option<(SliceParameter, usize)> {
    match kind {
        ModelKind::Coins => Some((SliceParameter::P, 0)),
        ModelKind::Binomial => Some((SliceParameter::Probability, 0)),
        ModelKind::Gmm => Some((SliceParameter::Mean, 0)),
        ModelKind::Gmm2d => None,
        ModelKind::Poisson | ModelKind::Exponential => Some((SliceParameter::Rate, 0)),
    }
}

/// `kind`'s data, preset name and start when a widget opens.
pub fn default_setup(kind: ModelKind) -> (Observations, &'static str, Box<dyn Start>) {
    match kind {
        ModelKind::Coins => coins::default_setup(),
        ModelKind::Gmm => gmm::default_setup(),
        ModelKind::Gmm2d => gmm2d::default_setup(),
        ModelKind::Binomial => binomial::default_setup(),
        ModelKind::Poisson => poisson::default_setup(),
        ModelKind::Exponential => exponential::default_setup(),
    }
}

/// The start that comes with `kind`'s preset `name`, if it has its own.
pub fn preset_start(kind: ModelKind, name: &str) -> Option<Box<dyn Start>> {
    match kind {
        ModelKind::Binomial => binomial::preset_start(name),
        _ => None,
    }
}

/// Which component each observation of `kind`'s preset `name` came from,
/// when the source says (Do & Batzoglou's coins).
pub fn preset_labels(kind: ModelKind, name: &str) -> Option<Vec<usize>> {
    match kind {
        ModelKind::Binomial => binomial::preset_labels(name),
        _ => None,
    }
}

/// What the axes of `kind`'s preset `name` measure, if they are named.
pub fn data_axes(kind: ModelKind, preset: &str) -> DataAxes {
    match (kind, preset) {
        (ModelKind::Gmm2d, "faithful") => DataAxes::OldFaithful,
        _ => DataAxes::Unnamed,
    }
}

/// The landscape a model opens with, with `components` components (None: it has none).
pub fn default_landscape(kind: ModelKind, components: usize) -> Option<LandscapeAxes> {
    match kind {
        ModelKind::Coins => Some(LandscapeAxes::CoinHeads),
        ModelKind::Gmm => Some(gmm::default_landscape(components)),
        ModelKind::Binomial | ModelKind::Poisson | ModelKind::Exponential if components >= 2 => {
            Some(LandscapeAxes::Values {
                first: 0,
                second: 1,
            })
        }
        _ => None,
    }
}

/// `kind`'s bundled data set `name`, if it has one.
pub fn preset(kind: ModelKind, name: &str) -> Option<Observations> {
    match kind {
        ModelKind::Coins => coins::preset(name),
        ModelKind::Gmm => gmm::preset(name),
        ModelKind::Gmm2d => gmm2d::preset(name),
        ModelKind::Binomial => binomial::preset(name),
        ModelKind::Poisson => poisson::preset(name),
        ModelKind::Exponential => exponential::preset(name),
    }
}

/// `size` observations drawn from `kind` with the true parameters typed in
/// `truth` (as many texts as [`Description::truth`] labels), checked by the
/// engine first.
pub fn synthesize(
    kind: ModelKind,
    size: usize,
    rng: &mut SplitMix64,
    truth: &[&str],
) -> Result<Observations, SessionError> {
    match kind {
        ModelKind::Coins => coins::synthesize(size, rng, truth),
        ModelKind::Gmm => gmm::synthesize(size, rng, truth),
        ModelKind::Gmm2d => gmm2d::synthesize(size, rng, truth),
        ModelKind::Binomial => binomial::synthesize(size, rng, truth),
        ModelKind::Poisson => poisson::synthesize(size, rng, truth),
        ModelKind::Exponential => exponential::synthesize(size, rng, truth),
    }
}

/// One setting of the start, as the address, the attributes and `setParams`
/// name it. `list` settings hold one item per component; an item's `shape`
/// is `[]` for a number, `[2]` for a pair, `[2, 2]` for a 2 × 2 matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StartSetting {
    pub name: &'static str,
    pub list: bool,
    pub shape: &'static [usize],
}

impl StartSetting {
    /// A setting holding one number.
    const fn number(name: &'static str) -> Self {
        StartSetting {
            name,
            list: false,
            shape: &[],
        }
    }

    /// A setting holding one item of `shape` per component.
    const fn list(name: &'static str, shape: &'static [usize]) -> Self {
        StartSetting {
            name,
            list: true,
            shape,
        }
    }
}

/// The start settings `kind` reads.
fn start_settings(kind: ModelKind) -> &'static [StartSetting] {
    match kind {
        ModelKind::Coins => coins::START_SETTINGS,
        ModelKind::Gmm => gmm::START_SETTINGS,
        ModelKind::Gmm2d => gmm2d::START_SETTINGS,
        ModelKind::Binomial => binomial::START_SETTINGS,
        ModelKind::Poisson => poisson::START_SETTINGS,
        ModelKind::Exponential => exponential::START_SETTINGS,
    }
}

/// The `N` texts of a model's true parameters.
fn truth_texts<'a, const N: usize>(truth: &[&'a str]) -> Result<[&'a str; N], SessionError> {
    truth.try_into().map_err(|_| SessionError::TruthTexts {
        expected: N,
        got: truth.len(),
    })
}

/// Numbers as the address writes them, comma-separated.
fn joined(values: impl IntoIterator<Item = f64>) -> String {
    values
        .into_iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// One column of the parameters table and the CSV trace: `params[key]`
/// (of component k when the model is per component), then `at` indices into
/// it, squared if `squared`. `csv` names it in the trace (k appended), if at all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParameterColumn {
    pub label: String,
    pub csv: Option<&'static str>,
    pub key: &'static str,
    pub at: &'static [usize],
    pub squared: bool,
}

impl ParameterColumn {
    fn new(
        label: impl Into<String>,
        csv: &'static str,
        key: &'static str,
        at: &'static [usize],
    ) -> Self {
        ParameterColumn {
            label: label.into(),
            csv: Some(csv),
            key,
            at,
            squared: false,
        }
    }
}

/// One true parameter of synthetic data: its label and the text it starts with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TruthField {
    pub label: &'static str,
    pub value: &'static str,
}

/// The model's name in the model menu.
pub fn label_of(kind: ModelKind, language: Language) -> &'static str {
    match kind {
        ModelKind::Coins => coins::label(language),
        ModelKind::Gmm => gmm::label(language),
        ModelKind::Gmm2d => gmm2d::label(language),
        ModelKind::Binomial => binomial::label(language),
        ModelKind::Poisson => poisson::label(language),
        ModelKind::Exponential => exponential::label(language),
    }
}

/// Settings besides the start's lists that only `kind` has.
fn extra_settings(kind: ModelKind) -> &'static [&'static str] {
    match kind {
        ModelKind::Gmm2d => &["covariance-type"],
        _ => &[],
    }
}

/// The E-step rules `kind` offers (the homework's mistake is the coins').
pub fn rules(kind: ModelKind) -> &'static [EStepRule] {
    match kind {
        ModelKind::Coins => coins::RULES,
        ModelKind::Gmm => gmm::RULES,
        ModelKind::Gmm2d => gmm2d::RULES,
        ModelKind::Binomial => binomial::RULES,
        ModelKind::Poisson => poisson::RULES,
        ModelKind::Exponential => exponential::RULES,
    }
}

/// The description of `kind` with `components` components on `size`
/// observations spanning `range` (with mean `range.mean`), under `rule`.
pub fn describe(
    kind: ModelKind,
    components: usize,
    range: DataRange,
    size: usize,
    rule: EStepRule,
    language: Language,
) -> Description {
    let mut description = match kind {
        ModelKind::Coins => coins::describe(range.mean, rule, language),
        ModelKind::Gmm => gmm::describe(components, range, size, language),
        ModelKind::Gmm2d => gmm2d::describe(components, language),
        ModelKind::Binomial => binomial::describe(components, language),
        ModelKind::Poisson => poisson::describe(components, range.max, language),
        ModelKind::Exponential => exponential::describe(components, range.mean, language),
    };
    if description.per_component {
        description.responsibility_names = (1..=components).map(|k| format!("γ·{k}")).collect();
    }
    description.default_slice = default_slice(kind).map(|(p, k)| format!("{}:{k}", p.name()));
    description.models = MODELS
        .iter()
        .map(|&model| Choice::new(model.name(), label_of(model, language)))
        .collect();
    description.start_settings = start_settings(kind);
    let own = |name: &str| {
        start_settings(kind).iter().any(|s| s.name == name) || extra_settings(kind).contains(&name)
    };
    // In the order of the models, each once (no sort: every sort
    // instantiation costs the wasm several KB).
    for name in MODELS.iter().flat_map(|&other| {
        start_settings(other)
            .iter()
            .map(|s| s.name)
            .chain(extra_settings(other).iter().copied())
    }) {
        if !own(name) && !description.foreign_settings.contains(&name) {
            description.foreign_settings.push(name);
        }
    }
    description.rules = rules(kind)
        .iter()
        .map(|&rule| Choice::new(rule.name(), rule_label(rule, language)))
        .collect();
    description
}

/// A description with the parts every model fills in left empty, and the
/// data box and fit chart texts of the models whose data are typed numbers.
fn blank(model: ModelKind, language: Language) -> Description {
    let english = language == Language::English;
    Description {
        model,
        models: Vec::new(),
        presets: Vec::new(),
        rules: Vec::new(),
        slices: Vec::new(),
        default_slice: None,
        landscapes: Vec::new(),
        landscape_note: String::new(),
        plane: false,
        pick_observation: true,
        worked_template: "",
        sliders: Vec::new(),
        choose_components: false,
        covariance_types: Vec::new(),
        parameter_columns: Vec::new(),
        per_component: true,
        observation_header: "x",
        responsibility_names: Vec::new(),
        converged_note: None,
        explain_slow: true,
        start_settings: &[],
        foreign_settings: Vec::new(),
        truth: Vec::new(),
        truth_separator: ";",
        // Numbers typed in a box: what the one-dimensional models share.
        fit_title: if english {
            "Fitted model"
        } else {
            "拟合的模型"
        },
        data_label: if english { "Numbers" } else { "数值" },
        data_help: if english {
            "Separate with commas, spaces or new lines; # starts a comment."
        } else {
            "用逗号、空格或换行分隔；# 之后为注释。"
        },
        data_settings: &[],
        model_note: None,
        observation: ObservationKind::Number,
        flags: Vec::new(),
        complete_data_label: None,
    }
}

fn rule_label(rule: EStepRule, language: Language) -> &'static str {
    match (language, rule) {
        (Language::English, EStepRule::Posterior) => "EM: posterior γ",
        (Language::English, EStepRule::Hard) => "hard EM: each point to one component",
        (Language::English, EStepRule::Joint) => "the homework's mistake: unnormalised joint",
        (Language::Chinese, EStepRule::Posterior) => "EM：后验概率 γ",
        (Language::Chinese, EStepRule::Hard) => "硬 EM：每个点只归于一个分量",
        (Language::Chinese, EStepRule::Joint) => "作业中的错误：未归一化的联合概率",
    }
}

/// The subscript digit of 0-based component `k` (₁ for the first).
fn subscript(k: usize) -> char {
    char::from_u32(0x2081 + k as u32).unwrap_or('ₖ')
}

/// Landscape axes as a menu value.
pub fn landscape_value(axes: LandscapeAxes) -> String {
    match axes {
        LandscapeAxes::CoinHeads => "pq:0:0".into(),
        LandscapeAxes::Means { first, second } => format!("means:{first}:{second}"),
        LandscapeAxes::MeanSigma { component } => format!("mean-sigma:{component}:0"),
        LandscapeAxes::Values { first, second } => format!("values:{first}:{second}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RANGE: DataRange = DataRange {
        min: 1.6,
        max: 5.1,
        mean: 3.5,
        sd: 1.1,
    };

    #[test]
    fn each_model_lists_its_own_rules_presets_and_controls() {
        let coins = describe(
            ModelKind::Coins,
            2,
            RANGE,
            10,
            EStepRule::Joint,
            Language::English,
        );
        assert_eq!(coins.models.len(), MODELS.len());
        assert_eq!(coins.rules.len(), 3);
        assert_eq!(coins.default_slice.as_deref(), Some("p:0"));
        assert_eq!(
            coins.sliders.iter().map(|s| s.id).collect::<Vec<_>>(),
            ["pi", "p", "q"]
        );
        assert_eq!(coins.sliders[0].key, "pi");
        assert!(!coins.choose_components);
        let gmm = describe(
            ModelKind::Gmm,
            3,
            RANGE,
            2000,
            EStepRule::Posterior,
            Language::Chinese,
        );
        assert!(gmm.landscape_note.contains("1024"));
        // The homework's mistake is about π·pʸ(1−p)¹⁻ʸ: the coins' alone.
        assert_eq!(
            gmm.rules
                .iter()
                .map(|r| r.value.as_str())
                .collect::<Vec<_>>(),
            ["posterior", "hard"]
        );
        assert_eq!(gmm.sliders.len(), 9);
        assert_eq!(gmm.landscapes.len(), 3 + 3);
        assert!(gmm.presets.iter().any(|p| p.label.contains("老忠实泉")));
        let plane = describe(
            ModelKind::Gmm2d,
            2,
            RANGE,
            272,
            EStepRule::Posterior,
            Language::English,
        );
        assert!(plane.plane && !coins.plane);
        assert!(coins.responsibility_names[0].contains("not normalised"));
        assert_eq!(gmm.responsibility_names, ["γ·1", "γ·2", "γ·3"]);
        assert!(coins.converged_note.as_deref().unwrap().contains("3.5000"));
        assert_eq!(plane.parameter_columns.len(), 6);
        let sorted = |mut names: Vec<&'static str>| {
            names.sort_unstable();
            names
        };
        assert_eq!(
            sorted(coins.foreign_settings),
            [
                "covariance-type",
                "covariances",
                "fixed-weights",
                "means",
                "probabilities",
                "rates",
                "sigmas",
                "trials",
                "weights"
            ]
        );
        assert_eq!(
            sorted(plane.foreign_settings),
            [
                "fixed-weights",
                "p",
                "pi",
                "probabilities",
                "q",
                "rates",
                "sigmas",
                "trials"
            ]
        );
        assert!(plane.slices.is_empty() && plane.landscapes.is_empty());
        assert_eq!(plane.covariance_types.len(), 4);
        assert_eq!(plane.sliders.len(), 2);
        assert_eq!((plane.truth.len(), plane.truth_separator), (3, "|"));
    }
}
