// The standalone page's own text follows the widget's language.
const TEXT = {
  en: {
    title: "EM playground",
    documentTitle: "EM playground: step through Expectation–Maximization",
    intro: "Step through the Expectation–Maximization algorithm: an E-step computes each observation's responsibilities, an M-step re-estimates the parameters from them, and the log-likelihood never goes down.",
    footer: "Three-coin model: Li Hang, Statistical Learning Methods, Example 9.1. Data: Old Faithful (Azzalini & Bowman 1990), galaxy velocities (Roeder 1990). Open source.",
  },
  zh: {
    title: "EM 算法演练场",
    documentTitle: "EM 算法演练场：一步一步理解期望最大化",
    intro: "一步一步地执行期望最大化（EM）算法：E 步计算每个观测的响应度，M 步据此重新估计参数，而对数似然从不下降。",
    footer: "三硬币模型：李航《统计学习方法》例 9.1。数据：老忠实泉（Azzalini 与 Bowman，1990），星系速度（Roeder，1990）。开源软件。",
  },
};

const widget = document.querySelector("em-playground");
let shownLanguage = null;
widget?.addEventListener("em-change", () => {
  // Only on a change of language: writing lang on <html>, even the same value,
  // restyles the whole page, which cost more than a step's redraw.
  if (widget.language === shownLanguage) return;
  shownLanguage = widget.language;
  const text = TEXT[widget.language] ?? TEXT.en;
  document.documentElement.lang = widget.language === "zh" ? "zh-CN" : "en";
  document.querySelector("[data-page-title]").textContent = text.title;
  document.querySelector("[data-page-intro]").textContent = text.intro;
  document.querySelector("[data-page-footer]").textContent = text.footer;
  document.title = text.documentTitle;
});
