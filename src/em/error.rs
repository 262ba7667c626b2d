//! The engine's typed errors. Every message says what is wrong and how to fix it,
//! because the page shows it to a student next to the control that caused it.

use std::fmt;

use super::names::{Field, List};
use crate::i18n::{shown, Language, Localized};

/// The largest size of an observation or a location parameter: squares and
/// sums of squares of a million such numbers stay finite.
pub const MAX_MAGNITUDE: f64 = 1e100;

/// Refuses an observation that is not finite or is larger than [`MAX_MAGNITUDE`].
pub(crate) fn check_observation(index: usize, value: f64) -> Result<(), EmError> {
    if !value.is_finite() {
        Err(EmError::NonFiniteObservation { index, value })
    } else if value.abs() > MAX_MAGNITUDE {
        Err(EmError::ObservationTooLarge { index, value })
    } else {
        Ok(())
    }
}

/// Refuses parameter `name` if it is not finite or larger in size than `limit`.
pub(crate) fn check_parameter(name: Field, value: f64, limit: f64) -> Result<(), EmError> {
    if !value.is_finite() {
        Err(EmError::NonFiniteParameter { name, value })
    } else if value.abs() > limit {
        Err(EmError::ParameterTooLarge { name, value, limit })
    } else {
        Ok(())
    }
}

/// An input the engine refuses, with a message a student can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum EmError {
    /// No observations were given.
    EmptyData,
    /// An observation is NaN or infinite.
    NonFiniteObservation { index: usize, value: f64 },
    /// An observation is finite but larger in size than [`MAX_MAGNITUDE`]:
    /// its square would overflow in the variance.
    ObservationTooLarge { index: usize, value: f64 },
    /// A location or scale parameter is larger in size than its limit
    /// ([`MAX_MAGNITUDE`], or its square for a variance).
    ParameterTooLarge { name: Field, value: f64, limit: f64 },
    /// A count (Poisson, or a binomial's successes) that is not a whole number ≥ 0.
    NotACount { index: usize, value: f64 },
    /// A binomial observation with more successes than trials.
    SuccessesAboveTrials {
        index: usize,
        successes: f64,
        trials: f64,
    },
    /// A binomial observation's number of trials is not a whole number from 1 on.
    InvalidTrials { index: usize, value: f64 },
    /// An exponential observation (a duration) that is zero, negative or too small.
    NotPositiveObservation { index: usize, value: f64 },
    /// A Poisson or exponential rate that is zero or negative.
    RateNotPositive { component: usize, value: f64 },
    /// The three-coin model got an observation other than 0 or 1.
    NotBinary { index: usize, value: f64 },
    /// A token of the data text is not a number.
    Parse {
        token: String,
        line: usize,
        column: usize,
    },
    /// A token of the data text is a number, but not a finite one.
    ParseNonFinite {
        token: String,
        line: usize,
        column: usize,
    },
    /// A named parameter is NaN or infinite.
    NonFiniteParameter { name: Field, value: f64 },
    /// A probability parameter (π, p, q, a Bernoulli component) is outside [0, 1].
    ProbabilityOutOfRange { name: Field, value: f64 },
    /// A mixture weight is negative (or zero where the model needs it positive).
    WeightNotPositive { component: usize, value: f64 },
    /// The weights add up to zero, so they cannot be normalised.
    WeightsSumToZero,
    /// A standard deviation is zero, negative or too small to compute with.
    SigmaNotPositive { component: usize, value: f64 },
    /// The number of components is outside 1..=MAX_COMPONENTS.
    ComponentCount { count: usize, max: usize },
    /// The per-component parameter lists have different lengths.
    LengthMismatch {
        what: List,
        expected: usize,
        got: usize,
    },
    /// More components than observations.
    MoreComponentsThanData {
        components: usize,
        observations: usize,
    },
    /// The convergence tolerance is not a positive finite number.
    InvalidTolerance { value: f64 },
    /// The iteration cap is zero.
    InvalidMaxIterations,
    /// The gradient-ascent step size is not a positive finite number.
    InvalidStepSize { value: f64 },
    /// A 2-D covariance matrix [[xx, xy], [xy, yy]] is not positive definite.
    CovarianceNotPositiveDefinite {
        component: usize,
        xx: f64,
        xy: f64,
        yy: f64,
    },
}

