//! The start shared by mixtures whose components have one number each (a
//! binomial success probability, a Poisson or exponential rate): K weights
//! and K values, optionally with the weights held fixed. What differs between
//! those models (the list's name, the spread and random values, the data)
//! each model's module says through [`ScalarModel`].

use std::marker::PhantomData;

use super::start::{component, list_or_kept, parse_list, parse_number, Given, Start};
use super::{
    blank, joined, landscape_value, subscript, Choice, Description, ParameterColumn, Slider,
};
use crate::em::{ComponentFamily, EmSettings, EmStepper, Field, List, MixtureParams};
use crate::i18n::{excerpt, Language};
use crate::random::SplitMix64;
use crate::session::{
    scalar_bound, scalar_landscape, BoundSlice, Detail, DistinctCache, Fitted, Landscape,
    LandscapeAxes, Model, ModelFit, ModelKind, Observations, Params, ParamsView, SessionError,
    SliceData, SliceParameter, TeachingModel,
};

/// A teaching model whose components have one number each.
pub trait ScalarModel:
    TeachingModel<Family: ComponentFamily<Params = f64>> + Send + Sync + Sized
{
    /// The list's name in the address and `state().params`: `probabilities` or `rates`.
    const LIST: &'static str;
    const LIST_NAME: List;
    /// The slider of one value: `probability` or `rate`.
    const SLIDER: &'static str;
    /// Whether `fixed-weights` holds the weights at their start values.
    const FIXED_WEIGHTS: bool = false;
    /// Whether `trials` sets the trials of counts typed without their own.
    const TRIALS: bool = false;

    fn field(component: usize) -> Field;
    /// The family EM fits.
    fn family() -> Self::Family;
    /// The model's observations from `data`.
    fn observations(
        data: Observations,
    ) -> Result<Vec<<Self::Family as ComponentFamily>::Observation>, SessionError>;
    /// K values spread over `data`: its default start.
    fn spread(data: &Observations, components: usize) -> Vec<f64>;
    /// K random values for `data`.
    fn random(data: &Observations, components: usize, rng: &mut SplitMix64) -> Vec<f64>;
    /// θ as JavaScript sees it.
    fn view(weights: Vec<f64>, values: Vec<f64>) -> ParamsView;
    /// The complete-data estimate for `labels` (see [`Start::complete_data`]).
    fn complete_data(_data: &Observations, _labels: &[usize], _k: usize) -> Option<ParamsView> {
        None
    }
    /// The observations in one column of a data file, given the start (the binomial's trials).
    fn observations_in_column(_start: &ScalarStart<Self>, values: Vec<f64>) -> Observations {
        values.into()
    }
    /// Reads the data box, given the start (the binomial's trials).
    fn parse_data(_start: &ScalarStart<Self>, text: &str) -> Result<Observations, SessionError> {
        Ok(crate::em::parse_observations(text)?.into())
    }
    /// The data as the data box writes them, given the start.
    fn data_text(_start: &ScalarStart<Self>, data: &Observations, limit: usize) -> String {
        data.text(limit)
    }
}

/// K weights and K values of a [`ScalarModel`].
pub struct ScalarStart<M: ?Sized> {
    pub weights: Vec<f64>,
    pub values: Vec<f64>,
    pub fixed_weights: bool,
    /// The trials of a count typed without its own (`5` for `5/10`).
    pub trials: f64,
    model: PhantomData<fn() -> M>,
}

impl<M: ?Sized> Clone for ScalarStart<M> {
    fn clone(&self) -> Self {
        ScalarStart {
            weights: self.weights.clone(),
            values: self.values.clone(),
            fixed_weights: self.fixed_weights,
            trials: self.trials,
            model: PhantomData,
        }
    }
}

impl<M: ScalarModel> std::fmt::Debug for ScalarStart<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScalarStart")
            .field("kind", &M::KIND)
            .field("weights", &self.weights)
            .field("values", &self.values)
            .field("fixed_weights", &self.fixed_weights)
            .field("trials", &self.trials)
            .finish()
    }
}

/// Trials of a binomial count typed without its own, unless `trials=` says.
pub const DEFAULT_TRIALS: f64 = 10.0;

impl<M: ScalarModel> ScalarStart<M> {
    pub fn new(weights: Vec<f64>, values: Vec<f64>) -> Self {
        ScalarStart {
            weights,
            values,
            fixed_weights: false,
            trials: DEFAULT_TRIALS,
            model: PhantomData,
        }
    }

    /// Equal weights and the model's spread values.
    pub fn spread_over(data: &Observations, k: usize) -> Self {
        ScalarStart::new(vec![1.0 / k as f64; k], M::spread(data, k))
    }

    /// Weights and values typed as lists (true parameters of synthetic data).
    pub fn parse(weights: &str, values: &str) -> Result<Self, SessionError> {
        Ok(ScalarStart::new(
            parse_list(List::Weights, weights)?,
            parse_list(M::LIST_NAME, values)?,
        ))
    }

