//! The page's two languages. The course behind this project is taught in
//! Chinese; every message, label and axis title exists in both.

/// A language the page speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    Chinese,
}

impl Language {
    /// Reads a language tag: `zh`, `zh-CN`, `zh-Hans`, … are Chinese; anything
    /// else is English.
    pub fn from_tag(tag: &str) -> Self {
        if tag.trim().to_ascii_lowercase().starts_with("zh") {
            Language::Chinese
        } else {
            Language::English
        }
    }
}

/// Characters of a user's text that a message quotes back at most.
const EXCERPT_CHARS: usize = 40;

/// `text` as a message quotes it: whole if short, else its start and "…", so
/// a pasted megabyte never fills the page.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => text.to_string(),
        Some(_) => {
            let cut: String = text.chars().take(EXCERPT_CHARS - 1).collect();
            format!("{cut}…")
        }
    }
}

/// A number as a message shows it: shortest form ("2", "0.05"), and powers of
/// ten for the very large and very small ("1e300" rather than 301 digits).
pub fn shown(value: f64) -> String {
    let magnitude = value.abs();
    if value == 0.0 || !value.is_finite() || (1e-5..1e16).contains(&magnitude) {
        value.to_string()
    } else {
        format!("{value:e}")
    }
}

/// A message that can be shown in either language.
pub trait Localized {
    /// The message in `language`.
    fn localized(&self, language: Language) -> String;
}

/// Every fixed text the charts draw.
#[derive(Debug, Clone, Copy)]
pub struct ChartText {
    pub take_an_e_step: &'static str,
    pub impossible: &'static str,
    pub coin_b: &'static str,
    pub coin_c: &'static str,
    pub tosses_axis: &'static str,
    pub observations_axis: &'static str,
    pub data: &'static str,
    pub mixture: &'static str,
    pub density: &'static str,
    pub bar_coin_b: &'static str,
    pub bar_coin_c: &'static str,
    pub bar_mixture: &'static str,
    pub observed_share: &'static str,
    pub iteration_axis: &'static str,
    pub log_likelihood_axis: &'static str,
    pub entropy_legend: &'static str,
    pub decomposition: &'static str,
    pub value_axis: &'static str,
    pub weight_axis: &'static str,
    pub mean_axis: &'static str,
    pub probability_axis: &'static str,
    pub rate_axis: &'static str,
    pub count_axis: &'static str,
    pub share_axis: &'static str,
    pub bound_placeholder: &'static str,
    pub bound_not_em: &'static str,
    pub bound_legend: &'static str,
    pub log_l_of_theta: &'static str,
    pub m_step_point: &'static str,
    pub em_path: &'static str,
    pub ascent: &'static str,
    pub ridge: &'static str,
    pub below_maximum: &'static str,
    pub p_axis: &'static str,
    pub q_axis: &'static str,
    pub no_landscape: &'static str,
    pub points_by_x_axis: &'static str,
    pub no_responsibilities_yet: &'static str,
    pub ellipses: &'static str,
    pub density_bands: &'static str,
    pub mean_x_axis: &'static str,
    pub mean_y_axis: &'static str,
    pub eruption_axis: &'static str,
    pub waiting_axis: &'static str,
    pub components_axis: &'static str,
    pub criterion_axis: &'static str,
    pub no_comparison: &'static str,
}

const ENGLISH: ChartText = ChartText {
    take_an_e_step: "Take an E-step to compute the responsibilities γ",
    impossible: "log L = −∞: some observation is impossible under these parameters",
    coin_b: "coin B",
    coin_c: "coin C",
    tosses_axis: "tosses in order (1 = heads, 0 = tails)",
    observations_axis: "observations ordered by value",
    data: "data",
    mixture: "mixture",
    density: "density",
    bar_coin_b: "coin B: p",
    bar_coin_c: "coin C: q",
    bar_mixture: "mixture: πp + (1 − π)q",
    observed_share: "observed share of heads ȳ",
    iteration_axis: "iteration i",
    log_likelihood_axis: "log-likelihood",
    entropy_legend: "H: log L − Q",
    decomposition: "log L = Q + H",
    value_axis: "value",
    weight_axis: "weight w",
    mean_axis: "mean μ ± σ",
    probability_axis: "success probability θ",
    rate_axis: "rate λ",
    components_axis: "number of components K",
    criterion_axis: "smaller is better",
    no_comparison: "Compare K to see log L, AIC, BIC and ICL for each K",
    count_axis: "count x",
    share_axis: "share of observations",
    bound_placeholder: "Take an E-step: it builds the lower bound on log L",
    bound_not_em: "Only EM's E-step builds this lower bound: choose the EM rule",
    bound_legend: "bound Q(θ, θ⁽ⁱ⁾) + H",
    log_l_of_theta: "log L(θ)",
    m_step_point: "M-step: θ⁽ⁱ⁺¹⁾",
    em_path: "EM",
    ascent: "gradient ascent, η =",
    ridge: "ridge πp + (1 − π)q = ȳ",
    below_maximum: "log L − max",
    p_axis: "p (heads of coin B)",
    q_axis: "q (heads of coin C)",
    no_landscape: "No landscape for these parameters",
    points_by_x_axis: "points ordered by x",
    no_responsibilities_yet: "grey: no E-step yet",
    ellipses: "1σ and 2σ ellipses",
    density_bands: "mixture density",
    mean_x_axis: "μ (x) ± σ",
    mean_y_axis: "μ (y) ± σ",
    eruption_axis: "x: eruption time (min)",
    waiting_axis: "y: waiting time (min)",
};

