// Predict, then reveal (`exercise="predict"`, or the Predict button): before
// each half-step the widget asks for one quantity, which the engine computes
// (src/exercise.rs) and checks; a right answer takes the half-step, a wrong
// one only brings a more specific hint. This module builds the panel and
// shows the engine's exercise state; it computes nothing itself.

import { formatNumber, h } from "./dom.js";
import { KEYS } from "./i18n.js";
import { workedCalculation } from "./worked.js";

/** Attributes (and, on the standalone page, URL parameters) of the exercise. */
export const EXERCISE_SETTINGS = ["exercise", "exercise-ask", "exercise-tolerance", "exercise-text", "exercise-score"];

/** The panel, hidden until an exercise is on; its controls call the widget. */
export function buildExercisePanel(widget) {
  const t = (key, values) => widget.t(key, values);
  const panel = {};
  panel.question = h("p", { class: "exercise-question", id: "exercise-question" });
  panel.input = h("input", { type: "text", id: "exercise-answer", inputmode: "decimal", class: "short", autocomplete: "off",
    "aria-labelledby": "exercise-question",
    onkeydown: (event) => { if (event.key === "Enter") { event.preventDefault(); submit(); } } });
  const submit = () => {
    const text = panel.input.value.trim();
    const value = Number(text.replace(",", "."));
    // Not a number is not a try: say so, and count nothing.
    if (text === "" || !Number.isFinite(value)) {
      panel.feedback.textContent = t("exercise.not-a-number");
      return;
    }
    widget.answer(value);
  };
  panel.score = h("span", { class: "exercise-score" });
  panel.feedback = h("p", { class: "exercise-feedback", role: "status", "aria-live": "polite" });
  panel.hint = h("p", { class: "exercise-hint" });
  // The last hint: the worked calculation of the coming half-step, its final number a "?".
  panel.worked = h("div", { class: "exercise-worked" });
  // Goal exercises: a prompt and, once the engine finds it reached, why.
  panel.goal = h("p", { class: "exercise-goal" });
  panel.goalStatus = h("p", { class: "exercise-goal-status", role: "status", "aria-live": "polite" });
  panel.root = h("div", { class: "exercise", hidden: true },
    panel.goal, panel.goalStatus,
    panel.question,
    h("div", { class: "row predict-row" }, panel.input,
      h("button", { type: "button", id: "exercise-submit", onclick: submit }, t("exercise.answer")),
      h("button", { type: "button", id: "exercise-reveal", title: t("exercise.reveal.title"), onclick: () => widget.reveal() }, t("exercise.reveal")),
      panel.score,
      h("button", { type: "button", id: "exercise-reset-score", onclick: () => widget.resetScore() }, t("exercise.reset-score"))),
    panel.feedback, panel.hint, panel.worked);
  return panel;
}

/** How a question names what it asks, from the description's labels. */
function askText(widget, asks) {
  const t = (key, values) => widget.t(key, values);
  if (asks.quantity === "gamma") {
    const names = widget.description?.responsibilityNames ?? [];
    const observation = widget.handle.observation(asks.observation - 1);
    const x = observation?.coordinates.map((value) => formatNumber(value)).join(", ") ?? "";
    return t("exercise.ask.gamma", { name: names[asks.component - 1] ?? `γ·${asks.component}`, observation: asks.observation, x });
  }
  const name = t(`quantity.${asks.quantity}`, { k: asks.component ?? "" });
  return t("exercise.ask.parameter", { name });
}