impl fmt::Display for EmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmError::EmptyData => write!(f, "The data set is empty: enter at least one number."),
            EmError::NonFiniteObservation { index, value } => write!(
                f,
                "Observation #{} is {value}; every observation must be a finite number.",
                index + 1, value = shown(*value)
            ),
            EmError::ObservationTooLarge { index, value } => write!(
                f,
                "Observation #{} is {value}; numbers up to {MAX_MAGNITUDE:e} in size can be fitted: rescale the data (a larger unit).",
                index + 1, value = shown(*value)
            ),
            EmError::ParameterTooLarge { name, value, limit } => write!(
                f,
                "{name} is {value}; keep it between −{limit:e} and {limit:e}, on the scale of the data.",
                name = name.name(Language::English), value = shown(*value)
            ),
            EmError::NotACount { index, value } => write!(
                f,
                "Observation #{} is {value}; counts must be whole numbers 0, 1, 2, ….",
                index + 1,
                value = shown(*value)
            ),
            EmError::SuccessesAboveTrials {
                index,
                successes,
                trials,
            } => write!(
                f,
                "Observation #{} has {successes} successes out of {trials} trials; successes cannot exceed the trials.",
                index + 1
            ),
            EmError::InvalidTrials { index, value } => write!(
                f,
                "Observation #{} has {value} trials; the number of trials must be a whole number from 1 to 1e9.",
                index + 1,
                value = shown(*value)
            ),
            EmError::NotPositiveObservation { index, value } => write!(
                f,
                "Observation #{} is {value}; durations must be positive (at least 1e-100).",
                index + 1,
                value = shown(*value)
            ),
            EmError::RateNotPositive { component, value } => write!(
                f,
                "The rate of component {} is {value}; a rate must be greater than 0.",
                component + 1,
                value = shown(*value)
            ),
            EmError::NotBinary { index, value } => write!(
                f,
                "Observation #{} is {value}, but the three-coin model needs tosses written as 0 (tails) or 1 (heads).",
                index + 1, value = shown(*value)
            ),
            EmError::Parse { token, line, column } => write!(
                f,
                "\"{token}\" at line {line}, column {column} is not a number; separate numbers with commas, spaces, semicolons or new lines (# starts a comment)."
            ),
            EmError::ParseNonFinite { token, line, column } => write!(
                f,
                "\"{token}\" at line {line}, column {column} is not a finite number; remove it or replace it with a real value."
            ),
            EmError::NonFiniteParameter { name, value } => {
                write!(f, "{name} is {value}; enter a finite number.", name = name.name(Language::English), value = shown(*value))
            }
            EmError::ProbabilityOutOfRange { name, value } => write!(
                f,
                "{name} = {value} is not a probability; choose a value between 0 and 1.",
                name = name.name(Language::English), value = shown(*value)
            ),
            EmError::WeightNotPositive { component, value } => write!(
                f,
                "The weight of component {} is {value}; weights must be greater than 0 (they are normalised to sum to 1).",
                component + 1, value = shown(*value)
            ),
            EmError::WeightsSumToZero => write!(
                f,
                "The weights add up to 0; give at least one component a positive weight."
            ),
            EmError::SigmaNotPositive { component, value } => write!(
                f,
                "σ of component {} is {value}; a standard deviation must be a positive number (at least 1e-150).",
                component + 1, value = shown(*value)
            ),
            EmError::ComponentCount { count, max } => write!(
                f,
                "{count} components requested; choose between 1 and {max}."
            ),
            EmError::LengthMismatch { what, expected, got } => write!(
                f,
                "{got} {what} given for {expected} components; give exactly one per component.",
                what = what.name(Language::English)
            ),
            EmError::MoreComponentsThanData {
                components,
                observations,
            } => write!(
                f,
                "{components} components cannot be fitted to {observations} observation(s); use at most {observations} components or add data."
            ),
            EmError::InvalidTolerance { value } => write!(
                f,
                "The tolerance is {value}; enter a positive number such as 1e-6.", value = shown(*value)
            ),
            EmError::InvalidMaxIterations => {
                write!(f, "The iteration cap must be at least 1.")
            }
            EmError::InvalidStepSize { value } => write!(
                f,
                "The step size is {value}; enter a positive number such as 0.05.", value = shown(*value)
            ),
            EmError::CovarianceNotPositiveDefinite { component, xx, xy, yy } => write!(
                f,
                "The covariance of component {} is [[{xx}, {xy}], [{xy}, {yy}]], which is not positive definite: both variances must be positive and their product larger than the covariance squared (a correlation strictly between −1 and 1).",
                component + 1
            ),
        }
    }
}

impl std::error::Error for EmError {}

