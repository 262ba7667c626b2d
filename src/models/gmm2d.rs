//! The two-dimensional Gaussian mixture: K weights, means and covariances of
//! scikit-learn's four types, edited on the plane chart.

use super::start::{
    component, distinct_indices, parse_groups, parse_list, parse_number, parse_pairs, Given, Start,
};
use super::{
    blank, joined, Choice, Description, ObservationKind, ParameterColumn, Slider, StartSetting,
    TruthField,
};
use crate::charts::{ChartHooks, FitChart, ObservationAxis};
use crate::datasets;
use crate::em::{
    order_by_keys, permuted, ComponentFamily, CovarianceType, EStepRule, EmError, EmSettings,
    EmStepper, Field, Gaussian2, Gaussian2Params, List, MixtureParams, Symmetric2,
};
use crate::i18n::{excerpt, Language};
use crate::playground::{axis_summaries, or_one};
use crate::random::SplitMix64;
use crate::session::{
    symmetric, Fitted, Model, ModelFit, ModelKind, Observations, ParamsView, SessionError,
    TeachingModel,
};

/// Weights (numbers), means (pairs) and covariances (2 × 2 matrices).
pub const START_SETTINGS: &[StartSetting] = &[
    StartSetting::list("weights", &[]),
    StartSetting::list("means", &[2]),
    StartSetting::list("covariances", &[2, 2]),
];

/// K weights, 2-D means and covariances, fitted with covariances of
/// `covariance_type`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaneStart {
    pub weights: Vec<f64>,
    pub components: Vec<Gaussian2Params>,
    pub covariance_type: CovarianceType,
}

