// The DOM shell of <em-playground>, built once per language: the control
// groups, the buttons, the chart figures and the tables, with each control's
// one handle call wired in. Nothing here reads the state; the element
// (em-playground.js, which extends this class) fills the shell from it.

import { editPlane } from "./plane.js";
import { download, formatNumber, h } from "./dom.js";
import { EmbedPanel } from "./embed-panel.js";
import { DataFilePanel } from "./data-file.js";
import { ChooseKPanel } from "./choose-k.js";
import { ChartingElement } from "./charts.js";
import { buildExercisePanel } from "./exercise.js";
import { quoted, stateFile, traceCsv } from "./settings.js";

/**
 * Where the engine and the stylesheet come from: next to this module, or,
 * for a host that loads this module from a string (anywidget: its blob: URL
 * has no folder to look in, manzt/anywidget#921), what the host put in
 * `globalThis.emPlaygroundAssets` before the first element starts:
 * `{wasm: the .wasm's bytes or URL, css: the stylesheet's text}`.
 */
export const hostAssets = () => globalThis.emPlaygroundAssets ?? {};

/** The charts, in the order `EmPlayground.render` draws them. */
const CHARTS = ["responsibilities", "fit", "log-likelihood", "parameters", "bound", "landscape"];

/** The control groups `hide` can leave out. */
const CONTROL_GROUPS = ["model", "data", "sliders", "stepping", "choose-k", "worked", "tables"];

/** Points a click adds on the plane chart. */
const BRUSHES = [1, 5, 20];

/** Rows of the responsibilities table; the rest are summarised. */
export const TABLE_ROWS = 50;

/** Keyboard shortcuts: keys and the action they run (described in i18n.js as key.<action>). */
export const SHORTCUTS = [
  [["e"], "eStep"],
  [["m"], "mStep"],
  [[" ", "ArrowRight"], "step"],
  [["ArrowLeft"], "back"],
  [["p"], "togglePlay"],
  [["r"], "reset"],
  [["?"], "toggleHelp"],
];

const KEY_NAMES = { ArrowRight: "→", ArrowLeft: "←" };

export class ShellElement extends ChartingElement {
  /**
   * Embedding options, fixed when the widget starts: `hide` removes control
   * groups (model, data, start, stepping, tables), `charts` keeps only the
   * named charts, `compact` tightens the layout.
   */
  applyLayout() {
    const root = this.shadowRoot;
    const query = new URLSearchParams(this.hasAttribute("use-url") ? window.location.search : "");
    const value = (name) => this.getAttribute(name) ?? query.get(name);
    const list = (name) => (value(name) ?? "").split(",").map((item) => item.trim()).filter(Boolean);
    // A flag is on when present with no value or any value but "0"/"false" (`?presentation`, `compact`).
    const flag = (name) => { const v = value(name); return v !== null && !["0", "false"].includes(v.trim().toLowerCase()); };
    const groups = [...root.querySelectorAll("[data-group]")];
    this.layoutNotes = [];
    const unknown = (name, names, known) => {
      const wrong = names.filter((item) => !known.includes(item));
      if (wrong.length) this.layoutNotes.push(this.t("error.unknown-names", { name, values: quoted(wrong.join(",")), known: known.join(", ") }));
      return names.filter((item) => known.includes(item));
    };
    this.hiddenGroups = unknown("hide", list("hide"), CONTROL_GROUPS);
    for (const group of this.hiddenGroups) {
      const name = group === "sliders" ? "start" : group;
      for (const element of groups.filter((candidate) => candidate.dataset.group === name)) element.remove();
    }
    this.shownCharts = unknown("charts", list("charts"), CHARTS);
    if (this.shownCharts.length) {
      for (const figure of root.querySelectorAll("[data-figure]")) {
        if (!this.shownCharts.includes(figure.dataset.figure)) figure.remove();
      }
    }
    this.compact = flag("compact");
    this.presenting = flag("presentation");
    root.querySelector(".emp").classList.toggle("presentation", this.presenting);
    root.querySelector("#presentation")?.setAttribute("aria-pressed", String(this.presenting));
    this.toggleAttribute("data-presenting", this.presenting);
    root.querySelector(".emp").classList.toggle("compact", this.compact);
    root.querySelector(".emp").classList.toggle("no-controls", !root.querySelector(".controls fieldset"));
  }

