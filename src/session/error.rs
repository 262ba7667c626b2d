//! The errors a widget shows, as typed values with a message in either
//! language: what was refused and how to fix it.

use super::EStepRule;
use crate::data_file::FileError;
use crate::em::{EmError, Field, List};
use crate::i18n::{Language, Localized};
use crate::playground::ComparisonError;

/// An error a widget shows to the user.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionError {
    /// The engine refused the data or parameters.
    Em(EmError),
    /// A model name other than `coins` or `gmm`.
    UnknownModel(String),
    /// A preset that the current model does not have.
    UnknownPreset(String),
    /// A parameter name the current model does not have.
    UnknownParameter(String),
    /// Parameters for the other model.
    WrongModelParameters,
    /// A component index at or beyond K.
    NoSuchComponent { index: usize, count: usize },
    /// A field's text is not a finite number.
    NotANumber { what: Field, text: String },
    /// A comma-separated list did not parse.
    InList { what: List, error: EmError },
    /// A synthetic data size of 0 or too many points.
    InvalidSize { size: usize, max: usize },
    /// The iteration cap is not a whole number from 1 to 1,000,000.
    InvalidIterationCap(String),
    /// A seed that is not a whole number from 0 to 2⁵³.
    InvalidSeed(f64),
    /// An E-step rule other than `posterior`, `hard` or `joint`.
    UnknownRule(String),
    /// A rule the current model does not offer (the homework's mistake outside the coins).
    RuleNotOffered(EStepRule),
    /// Landscape axes the model does not have.
    UnknownLandscape(String),
    /// A number of random restarts of 0 or too many.
    InvalidRestarts { count: usize, max: usize },
    /// A list of points or matrices whose length is not a multiple of the
    /// `group` numbers each one takes.
    Ungrouped {
        what: List,
        group: usize,
        count: usize,
    },
    /// A covariance typed as a, b, c, d with b ≠ c.
    AsymmetricCovariance { component: usize },
    /// An index of an observation that does not exist.
    NoSuchPoint { index: usize, count: usize },
    /// A covariance type other than full, diag, spherical or tied.
    UnknownCovarianceType(String),
    /// Synthetic data's true parameters given as the wrong number of texts.
    TruthTexts { expected: usize, got: usize },
    /// A setting that is on or off, given another value.
    NotAFlag { name: &'static str, text: String },
    /// An `exercise-ask` that names no quantity, or numbers that are not whole numbers from 1.
    UnknownExerciseAsk(String),
    /// An exercise tolerance that is negative or not a number.
    InvalidTolerance(f64),
    /// An `exercise=` name that is not one.
    UnknownExercise(String),
    /// An exercise score with more right first tries than questions.
    InvalidScore { first_tries: u32, questions: u32 },
    /// A goal exercise the current model cannot have (a collapse needs a variance floor).
    ExerciseNotForModel(&'static str),
    /// A data file that cannot be read, or columns of it that cannot be used.
    File(FileError),
    /// A comparison of K asked for outside its limits, or for a model with a fixed K.
    Comparison(ComparisonError),
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionError::Em(error) => error.fmt(f),
            SessionError::File(error) => error.fmt(f),
            SessionError::Comparison(error) => f.write_str(&error.localized(Language::English)),
            SessionError::UnknownModel(name) => {
                write!(f, "Unknown model \"{name}\"; choose one of {}.", model_names())
            }
            SessionError::UnknownPreset(name) => write!(
                f,
                "This model has no preset \"{name}\"; the data menu lists the ones it has."
            ),
            SessionError::UnknownParameter(name) => write!(
                f,
                "This model has no parameter \"{name}\"; its sliders' names are the ones it has (describe() lists them)."
            ),
            SessionError::WrongModelParameters => write!(
                f,
                "These parameters belong to the other model; switch model first."
            ),
            SessionError::NoSuchComponent { index, count } => write!(
                f,
                "There is no component {}; the mixture has {count}.",
                index + 1
            ),
            SessionError::NotANumber { what, text } => write!(
                f,
                "{}: \"{text}\" is not a number; enter a decimal number such as 0.5.",
                what.name(Language::English)
            ),
            SessionError::InList { what, error } => {
                write!(f, "In the {}: {error}", what.name(Language::English))
            }
            SessionError::InvalidSize { size, max } => write!(
                f,
                "{size} points requested; choose between 1 and {max}."
            ),
            SessionError::InvalidIterationCap(text) => write!(
                f,
                "The iteration cap \"{text}\" must be a whole number from 1 to 1000000."
            ),
            SessionError::InvalidSeed(seed) => write!(
                f,
                "The seed {seed} must be a whole number from 0 to 9007199254740992."
            ),
            SessionError::InvalidRestarts { count, max } => write!(
                f,
                "{count} restarts requested; choose between 1 and {max}."
            ),
            SessionError::UnknownExerciseAsk(text) => write!(
                f,
                "The exercise question \"{text}\" is not one: write gamma:observation:component (gamma:3:1), a parameter and its component (mean:2), or pi, p, q."
            ),
            SessionError::InvalidScore {
                first_tries,
                questions,
            } => write!(
                f,
                "The exercise score {first_tries}/{questions} has more right answers than questions; it starts from 0/0."
            ),
            SessionError::UnknownExercise(name) => write!(
                f,
                "Unknown exercise \"{name}\"; choose predict, other-optimum, saddle, collapse or beat-ascent."
            ),
            SessionError::ExerciseNotForModel(name) => write!(
                f,
                "The exercise \"{name}\" is for the Gaussian mixtures (a component can collapse only where a variance floor holds it); choose a Gaussian model."
            ),
            SessionError::InvalidTolerance(value) => write!(
                f,
                "The exercise tolerance {value} is not a number of 0 or more (the default is 0.0005)."
            ),
            SessionError::UnknownRule(name) => write!(
                f,
                "Unknown E-step rule \"{name}\"; choose \"posterior\" (EM), \"hard\" or \"joint\"."
            ),
            SessionError::RuleNotOffered(rule) => write!(
                f,
                "The rule \"{}\" is about the three-coin model's π·pʸ(1−p)¹⁻ʸ; choose \"posterior\" (EM) or \"hard\" for this model.",
                rule.name()
            ),
            SessionError::Ungrouped { what, group, count } => write!(
                f,
                "The {} take {group} numbers each, but {count} numbers were given; write them as {}.",
                what.name(Language::English),
                if *group == 2 { "x, y; x, y; …" } else { "a, b, c, d; … (each matrix row by row)" }
            ),
            SessionError::AsymmetricCovariance { component } => write!(
                f,
                "The covariance of component {} is not symmetric: its second and third numbers (the two covariances) must be equal.",
                component + 1
            ),
            SessionError::NoSuchPoint { index, count } => write!(
                f,
                "There is no point {}; the data have {count}.",
                index + 1
            ),
            SessionError::UnknownCovarianceType(name) => write!(
                f,
                "Unknown covariance type \"{name}\"; choose \"full\", \"diag\", \"spherical\" or \"tied\"."
            ),
            SessionError::TruthTexts { expected, got } => write!(
                f,
                "This model's true parameters are {expected} texts (see the synthetic data form), not {got}."
            ),
            SessionError::NotAFlag { name, text } => write!(
                f,
                "{name} is on or off: write it alone (or =1) to turn it on, =0 to turn it off, not \"{text}\"."
            ),
            SessionError::UnknownLandscape(name) => write!(
                f,
                "No landscape \"{name}\" for this model; choose \"pq\" for the coins, two different components' means (\"means\") or one component's mean and σ (\"mean-sigma\") among the Gaussians, or two different components' probabilities or rates (\"values\") for the binomial, Poisson and exponential mixtures."
            ),
        }
    }
}

