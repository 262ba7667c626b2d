//! Li Hang's three-coin model (Example 9.1): π, p and q on 0/1 tosses.

use super::{
    blank, landscape_value, Choice, Description, ParameterColumn, Slider, StartSetting, TruthField,
};
use crate::charts::{ChartHooks, FitChart, ObservationAxis};
use crate::datasets::COIN_TOSSES;
use crate::em::EmSettings;
use crate::em::{Bernoulli, EStepRule, EmStepper, Field, List, MixtureParams, ThreeCoins};
use crate::i18n::{excerpt, Language};
use crate::random::SplitMix64;
use crate::session::{
    coins_bound, coins_landscape, BoundSlice, Detail, DistinctCache, Fitted, Landscape,
    LandscapeAxes, Model, ModelFit, ModelKind, Observations, ParamsView, SessionError, SliceData,
    SliceParameter, TeachingModel,
};

use super::start::{parse_number, Given, Start};

/// π, p and q, one number each.
pub const START_SETTINGS: &[StartSetting] = &[
    StartSetting::number("pi"),
    StartSetting::number("p"),
    StartSetting::number("q"),
];

impl Start for ThreeCoins {
    fn kind(&self) -> ModelKind {
        ModelKind::Coins
    }

    fn components(&self) -> usize {
        2
    }

    /// π, p and q as the address writes them.
    fn texts(&self) -> Vec<(&'static str, String)> {
        vec![
            ("pi", self.pi.to_string()),
            ("p", self.p.to_string()),
            ("q", self.q.to_string()),
        ]
    }

    /// π, p and q from the settings given, the others kept.
    fn read(&self, _data: &Observations, given: &Given) -> Result<Box<dyn Start>, SessionError> {
        let read = |name, field, value: f64| match given(name) {
            Some(text) => parse_number(field, &text),
            None => Ok(value),
        };
        Ok(Box::new(ThreeCoins {
            pi: read("pi", Field::Pi, self.pi)?,
            p: read("p", Field::P, self.p)?,
            q: read("q", Field::Q, self.q)?,
        }))
    }

    fn set_param(&mut self, id: &str, _index: usize, text: &str) -> Result<(), SessionError> {
        let (slot, field) = match id {
            "pi" => (&mut self.pi, Field::Pi),
            "p" => (&mut self.p, Field::P),
            "q" => (&mut self.q, Field::Q),
            _ => return Err(SessionError::UnknownParameter(excerpt(id))),
        };
        *slot = parse_number(field, text)?;
        Ok(())
    }

    /// π = ½ with p and q 0.2 either side of the observed share of heads.
    fn spread(&self, data: &Observations, _components: usize) -> Box<dyn Start> {
        let values = data.values();
        let heads = values.iter().sum::<f64>() / values.len().max(1) as f64;
        Box::new(ThreeCoins {
            pi: 0.5,
            p: (heads + 0.2).min(0.95),
            q: (heads - 0.2).max(0.05),
        })
    }

    /// π, p and q uniform in [0.05, 0.95].
    fn random(&self, _data: &Observations, rng: &mut SplitMix64) -> Box<dyn Start> {
        let mut draw = || 0.05 + 0.9 * rng.next_unit();
        Box::new(ThreeCoins {
            pi: draw(),
            p: draw(),
            q: draw(),
        })
    }

    fn fit(
        &self,
        data: Observations,
        settings: EmSettings,
    ) -> Result<Box<dyn Fitted>, SessionError> {
        let stepper = EmStepper::new(Bernoulli, data.into_values()?, self.mixture()?, settings)?;
        Ok(Box::new(ModelFit::<Coins> {
            model: Model::new(stepper),
        }))
    }

    fn choose_components(&self) -> bool {
        false
    }

    /// π, p and q.
    fn free_parameters(&self) -> Vec<(List, usize)> {
        vec![(List::Weights, 1), (List::Probabilities, 2)]
    }

    fn clone_box(&self) -> Box<dyn Start> {
        Box::new(*self)
    }
}

/// The seed's exercise: (π, p, q) = (0.46, 0.55, 0.67) on Li Hang's tosses.
pub fn default_setup() -> (Observations, &'static str, Box<dyn Start>) {
    let start = ThreeCoins {
        pi: 0.46,
        p: 0.55,
        q: 0.67,
    };
    (COIN_TOSSES.to_vec().into(), "li-hang", Box::new(start))
}

/// Li Hang's ten tosses.
pub fn preset(name: &str) -> Option<Observations> {
    (name == "li-hang").then(|| COIN_TOSSES.to_vec().into())
}

/// Tosses of the three-coin model with true (π, p, q): coin A picks B or C,
/// which is tossed once.
pub fn synthesize(
    size: usize,
    rng: &mut SplitMix64,
    truth: &[&str],
) -> Result<Observations, SessionError> {
    let truth = super::truth_texts::<3>(truth)?;
    let coins = ThreeCoins {
        pi: parse_number(Field::Pi, truth[0])?,
        p: parse_number(Field::P, truth[1])?,
        q: parse_number(Field::Q, truth[2])?,
    };
    coins.mixture()?;
    let tosses = (0..size).map(|_| {
        let heads = if rng.next_unit() <= coins.pi {
            coins.p
        } else {
            coins.q
        };
        f64::from(u8::from(rng.next_unit() <= heads))
    });
    Ok(tosses.collect::<Vec<f64>>().into())
}

/// The three-coin model: a two-component Bernoulli mixture with weights (π, 1 − π).
pub struct Coins;