impl PlaneStart {
    /// Weights, means `x, y; …` and covariances `a, b, c, d; …` typed as lists.
    fn parse(
        [weights, means, covariances]: [&str; 3],
        covariance_type: CovarianceType,
    ) -> Result<Self, SessionError> {
        let means = parse_pairs(List::Means, means)?;
        let matrices = parse_groups::<4>(List::Covariances, covariances)?;
        if matrices.len() != means.len() {
            return Err(EmError::LengthMismatch {
                what: List::Covariances,
                expected: means.len(),
                got: matrices.len(),
            }
            .into());
        }
        let components = means
            .into_iter()
            .zip(matrices)
            .enumerate()
            .map(|(k, (mean, [xx, xy, yx, yy]))| {
                if xy != yx {
                    return Err(SessionError::AsymmetricCovariance { component: k });
                }
                Ok(Gaussian2Params {
                    mean,
                    covariance: Symmetric2 { xx, xy, yy },
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PlaneStart {
            weights: parse_list(List::Weights, weights)?,
            components,
            covariance_type,
        })
    }

    /// K components with equal weights, means at the points whose x is at
    /// the quantiles (k + ½)/K, and diagonal covariances with σ = sd / K
    /// along each axis.
    pub fn spread_over(points: &[[f64; 2]], k: usize, covariance_type: CovarianceType) -> Self {
        let by_x = permuted(
            points.to_vec(),
            &order_by_keys(points.iter().map(|p| [p[0], 0.0])),
        );
        let [sx, sy] = spreads(points).map(|sd| sd / k as f64);
        let at = |level: f64| by_x[((level * by_x.len() as f64) as usize).min(by_x.len() - 1)];
        PlaneStart {
            weights: vec![1.0 / k as f64; k],
            components: (0..k)
                .map(|j| Gaussian2Params {
                    mean: at((j as f64 + 0.5) / k as f64),
                    covariance: Symmetric2 {
                        xx: sx * sx,
                        xy: 0.0,
                        yy: sy * sy,
                    },
                })
                .collect(),
            covariance_type,
        }
    }

    /// The weights and components of θ as shown (to start again from them).
    pub fn shown(params: &ParamsView) -> Option<(Vec<f64>, Vec<Gaussian2Params>)> {
        let ParamsView::Gaussian2 {
            weights,
            means,
            covariances,
        } = params
        else {
            return None;
        };
        let components = means
            .iter()
            .zip(covariances)
            .map(|(&mean, c)| Gaussian2Params {
                mean,
                covariance: symmetric(c),
            })
            .collect();
        Some((weights.clone(), components))
    }

    /// Means as `x,y;…` and covariances as `a,b,c,d;…`.
    fn list_texts(&self) -> [String; 2] {
        let listed = |items: Vec<String>| items.join(";");
        [
            listed(self.components.iter().map(|c| joined(c.mean)).collect()),
            listed(
                self.components
                    .iter()
                    .map(|c| {
                        let Symmetric2 { xx, xy, yy } = c.covariance;
                        joined([xx, xy, xy, yy])
                    })
                    .collect(),
            ),
        ]
    }
}

impl Start for PlaneStart {
    fn kind(&self) -> ModelKind {
        ModelKind::Gmm2d
    }

    fn components(&self) -> usize {
        self.components.len()
    }

    /// Weights, means `x,y;…` and covariances `a,b,c,d;…` as the address
    /// writes them, and the covariance type unless it is full.
    fn texts(&self) -> Vec<(&'static str, String)> {
        let [means, covariances] = self.list_texts();
        let mut texts = vec![
            ("weights", joined(self.weights.iter().copied())),
            ("means", means),
            ("covariances", covariances),
        ];
        if self.covariance_type != CovarianceType::Full {
            texts.push(("covariance-type", self.covariance_type.name().to_string()));
        }
        texts
    }

    /// Keeps the covariance type. K is the number of means; a list not given
    /// keeps its values if K is unchanged, else weights are equal and each
    /// covariance is diagonal with the data's variances over K².
    fn read(&self, data: &Observations, given: &Given) -> Result<Box<dyn Start>, SessionError> {
        let [current_means, current_covariances] = self.list_texts();
        let means = given("means").unwrap_or(current_means);
        let k = parse_pairs(List::Means, &means)?.len();
        let unchanged = k == self.components.len();
        let weights = match given("weights") {
            Some(text) => text,
            None if unchanged => joined(self.weights.iter().copied()),
            None => vec!["1"; k].join(","),
        };
        let covariances = match given("covariances") {
            Some(text) => text,
            None if unchanged => current_covariances,
            None => {
                let [sx, sy] = spreads(data.points()).map(|sd| (sd / k.max(1) as f64).powi(2));
                vec![joined([sx, 0.0, 0.0, sy]); k].join(";")
            }
        };
        let start = PlaneStart::parse([&weights, &means, &covariances], self.covariance_type)?;
        Ok(Box::new(start))
    }

    /// Only the weights have sliders; means and covariances are dragged.
    fn set_param(&mut self, id: &str, index: usize, text: &str) -> Result<(), SessionError> {
        if id != "weight" {
            return Err(SessionError::UnknownParameter(excerpt(id)));
        }
        *component(&mut self.weights, index)? = parse_number(Field::Weight(index), text)?;
        Ok(())
    }

    fn file_columns(&self) -> usize {
        2
    }

    fn observations_in_columns(&self, columns: Vec<Vec<f64>>) -> Observations {
        let points: Vec<[f64; 2]> = columns[0]
            .iter()
            .zip(&columns[1])
            .map(|(&x, &y)| [x, y])
            .collect();
        points.into()
    }

    /// K − 1 weights, 2K mean coordinates, and per component 3 (full), 2
    /// (diagonal) or 1 (spherical) covariance numbers, or 3 shared (tied).
    fn free_parameters(&self) -> Vec<(List, usize)> {
        let k = self.components();
        let covariances = match self.covariance_type {
            CovarianceType::Full => 3 * k,
            CovarianceType::Diagonal => 2 * k,
            CovarianceType::Spherical => k,
            CovarianceType::Tied => 3,
        };
        vec![
            (List::Weights, k - 1),
            (List::Means, 2 * k),
            (List::Covariances, covariances),
        ]
    }

    fn spread(&self, data: &Observations, components: usize) -> Box<dyn Start> {
        Box::new(PlaneStart::spread_over(
            data.points(),
            components,
            self.covariance_type,
        ))
    }

    /// Means at distinct random points, random weights, and diagonal
    /// covariances with σ between 0.3 and 1 sd along each axis.
    fn random(&self, data: &Observations, rng: &mut SplitMix64) -> Box<dyn Start> {
        let k = self.components();
        let points = data.points();
        let spread = spreads(points);
        let indices = distinct_indices(rng, k, points.len());
        Box::new(PlaneStart {
            weights: (0..k).map(|_| 0.2 + rng.next_unit()).collect(),
            components: indices
                .iter()
                .map(|&i| {
                    let [sx, sy] = spread.map(|s| s * (0.3 + 0.7 * rng.next_unit()));
                    Gaussian2Params {
                        mean: points[i],
                        covariance: Symmetric2 {
                            xx: sx * sx,
                            xy: 0.0,
                            yy: sy * sy,
                        },
                    }
                })
                .collect(),
            covariance_type: self.covariance_type,
        })
    }

    /// The start is first made to fit its covariance type (see [`Gaussian2::conform`]).
    fn fit(
        &self,
        data: Observations,
        settings: EmSettings,
    ) -> Result<Box<dyn Fitted>, SessionError> {
        let Observations::Points(data) = data else {
            return Err(SessionError::WrongModelParameters);
        };
        let family = Gaussian2::for_data(self.covariance_type, &data);
        EmStepper::validate_data(&family, &data)?;
        // A matrix as typed must be valid before it is shaped to the type.
        for (k, component) in self.components.iter().enumerate() {
            ComponentFamily::validate_params(&family, k, component)?;
        }
        let mut components = self.components.clone();
        family.conform(&self.weights, &mut components);
        let params = MixtureParams::new(&family, self.weights.clone(), components)?;
        let stepper = EmStepper::new(family, data, params, settings)?;
        Ok(Box::new(ModelFit::<Gmm2d> {
            model: Model::new(stepper),
        }))
    }

    /// Points `x, y`, one pair a line or `x, y; x, y; …`.
    fn parse_data(&self, text: &str) -> Result<Observations, SessionError> {
        Ok(parse_pairs(List::Points, text)?.into())
    }

    fn plane(&mut self) -> Option<&mut PlaneStart> {
        Some(self)
    }

    fn covariance_type(&self) -> Option<CovarianceType> {
        Some(self.covariance_type)
    }

    fn clone_box(&self) -> Box<dyn Start> {
        Box::new(self.clone())
    }
}

/// Old Faithful with K = 2 full covariances.
pub fn default_setup() -> (Observations, &'static str, Box<dyn Start>) {
    let faithful = datasets::old_faithful();
    let start = PlaneStart::spread_over(&faithful, 2, CovarianceType::Full);
    (faithful.into(), "faithful", Box::new(start))
}

/// The points' standard deviations along x and y (1 where one is 0).
pub(crate) fn spreads(points: &[[f64; 2]]) -> [f64; 2] {
    axis_summaries(points).map(|axis| or_one(axis.sd))
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
    truth: &[&str],
) -> Result<Observations, SessionError> {
    let truth = super::truth_texts::<3>(truth)?;
    let model = PlaneStart::parse(truth, CovarianceType::Full)?;
    let PlaneStart {
        weights,
        components,
        ..
    } = &model;
    let means: Vec<[f64; 2]> = components.iter().map(|c| c.mean).collect();
    // Validate the true model with the engine's own checks.
    model.fit(means.into(), EmSettings::default())?;
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
    const CHARTS: ChartHooks = ChartHooks {
        fit: FitChart::Plane,
        observations: ObservationAxis::PointsByX,
    };

    /// Means as `[x, y]`, covariances as 2 × 2 arrays.
    fn params_view(params: &MixtureParams<Gaussian2Params>) -> ParamsView {
        let matrix = |Symmetric2 { xx, xy, yy }: Symmetric2| [[xx, xy], [xy, yy]];
        ParamsView::Gaussian2 {
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
    let sliders = (0..components).map(Slider::weight).collect();
    let weight = if english { "weight" } else { "权重" };
    Description {
        plane: true,
        observation: ObservationKind::Point,
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