    /// The mixture, checked by the engine.
    pub fn mixture(&self) -> Result<MixtureParams<f64>, SessionError> {
        Ok(MixtureParams::new(
            &M::family(),
            self.weights.clone(),
            self.values.clone(),
        )?)
    }
}

/// A flag's text: present (empty, `1`, `true`, `on`) or not (`0`, `false`, `off`).
fn parse_flag(name: &'static str, text: &str) -> Result<bool, SessionError> {
    match text.trim() {
        "" | "1" | "true" | "on" => Ok(true),
        "0" | "false" | "off" => Ok(false),
        other => Err(SessionError::NotAFlag {
            name,
            text: excerpt(other),
        }),
    }
}

impl<M: ScalarModel> Start for ScalarStart<M> {
    fn kind(&self) -> ModelKind {
        M::KIND
    }

    fn components(&self) -> usize {
        self.values.len()
    }

    /// Weights and values, `fixed-weights` when set, and the trials of bare
    /// counts when not the default.
    fn texts(&self) -> Vec<(&'static str, String)> {
        let mut texts = vec![
            ("weights", joined(self.weights.iter().copied())),
            (M::LIST, joined(self.values.iter().copied())),
        ];
        if self.fixed_weights {
            texts.push(("fixed-weights", String::new()));
        }
        if M::TRIALS && self.trials != DEFAULT_TRIALS {
            texts.push(("trials", self.trials.to_string()));
        }
        texts
    }

    /// K is the number of values; weights not given stay when K is
    /// unchanged, else they are equal.
    fn read(&self, _data: &Observations, given: &Given) -> Result<Box<dyn Start>, SessionError> {
        let values = match given(M::LIST) {
            Some(text) => parse_list(M::LIST_NAME, &text)?,
            None => self.values.clone(),
        };
        let k = values.len();
        let weights = list_or_kept(given("weights"), List::Weights, &self.weights, k, 1.0)?;
        let fixed_weights = match given("fixed-weights") {
            Some(text) if M::FIXED_WEIGHTS => parse_flag("fixed-weights", &text)?,
            _ => self.fixed_weights,
        };
        let trials = match given("trials") {
            Some(text) if M::TRIALS => parse_trials(&text)?,
            _ => self.trials,
        };
        Ok(Box::new(ScalarStart::<M> {
            weights,
            values,
            fixed_weights,
            trials,
            model: PhantomData,
        }))
    }

    fn set_param(&mut self, id: &str, index: usize, text: &str) -> Result<(), SessionError> {
        let (slot, field) = if id == "weight" {
            (component(&mut self.weights, index)?, Field::Weight(index))
        } else if id == M::SLIDER {
            (component(&mut self.values, index)?, M::field(index))
        } else {
            return Err(SessionError::UnknownParameter(excerpt(id)));
        };
        *slot = parse_number(field, text)?;
        Ok(())
    }

    fn spread(&self, data: &Observations, components: usize) -> Box<dyn Start> {
        Box::new(ScalarStart::<M> {
            fixed_weights: self.fixed_weights,
            trials: self.trials,
            ..ScalarStart::spread_over(data, components)
        })
    }

    /// Random weights and the model's random values.
    fn random(&self, data: &Observations, rng: &mut SplitMix64) -> Box<dyn Start> {
        let k = self.components();
        let weights = if self.fixed_weights {
            self.weights.clone()
        } else {
            (0..k).map(|_| 0.2 + rng.next_unit()).collect()
        };
        Box::new(ScalarStart::<M> {
            weights,
            values: M::random(data, k, rng),
            ..self.clone()
        })
    }

    fn fit(
        &self,
        data: Observations,
        settings: EmSettings,
    ) -> Result<Box<dyn Fitted>, SessionError> {
        let family = M::family();
        let data = M::observations(data)?;
        EmStepper::validate_data(&family, &data)?;
        let params = MixtureParams::new(&family, self.weights.clone(), self.values.clone())?;
        let mut stepper = EmStepper::new(family, data, params, settings)?;
        if self.fixed_weights {
            stepper = stepper.with_fixed_weights();
        }
        Ok(Box::new(ModelFit::<M> {
            model: Model::new(stepper),
        }))
    }

    fn parse_data(&self, text: &str) -> Result<Observations, SessionError> {
        M::parse_data(self, text)
    }

    fn observations_in_columns(&self, mut columns: Vec<Vec<f64>>) -> Observations {
        M::observations_in_column(self, columns.swap_remove(0))
    }

    /// K − 1 weights (none when held fixed) and K values.
    fn free_parameters(&self) -> Vec<(List, usize)> {
        let k = self.components();
        let weights = if self.fixed_weights { 0 } else { k - 1 };
        vec![(List::Weights, weights), (M::LIST_NAME, k)]
    }

