//! The exponential mixture: K weights and rates λ, for positive durations.

use super::scalar::{
    describe_scalar, params_view, rate_bound, values_fit, values_landscape, values_landscapes,
    ScalarModel, ScalarNames, ScalarStart,
};
use super::start::{distinct_indices, spread_quantiles, Start};
use super::{Choice, Description, StartSetting, TruthField};
use crate::charts::{ChartHooks, Curve, FitChart, ObservationAxis};
use crate::em::{EStepRule, EmStepper, Exponential, Field, List, MixtureParams};
use crate::i18n::Language;
use crate::random::SplitMix64;
use crate::session::{
    BoundSlice, Detail, DistinctCache, Landscape, LandscapeAxes, Model, ModelKind, Observations,
    ParamsView, SessionError, SliceParameter, TeachingModel,
};

/// Weights and rates, one number per component each.
pub const START_SETTINGS: &[StartSetting] = &[
    StartSetting::list("weights", &[]),
    StartSetting::list("rates", &[]),
];

/// EM and hard EM.
pub const RULES: &[EStepRule] = &[EStepRule::Posterior, EStepRule::Hard];

/// f(x | λ) = λ e^(−λx) for x ≥ 0.
fn density(x: f64, _trials: f64, rate: f64) -> f64 {
    if x < 0.0 {
        0.0
    } else {
        rate * (-rate * x).exp()
    }
}

/// The exponential mixture.
#[derive(Debug)]
pub struct ExponentialMixture;

impl TeachingModel for ExponentialMixture {
    type Family = Exponential;
    const KIND: ModelKind = ModelKind::Exponential;
    const CHARTS: ChartHooks = ChartHooks {
        fit: FitChart::Density(Curve(density)),
        observations: ObservationAxis::Values,
    };

    fn params_view(params: &MixtureParams<f64>) -> ParamsView {
        params_view::<Self>(params)
    }

    fn bound_slice(
        stepper: &EmStepper<Exponential>,
        distinct: &DistinctCache,
        parameter: SliceParameter,
        component: usize,
    ) -> Option<BoundSlice> {
        rate_bound(stepper, distinct, parameter, component)
    }

    fn landscape_fits(axes: LandscapeAxes, components: usize) -> bool {
        values_fit(axes, components)
    }

    fn landscape(
        detail: Detail,
        model: &Model<Exponential>,
        axes: LandscapeAxes,
        distinct: &DistinctCache,
    ) -> Option<Landscape> {
        values_landscape(detail, model, axes, distinct, "λ")
    }
}

impl ScalarModel for ExponentialMixture {
    const LIST: &'static str = "rates";
    const LIST_NAME: List = List::Rates;
    const SLIDER: &'static str = "rate";

    fn field(component: usize) -> Field {
        Field::Rate(component)
    }

    fn family() -> Exponential {
        Exponential
    }

    fn observations(data: Observations) -> Result<Vec<f64>, SessionError> {
        data.into_values()
    }

    /// Rates one over the durations' quantiles (k + ½)/K (1 where that is not positive).
    fn spread(data: &Observations, components: usize) -> Vec<f64> {
        spread_quantiles(data.values(), components)
            .into_iter()
            .map(reciprocal)
            .collect()
    }

    /// Rates one over distinct random durations.
    fn random(data: &Observations, components: usize, rng: &mut SplitMix64) -> Vec<f64> {
        let values = data.values();
        distinct_indices(rng, components, values.len())
            .into_iter()
            .map(|i| reciprocal(values[i]))
            .collect()
    }

    fn view(weights: Vec<f64>, rates: Vec<f64>) -> ParamsView {
        ParamsView::Rates { weights, rates }
    }
}

/// 1/x, or 1 where that is not a positive finite number.
fn reciprocal(x: f64) -> f64 {
    let rate = 1.0 / x;
    if rate.is_finite() && rate > 0.0 {
        rate
    } else {
        1.0
    }
}

/// The seeded synthetic preset: short and long waits.
const WAITS: (usize, u64, [f64; 2], [f64; 2]) = (300, 1, [0.6, 0.4], [2.0, 0.2]);

/// `waits`: 300 durations drawn with seed 1 from weights 0.6, 0.4 and rates 2, 0.2.
pub fn preset(name: &str) -> Option<Observations> {
    (name == "waits").then(|| {
        let (size, seed, weights, rates) = WAITS;
        let mut rng = SplitMix64::new(seed);
        draw(size, &mut rng, &weights, &rates).into()
    })
}

fn draw(size: usize, rng: &mut SplitMix64, weights: &[f64], rates: &[f64]) -> Vec<f64> {
    (0..size)
        .map(|_| {
            let k = rng.next_index(weights);
            rng.next_exponential(rates[k])
        })
        .collect()
}

/// The `waits` preset with two components spread over it.
pub fn default_setup() -> (Observations, &'static str, Box<dyn Start>) {
    let data = preset("waits").expect("the preset exists");
    let start = ScalarStart::<ExponentialMixture>::spread_over(&data, 2);
    (data, "waits", Box::new(start))
}

/// Durations from the mixture with true weights and rates (comma-separated lists).
pub fn synthesize(
    size: usize,
    rng: &mut SplitMix64,
    truth: &[&str],
) -> Result<Observations, SessionError> {
    let [weights, rates] = super::truth_texts::<2>(truth)?;
    let model = ScalarStart::<ExponentialMixture>::parse(weights, rates)?;
    model.mixture()?;
    Ok(draw(size, rng, &model.weights, &model.values).into())
}

pub fn label(language: Language) -> &'static str {
    match language {
        Language::English => "Exponential mixture (durations)",
        Language::Chinese => "指数混合模型（时长）",
    }
}

pub fn describe(components: usize, mean: f64, language: Language) -> Description {
    let english = language == Language::English;
    let typical = if mean > 0.0 { 1.0 / mean } else { 1.0 };
    let names = ScalarNames {
        symbol: "λ",
        column: if english { "rate λ" } else { "速率 λ" },
        range: (typical / 20.0, typical * 20.0, typical / 100.0),
    };
    let (landscapes, landscape_note) = values_landscapes(components, "λ", language);
    Description {
        landscapes,
        landscape_note,
        presets: vec![Choice::new(
            "waits",
            if english {
                "Synthetic waits: 300, λ = 2 and 0.2 (seed 1)"
            } else {
                "合成的等待时间：300 个，λ = 2 与 0.2（种子 1）"
            },
        )],
        truth: [
            (if english { "weights" } else { "权重" }, "0.6,0.4"),
            (if english { "rates" } else { "速率" }, "2,0.2"),
        ]
        .map(|(label, value)| TruthField { label, value })
        .to_vec(),
        data_label: if english { "Durations" } else { "时长" },
        data_help: if english {
            "Positive numbers separated by commas, spaces or new lines; # starts a comment."
        } else {
            "正数，用逗号、空格或换行分隔；# 之后为注释。"
        },
        worked_template: "exponential",
        ..describe_scalar::<ExponentialMixture>(components, names, language)
    }
}