  buildShell() {
    const root = this.shadowRoot;
    const { css } = hostAssets();
    if (css === undefined) {
      this.stylesheet = h("link", { rel: "stylesheet", href: new URL("em-playground.css", import.meta.url).href });
      root.append(this.stylesheet);
    } else {
      // A constructed stylesheet: no URL needed, and a strict CSP allows it.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
      this.stylesheet = null;
    }
    const errorLine = (group) => h("p", { class: "error", role: "alert", "data-error": group });

    // The menus are filled from the handle's description (syncStructure).
    this.modelSelect = h("select", { id: "model", "aria-label": this.t("model"), onchange: () => { this.pause(); this.act("model", () => this.handle.setModel(this.modelSelect.value)); } });
    this.languageSelect = h("select", { id: "language", onchange: () => { this.pause(); this.setLanguage(this.languageSelect.value); } },
      h("option", { value: "en" }, "English"), h("option", { value: "zh" }, "中文"));
    this.languageSelect.value = this.language;
    this.presetSelect = h("select", { id: "preset", onchange: () => this.onPreset() });
    this.dataBox = h("textarea", { id: "data", rows: 3, spellcheck: "false", "aria-describedby": "data-help" });
    this.syntheticControls = this.buildSynthetic();
    this.dataFile = new DataFilePanel(this);
    this.chooseK = new ChooseKPanel(this).adopt(this.chooseK);

    this.kSelect = h("select", { id: "k", onchange: () => this.act("start", () => this.handle.setComponentCount(Number(this.kSelect.value))) },
      [1, 2, 3, 4, 5, 6, 7, 8].map((k) => h("option", { value: k }, `K = ${k}`)));
    this.kLabel = h("label", { class: "k-label" }, `${this.t("components")} `, this.kSelect);
    this.sliders = h("div", { class: "sliders" });
    this.covarianceSelect = h("select", { id: "covariance-type", onchange: () => { this.pause(); this.act("start", () => this.handle.setCovarianceType(this.covarianceSelect.value)); } });
    const startList = (id, label) => h("input", { type: "text", id, class: "wide", spellcheck: "false", "aria-label": label,
      onchange: () => { this.pause(); this.act("start", () => this.handle.applyStart({ means: this.meansBox.value, covariances: this.covariancesBox.value })); } });
    this.meansBox = startList("means-2d", this.t("start.means2d"));
    this.covariancesBox = startList("covariances-2d", this.t("start.covariances2d"));
    this.planeStart = h("div", { class: "plane-only" },
      h("div", { class: "row" }, h("label", {}, `${this.t("covariance")} `, this.covarianceSelect)),
      h("p", { class: "help" }, this.t("start.drag")),
      h("label", { class: "block" }, `${this.t("start.means2d")} `, this.meansBox),
      h("label", { class: "block" }, `${this.t("start.covariances2d")} `, this.covariancesBox));
    this.brushSelect = h("select", { id: "brush", "aria-label": this.t("brush.aria") },
      BRUSHES.map((count) => h("option", { value: count }, this.t("brush.option", { count }))));
    this.seedBox = h("input", { type: "number", id: "start-seed", value: 1, min: 0, step: 1, class: "seed", onchange: () => this.syncUrl() });

    const button = (label, title, onclick, extra = {}) => h("button", { type: "button", title, onclick, ...extra }, label);
    this.buttons = {
      e: button(this.t("button.e"), this.t("button.e.title"), () => this.stepAction(() => this.handle.eStep())),
      m: button(this.t("button.m"), this.t("button.m.title"), () => this.stepAction(() => this.handle.mStep())),
      step: button(this.t("button.step"), this.t("button.step.title"), () => this.stepAction(() => this.handle.step())),
      run: button(this.t("button.run"), this.t("button.run.title"), () => this.togglePlay(), { "aria-pressed": "false" }),
      back: button(this.t("button.back"), this.t("button.back.title"), () => this.stepAction(() => this.handle.back())),
      reset: button(this.t("button.reset"), this.t("button.reset.title"), () => this.stepAction(() => this.handle.reset())),
    };
    this.exerciseToggle = h("button", { type: "button", id: "exercise-toggle", "aria-pressed": "false", title: this.t("exercise.toggle.title"),
      onclick: () => this.setExercise(this.exerciseSettings?.kind === "predict" ? null : { kind: "predict" }) }, this.t("exercise.toggle"));
    this.exercisePanel = buildExercisePanel(this);
    this.ruleSelect = h("select", { id: "rule", onchange: () => { this.pause(); this.act("stepping", () => this.handle.setRule(this.ruleSelect.value)); } });
    this.speed = h("input", { type: "range", id: "speed", min: 1, max: 60, value: 4, "aria-label": this.t("speed.aria") });
    this.speedLabel = h("span", { class: "speed-value" });
    this.speed.addEventListener("input", () => { this.speedLabel.textContent = `${this.speed.value}/s`; });
    this.speedLabel.textContent = `${this.speed.value}/s`;
    this.tolBox = h("input", { type: "text", id: "tol", inputmode: "decimal", class: "short",
      onchange: () => this.act("stepping", () => this.handle.setTolerance(this.tolBox.value)) });
    this.capBox = h("input", { type: "number", id: "max-iter", min: 1, step: 1, class: "short",
      onchange: () => this.act("stepping", () => this.handle.setMaxIterations(this.capBox.value)) });
    // Until the engine has loaded, the status says so.
    this.status = h("p", { class: "status", "aria-live": "polite", "data-status": "" }, this.t("loading"));
    this.shareNote = h("span", { class: "share-note", "aria-live": "polite" });
    this.stateFileInput = h("input", { type: "file", accept: ".json,application/json", hidden: true, id: "state-file",
      onchange: () => { const [file] = this.stateFileInput.files; this.stateFileInput.value = ""; if (file) this.importState(file); } });
    this.shareBox = h("input", { type: "text", readonly: true, class: "share-box", hidden: true, "aria-label": this.t("share.aria") });
    this.embed = new EmbedPanel(this, CHARTS, CONTROL_GROUPS);
    this.helpButton = h("button", { type: "button", class: "help-button", "aria-expanded": "false", "aria-controls": "shortcuts",
      title: this.t("keys.title"), onclick: () => this.toggleHelp() }, this.t("keys"));
    this.help = h("div", { id: "shortcuts", class: "help-overlay", role: "dialog", "aria-label": this.t("help.title"), hidden: true },
      h("h3", {}, this.t("help.title")),
      h("dl", {}, SHORTCUTS.flatMap(([keys, action]) => [
        h("dt", {}, keys.map((key) => h("kbd", {}, key === " " ? this.t("key.space") : KEY_NAMES[key] ?? key.toUpperCase()))),
        h("dd", {}, this.t(`key.${action}`))])),
      h("p", {}, this.t("help.typing")),
      h("button", { type: "button", onclick: () => this.toggleHelp() }, this.t("help.close")));
    this.notes = h("div", { class: "notes", "aria-live": "polite" });

    this.sliceSelect = h("select", { id: "slice", onchange: () => {
      const [name, index] = this.sliceSelect.value.split(":");
      this.handle.setSlice(name, Number(index));
      this.drawCharts();
    } });
    this.landscapeSelect = h("select", { id: "landscape", onchange: () => {
      const [kind, first, second] = this.landscapeSelect.value.split(":");
      this.act("landscape", () => this.handle.setLandscape(kind, Number(first), Number(second)));
    } });
    this.landscapeNote = h("p", { class: "chart-note" });
    this.ascentToggle = h("input", { type: "checkbox", id: "ascent", onchange: () => this.applyAscent() });
    this.ascentRate = h("input", { type: "text", id: "ascent-rate", inputmode: "decimal", class: "short", value: "0.05",
      "aria-label": this.t("ascent.rate"), onchange: () => this.applyAscent() });
    this.canvases = [];
    const figures = CHARTS.map((key) => {
      const title = this.t(`chart.${key}`);
      const canvas = h("canvas", { "data-chart": key, role: "img", "aria-label": this.t("chart.aria", { title }) });
      this.canvases.push(canvas);
      // A chart left stale off screen (its button can show while it does not) is drawn first, the landscape sharp.
      const exportPng = () => {
        this.drawStaleCharts((stale) => stale === canvas);
        if (key === "landscape") this.sharpenLandscape();
        canvas.toBlob((blob) => blob && download(this.exportName(key, "png"), blob));
      };
      const png = h("button", { type: "button", class: "png", title: this.t("chart.png"), onclick: exportPng }, "PNG");
      const extra = key === "bound" ? h("label", { class: "slice" }, `${this.t("bound.parameter")} `, this.sliceSelect)
        : key === "landscape" ? h("label", { class: "slice" }, `${this.t("landscape.axes")} `, this.landscapeSelect)
          : key === "fit" ? h("label", { class: "slice plane-only" }, `${this.t("brush")} `, this.brushSelect) : null;
      const titleText = h("span", {}, title);
      if (key === "fit") this.fitTitle = titleText;
      // The data file's name, when the data come from one, follows the title.
      const dataName = h("span", { class: "data-name" });
      const caption = h("span", {}, titleText, dataName);
      const after = key === "landscape" ? [this.landscapeNote, errorLine("landscape")]
        : key === "fit" ? h("p", { class: "chart-note plane-only" }, this.t("plane.note")) : null;
      return h("figure", { class: "chart", "data-figure": key }, h("figcaption", {}, caption, extra, png), h("div", { class: "canvas-box" }, canvas), after);
    });
    this.stopEditing?.();
    this.stopEditing = editPlane(this, this.canvases[CHARTS.indexOf("fit")]);
    this.dataNames = figures.map((figure) => figure.querySelector(".data-name"));
    this.worked = h("div", { class: "worked-lines", "aria-live": "polite" });
    this.workedObservation = h("input", { type: "number", id: "worked-observation", min: 1, max: TABLE_ROWS, value: 1, class: "short",
      onchange: () => this.syncWorked(this.lastState) });
    this.paramsTable = h("table", { class: "params" });
    // The complete-data estimate beside EM's (Do & Batzoglou's Figure 1a), when the data say which component.
    this.completeTable = h("table", { class: "complete-data", hidden: true });
    this.completeToggle = h("input", { type: "checkbox", id: "complete-data", onchange: () => this.syncTables(this.lastState) });
    this.completeLabel = h("label", { class: "block complete-toggle", hidden: true }, this.completeToggle, " ");
    this.respTable = h("table", { class: "resp" });
    this.respNote = h("p", { class: "table-note" });

    root.append(h("div", { class: "emp", tabindex: "-1" },
      h("section", { class: "controls", "aria-label": this.t("section.controls") },
        h("fieldset", { "data-group": "model" }, h("legend", {}, this.t("model")),
          h("div", { class: "row" }, this.modelSelect,
            h("label", { class: "language" }, `${this.t("language")} `, this.languageSelect)),
          this.modelNote = h("p", { class: "help model-note" }),
          errorLine("model")),
        h("fieldset", { "data-group": "data" }, h("legend", {}, this.t("data")),
          h("label", {}, `${this.t("preset")} `, this.presetSelect),
          this.dataLabel = h("label", { for: "data", class: "block" }, this.t("numbers")),
          this.dataBox,
          this.dataHelp = h("p", { id: "data-help", class: "help" }, this.t("data.help")),
          button(this.t("data.apply"), this.t("data.apply.title"), () => {
            this.pause();
            // Text the user typed and that was refused stays in the box to be corrected.
            this.dataBoxRejected = !this.act("data", () => this.handle.setDataText(this.dataBox.value));
          }, { id: "apply-data" }),
          this.undoDataButton = button(this.t("data.undo"), this.t("data.undo.title"), () => this.undoData(), { id: "undo-data" }),
          this.redoDataButton = button(this.t("data.redo"), this.t("data.redo.title"), () => this.redoData(), { id: "redo-data" }),
          this.syntheticControls,
          this.dataFile.root,
          errorLine("data")),
        h("fieldset", { "data-group": "start" }, h("legend", {}, this.t("start")),
          this.kLabel, this.sliders, this.planeStart,
          h("div", { class: "row" },
            button(this.t("random"), this.t("random.title"), () => { this.pause(); this.act("start", () => this.handle.randomStart(Number(this.seedBox.value))); }, { id: "random-start" }),
            h("label", {}, `${this.t("seed")} `, this.seedBox),
            button(this.t("spread"), this.t("spread.title"), () => { this.pause(); this.act("start", () => this.handle.spreadStart()); }, { id: "spread" })),
          this.buildRestarts(),
          errorLine("start")),
        h("fieldset", { "data-group": "stepping" }, h("legend", {}, this.t("stepping")),
          h("div", { class: "row" }, h("label", {}, `${this.t("rule")} `, this.ruleSelect)),
          h("div", { class: "row" }, h("label", { title: this.t("ascent.title") }, this.ascentToggle, ` ${this.t("ascent")} `), this.ascentRate),
          h("div", { class: "row" }, h("label", { for: "speed" }, `${this.t("speed")} `), this.speed, this.speedLabel),
          h("div", { class: "row" }, h("label", {}, `${this.t("tolerance")} `, this.tolBox), h("label", {}, `${this.t("max-iter")} `, this.capBox)),
          h("div", { class: "row" },
            h("button", { type: "button", id: "export-csv", title: this.t("export.title"), onclick: () => download(this.exportName("trace", "csv"), traceCsv(this.state(), this.description), "text/csv") }, this.t("export.csv")),
            h("button", { type: "button", id: "export-json", title: this.t("export.json.title"), onclick: () => download(this.exportName("state", "json"), stateFile(this), "application/json") }, this.t("export.json")),
            h("button", { type: "button", id: "import-json", title: this.t("import.json.title"), onclick: () => this.stateFileInput.click() }, this.t("import.json")),
            this.stateFileInput,
            h("button", { type: "button", id: "presentation", "aria-pressed": "false", title: this.t("presentation.title"), onclick: () => this.setPresentation(!this.presenting) }, this.t("presentation"))),
          h("div", { class: "row" }, this.helpButton,
            h("button", { type: "button", id: "share", title: this.t("share.title"), onclick: () => this.share() }, this.t("share")),
            h("button", { type: "button", id: "embed", title: this.t("embed.title"), onclick: () => this.showEmbed() }, this.t("embed")),
            this.shareNote),
          this.shareBox, this.embed.root),
        this.notes),
      // The step buttons and the status sit just above the charts (on a phone,
      // stuck to the top while the charts scroll under them).
      h("section", { class: "stepbar", "data-group": "stepping", "aria-label": this.t("stepping") },
        h("div", { class: "row buttons" }, Object.values(this.buttons), this.exerciseToggle,
          h("button", { type: "button", class: "settings-toggle", "aria-expanded": "false", onclick: (event) => {
            const open = this.shadowRoot.querySelector(".emp").classList.toggle("show-settings");
            event.currentTarget.setAttribute("aria-expanded", String(open));
          } }, this.t("settings"))),
        this.status, errorLine("stepping"), this.exercisePanel.root, this.help),
      h("section", { class: "charts", "aria-label": this.t("section.charts") }, figures),
      this.chooseK.root,
      h("section", { class: "worked", "aria-label": this.t("worked.title"), "data-group": "worked" },
        h("h3", {}, this.t("worked.title")),
        h("label", { class: "pick-observation" }, `${this.t("worked.observation")} `, this.workedObservation),
        this.worked),
      h("section", { class: "tables", "aria-label": this.t("section.numbers"), "data-group": "tables" },
        h("h3", {}, this.t("params.title")), this.paramsTable, this.completeLabel, this.completeTable,
        h("h3", {}, this.t("resp.title")), this.respNote, this.respTable)));
  }

