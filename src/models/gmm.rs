//! The one-dimensional Gaussian mixture: K weights, means and σ.

use super::{
    blank, joined, landscape_value, subscript, Choice, DataRange, Description, ParameterColumn,
    Slider, StartSetting, TruthField,
};
use crate::charts::{ChartHooks, FitChart, ObservationAxis};
use crate::datasets;
use crate::em::{
    gaussian_mixture, EStepRule, EmSettings, EmStepper, Field, Gaussian, GaussianParams, List,
    MixtureParams,
};
use crate::i18n::{excerpt, Language};
use crate::playground::{or_one, DataSummary};
use crate::random::SplitMix64;
use crate::session::{
    gaussians_bound, gaussians_landscape, BoundSlice, Detail, DistinctCache, Fitted, Landscape,
    LandscapeAxes, Model, ModelFit, ModelKind, Observations, ParamsView, SessionError, SliceData,
    SliceParameter, TeachingModel, LANDSCAPE_MAX_DISTINCT,
};

use super::start::{
    component, distinct_indices, list_or_kept, parse_list, parse_number, spread_quantiles, Given,
    Start,
};

/// Weights, means and σ, one number per component each.
pub const START_SETTINGS: &[StartSetting] = &[
    StartSetting::list("weights", &[]),
    StartSetting::list("means", &[]),
    StartSetting::list("sigmas", &[]),
];

/// K weights, means and standard deviations.
#[derive(Debug, Clone, PartialEq)]
pub struct GaussianStart {
    pub weights: Vec<f64>,
    pub means: Vec<f64>,
    pub sigmas: Vec<f64>,
}

impl GaussianStart {
    /// Parses weights, means and σ typed as lists.
    fn parse([weights, means, sigmas]: [&str; 3]) -> Result<Self, SessionError> {
        Ok(GaussianStart {
            weights: parse_list(List::Weights, weights)?,
            means: parse_list(List::Means, means)?,
            sigmas: parse_list(List::Sigmas, sigmas)?,
        })
    }

    /// K components with equal weights, means at the data quantiles
    /// (k + ½)/K and σ = sd / K.
    pub fn spread_over(data: &[f64], k: usize) -> Self {
        GaussianStart {
            weights: vec![1.0 / k as f64; k],
            means: spread_quantiles(data, k),
            sigmas: vec![nonzero_spread(data) / k as f64; k],
        }
    }
}

/// The data's standard deviation, or 1 when all values are equal.
fn nonzero_spread(data: &[f64]) -> f64 {
    or_one(DataSummary::of(data).sd)
}

impl Start for GaussianStart {
    fn kind(&self) -> ModelKind {
        ModelKind::Gmm
    }

    fn components(&self) -> usize {
        self.means.len()
    }

    /// Weights, means and σ as the address writes them.
    fn texts(&self) -> Vec<(&'static str, String)> {
        vec![
            ("weights", joined(self.weights.iter().copied())),
            ("means", joined(self.means.iter().copied())),
            ("sigmas", joined(self.sigmas.iter().copied())),
        ]
    }

    /// K is the number of means; a list not given keeps its values if K is
    /// unchanged, else weights are equal and σ is the data's sd over K.
    fn read(&self, data: &Observations, given: &Given) -> Result<Box<dyn Start>, SessionError> {
        let means = match given("means") {
            Some(text) => parse_list(List::Means, &text)?,
            None => self.means.clone(),
        };
        let k = means.len();
        let sd = nonzero_spread(data.values()) / k.max(1) as f64;
        Ok(Box::new(GaussianStart {
            weights: list_or_kept(given("weights"), List::Weights, &self.weights, k, 1.0)?,
            means,
            sigmas: list_or_kept(given("sigmas"), List::Sigmas, &self.sigmas, k, sd)?,
        }))
    }

    fn set_param(&mut self, id: &str, index: usize, text: &str) -> Result<(), SessionError> {
        let (slot, field) = match id {
            "weight" => (component(&mut self.weights, index)?, Field::Weight(index)),
            "mean" => (component(&mut self.means, index)?, Field::Mean(index)),
            "sigma" => (component(&mut self.sigmas, index)?, Field::Sigma(index)),
            _ => return Err(SessionError::UnknownParameter(excerpt(id))),
        };
        *slot = parse_number(field, text)?;
        Ok(())
    }

    /// K − 1 weights, K means and K σ: 3K − 1.
    fn free_parameters(&self) -> Vec<(List, usize)> {
        let k = self.components();
        vec![(List::Weights, k - 1), (List::Means, k), (List::Sigmas, k)]
    }

    /// Means at the quantiles (k + ½)/K, equal weights, σ = data sd / K.
    fn spread(&self, data: &Observations, components: usize) -> Box<dyn Start> {
        Box::new(GaussianStart::spread_over(data.values(), components))
    }

