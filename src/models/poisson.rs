//! The Poisson mixture: K weights and rates λ, for counts (Hasselblad's
//! daily deaths).

use super::scalar::{
    describe_scalar, params_view, rate_bound, values_fit, values_landscape, values_landscapes,
    ScalarModel, ScalarNames, ScalarStart,
};
use super::start::{distinct_indices, spread_quantiles, Start};
use super::{Choice, Description, StartSetting, TruthField};
use crate::charts::{ChartHooks, Curve, FitChart, ObservationAxis};
use crate::datasets;
use crate::em::{log_factorial, EStepRule, EmStepper, Field, List, MixtureParams, Poisson};
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

/// P(x | λ) = λˣ e^(−λ) / x!.
fn probability(x: f64, _trials: f64, rate: f64) -> f64 {
    (x * rate.ln() - rate - log_factorial(x)).exp()
}

/// The smallest rate a start takes (a component at 0 would be degenerate).
const MIN_START_RATE: f64 = 0.1;

/// The Poisson mixture.
#[derive(Debug)]
pub struct PoissonMixture;

impl TeachingModel for PoissonMixture {
    type Family = Poisson;
    const KIND: ModelKind = ModelKind::Poisson;
    const CHARTS: ChartHooks = ChartHooks {
        fit: FitChart::Counts(Curve(probability)),
        observations: ObservationAxis::Values,
    };

    fn params_view(params: &MixtureParams<f64>) -> ParamsView {
        params_view::<Self>(params)
    }

    fn bound_slice(
        stepper: &EmStepper<Poisson>,
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
        model: &Model<Poisson>,
        axes: LandscapeAxes,
        distinct: &DistinctCache,
    ) -> Option<Landscape> {
        values_landscape(detail, model, axes, distinct, "λ")
    }
}

impl ScalarModel for PoissonMixture {
    const LIST: &'static str = "rates";
    const LIST_NAME: List = List::Rates;
    const SLIDER: &'static str = "rate";

    fn field(component: usize) -> Field {
        Field::Rate(component)
    }

    fn family() -> Poisson {
        Poisson
    }

    fn observations(data: Observations) -> Result<Vec<f64>, SessionError> {
        data.into_values()
    }

    /// Rates at the counts' quantiles (k + ½)/K, at least 0.1.
    fn spread(data: &Observations, components: usize) -> Vec<f64> {
        spread_quantiles(data.values(), components)
            .into_iter()
            .enumerate()
            .map(|(j, at)| (at + 0.5 * j as f64).max(MIN_START_RATE))
            .collect()
    }

    /// Rates at distinct random counts (at least 0.1), moved by up to ±½.
    fn random(data: &Observations, components: usize, rng: &mut SplitMix64) -> Vec<f64> {
        let values = data.values();
        distinct_indices(rng, components, values.len())
            .into_iter()
            .map(|i| (values[i] + rng.next_unit() - 0.5).max(MIN_START_RATE))
            .collect()
    }

    fn view(weights: Vec<f64>, rates: Vec<f64>) -> ParamsView {
        ParamsView::Rates { weights, rates }
    }
}

/// Hasselblad's 1,096 days.
pub fn preset(name: &str) -> Option<Observations> {
    (name == "hasselblad").then(|| datasets::hasselblad_deaths().into())
}

/// Hasselblad's data with two components spread over them.
pub fn default_setup() -> (Observations, &'static str, Box<dyn Start>) {
    let data: Observations = datasets::hasselblad_deaths().into();
    let start = ScalarStart::<PoissonMixture>::spread_over(&data, 2);
    (data, "hasselblad", Box::new(start))
}

/// Counts from the mixture with true weights and rates (comma-separated lists).
pub fn synthesize(
    size: usize,
    rng: &mut SplitMix64,
    truth: &[&str],
) -> Result<Observations, SessionError> {
    let [weights, rates] = super::truth_texts::<2>(truth)?;
    let model = ScalarStart::<PoissonMixture>::parse(weights, rates)?;
    model.mixture()?;
    let draws = (0..size).map(|_| {
        let k = rng.next_index(&model.weights);
        rng.next_poisson(model.values[k])
    });
    Ok(draws.collect::<Vec<f64>>().into())
}

pub fn label(language: Language) -> &'static str {
    match language {
        Language::English => "Poisson mixture (counts)",
        Language::Chinese => "泊松混合模型（计数）",
    }
}

pub fn describe(components: usize, range_max: f64, language: Language) -> Description {
    let english = language == Language::English;
    let names = ScalarNames {
        symbol: "λ",
        column: if english { "rate λ" } else { "速率 λ" },
        range: (0.1, (2.0 * range_max).max(5.0), 0.01),
    };
    let (landscapes, landscape_note) = values_landscapes(components, "λ", language);
    Description {
        landscapes,
        landscape_note,
        presets: vec![Choice::new(
            "hasselblad",
            if english {
                "Hasselblad: deaths a day, London 1910–12 (1,096 days)"
            } else {
                "Hasselblad：伦敦 1910–1912 年每日死亡人数（1096 天）"
            },
        )],
        truth: [
            (if english { "weights" } else { "权重" }, "1,1"),
            (if english { "rates" } else { "速率" }, "1,5"),
        ]
        .map(|(label, value)| TruthField { label, value })
        .to_vec(),
        data_label: if english { "Counts" } else { "计数" },
        data_help: if english {
            "Whole numbers 0, 1, 2, … separated by commas, spaces or new lines; # starts a comment."
        } else {
            "非负整数 0, 1, 2, …，用逗号、空格或换行分隔；# 之后为注释。"
        },
        worked_template: "poisson",
        ..describe_scalar::<PoissonMixture>(components, names, language)
    }
}
