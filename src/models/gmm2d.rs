//! The two-dimensional Gaussian mixture: K weights, means and covariances of
//! scikit-learn's four types, edited on the plane chart.

use super::{
    blank, joined, Choice, Description, ParameterColumn, Slider, StartSetting, TruthField,
};
use crate::datasets;
use crate::em::List;
use crate::em::{
    CovarianceType, EStepRule, EmSettings, Gaussian2, Gaussian2Params, MixtureParams, Symmetric2,
};
use crate::i18n::Language;
use crate::playground::{parse_gmm2d_start, parse_pairs, spreads};
use crate::random::SplitMix64;
use crate::session::{
    ModelKind, Observations, ParamsView, Session, SessionError, StartParams, TeachingModel,
};

/// Weights (numbers), means (pairs) and covariances (2 × 2 matrices).
pub const START_SETTINGS: &[StartSetting] = &[
    StartSetting::list("weights", &[]),
    StartSetting::list("means", &[2]),
    StartSetting::list("covariances", &[2, 2]),
];

/// Weights, means `x,y;…` and covariances `a,b,c,d;…` as the address writes
/// them, and the covariance type unless it is full.
pub fn start_texts(start: &StartParams) -> Vec<(&'static str, String)> {
    let StartParams::Gmm2d {
        weights,
        components,
        covariance_type,
    } = start
    else {
        return Vec::new();
    };
    let listed = |items: Vec<String>| items.join(";");
    let mut texts = vec![
        ("weights", joined(weights.iter().copied())),
        (
            "means",
            listed(components.iter().map(|c| joined(c.mean)).collect()),
        ),
        (
            "covariances",
            listed(
                components
                    .iter()
                    .map(|c| {
                        let Symmetric2 { xx, xy, yy } = c.covariance;
                        joined([xx, xy, xy, yy])
                    })
                    .collect(),
            ),
        ),
    ];
    if *covariance_type != CovarianceType::Full {
        texts.push(("covariance-type", covariance_type.name().to_string()));
    }
    texts
}

/// Weights, means and covariances from the settings given, keeping the
/// covariance type. K is the number of means; a list not given keeps its
/// values if K is unchanged, else weights are equal and each covariance is
/// diagonal with the data's variances over K².
pub fn read_start(
    current: &StartParams,
    points: &[[f64; 2]],
    given: &dyn Fn(&str) -> Option<String>,
) -> Result<StartParams, SessionError> {
    let StartParams::Gmm2d {
        weights,
        components,
        covariance_type,
    } = current
    else {
        return Err(SessionError::WrongModelParameters);
    };
    let text = |name: &str, current: String| given(name).unwrap_or(current);
    let current_texts = start_texts(current);
    let current_text = |name: &str| {
        current_texts
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(String::new(), |(_, t)| t.clone())
    };
    let means = text("means", current_text("means"));
    let k = parse_pairs(List::Means, &means)?.len();
    let unchanged = k == components.len();
    let weights = match given("weights") {
        Some(text) => text,
        None if unchanged => joined(weights.iter().copied()),
        None => vec!["1"; k].join(","),
    };
    let covariances = match given("covariances") {
        Some(text) => text,
        None if unchanged => current_text("covariances"),
        None => {
            let [sx, sy] = spreads(points).map(|sd| (sd / k.max(1) as f64).powi(2));
            vec![joined([sx, 0.0, 0.0, sy]); k].join(";")
        }
    };
    parse_gmm2d_start([&weights, &means, &covariances], *covariance_type)
}

/// Old Faithful: eruption duration × waiting time.
pub fn preset(name: &str) -> Option<Observations> {
    (name == "faithful").then(|| datasets::old_faithful().into())
}

/// Draws from the 2-D mixture with true weights, means (`x, y; …`) and
/// covariances (`a, b, c, d; …`): x = μ + Lz with Σ = LLᵀ and z standard normal.
pub fn synthesize(
    size: usize,
    rng: &mut SplitMix64,
    truth: [&str; 3],
) -> Result<Observations, SessionError> {
    let model = parse_gmm2d_start(truth, CovarianceType::Full)?;
    let StartParams::Gmm2d {
        weights,
        components,
        ..
    } = &model
    else {
        unreachable!("parse_gmm2d_start builds 2-D parameters")
    };
    let means: Vec<[f64; 2]> = components.iter().map(|c| c.mean).collect();
    // Validate the true model with the engine's own checks.
    Session::new(means, &model, EmSettings::default())?;
    let factors: Vec<[f64; 3]> = components.iter().map(|c| c.covariance.cholesky()).collect();
    let draws = (0..size).map(|_| {
        let k = rng.next_index(weights);
        let [l11, l21, l22] = factors[k];
        let (z1, z2) = (rng.next_normal(), rng.next_normal());
        let mean = components[k].mean;
        [mean[0] + l11 * z1, mean[1] + l21 * z1 + l22 * z2]
    });
    Ok(draws.collect::<Vec<[f64; 2]>>().into())
}