    /// Means at distinct random data points, random weights and σ between
    /// 0.3 and 1 data standard deviation.
    fn random(&self, data: &Observations, rng: &mut SplitMix64) -> Box<dyn Start> {
        let k = self.components();
        let values = data.values();
        let sd = nonzero_spread(values);
        let indices = distinct_indices(rng, k, values.len());
        Box::new(GaussianStart {
            weights: (0..k).map(|_| 0.2 + rng.next_unit()).collect(),
            means: indices.iter().map(|&i| values[i]).collect(),
            sigmas: (0..k).map(|_| sd * (0.3 + 0.7 * rng.next_unit())).collect(),
        })
    }

    fn fit(
        &self,
        data: Observations,
        settings: EmSettings,
    ) -> Result<Box<dyn Fitted>, SessionError> {
        let data = data.into_values()?;
        let family = Gaussian::for_data(&data);
        EmStepper::validate_data(&family, &data)?;
        let params = gaussian_mixture(&family, &self.weights, &self.means, &self.sigmas)?;
        let stepper = EmStepper::new(family, data, params, settings)?;
        Ok(Box::new(ModelFit::<Gmm> {
            model: Model::new(stepper),
        }))
    }

    fn clone_box(&self) -> Box<dyn Start> {
        Box::new(self.clone())
    }
}

/// Li Hang's Exercise 9.3 with K = 2.
pub fn default_setup() -> (Observations, &'static str, Box<dyn Start>) {
    let data = datasets::GAUSSIAN_EXERCISE.to_vec();
    let start = GaussianStart::spread_over(&data, 2);
    (data.into(), "exercise", Box::new(start))
}

/// Li Hang's Exercise 9.3, Old Faithful's eruption durations, or the galaxies.
pub fn preset(name: &str) -> Option<Observations> {
    match name {
        "exercise" => Some(datasets::GAUSSIAN_EXERCISE.to_vec().into()),
        "faithful" => Some(datasets::old_faithful_eruptions().into()),
        "galaxies" => Some(datasets::galaxy_velocities().into()),
        _ => None,
    }
}

/// Draws from the mixture with true weights, means and σ (comma-separated lists).
pub fn synthesize(
    size: usize,
    rng: &mut SplitMix64,
    truth: &[&str],
) -> Result<Observations, SessionError> {
    let truth = super::truth_texts::<3>(truth)?;
    let model = GaussianStart::parse(truth)?;
    let GaussianStart {
        weights,
        means,
        sigmas,
    } = &model;
    // Validate the true model with the engine's own checks.
    model.fit(means.clone().into(), EmSettings::default())?;
    let draws = (0..size).map(|_| {
        let k = rng.next_index(weights);
        means[k] + sigmas[k] * rng.next_normal()
    });
    Ok(draws.collect::<Vec<f64>>().into())
}

/// The one-dimensional Gaussian mixture.
pub struct Gmm;

impl TeachingModel for Gmm {
    type Family = Gaussian;
    const KIND: ModelKind = ModelKind::Gmm;
    const CHARTS: ChartHooks = ChartHooks {
        fit: FitChart::Gaussians,
        observations: ObservationAxis::Values,
    };

    fn params_view(params: &MixtureParams<GaussianParams>) -> ParamsView {
        ParamsView::Gaussian {
            weights: params.weights().to_vec(),
            means: params.components().iter().map(|c| c.mean).collect(),
            sigmas: params.components().iter().map(|c| c.sigma).collect(),
        }
    }

    fn bound_slice(
        stepper: &EmStepper<Gaussian>,
        distinct: &DistinctCache,
        parameter: SliceParameter,
        component: usize,
    ) -> Option<BoundSlice> {
        let data = SliceData::distinct(distinct.for_bound(stepper.data()));
        gaussians_bound(stepper, data, parameter, component)
    }

    /// Two different components' means, or one component's mean and σ.
    fn landscape_fits(axes: LandscapeAxes, components: usize) -> bool {
        match axes {
            LandscapeAxes::Means { first, second } => {
                first != second && first.max(second) < components
            }
            LandscapeAxes::MeanSigma { component } => component < components,
            _ => false,
        }
    }

    fn landscape(
        detail: Detail,
        model: &Model<Gaussian>,
        axes: LandscapeAxes,
        distinct: &DistinctCache,
    ) -> Option<Landscape> {
        gaussians_landscape(
            detail,
            model,
            axes,
            distinct.for_landscape(model.stepper.data(), detail),
        )
    }
}

/// EM and hard EM (the homework's mistake is about the coins' joint).
pub const RULES: &[EStepRule] = &[EStepRule::Posterior, EStepRule::Hard];

pub fn label(language: Language) -> &'static str {
    match language {
        Language::English => "Gaussian mixture (1-D)",
        Language::Chinese => "高斯混合模型（一维）",
    }
}