impl TeachingModel for Coins {
    type Family = Bernoulli;
    const KIND: ModelKind = ModelKind::Coins;
    const CHARTS: ChartHooks = ChartHooks {
        fit: FitChart::ThreeCoins,
        observations: ObservationAxis::Tosses,
    };

    fn params_view(params: &MixtureParams<f64>) -> ParamsView {
        let ThreeCoins { pi, p, q } = ThreeCoins::from_mixture(params);
        ParamsView::ThreeCoins { pi, p, q }
    }

    fn bound_slice(
        stepper: &EmStepper<Bernoulli>,
        distinct: &DistinctCache,
        parameter: SliceParameter,
        component: usize,
    ) -> Option<BoundSlice> {
        let data = SliceData::distinct(distinct.for_bound(stepper.data()));
        coins_bound(stepper, data, parameter, component)
    }

    fn landscape_fits(axes: LandscapeAxes, _components: usize) -> bool {
        axes == LandscapeAxes::CoinHeads
    }

    fn landscape(
        detail: Detail,
        model: &Model<Bernoulli>,
        axes: LandscapeAxes,
        distinct: &DistinctCache,
    ) -> Option<Landscape> {
        coins_landscape(
            detail,
            model,
            axes,
            distinct.for_landscape(model.stepper.data(), detail),
        )
    }
}

/// EM, hard EM, and the homework's mistake (averaging the unnormalised joint).
pub const RULES: &[EStepRule] = &[EStepRule::Posterior, EStepRule::Hard, EStepRule::Joint];

pub fn label(language: Language) -> &'static str {
    match language {
        Language::English => "Three coins (Li Hang 9.1)",
        Language::Chinese => "三硬币模型（李航 例 9.1）",
    }
}

pub fn describe(observed: f64, rule: EStepRule, language: Language) -> Description {
    let english = language == Language::English;
    let responsibility_names = match (rule, english) {
        (EStepRule::Joint, true) => [
            "π·pʸ(1−p)¹⁻ʸ (not normalised)",
            "(1−π)·qʸ(1−q)¹⁻ʸ (not normalised)",
        ],
        (EStepRule::Joint, false) => ["π·pʸ(1−p)¹⁻ʸ（未归一化）", "(1−π)·qʸ(1−q)¹⁻ʸ（未归一化）"],
        (_, true) => ["P(coin B | y)", "P(coin C | y)"],
        (_, false) => ["P(硬币 B | y)", "P(硬币 C | y)"],
    };
    let ridge = if english {
        format!("Every (π, p, q) with πp + (1 − π)q = {observed:.4}, the observed share of heads, has this same likelihood: the maximum is a whole ridge, not a point, so where EM stops depends on where it starts (the three-coin model is not identifiable from these data). Try another start.")
    } else {
        format!("所有满足 πp + (1 − π)q = {observed:.4}（观测到的正面比例）的 (π, p, q) 都有同样的似然：极大值是一整条“山脊”而不是一个点，所以 EM 停在哪里取决于从哪里出发（由这些数据无法识别三硬币模型）。请换一个初值试试。")
    };
    let [pi, p, q] = if english {
        [
            "π (coin A: heads → coin B)",
            "p (coin B heads)",
            "q (coin C heads)",
        ]
    } else {
        [
            "π（硬币 A 正面 → 掷硬币 B）",
            "p（硬币 B 正面概率）",
            "q（硬币 C 正面概率）",
        ]
    };
    let probability = |id, label: &str| Slider {
        id,
        key: id,
        index: None,
        label: label.into(),
        min: 0.0,
        max: 1.0,
        step: 0.01,
    };
    Description {
        presets: vec![Choice::new(
            "li-hang",
            if english {
                "Li Hang, Example 9.1 (10 tosses)"
            } else {
                "李航 例 9.1（10 次投掷）"
            },
        )],
        slices: [("pi:0", "π"), ("p:0", "p"), ("q:0", "q")]
            .map(|(value, label)| Choice::new(value, label))
            .to_vec(),
        pick_observation: false,
        worked_template: "three-coins",
        parameter_columns: [("π", "pi"), ("p", "p"), ("q", "q")]
            .map(|(label, key)| ParameterColumn::new(label, key, key, &[]))
            .to_vec(),
        per_component: false,
        observation_header: "y",
        responsibility_names: responsibility_names.map(String::from).to_vec(),
        converged_note: Some(ridge),
        explain_slow: false,
        landscape_note: if english {
            "log L over the heads probabilities p and q, π held at its current value. Bright is high. Every point on the dashed ridge πp + (1 − π)q = ȳ has the same, highest log L, so EM stops wherever its path meets the ridge: the answer depends on the start."
        } else {
            "固定 π 为当前值，log L 随正面概率 p 和 q 的变化。越亮越高。虚线脊线 πp + (1 − π)q = ȳ 上每一点的 log L 都相同且最高，所以 EM 的路径碰到脊线就停下：答案取决于初值。"
        }
        .into(),
        landscapes: vec![Choice::new(
            landscape_value(LandscapeAxes::CoinHeads),
            "p, q",
        )],
        sliders: vec![
            probability("pi", pi),
            probability("p", p),
            probability("q", q),
        ],
        truth: [("π", "0.3"), ("p", "0.8"), ("q", "0.4")]
            .map(|(label, value)| TruthField { label, value })
            .to_vec(),
        ..blank(ModelKind::Coins, language)
    }
}