/** The hint after `attempts` wrong tries: the formula, then the numbers to plug in, then (with the worked calculation) Show me. */
function hintText(widget, { asks, attempts, responsibilityTotal: total }) {
  const t = (key, values) => widget.t(key, values);
  if (attempts === 0) return "";
  // A model may word a formula its own way (the coins' μ, the exponential's rate).
  const specific = `hint.${asks.quantity}.${widget.lastState?.model}`;
  const formula = t(KEYS.en.includes(specific) ? specific : `hint.${asks.quantity}`, { k: asks.component ?? "" });
  if (attempts === 1) return t("exercise.hint.formula", { formula });
  if (asks.quantity === "gamma") {
    const densities = widget.handle.observation(asks.observation - 1)?.weightedDensities ?? [];
    const terms = densities.map((value, j) => `w${j + 1}·f(x | θ${j + 1}) = ${formatNumber(value)}`).join(", ");
    return attempts === 2 ? t("exercise.hint.numbers", { formula, numbers: terms }) : t("exercise.hint.last", { formula, numbers: terms });
  }
  const numbers = t("exercise.hint.total", { k: asks.component ?? 1, total: formatNumber(total), n: widget.lastState?.dataLength ?? "" });
  return attempts === 2 ? t("exercise.hint.numbers", { formula, numbers }) : t("exercise.hint.last", { formula, numbers });
}

/** The coming half-step's worked calculation, the number asked for hidden (the engine sends it as NaN). */
function aheadWorked(widget, asks) {
  const ahead = widget.handle.exerciseAhead(50);
  if (!ahead || !widget.description) return [];
  const observation = (asks.observation ?? 1) - 1;
  const joint = widget.handle.observation(observation)?.weightedDensities ?? [];
  // The set-up's fields (the data's size and summary) are the current state's.
  const state = { ...widget.lastState, ...ahead };
  return workedCalculation(state, widget.description.workedTemplate, (key, values) => widget.t(key, values), observation, joint);
}

/** Shows a goal exercise: its prompt (or the author's `exercise-text`), then, once reached, why. */
function syncGoal(widget, panel, goal) {
  const t = (key, values) => widget.t(key, values);
  panel.goal.textContent = widget.exerciseSettings?.text || t(`goal.${goal.kind}.prompt`);
  const state = widget.lastState;
  const values = {
    now: formatNumber(state?.logLikelihood ?? null),
    first: formatNumber(goal.firstOptimum?.logLikelihood ?? null),
    eta: String(state?.ascent?.rate ?? ""),
  };
  panel.goalStatus.textContent = goal.solved ? `${t("goal.solved")} ${t(`goal.${goal.kind}.explanation`, values)}` : t("goal.unsolved");
  panel.goalStatus.classList.toggle("solved", goal.solved);
}

/** Shows the engine's exercise state (null: off): a predict question, or a goal. */
export function syncExercise(widget, panel, exercise) {
  panel.root.hidden = exercise === null;
  widget.exerciseToggle?.setAttribute("aria-pressed", String(exercise?.kind === "predict"));
  if (exercise === null) return;
  const isGoal = exercise.kind !== "predict";
  for (const part of [panel.goal, panel.goalStatus]) part.hidden = !isGoal;
  for (const part of [panel.question, panel.root.querySelector(".predict-row"), panel.feedback, panel.hint, panel.worked]) part.hidden = isGoal;
  if (isGoal) {
    syncGoal(widget, panel, exercise);
    return;
  }
  const t = (key, values) => widget.t(key, values);
  const { asks, attempts, correct, solved, score } = exercise;
  // A new question starts with an empty box.
  const key = JSON.stringify([asks, widget.lastState?.iteration, widget.lastState?.phase]);
  if (key !== panel.askedKey) {
    panel.askedKey = key;
    panel.input.value = "";
  }
  panel.question.textContent = asks ? askText(widget, asks) : t("exercise.none");
  panel.input.disabled = !asks;
  panel.score.textContent = t("exercise.score", { right: score.firstTries, questions: score.questions });
  panel.hint.textContent = asks ? hintText(widget, exercise) : "";
  panel.worked.replaceChildren(...(asks && attempts >= 3 ? aheadWorked(widget, asks) : []));
  if (correct === false) {
    panel.feedback.textContent = t("exercise.wrong", { attempts });
  } else if (solved) {
    const value = formatNumber(solved.expected);
    panel.feedback.textContent = solved.shown ? t("exercise.shown", { value }) : t("exercise.right", { value });
  } else {
    panel.feedback.textContent = "";
  }
}