/// The two-dimensional Gaussian mixture (no bound chart or landscape yet).
pub struct Gmm2d;

impl TeachingModel for Gmm2d {
    type Family = Gaussian2;
    const KIND: ModelKind = ModelKind::Gmm2d;

    /// Means as `[x, y]`, covariances as 2 × 2 arrays.
    fn params_view(params: &MixtureParams<Gaussian2Params>) -> ParamsView {
        let matrix = |Symmetric2 { xx, xy, yy }: Symmetric2| [[xx, xy], [xy, yy]];
        ParamsView::Gmm2d {
            weights: params.weights().to_vec(),
            means: params.components().iter().map(|c| c.mean).collect(),
            covariances: params
                .components()
                .iter()
                .map(|c| matrix(c.covariance))
                .collect(),
        }
    }
}

/// EM and hard EM.
pub const RULES: &[EStepRule] = &[EStepRule::Posterior, EStepRule::Hard];

pub fn label(language: Language) -> &'static str {
    match language {
        Language::English => "Gaussian mixture (2-D)",
        Language::Chinese => "高斯混合模型（二维）",
    }
}

fn covariance_label(kind: CovarianceType, english: bool) -> &'static str {
    match (kind, english) {
        (CovarianceType::Full, true) => "full (any ellipse)",
        (CovarianceType::Diagonal, true) => "diagonal (axis-aligned)",
        (CovarianceType::Spherical, true) => "spherical (circles)",
        (CovarianceType::Tied, true) => "tied (one shared ellipse)",
        (CovarianceType::Full, false) => "完全（任意椭圆）",
        (CovarianceType::Diagonal, false) => "对角（与坐标轴对齐）",
        (CovarianceType::Spherical, false) => "球形（圆）",
        (CovarianceType::Tied, false) => "共享（所有分量同一椭圆）",
    }
}

pub fn describe(components: usize, language: Language) -> Description {
    let english = language == Language::English;
    // Means and covariances are dragged on the chart or typed as lists; weights have sliders.
    let sliders = (0..components)
        .map(|k| Slider {
            id: "weight",
            key: "weights",
            index: Some(k),
            label: format!("w{}", k + 1),
            min: 0.01,
            max: 1.0,
            step: 0.01,
        })
        .collect();
    let weight = if english { "weight" } else { "权重" };
    Description {
        plane: true,
        worked_template: "gaussian-2d",
        parameter_columns: vec![
            ParameterColumn::new(weight, "weight", "weights", &[]),
            ParameterColumn::new("μx", "meanX", "means", &[0]),
            ParameterColumn::new("μy", "meanY", "means", &[1]),
            ParameterColumn::new("Σxx", "covXX", "covariances", &[0, 0]),
            ParameterColumn::new("Σxy", "covXY", "covariances", &[0, 1]),
            ParameterColumn::new("Σyy", "covYY", "covariances", &[1, 1]),
        ],
        observation_header: "(x, y)",
        presets: vec![Choice::new(
            "faithful",
            if english {
                "Old Faithful: eruption (min) × waiting (min), 272 points"
            } else {
                "老忠实泉：喷发时长（分钟）× 等待时间（分钟），272 个点"
            },
        )],
        sliders,
        choose_components: true,
        covariance_types: CovarianceType::ALL
            .iter()
            .map(|&kind| Choice::new(kind.name(), covariance_label(kind, english)))
            .collect(),
        truth: [
            (
                if english {
                    "2-D weights"
                } else {
                    "权重（二维）"
                },
                "1,1,1",
            ),
            (
                if english {
                    "2-D means x, y; …"
                } else {
                    "均值 x, y; …"
                },
                "-3,0;3,0;0,4",
            ),
            (
                if english {
                    "2-D covariances a, b, c, d; …"
                } else {
                    "协方差矩阵 a, b, c, d; …"
                },
                "1,0.6,0.6,1;1,-0.5,-0.5,1;2,0,0,0.5",
            ),
        ]
        .map(|(label, value)| TruthField { label, value })
        .to_vec(),
        truth_separator: "|",
        fit_title: if english {
            "Points, ellipses and density: click to add, drag to move"
        } else {
            "数据点、椭圆与密度：点击添加，拖动移动"
        },
        data_label: if english {
            "Points x, y"
        } else {
            "数据点 x, y"
        },
        data_help: if english {
            "One point x, y per line (or x, y; x, y; …); # starts a comment. Or click on the chart."
        } else {
            "每行一个点 x, y（或写成 x, y; x, y; …）；# 之后为注释。也可以直接在图上点击。"
        },
        ..blank(ModelKind::Gmm2d, language)
    }
}