impl Localized for EmError {
    fn localized(&self, language: Language) -> String {
        match language {
            Language::English => self.to_string(),
            Language::Chinese => match self {
                EmError::EmptyData => "数据为空：请至少输入一个数。".into(),
                EmError::NonFiniteObservation { index, value } => {
                    format!("第 {} 个观测值是 {value}；每个观测值都必须是有限的数。", index + 1, value = shown(*value))
                }
                EmError::ObservationTooLarge { index, value } => format!(
                    "第 {} 个观测值是 {value}；只能拟合绝对值不超过 {MAX_MAGNITUDE:e} 的数：请缩放数据（换用更大的单位）。",
                    index + 1, value = shown(*value)
                ),
                EmError::ParameterTooLarge { name, value, limit } => format!(
                    "{}为 {value}；请取 −{limit:e} 到 {limit:e} 之间、与数据尺度相当的值。",
                    name.name(Language::Chinese), value = shown(*value)
                ),
                EmError::NotACount { index, value } => format!(
                    "第 {} 个观测值是 {value}；计数必须是整数 0、1、2、……。",
                    index + 1,
                    value = shown(*value)
                ),
                EmError::SuccessesAboveTrials {
                    index,
                    successes,
                    trials,
                } => format!(
                    "第 {} 个观测在 {trials} 次试验中有 {successes} 次成功；成功次数不能超过试验次数。",
                    index + 1
                ),
                EmError::InvalidTrials { index, value } => format!(
                    "第 {} 个观测的试验次数是 {value}；试验次数必须是 1 到 1e9 之间的整数。",
                    index + 1,
                    value = shown(*value)
                ),
                EmError::NotPositiveObservation { index, value } => format!(
                    "第 {} 个观测值是 {value}；时长必须为正（至少 1e-100）。",
                    index + 1,
                    value = shown(*value)
                ),
                EmError::RateNotPositive { component, value } => format!(
                    "第 {} 个分量的速率是 {value}；速率必须大于 0。",
                    component + 1,
                    value = shown(*value)
                ),
                EmError::NotBinary { index, value } => format!(
                    "第 {} 个观测值是 {value}，但三硬币模型的投掷结果只能写作 0（反面）或 1（正面）。",
                    index + 1, value = shown(*value)
                ),
                EmError::Parse { token, line, column } => format!(
                    "第 {line} 行第 {column} 列的“{token}”不是数；请用逗号、空格、分号或换行分隔数值（# 之后为注释）。"
                ),
                EmError::ParseNonFinite { token, line, column } => format!(
                    "第 {line} 行第 {column} 列的“{token}”不是有限的数；请删除它或换成实际的数值。"
                ),
                EmError::NonFiniteParameter { name, value } => {
                    format!("{}为 {value}；请输入一个有限的数。", name.name(Language::Chinese), value = shown(*value))
                }
                EmError::ProbabilityOutOfRange { name, value } => format!(
                    "{} = {value} 不是概率；请取 0 到 1 之间的值。",
                    name.name(Language::Chinese), value = shown(*value)
                ),
                EmError::WeightNotPositive { component, value } => format!(
                    "第 {} 个分量的权重是 {value}；权重必须大于 0（它们会被归一化，使总和为 1）。",
                    component + 1, value = shown(*value)
                ),
                EmError::WeightsSumToZero => "权重之和为 0；请至少给一个分量正的权重。".into(),
                EmError::SigmaNotPositive { component, value } => format!(
                    "第 {} 个分量的 σ 是 {value}；标准差必须是正数（至少 1e-150）。",
                    component + 1, value = shown(*value)
                ),
                EmError::ComponentCount { count, max } => {
                    format!("请求了 {count} 个分量；请在 1 到 {max} 之间选择。")
                }
                EmError::LengthMismatch { what, expected, got } => format!(
                    "为 {expected} 个分量给出了 {got} 个{}；每个分量恰好需要一个。",
                    what.name(Language::Chinese)
                ),
                EmError::MoreComponentsThanData {
                    components,
                    observations,
                } => format!(
                    "{components} 个分量无法拟合 {observations} 个观测值；请最多使用 {observations} 个分量，或增加数据。"
                ),
                EmError::InvalidTolerance { value } => {
                    format!("容差是 {value}；请输入一个正数，例如 1e-6。", value = shown(*value))
                }
                EmError::InvalidMaxIterations => "迭代上限至少为 1。".into(),
                EmError::InvalidStepSize { value } => {
                    format!("步长是 {value}；请输入一个正数，例如 0.05。", value = shown(*value))
                }
                EmError::CovarianceNotPositiveDefinite { component, xx, xy, yy } => format!(
                    "分量 {} 的协方差矩阵是 [[{xx}, {xy}], [{xy}, {yy}]]，它不是正定的：两个方差都必须为正，且二者之积要大于协方差的平方（相关系数严格介于 −1 与 1 之间）。",
                    component + 1
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_chinese() {
        let errors = [
            EmError::EmptyData,
            EmError::NotBinary {
                index: 2,
                value: 2.0,
            },
            EmError::ProbabilityOutOfRange {
                name: Field::P,
                value: 1.5,
            },
            EmError::NonFiniteParameter {
                name: Field::Mean(1),
                value: f64::NAN,
            },
            EmError::LengthMismatch {
                what: List::Weights,
                expected: 2,
                got: 1,
            },
            EmError::ObservationTooLarge {
                index: 0,
                value: 1e300,
            },
            EmError::ParameterTooLarge {
                name: Field::Covariance(0),
                value: 1e250,
                limit: 1e200,
            },
        ];
        for error in &errors {
            let chinese = error.localized(Language::Chinese);
            assert_ne!(chinese, error.to_string());
            assert!(
                chinese
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{chinese}"
            );
        }
        assert_eq!(
            errors[3].localized(Language::Chinese),
            "第 2 个分量的均值为 NaN；请输入一个有限的数。"
        );
        assert_eq!(
            errors[5].to_string(),
            "Observation #1 is 1e300; numbers up to 1e100 in size can be fitted: rescale the data (a larger unit)."
        );
        assert_eq!(
            errors[6].localized(Language::Chinese),
            "第 1 个分量的协方差矩阵为 1e250；请取 −1e200 到 1e200 之间、与数据尺度相当的值。"
        );
        assert_eq!(
            errors[0].localized(Language::English),
            errors[0].to_string()
        );
    }
}