impl std::error::Error for SessionError {}

/// Every model's name, quoted and comma-separated.
fn model_names() -> String {
    crate::models::MODELS
        .iter()
        .map(|kind| format!("\"{}\"", kind.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Localized for SessionError {
    fn localized(&self, language: Language) -> String {
        if language == Language::English {
            return self.to_string();
        }
        match self {
            SessionError::Em(error) => error.localized(language),
            SessionError::File(error) => error.localized(language),
            SessionError::Comparison(error) => error.localized(language),
            SessionError::UnknownModel(name) => {
                format!("未知的模型“{name}”；请从 {} 中选择。", model_names())
            }
            SessionError::UnknownPreset(name) => format!(
                "此模型没有预设数据“{name}”；数据菜单列出了它有的预设。"
            ),
            SessionError::UnknownParameter(name) => format!(
                "此模型没有参数“{name}”；它的滑块名称就是它有的参数（describe() 会列出）。"
            ),
            SessionError::WrongModelParameters => "这些参数属于另一个模型；请先切换模型。".into(),
            SessionError::NoSuchComponent { index, count } => {
                format!("没有第 {} 个分量；该混合只有 {count} 个分量。", index + 1)
            }
            SessionError::NotANumber { what, text } => format!(
                "{}：“{text}”不是数；请输入一个小数，例如 0.5。",
                what.name(language)
            ),
            SessionError::InList { what, error } => format!(
                "{}列表中：{}",
                what.name(language),
                error.localized(language)
            ),
            SessionError::InvalidSize { size, max } => {
                format!("请求了 {size} 个点；请在 1 到 {max} 之间选择。")
            }
            SessionError::InvalidIterationCap(text) => {
                format!("迭代上限“{text}”必须是 1 到 1000000 之间的整数。")
            }
            SessionError::InvalidSeed(seed) => {
                format!("随机种子 {seed} 必须是 0 到 9007199254740992 之间的整数。")
            }
            SessionError::InvalidRestarts { count, max } => {
                format!("请求了 {count} 次重启；请在 1 到 {max} 之间选择。")
            }
            SessionError::UnknownExerciseAsk(text) => format!(
                "练习题“{text}”无法识别：请写 gamma:观测:分量（如 gamma:3:1）、参数及其分量（如 mean:2），或 pi、p、q。"
            ),
            SessionError::InvalidScore {
                first_tries,
                questions,
            } => format!("练习得分 {first_tries}/{questions} 中答对的比题目还多；得分从 0/0 开始。"),
            SessionError::UnknownExercise(name) => format!(
                "未知的练习“{name}”；请选择 predict、other-optimum、saddle、collapse 或 beat-ascent。"
            ),
            SessionError::ExerciseNotForModel(name) => format!(
                "练习“{name}”用于高斯混合模型（只有在方差下限的保护下分量才会塌缩）；请选择高斯模型。"
            ),
            SessionError::InvalidTolerance(value) => {
                format!("练习的容差 {value} 不是大于等于 0 的数（默认为 0.0005）。")
            }
            SessionError::UnknownRule(name) => format!(
                "未知的 E 步规则“{name}”；请选择“posterior”（EM）、“hard”（硬分配）或“joint”（未归一化的联合概率）。"
            ),
            SessionError::RuleNotOffered(rule) => format!(
                "规则“{}”针对的是三硬币模型的 π·pʸ(1−p)¹⁻ʸ；此模型请选择“posterior”（EM）或“hard”（硬分配）。",
                rule.name()
            ),
            SessionError::Ungrouped { what, group, count } => format!(
                "{}每项需要 {group} 个数，但给出了 {count} 个数；请写成 {}。",
                what.name(language),
                if *group == 2 { "x, y; x, y; …" } else { "a, b, c, d; …（每个矩阵按行书写）" }
            ),
            SessionError::AsymmetricCovariance { component } => format!(
                "第 {} 个分量的协方差矩阵不对称：第二个数与第三个数（两个协方差）必须相等。",
                component + 1
            ),
            SessionError::NoSuchPoint { index, count } => {
                format!("没有第 {} 个点；数据只有 {count} 个点。", index + 1)
            }
            SessionError::UnknownCovarianceType(name) => format!(
                "未知的协方差类型“{name}”；请选择“full”（完全）、“diag”（对角）、“spherical”（球形）或“tied”（共享）。"
            ),
            SessionError::TruthTexts { expected, got } => {
                format!("此模型的真实参数是 {expected} 段文字（见合成数据表单），不是 {got} 段。")
            }
            SessionError::NotAFlag { name, text } => format!(
                "{name} 只有开和关：单独写出（或 =1）表示开，=0 表示关，不能是“{text}”。"
            ),
            SessionError::UnknownLandscape(name) => format!(
                "此模型没有“{name}”地形图；硬币模型请选“pq”，高斯混合请选两个不同分量的均值（“means”）或一个分量的均值与 σ（“mean-sigma”），泊松与指数混合请选两个不同分量的速率（“values”）。"
            ),
        }
    }
}

impl From<FileError> for SessionError {
    fn from(error: FileError) -> Self {
        SessionError::File(error)
    }
}

impl From<EmError> for SessionError {
    fn from(error: EmError) -> Self {
        SessionError::Em(error)
    }
}
