//! The binomial mixture: K weights and success probabilities θ, for x
//! successes out of n trials (Do & Batzoglou's two coins).

use super::scalar::{describe_scalar, params_view, ScalarModel, ScalarNames, ScalarStart};

use super::scalar::{values_fit, values_landscapes};
use super::start::Start;
use super::{Choice, Description, ObservationKind, StartSetting, TruthField};
use crate::charts::{ChartHooks, Curve, FitChart, ObservationAxis};
use crate::datasets;
use crate::em::{
    log_binomial_coefficient, order_by_keys, parse_fractions, sort_numbers, Binomial, EStepRule,
    EmStepper, Field, List, MixtureParams, Successes,
};
use crate::i18n::Language;
use crate::random::SplitMix64;
use crate::session::{
    grouped_landscape, scalar_bound, BoundSlice, Detail, DistinctCache, Landscape, LandscapeAxes,
    Model, ModelKind, Observations, ParamsView, SessionError, SliceData, SliceParameter,
    TeachingModel, LANDSCAPE_MAX_DISTINCT,
};

/// Weights, probabilities, the trials of bare counts, and fixed weights.
pub const START_SETTINGS: &[StartSetting] = &[
    StartSetting::list("weights", &[]),
    StartSetting::list("probabilities", &[]),
    StartSetting::number("trials"),
    StartSetting::number("fixed-weights"),
];

/// EM and hard EM.
pub const RULES: &[EStepRule] = &[EStepRule::Posterior, EStepRule::Hard];

/// Probabilities are started and drawn within [0.05, 0.95].
const START_RANGE: (f64, f64) = (0.05, 0.95);

/// P(x | n, θ) = C(n, x) θˣ (1 − θ)ⁿ⁻ˣ.
fn probability(x: f64, trials: f64, p: f64) -> f64 {
    if x < 0.0 || x > trials {
        return 0.0;
    }
    let log = |a: f64, b: f64| if a == 0.0 { 0.0 } else { a * b.ln() };
    (log_binomial_coefficient(trials, x) + log(x, p) + log(trials - x, 1.0 - p)).exp()
}

/// The binomial mixture.
#[derive(Debug)]
pub struct BinomialMixture;

impl TeachingModel for BinomialMixture {
    type Family = Binomial;
    const KIND: ModelKind = ModelKind::Binomial;
    const CHARTS: ChartHooks = ChartHooks {
        fit: FitChart::Counts(Curve(probability)),
        observations: ObservationAxis::Values,
    };

    fn params_view(params: &MixtureParams<f64>) -> ParamsView {
        params_view::<Self>(params)
    }

    /// Along a weight or a probability, over (0, 1).
    fn bound_slice(
        stepper: &EmStepper<Binomial>,
        _distinct: &DistinctCache,
        parameter: SliceParameter,
        component: usize,
    ) -> Option<BoundSlice> {
        scalar_bound(
            stepper,
            SliceData::Every,
            parameter,
            component,
            SliceParameter::Probability,
            |_| 0.001..0.999,
        )
    }

    fn landscape_fits(axes: LandscapeAxes, components: usize) -> bool {
        values_fit(axes, components)
    }

    /// θ of two components over [0, 1] (the paper's θ_A × θ_B), over the
    /// different counts x/n, when there are at most 1,024 of them.
    fn landscape(
        detail: Detail,
        model: &Model<Binomial>,
        axes: LandscapeAxes,
        _distinct: &DistinctCache,
    ) -> Option<Landscape> {
        let data = model.stepper.data();
        let order = order_by_keys(data.iter().map(|x| [x.successes, x.trials]));
        let counts: Vec<(u64, u64)> = order
            .iter()
            .map(|&i| (data[i].successes.to_bits(), data[i].trials.to_bits()))
            .collect();
        let mut groups: Vec<(Successes, f64)> = Vec::new();
        for chunk in counts.chunk_by(|a, b| a == b) {
            if groups.len() == LANDSCAPE_MAX_DISTINCT {
                return None;
            }
            let (x, n) = chunk[0];
            let successes = Successes::new(f64::from_bits(x), f64::from_bits(n));
            groups.push((successes, chunk.len() as f64));
        }
        grouped_landscape(detail, model, axes, &groups, [0.0, 1.0], "θ")
    }
}