  /** Random restarts: EM from R seeded random starts, to see the local optima. */
  buildRestarts() {
    const count = h("input", { type: "number", id: "restart-count", value: 10, min: 1, max: 100, class: "short" });
    this.restartSummary = h("p", { class: "help", "aria-live": "polite" });
    this.restartTable = h("table", { class: "restarts" });
    const run = () => {
      this.pause();
      this.attempt("start", () => {
        const outcomes = this.handle.restarts(Number(count.value), Number(this.seedBox.value));
        this.showRestarts(outcomes);
      });
      this.update();
    };
    return h("details", { class: "restarts-box" }, h("summary", {}, this.t("restarts")),
      h("p", { class: "help" }, this.t("restarts.help")),
      h("div", { class: "row" }, h("label", {}, `${this.t("restarts.count")} `, count),
        h("button", { type: "button", id: "run-restarts", onclick: run }, this.t("restarts.run"))),
      this.restartSummary, this.restartTable);
  }

  /** Lists restart outcomes, best first, each with a button to start from it. */
  showRestarts(outcomes) {
    // Optima closer than this in log L count as the same one.
    const distinct = new Set(outcomes.map((o) => (o.logLikelihood === null ? "−∞" : o.logLikelihood.toFixed(4)))).size;
    this.restartSummary.textContent = this.t("restarts.summary", { count: outcomes.length, distinct });
    const header = h("tr", {}, ["#", this.t("seed"), "log L", this.t("restarts.iterations"), ""].map((c) => h("th", {}, c)));
    const rows = outcomes.map((outcome, i) => h("tr", {},
      h("td", {}, String(i + 1)), h("td", {}, String(outcome.seed)),
      h("td", {}, formatNumber(outcome.logLikelihood ?? -Infinity)),
      h("td", { class: outcome.converged ? "" : "unconverged" }, outcome.converged ? String(outcome.iterations) : this.t("restarts.cap", { iterations: outcome.iterations })),
      h("td", {}, h("button", { type: "button", class: "use-restart", onclick: () => {
        this.seedBox.value = String(outcome.seed);
        this.pause();
        this.act("start", () => this.handle.randomStart(outcome.seed));
      } }, this.t("restarts.use")))));
    this.restartTable.replaceChildren(header, ...rows);
  }

  /** Synthetic data: N, a seed and the model's three true parameters (filled in by syncStructure). */
  buildSynthetic() {
    const size = h("input", { type: "number", id: "synthetic-size", value: 200, min: 1, max: 1000000, class: "short" });
    const seed = h("input", { type: "number", id: "synthetic-seed", value: 1, min: 0, step: 1, class: "seed" });
    this.truthFields = h("div", { class: "truth" });
    const generate = () => {
      this.pause();
      const truth = [...this.truthFields.querySelectorAll("input")].map((input) => input.value);
      this.act("data", () => this.handle.synthesize(Number(size.value), Number(seed.value), truth));
    };
    return h("details", { class: "synthetic" }, h("summary", {}, this.t("synthetic")),
      h("div", { class: "row" }, h("label", {}, `${this.t("synthetic.size")} `, size), h("label", {}, `${this.t("seed")} `, seed)),
      this.truthFields,
      h("button", { type: "button", id: "generate", onclick: generate }, this.t("synthetic.draw")));
  }
}
