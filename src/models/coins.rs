//! Li Hang's three-coin model (Example 9.1): π, p and q on 0/1 tosses.

use super::{blank, landscape_value, Choice, Description, Slider};
use crate::em::EStepRule;
use crate::i18n::Language;
use crate::session::{LandscapeAxes, ModelKind};

/// EM, hard EM, and the homework's mistake (averaging the unnormalised joint).
pub const RULES: &[EStepRule] = &[EStepRule::Posterior, EStepRule::Hard, EStepRule::Joint];

pub fn label(language: Language) -> &'static str {
    match language {
        Language::English => "Three coins (Li Hang 9.1)",
        Language::Chinese => "三硬币模型（李航 例 9.1）",
    }
}

pub fn describe(language: Language) -> Description {
    let english = language == Language::English;
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
        default_slice: Some("p:0".into()),
        landscapes: vec![Choice::new(
            landscape_value(LandscapeAxes::CoinHeads),
            "p, q",
        )],
        sliders: vec![
            probability("pi", pi),
            probability("p", p),
            probability("q", q),
        ],
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
        ..blank(ModelKind::Coins)
    }
}
