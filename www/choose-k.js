// Choosing K: the panel that compares K = 1 … max by log L, AIC, BIC and ICL
// (src/playground/choose_k.rs runs the fits and computes the criteria). It
// advances the comparison one slice per task, so the page stays responsive,
// draws its chart and table from the engine's rows, and loads a row's fit.

import { formatNumber, h } from "./dom.js";

export class ChooseKPanel {
  constructor(widget) {
    this.widget = widget;
    const t = (key, values) => widget.t(key, values);
    const number = (id, value, max) => h("input", { type: "number", id, value, min: 1, max, step: 1, class: "short" });
    this.maxBox = number("compare-max", 8, 8);
    this.restartsBox = number("compare-restarts", 10, 100);
    this.runButton = h("button", { type: "button", id: "compare-k", onclick: () => this.run() }, t("choosek.run"));
    this.cancelButton = h("button", { type: "button", id: "cancel-compare", hidden: true, onclick: () => this.cancel() }, t("choosek.cancel"));
    this.progress = h("progress", { max: 1, value: 0, hidden: true, "aria-label": t("choosek.progress") });
    this.progressText = h("span", { class: "help", "aria-live": "polite" });
    this.canvas = h("canvas", { "data-criteria": "", role: "img", "aria-label": t("chart.aria", { title: t("choosek.chart") }) });
    this.table = h("table", { class: "criteria" });
    this.error = h("p", { class: "error", role: "alert", "data-error": "choose-k" });
    this.root = h("section", { class: "choose-k", "data-group": "choose-k", "aria-label": t("choosek.title") },
      h("details", { ontoggle: () => this.draw() },
        h("summary", {}, t("choosek.title")),
        h("p", { class: "help" }, t("choosek.help")),
        h("div", { class: "row" },
          h("label", {}, `${t("choosek.max")} `, this.maxBox),
          h("label", {}, `${t("choosek.restarts")} `, this.restartsBox),
          this.runButton, this.cancelButton, this.progress, this.progressText),
        this.error,
        h("div", { class: "criteria-grid" },
          h("figure", { class: "chart" }, h("figcaption", {}, t("choosek.chart")), h("div", { class: "canvas-box" }, this.canvas)),
          h("div", { class: "criteria-table" }, this.table)),
        h("p", { class: "choose-k-explained" }, t("choosek.explained"))));
    this.resolvers = [];
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }

  /** Redraws the table and chart even if no K finished since (a new comparison, a new panel). */
  forget() {
    this.shownRows = undefined;
  }

  /** Takes over a comparison the panel this one replaces was running (the language changed). */
  adopt(previous) {
    if (previous?.running) {
      clearTimeout(previous.timer);
      previous.running = false;
      this.resolvers = previous.resolvers;
      this.running = true;
      this.schedule();
    }
    return this;
  }

  /** Starts a comparison with the boxes' settings, or the `options` a script gives. */
  run(options = {}) {
    const widget = this.widget;
    widget.pause();
    const max = Number(options.max ?? this.maxBox.value);
    const restarts = Number(options.restarts ?? this.restartsBox.value);
    const seed = Number(options.seed ?? widget.seedBox.value);
    // A comparison started anew ends the one running: its callers get null.
    for (const resolve of this.resolvers.splice(0)) resolve(null);
    // A refusal shows under the panel's controls and in state().error.
    const started = widget.attempt("choose-k", () => widget.handle.startComparison(max, restarts, seed));
    widget.update();
    if (!started) return Promise.resolve(null);
    // The boxes show what runs, whether typed or a script's.
    this.maxBox.value = String(max);
    this.restartsBox.value = String(restarts);
    this.root.querySelector("details").open = true;
    this.running = true;
    this.forget();
    this.show(widget.handle.comparison());
    this.schedule();
    return new Promise((resolve) => this.resolvers.push(resolve));
  }

  /** One slice per task: input and painting get their turn in between. */
  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.slice(), 0);
  }

  slice() {
    if (!this.running || !this.widget.handle) return;
    const progress = this.widget.handle.advanceComparison();
    if (progress === null) return this.finish(null);
    this.show(progress);
    if (progress.finished) this.finish(progress.rows);
    else this.schedule();
  }

  finish(rows) {
    this.running = false;
    clearTimeout(this.timer);
    this.show(this.widget.handle?.comparison() ?? null);
    for (const resolve of this.resolvers.splice(0)) resolve(rows);
  }

  cancel() {
    this.widget.handle?.cancelComparison();
    this.finish(null);
  }

  /** The data or model changed: the engine forgot the comparison; so does the panel. */
  sync(state) {
    const key = `${state.model}:${state.dataVersion}`;
    if (key === this.dataKey) return;
    this.dataKey = key;
    // Whether K can change is the model's (its description, rebuilt with the model).
    this.root.hidden = !this.widget.description?.chooseComponents;
    if (this.running) this.finish(null);
    else this.show(this.widget.handle.comparison());
  }

  show(progress) {
    const t = (key, values) => this.widget.t(key, values);
    const running = this.running === true;
    this.runButton.disabled = running;
    this.cancelButton.hidden = !running;
    this.progress.hidden = !running;
    if (progress) {
      this.progress.value = progress.done / progress.total;
      this.progressText.textContent = t(progress.finished ? "choosek.done" : "choosek.running",
        { done: progress.done, total: progress.total, n: progress.observations });
    } else {
      this.progressText.textContent = "";
    }
    // Most slices only move the progress bar: the table and chart change when a K is done.
    const rows = progress?.rows.length ?? -1;
    if (rows === this.shownRows) return;
    this.shownRows = rows;
    this.fillTable(progress);
    this.draw();
  }

  fillTable(progress) {
    const t = (key, values) => this.widget.t(key, values);
    const rows = progress?.rows ?? [];
    const narrow = rows.some((row) => row.narrowestSigma !== null);
    const header = h("tr", {}, ["K", "log L", t("choosek.parameters"), "AIC", "BIC", "ICL", narrow ? t("choosek.narrowest") : null, ""]
      .filter((c) => c !== null).map((c) => h("th", {}, c)));
    const picked = (name, row) => progress.picks[name] === row.k;
    const criterion = (name, row) => h("td", { class: picked(name, row) ? "picked" : "", title: picked(name, row) ? t("choosek.picked", { name: name.toUpperCase() }) : null },
      formatNumber(row[name], 2), picked(name, row) ? " ◀" : "");
    this.table.replaceChildren(header, ...rows.map((row) => h("tr", { "data-k": row.k },
      h("th", {}, String(row.k)),
      h("td", {}, formatNumber(row.logLikelihood, 2)),
      h("td", { class: "counted" }, `${row.parameters} = ${row.parametersCounted}`),
      criterion("aic", row), criterion("bic", row), criterion("icl", row),
      narrow ? h("td", {}, formatNumber(row.narrowestSigma, 3)) : null,
      h("td", {}, h("button", { type: "button", class: "load-fit", onclick: () => this.load(row.k) }, t("choosek.load"))))));
  }

  load(k) {
    this.widget.act("start", () => this.widget.handle.loadCompared(k));
  }

  /** Draws the chart when the panel is open (sized like the other charts). */
  draw() {
    const widget = this.widget;
    if (!widget.handle || !this.root.querySelector("details").open) return;
    const box = this.canvas.getBoundingClientRect();
    if (box.width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(box.width * ratio);
    this.canvas.height = Math.round(box.height * ratio);
    widget.handle.renderComparison(this.canvas, widget.chartScale());
  }
}