impl ScalarModel for BinomialMixture {
    const LIST: &'static str = "probabilities";
    const LIST_NAME: List = List::Probabilities;
    const SLIDER: &'static str = "probability";
    const FIXED_WEIGHTS: bool = true;
    const TRIALS: bool = true;

    fn field(component: usize) -> Field {
        Field::Probability(component)
    }

    fn family() -> Binomial {
        Binomial
    }

    fn observations(data: Observations) -> Result<Vec<Successes>, SessionError> {
        match data {
            Observations::Counts(counts) => Ok(counts
                .into_iter()
                .map(|[x, n]| Successes::new(x, n))
                .collect()),
            _ => Err(SessionError::WrongModelParameters),
        }
    }

    /// Probabilities at the quantiles (k + ½)/K of the shares of successes,
    /// within [0.05, 0.95] and apart.
    fn spread(data: &Observations, components: usize) -> Vec<f64> {
        let mut shares: Vec<f64> = data.counts().iter().map(|[x, n]| x / n).collect();
        sort_numbers(&mut shares);
        let (low, high) = START_RANGE;
        (0..components)
            .map(|j| {
                let level = (j as f64 + 0.5) / components as f64;
                let at = shares
                    .get(((level * shares.len() as f64) as usize).min(shares.len().max(1) - 1))
                    .copied()
                    .unwrap_or(0.5);
                // Equal shares would start every component alike: spread them.
                (at + 0.1 * (level - 0.5)).clamp(low, high)
            })
            .collect()
    }

    /// Probabilities uniform in [0.05, 0.95].
    fn random(_data: &Observations, components: usize, rng: &mut SplitMix64) -> Vec<f64> {
        let (low, high) = START_RANGE;
        (0..components)
            .map(|_| low + (high - low) * rng.next_unit())
            .collect()
    }

    fn view(weights: Vec<f64>, probabilities: Vec<f64>) -> ParamsView {
        ParamsView::Probabilities {
            weights,
            probabilities,
        }
    }

    /// wₖ = Nₖ / N and θₖ = Σ xᵢ / Σ nᵢ over the observations of component k
    /// (Do & Batzoglou's Figure 1a), if every component has some.
    fn complete_data(data: &Observations, labels: &[usize], k: usize) -> Option<ParamsView> {
        let counts = data.counts();
        if labels.len() != counts.len() || counts.is_empty() {
            return None;
        }
        let mut totals = vec![(0.0, 0.0, 0.0); k];
        for (&label, &[x, n]) in labels.iter().zip(counts) {
            let total = totals.get_mut(label)?;
            *total = (total.0 + 1.0, total.1 + x, total.2 + n);
        }
        if totals.iter().any(|t| t.0 == 0.0) {
            return None;
        }
        let size = counts.len() as f64;
        Some(ParamsView::Probabilities {
            weights: totals.iter().map(|t| t.0 / size).collect(),
            probabilities: totals.iter().map(|t| t.1 / t.2).collect(),
        })
    }

    /// Successes, each out of the start's trials.
    fn observations_in_column(start: &ScalarStart<Self>, values: Vec<f64>) -> Observations {
        Observations::Counts(values.into_iter().map(|x| [x, start.trials]).collect())
    }

    /// Counts `x/n`, or `x` out of the start's trials.
    fn parse_data(start: &ScalarStart<Self>, text: &str) -> Result<Observations, SessionError> {
        let counts = parse_fractions(text)?
            .into_iter()
            .map(|(x, n)| [x, n.unwrap_or(start.trials)])
            .collect();
        Ok(Observations::Counts(counts))
    }

    /// Bare counts when all have the start's trials, else `x/n`.
    fn data_text(start: &ScalarStart<Self>, data: &Observations, limit: usize) -> String {
        let counts = data.counts();
        if counts.iter().all(|c| c[1] == start.trials) {
            let texts: Vec<String> = counts
                .iter()
                .take(limit)
                .map(|c| c[0].to_string())
                .collect();
            texts.join(", ")
        } else {
            data.text(limit)
        }
    }
}

/// Do & Batzoglou's start: θ_A = 0.6, θ_B = 0.5, weights fixed at ½.
fn paper_start() -> ScalarStart<BinomialMixture> {
    let mut start = ScalarStart::new(vec![0.5, 0.5], vec![0.6, 0.5]);
    start.fixed_weights = true;
    start
}

