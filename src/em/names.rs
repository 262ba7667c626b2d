//! What an error is about, as typed values with an English and a Chinese
//! rendering: messages are built from these, never parsed back from text.

use crate::i18n::Language;

/// One parameter or setting a message names; component indices are 0-based
/// and shown from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The three-coin model's π, p and q.
    Pi,
    P,
    Q,
    Weight(usize),
    Mean(usize),
    Sigma(usize),
    /// A 2-D component's mean, along x or y.
    MeanX(usize),
    MeanY(usize),
    Covariance(usize),
    /// A Bernoulli component's heads probability.
    HeadsProbability(usize),
    /// A binomial component's success probability.
    Probability(usize),
    /// A Poisson or exponential component's rate.
    Rate(usize),
    /// The trials of binomial counts typed without their own.
    Trials,
    Tolerance,
    IterationCap,
    StepSize,
    /// A point placed or moved on the 2-D chart.
    Point,
}

impl Field {
    /// The field's name at the start of a sentence.
    pub fn name(self, language: Language) -> String {
        use Field::*;
        match language {
            Language::English => match self {
                Pi => "π".into(),
                P => "p".into(),
                Q => "q".into(),
                Weight(k) => format!("The weight of component {}", k + 1),
                Mean(k) => format!("The mean of component {}", k + 1),
                Sigma(k) => format!("σ of component {}", k + 1),
                MeanX(k) => format!("The mean's x of component {}", k + 1),
                MeanY(k) => format!("The mean's y of component {}", k + 1),
                Covariance(k) => format!("The covariance of component {}", k + 1),
                HeadsProbability(k) => format!("The heads probability of component {}", k + 1),
                Probability(k) => format!("The success probability of component {}", k + 1),
                Rate(k) => format!("The rate of component {}", k + 1),
                Trials => "The number of trials".into(),
                Tolerance => "The tolerance".into(),
                IterationCap => "The iteration cap".into(),
                StepSize => "The step size".into(),
                Point => "A point".into(),
            },
            Language::Chinese => match self {
                Pi => "π".into(),
                P => "p".into(),
                Q => "q".into(),
                Weight(k) => format!("第 {} 个分量的权重", k + 1),
                Mean(k) => format!("第 {} 个分量的均值", k + 1),
                Sigma(k) => format!("第 {} 个分量的 σ", k + 1),
                MeanX(k) => format!("第 {} 个分量均值的 x", k + 1),
                MeanY(k) => format!("第 {} 个分量均值的 y", k + 1),
                Covariance(k) => format!("第 {} 个分量的协方差矩阵", k + 1),
                HeadsProbability(k) => format!("第 {} 个分量的正面概率", k + 1),
                Probability(k) => format!("第 {} 个分量的成功概率", k + 1),
                Rate(k) => format!("第 {} 个分量的速率", k + 1),
                Trials => "试验次数".into(),
                Tolerance => "容差".into(),
                IterationCap => "迭代上限".into(),
                StepSize => "步长".into(),
                Point => "数据点".into(),
            },
        }
    }
}

/// A list typed into a box: per-component values, or observations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Weights,
    Means,
    Sigmas,
    Points,
    Covariances,
    Probabilities,
    Rates,
    /// The numbers of trials of binomial observations.
    Trials,
}

impl List {
    /// The list's name inside a sentence.
    pub fn name(self, language: Language) -> &'static str {
        use List::*;
        match (language, self) {
            (Language::English, Weights) => "weights",
            (Language::English, Means) => "means",
            (Language::English, Sigmas) => "σ values",
            (Language::English, Points) => "points",
            (Language::English, Covariances) => "covariances",
            (Language::Chinese, Weights) => "权重",
            (Language::Chinese, Means) => "均值",
            (Language::Chinese, Sigmas) => "σ 值",
            (Language::Chinese, Points) => "点",
            (Language::Chinese, Covariances) => "协方差矩阵",
            (Language::English, Probabilities) => "success probabilities",
            (Language::English, Rates) => "rates",
            (Language::English, Trials) => "numbers of trials",
            (Language::Chinese, Probabilities) => "成功概率",
            (Language::Chinese, Rates) => "速率",
            (Language::Chinese, Trials) => "试验次数",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_count_components_from_one_in_both_languages() {
        assert_eq!(
            Field::Mean(1).name(Language::English),
            "The mean of component 2"
        );
        assert_eq!(Field::Mean(1).name(Language::Chinese), "第 2 个分量的均值");
        assert_eq!(List::Sigmas.name(Language::Chinese), "σ 值");
    }
}