    fn complete_data(&self, data: &Observations, labels: &[usize]) -> Option<ParamsView> {
        M::complete_data(data, labels, self.components())
    }

    fn data_text(&self, data: &Observations, limit: usize) -> String {
        M::data_text(self, data, limit)
    }

    fn clone_box(&self) -> Box<dyn Start> {
        Box::new(self.clone())
    }
}

/// The trials of bare counts: a whole number from 1 to [`crate::em::MAX_TRIALS`].
pub fn parse_trials(text: &str) -> Result<f64, SessionError> {
    let trials = parse_number(Field::Trials, text)?;
    if trials < 1.0 || trials.fract() != 0.0 || trials > crate::em::MAX_TRIALS {
        return Err(crate::em::EmError::InvalidTrials {
            index: 0,
            value: trials,
        }
        .into());
    }
    Ok(trials)
}

/// Weights and values of θ as JavaScript sees them.
pub fn params_view<M: ScalarModel>(params: &MixtureParams<Params<M>>) -> ParamsView {
    M::view(params.weights().to_vec(), params.components().to_vec())
}

/// How a one-number-per-component model names and ranges its values.
pub struct ScalarNames {
    /// The symbol of a component's value: θ or λ.
    pub symbol: &'static str,
    /// The parameters table's column for it.
    pub column: &'static str,
    /// Its slider's range and step.
    pub range: (f64, f64, f64),
}

/// The sliders, bound slices, table columns and worked calculation every
/// one-number-per-component model with `components` components shares.
pub fn describe_scalar<M: ScalarModel>(
    components: usize,
    names: ScalarNames,
    language: Language,
) -> Description {
    let english = language == Language::English;
    let mut slices = Vec::new();
    let mut sliders = Vec::new();
    for k in 0..components {
        let s = subscript(k);
        slices.push(Choice::new(
            format!("{}:{k}", M::SLIDER),
            format!("{}{s}", names.symbol),
        ));
        if components > 1 {
            slices.push(Choice::new(format!("weight:{k}"), format!("w{s}")));
        }
        sliders.push(Slider::weight(k));
        let label = format!("{}{}", names.symbol, k + 1);
        sliders.push(Slider::component(M::SLIDER, M::LIST, k, label, names.range));
    }
    Description {
        slices,
        sliders,
        choose_components: true,
        parameter_columns: vec![
            ParameterColumn::new(
                if english { "weight" } else { "权重" },
                "weight",
                "weights",
                &[],
            ),
            ParameterColumn::new(names.column, M::SLIDER, M::LIST, &[]),
        ],
        ..blank(M::KIND, language)
    }
}

/// Whether `axes` are two different components' values among `components`.
pub fn values_fit(axes: LandscapeAxes, components: usize) -> bool {
    matches!(axes, LandscapeAxes::Values { first, second }
        if first != second && first.max(second) < components)
}

/// The landscape over two components' values, for one-number models whose
/// observations are numbers (`symbol` names the values).
pub fn values_landscape<F: ComponentFamily<Observation = f64, Params = f64>>(
    detail: Detail,
    model: &Model<F>,
    axes: LandscapeAxes,
    distinct: &DistinctCache,
    symbol: &'static str,
) -> Option<Landscape> {
    scalar_landscape(
        detail,
        model,
        axes,
        distinct.for_landscape(model.stepper.data(), detail),
        symbol,
    )
}

/// The landscape menu (every pair of components' values) and its note.
pub fn values_landscapes(
    components: usize,
    symbol: &str,
    language: Language,
) -> (Vec<Choice>, String) {
    let mut choices = Vec::new();
    for first in 0..components {
        for second in first + 1..components {
            let axes = LandscapeAxes::Values { first, second };
            let label = format!(
                "{symbol}{}, {symbol}{}",
                subscript(first),
                subscript(second)
            );
            choices.push(Choice::new(landscape_value(axes), label));
        }
    }
    let note = if language == Language::English {
        "log L over two components' values, the weights and the other components held at their current values. Bright is high; the white cross is the highest cell. The black path is EM, one dot per iteration."
    } else {
        "其余分量和权重固定为当前值时，log L 随两个分量取值的变化。越亮越高；白色十字是最高的格点。黑色路径是 EM，每次迭代一个点。"
    };
    (choices, note.into())
}

/// The bound along a weight, or a rate from a fifth to three times its value.
pub fn rate_bound<F: ComponentFamily<Params = f64, Observation = f64>>(
    stepper: &EmStepper<F>,
    distinct: &DistinctCache,
    parameter: SliceParameter,
    component: usize,
) -> Option<BoundSlice> {
    scalar_bound(
        stepper,
        SliceData::distinct(distinct.for_bound(stepper.data())),
        parameter,
        component,
        SliceParameter::Rate,
        |rate| (rate / 5.0)..(rate * 3.0),
    )
}