const CHINESE: ChartText = ChartText {
    take_an_e_step: "执行一次 E 步以计算响应度 γ",
    impossible: "log L = −∞：在当前参数下有观测值不可能出现",
    coin_b: "硬币 B",
    coin_c: "硬币 C",
    tosses_axis: "按顺序的投掷结果（1 = 正面，0 = 反面）",
    observations_axis: "按数值排序的观测",
    data: "数据",
    mixture: "混合分布",
    density: "密度",
    bar_coin_b: "硬币 B：p",
    bar_coin_c: "硬币 C：q",
    bar_mixture: "混合：πp + (1 − π)q",
    observed_share: "观测到的正面比例 ȳ",
    iteration_axis: "迭代次数 i",
    log_likelihood_axis: "对数似然",
    entropy_legend: "H：log L − Q",
    decomposition: "log L = Q + H",
    value_axis: "取值",
    weight_axis: "权重 w",
    mean_axis: "均值 μ ± σ",
    probability_axis: "成功概率 θ",
    rate_axis: "速率 λ",
    components_axis: "分量数 K",
    criterion_axis: "越小越好",
    no_comparison: "比较 K，查看每个 K 的 log L、AIC、BIC 与 ICL",
    count_axis: "计数 x",
    share_axis: "观测所占比例",
    bound_placeholder: "执行一次 E 步：它构造 log L 的下界",
    bound_not_em: "只有 EM 的 E 步会构造这个下界：请选择 EM 规则",
    bound_legend: "下界 Q(θ, θ⁽ⁱ⁾) + H",
    log_l_of_theta: "log L(θ)",
    m_step_point: "M 步：θ⁽ⁱ⁺¹⁾",
    em_path: "EM",
    ascent: "梯度上升，η =",
    ridge: "脊线 πp + (1 − π)q = ȳ",
    below_maximum: "log L − 最大值",
    p_axis: "p（硬币 B 正面概率）",
    q_axis: "q（硬币 C 正面概率）",
    no_landscape: "这些参数没有地形图",
    points_by_x_axis: "按 x 排序的点",
    no_responsibilities_yet: "灰色：尚未执行 E 步",
    ellipses: "1σ 与 2σ 椭圆",
    density_bands: "混合密度",
    mean_x_axis: "μ（x）± σ",
    mean_y_axis: "μ（y）± σ",
    eruption_axis: "x：喷发时长（分钟）",
    waiting_axis: "y：等待时间（分钟）",
};

impl Language {
    /// The charts' texts in this language.
    pub fn chart_text(self) -> &'static ChartText {
        match self {
            Language::English => &ENGLISH,
            Language::Chinese => &CHINESE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_starting_with_zh_are_chinese() {
        for tag in ["zh", "zh-CN", "ZH-hans", " zh-TW"] {
            assert_eq!(Language::from_tag(tag), Language::Chinese, "{tag}");
        }
        for tag in ["en", "en-US", "", "fr"] {
            assert_eq!(Language::from_tag(tag), Language::English, "{tag}");
        }
    }
}

#[cfg(test)]
mod excerpt_tests {
    use super::excerpt;

    #[test]
    fn long_texts_are_cut_and_short_ones_kept() {
        assert_eq!(excerpt("faithfull"), "faithfull");
        let long = "1|2|3|".repeat(100_000);
        let quoted = excerpt(&long);
        assert_eq!(quoted.chars().count(), 40);
        assert!(quoted.ends_with('…') && long.starts_with(quoted.trim_end_matches('…')));
        assert_eq!(excerpt(&"中".repeat(41)).chars().count(), 40);
    }

    #[test]
    fn numbers_are_shown_short() {
        use super::shown;
        assert_eq!(shown(2.0), "2");
        assert_eq!(shown(-0.05), "-0.05");
        assert_eq!(shown(1e300), "1e300");
        assert_eq!(shown(5e-324), "5e-324");
        assert_eq!(shown(f64::NAN), "NaN");
    }
}