/// Do & Batzoglou's five sets of ten tosses.
pub fn preset(name: &str) -> Option<Observations> {
    (name == "do-batzoglou").then(|| Observations::Counts(datasets::do_batzoglou_tosses()))
}

/// The start that comes with a preset: the paper's.
pub fn preset_start(name: &str) -> Option<Box<dyn Start>> {
    (name == "do-batzoglou").then(|| Box::new(paper_start()) as Box<dyn Start>)
}

/// The coin of each of Do & Batzoglou's sets (A first).
pub fn preset_labels(name: &str) -> Option<Vec<usize>> {
    (name == "do-batzoglou").then(datasets::do_batzoglou_coins)
}

/// Do & Batzoglou's data and start.
pub fn default_setup() -> (Observations, &'static str, Box<dyn Start>) {
    let data = preset("do-batzoglou").expect("the preset exists");
    (data, "do-batzoglou", Box::new(paper_start()))
}

/// Counts from the mixture with true weights and probabilities (lists),
/// each out of the trials typed third.
pub fn synthesize(
    size: usize,
    rng: &mut SplitMix64,
    truth: &[&str],
) -> Result<Observations, SessionError> {
    let [weights, probabilities, trials] = super::truth_texts::<3>(truth)?;
    let model = ScalarStart::<BinomialMixture>::parse(weights, probabilities)?;
    model.mixture()?;
    let trials = super::scalar::parse_trials(trials)?;
    let draws = (0..size).map(|_| {
        let k = rng.next_index(&model.weights);
        [rng.next_binomial(trials, model.values[k]), trials]
    });
    Ok(Observations::Counts(draws.collect()))
}

pub fn label(language: Language) -> &'static str {
    match language {
        Language::English => "Binomial mixture (two coins, Do & Batzoglou)",
        Language::Chinese => "二项混合模型（两枚硬币，Do & Batzoglou）",
    }
}

pub fn describe(components: usize, language: Language) -> Description {
    let english = language == Language::English;
    let names = ScalarNames {
        symbol: "θ",
        column: if english {
            "success probability θ"
        } else {
            "成功概率 θ"
        },
        range: (0.0, 1.0, 0.01),
    };
    let (landscapes, landscape_note) = values_landscapes(components, "θ", language);
    Description {
        landscapes,
        landscape_note,
        presets: vec![Choice::new(
            "do-batzoglou",
            if english {
                "Do & Batzoglou 2008: 5 sets of 10 tosses"
            } else {
                "Do & Batzoglou 2008：5 组，每组掷 10 次"
            },
        )],
        truth: [
            (if english { "weights" } else { "权重" }, "1,1"),
            (
                if english {
                    "probabilities"
                } else {
                    "成功概率"
                },
                "0.8,0.3",
            ),
            (if english { "trials" } else { "试验次数" }, "10"),
        ]
        .map(|(label, value)| TruthField { label, value })
        .to_vec(),
        observation_header: "x / n",
        observation: ObservationKind::Count,
        complete_data_label: Some(if english {
            "If we knew which coin (complete data, the paper's Figure 1a)"
        } else {
            "如果知道是哪枚硬币（完全数据，论文图 1a）"
        }),
        flags: vec![Choice::new(
            "fixed-weights",
            if english {
                "hold the weights fixed (the paper picks each coin with probability ½)"
            } else {
                "固定权重（论文中每枚硬币被选中的概率都是 ½）"
            },
        )],
        data_settings: &["trials"],
        data_label: if english {
            "Successes (x or x/n)"
        } else {
            "成功次数（x 或 x/n）"
        },
        data_help: if english {
            "Successes out of trials as x/n (5/10), or bare x out of the trials= setting (10 unless set); separate with commas, spaces or new lines."
        } else {
            "成功次数写成 x/n（如 5/10），或只写 x（试验次数取 trials= 的设置，默认 10）；用逗号、空格或换行分隔。"
        },
        model_note: Some(if english {
            "With one trial per observation (trials=1) and two components this is Li Hang's three-coin model: w₁ is π, θ₁ is p and θ₂ is q, and the same data and start give the same fit.".to_string()
        } else {
            "每个观测只有一次试验（trials=1）且有两个分量时，这就是李航的三硬币模型：w₁ 即 π，θ₁ 即 p，θ₂ 即 q；同样的数据和初值给出同样的拟合。".to_string()
        }),
        worked_template: "binomial",
        ..describe_scalar::<BinomialMixture>(components, names, language)
    }
}