/// μ₁ and μ₂ for two or more components, else μ₁ and σ₁.
pub fn default_landscape(components: usize) -> LandscapeAxes {
    if components >= 2 {
        LandscapeAxes::Means {
            first: 0,
            second: 1,
        }
    } else {
        LandscapeAxes::MeanSigma { component: 0 }
    }
}

pub fn describe(
    components: usize,
    range: DataRange,
    size: usize,
    language: Language,
) -> Description {
    let english = language == Language::English;
    let presets = [
        (
            "exercise",
            "Li Hang, Exercise 9.3 (15 values)",
            "李航 习题 9.3（15 个数）",
        ),
        (
            "faithful",
            "Old Faithful eruptions, minutes (272)",
            "老忠实泉喷发时长，分钟（272）",
        ),
        (
            "galaxies",
            "Galaxy velocities, 1000 km/s (82)",
            "星系速度，1000 km/s（82）",
        ),
    ]
    .map(|(value, en, zh)| Choice::new(value, if english { en } else { zh }))
    .to_vec();
    let mut slices = Vec::new();
    let mut sliders = Vec::new();
    // Sliders span the data and a tenth either side; σ up to the data's span (or 2 sd).
    let span = (range.max - range.min).max(1e-9);
    for k in 0..components {
        let s = subscript(k);
        slices.push(Choice::new(format!("mean:{k}"), format!("μ{s}")));
        slices.push(Choice::new(format!("sigma:{k}"), format!("σ{s}")));
        if components > 1 {
            slices.push(Choice::new(format!("weight:{k}"), format!("w{s}")));
        }
        sliders.push(Slider::weight(k));
        let (low, high) = (range.min - 0.1 * span, range.max + 0.1 * span);
        let label = format!("μ{}", k + 1);
        sliders.push(Slider::component(
            "mean",
            "means",
            k,
            label,
            (low, high, span / 500.0),
        ));
        let widest = span.max(2.0 * range.sd);
        let label = format!("σ{}", k + 1);
        sliders.push(Slider::component(
            "sigma",
            "sigmas",
            k,
            label,
            (span / 500.0, widest, span / 500.0),
        ));
    }
    let mut landscapes = Vec::new();
    for first in 0..components {
        for second in first + 1..components {
            let axes = LandscapeAxes::Means { first, second };
            let label = format!("μ{}, μ{}", subscript(first), subscript(second));
            landscapes.push(Choice::new(landscape_value(axes), label));
        }
    }
    for component in 0..components {
        let axes = LandscapeAxes::MeanSigma { component };
        let label = format!("μ{0}, σ{0}", subscript(component));
        landscapes.push(Choice::new(landscape_value(axes), label));
    }
    let mut landscape_note = String::from(if english {
        "log L over two parameters, the others held at their current values (so the picture changes as EM steps). Bright is high; the white cross is the highest cell. The black path is EM, one dot per iteration."
    } else {
        "其余参数固定为当前值时，log L 随两个参数的变化（所以 EM 每走一步图都会变）。越亮越高；白色十字是最高的格点。黑色路径是 EM，每次迭代一个点。"
    });
    if size > LANDSCAPE_MAX_DISTINCT {
        landscape_note.push_str(if english {
            " When the data have more than 1024 different values, the landscape uses them rounded to 1/1024 of their range, so that it stays quick to redraw (and, just after a step, a coarser draft rounded to 1/256 until you pause)."
        } else {
            "当数据中不同的取值超过 1024 个时，地形图使用按取值范围的 1/1024 取整后的数据，以便快速重绘（刚走完一步时先显示按 1/256 取整的粗略草图，停下后再细化）。"
        });
    }
    let (weight, mean) = if english {
        ("weight", "mean μ")
    } else {
        ("权重", "均值 μ")
    };
    let sigma_squared = ParameterColumn {
        label: "σ²".into(),
        csv: None,
        key: "sigmas",
        at: &[],
        squared: true,
    };
    Description {
        presets,
        landscape_note,
        worked_template: "gaussian-1d",
        parameter_columns: vec![
            ParameterColumn::new(weight, "weight", "weights", &[]),
            ParameterColumn::new(mean, "mean", "means", &[]),
            ParameterColumn::new("σ", "sigma", "sigmas", &[]),
            sigma_squared,
        ],
        slices,
        landscapes,
        sliders,
        choose_components: true,
        truth: [
            (if english { "weights" } else { "权重" }, "1,1"),
            (if english { "means" } else { "均值" }, "-2,2"),
            (if english { "sigmas" } else { "σ" }, "1,1"),
        ]
        .map(|(label, value)| TruthField { label, value })
        .to_vec(),
        ..blank(ModelKind::Gmm, language)
    }
}
