// <em-playground>: a custom element that steps EM in the browser.
//
// The engine and the charts are Rust compiled to wasm (../em-playground.js).
// Each element holds one opaque EmPlayground handle; every UI event calls one
// handle method, then `update()` redraws everything from the handle's state,
// so state flows one way: UI event -> handle -> state -> DOM and canvases.
// No text from attributes, the URL or the data box is ever inserted as HTML:
// the DOM is built with createElement and textContent only.

import init, { EmPlayground } from "../em-playground.js";

const wasmReady = init();

const CHARTS = [
  { key: "responsibilities", title: "Responsibilities γ (E-step)" },
  { key: "fit", title: "Fitted model" },
  { key: "log-likelihood", title: "Log-likelihood" },
  { key: "parameters", title: "Parameters by iteration" },
];

const PRESETS = {
  coins: [["li-hang", "Li Hang, Example 9.1 (10 tosses)"]],
  gmm: [
    ["exercise", "Li Hang, Exercise 9.3 (15 values)"],
    ["faithful", "Old Faithful eruptions, minutes (272)"],
    ["galaxies", "Galaxy velocities, 1000 km/s (82)"],
  ],
};

/** How much larger chart text and lines are in presentation mode. */
const PRESENTATION_SCALE = 1.6;

/** Rows of the responsibilities table; the rest are summarised. */
const TABLE_ROWS = 50;

/** Keyboard shortcuts: key → [description, action name]. */
const SHORTCUTS = [
  [["e"], "E-step", "eStep"],
  [["m"], "M-step", "mStep"],
  [[" ", "ArrowRight"], "one iteration (Step)", "step"],
  [["ArrowLeft"], "back one half-step", "back"],
  [["p"], "run / pause", "togglePlay"],
  [["r"], "reset to the start", "reset"],
  [["?"], "show or hide this help", "toggleHelp"],
];

const KEY_NAMES = { " ": "Space", ArrowRight: "→", ArrowLeft: "←" };

const PARAM_LABELS = { pi: "π (coin A: heads → coin B)", p: "p (coin B heads)", q: "q (coin C heads)" };

/** Formats a number for display with `digits` decimals: never "NaN" or "Infinity". */
export function formatNumber(value, digits = 4) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (value === -Infinity) return "−∞";
  if (value === Infinity) return "∞";
  const text = Math.abs(value) >= 1e9 ? value.toExponential(digits) : value.toFixed(digits);
  // toFixed rounds tiny negatives to "-0.0000".
  return (/^-0\.0*$/.test(text) ? text.slice(1) : text).replace("-", "−");
}

/** Builds an element: h("button", { class: "x", onclick: f }, "text", child). */
function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else if (key === "class") element.className = value;
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/**
 * Shows `header` and `rows` (arrays of strings) in `table`, reusing its cells
 * and touching only the text that changed, so a step does not rebuild the DOM.
 */
function fillTable(table, header, rows) {
  const all = [header, ...rows];
  while (table.rows.length > all.length) table.deleteRow(-1);
  all.forEach((cells, r) => {
    const row = table.rows[r] ?? table.insertRow();
    while (row.cells.length > cells.length) row.deleteCell(-1);
    cells.forEach((text, c) => {
      let cell = row.cells[c];
      if (!cell) cell = row.appendChild(document.createElement(r === 0 ? "th" : "td"));
      if (cell.textContent !== text) cell.textContent = text;
    });
  });
}

/** Offers `content` as a file download named `name`. */
function download(name, content, type) {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const link = h("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The trace as CSV: one row per iteration, numbers in shortest round-trip form. */
export function traceCsv(state) {
  const columns = state.model === "coins"
    ? [["pi", (p) => p.pi], ["p", (p) => p.p], ["q", (p) => p.q]]
    : ["weight", "mean", "sigma"].flatMap((name) => state.params.means.map((_, k) =>
      [`${name}${k + 1}`, (p) => p[`${name}s`][k]]));
  const header = ["iteration", "logLikelihood", ...columns.map(([name]) => name)];
  const rows = state.history.map((record) => [record.iteration, record.logLikelihood ?? "-Infinity",
    ...columns.map(([, read]) => read(record.params))]);
  return [header, ...rows].map((row) => row.join(",")).join("\n") + "\n";
}

let uniqueId = 0;

/** A slider and a number box for one parameter, kept in step. */
function sliderRow(label, { min, max, step }, onCommit) {
  const id = `emp-${++uniqueId}`;
  const range = h("input", { type: "range", min, max, step, id: `${id}-range`, "aria-label": `${label} (slider)` });
  const box = h("input", { type: "number", step: "any", id, class: "number" });
  range.addEventListener("input", () => { box.value = range.value; onCommit(range.value); });
  box.addEventListener("change", () => onCommit(box.value));
  const row = h("div", { class: "param-row" }, h("label", { for: id }, label), range, box);
  return {
    row,
    set(value) {
      if (document.activeElement !== box) box.value = Number(value.toPrecision(6));
      range.value = value;
    },
  };
}

/** Attributes (and, on the standalone page, URL parameters) that configure a widget. */
const SETTINGS = ["model", "preset", "data", "pi", "p", "q", "weights", "means", "sigmas", "tol", "max-iter"];

class EmPlaygroundElement extends HTMLElement {
  static observedAttributes = SETTINGS;

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.handle = null;
    this.errors = {};
    this.playing = null;
    this.lastFrame = 0;
    this.structureKey = "";
    this.canvasSizes = new Map();
    this.shownDataVersion = null;
  }

  async connectedCallback() {
    if (this.handle) return;
    this.buildShell();
    this.applyLayout();
    await wasmReady;
    this.handle = new EmPlayground();
    this.applySettings(this.initialSettings());
    this.update();
    performance.mark("em-playground:first-render");
    // Canvas sizes come from the observer, so a redraw never forces a layout.
    this.resizeObserver = new ResizeObserver((entries) => {
      const scale = window.devicePixelRatio || 1;
      for (const { target, contentRect } of entries) {
        this.canvasSizes.set(target, [Math.round(contentRect.width * scale), Math.round(contentRect.height * scale)]);
      }
      this.drawCharts();
    });
    for (const canvas of this.canvases) this.resizeObserver.observe(canvas);
    this.onKeyDown = (event) => this.handleKey(event);
    this.addEventListener("keydown", this.onKeyDown);
    // On the standalone page the shortcuts work wherever the focus is.
    if (this.hasAttribute("use-url")) document.addEventListener("keydown", this.onKeyDown);
    this.dispatchEvent(new CustomEvent("em-ready", { bubbles: true }));
  }

  /** A course author's script changing an attribute later applies it too. */
  attributeChangedCallback(name, previous, value) {
    if (!this.handle || previous === value || value === null) return;
    this.pause();
    this.applySettings({ [name]: value });
    this.update();
  }

  disconnectedCallback() {
    this.pause();
    if (this.onKeyDown) document.removeEventListener("keydown", this.onKeyDown);
    this.resizeObserver?.disconnect();
  }

  // ---- settings from attributes and (on the standalone page) the URL ----

  /** Attributes, overridden on the standalone page by the address's query. */
  initialSettings() {
    const settings = {};
    for (const name of [...SETTINGS, "step"]) {
      if (this.hasAttribute(name)) settings[name] = this.getAttribute(name);
    }
    if (this.hasAttribute("use-url")) {
      for (const [name, value] of new URLSearchParams(window.location.search)) settings[name] = value;
    }
    return settings;
  }

  /**
   * Applies settings by name (attribute and query names). A value that does
   * not parse or is out of range is ignored, with a note next to its control.
   */
  applySettings(settings) {
    const handle = this.handle;
    const ignored = (group, names, action) => {
      const values = names.filter((n) => settings[n] !== undefined).map((n) => `${n}=${settings[n]}`).join("&");
      if (!this.attempt(group, action)) this.errors[group] = `Ignored ${values}: ${this.errors[group]}`;
    };
    if (settings.model !== undefined) ignored("model", ["model"], () => handle.setModel(settings.model));
    if (settings.data !== undefined) ignored("data", ["data"], () => handle.setDataText(settings.data));
    else if (settings.preset !== undefined) ignored("data", ["preset"], () => handle.loadPreset(settings.preset));
    if (settings.pi !== undefined || settings.p !== undefined || settings.q !== undefined) {
      const start = this.startParams();
      ignored("start", ["pi", "p", "q"], () => handle.setCoinStart(
        settings.pi ?? String(start.pi), settings.p ?? String(start.p), settings.q ?? String(start.q)));
    }
    if (settings.weights !== undefined || settings.means !== undefined || settings.sigmas !== undefined) {
      const start = this.startParams();
      const means = settings.means ?? start.means.join(",");
      const count = means.split(/[,;\s]+/).filter(Boolean).length;
      ignored("start", ["weights", "means", "sigmas"], () => handle.setGmmStart(
        settings.weights ?? Array(count).fill(1).join(","),
        means,
        settings.sigmas ?? Array(count).fill(this.handle.view(0).dataSummary.sd / count).join(",")));
    }
    if (settings.tol !== undefined) ignored("stepping", ["tol"], () => handle.setTolerance(settings.tol));
    if (settings["max-iter"] !== undefined) ignored("stepping", ["max-iter"], () => handle.setMaxIterations(settings["max-iter"]));
    if (settings.step !== undefined) {
      ignored("stepping", ["step"], () => {
        const halfSteps = Number(settings.step);
        const most = 2 * this.handle.view(0).maxIterations;
        if (!Number.isInteger(halfSteps) || halfSteps < 0 || halfSteps > most) {
          throw new Error(`step must be a whole number of half-steps from 0 to ${most}.`);
        }
        handle.reset();
        for (let i = 0; i < halfSteps; i++) {
          if (i % 2 === 0) handle.eStep();
          else handle.mStep();
        }
      });
    }
  }

  // ---- the address: every setting in the query, so a link reproduces the state ----

  /** The query string that reproduces this widget's state. */
  query(state = this.lastState) {
    const params = new URLSearchParams();
    params.set("model", state.model);
    const source = state.source;
    if (source.kind === "preset") params.set("preset", source.name);
    else {
      if (this.queryDataVersion !== state.dataVersion) {
        this.queryDataVersion = state.dataVersion;
        this.queryData = this.handle.dataText().replaceAll(" ", "");
      }
      params.set("data", this.queryData);
    }
    const start = state.history[0].params;
    if (state.model === "coins") {
      for (const name of ["pi", "p", "q"]) params.set(name, String(start[name]));
    } else {
      for (const name of ["weights", "means", "sigmas"]) params.set(name, start[name].map(String).join(","));
    }
    if (state.tolerance !== 1e-6) params.set("tol", String(state.tolerance));
    if (state.maxIterations !== 500) params.set("max-iter", String(state.maxIterations));
    const halfSteps = 2 * state.iteration + (state.phase === "e" ? 1 : 0);
    if (halfSteps > 0) params.set("step", String(halfSteps));
    if (this.hiddenGroups.length) params.set("hide", this.hiddenGroups.join(","));
    if (this.shownCharts.length) params.set("charts", this.shownCharts.join(","));
    if (this.compact) params.set("compact", "1");
    if (this.presenting) params.set("presentation", "1");
    return params.toString();
  }

  /** On the standalone page, keeps the address in step with the state (no history entries). */
  syncUrl() {
    if (!this.hasAttribute("use-url") || !this.lastState) return;
    const query = this.query();
    if (window.location.search.slice(1) !== query) {
      window.history.replaceState(null, "", `${window.location.pathname}?${query}`);
    }
  }

  /** A link to the standalone page in this state. */
  shareUrl() {
    const page = this.hasAttribute("use-url")
      ? new URL(window.location.pathname, window.location.href)
      : new URL("../index.html", import.meta.url);
    page.search = this.query();
    return page.href;
  }

  async share() {
    const link = this.shareUrl();
    this.shareBox.value = link;
    this.shareBox.hidden = false;
    this.shareBox.select();
    try {
      await navigator.clipboard.writeText(link);
      this.shareNote.textContent = "Link copied.";
    } catch {
      this.shareNote.textContent = "Copy the selected link.";
    }
  }

  /** The starting parameters θ⁽⁰⁾ currently set. */
  startParams() {
    return this.handle.view(0).history[0].params;
  }

  /** Runs one handle call for a control group; shows or clears that group's error. */
  attempt(group, action) {
    try {
      action();
      delete this.errors[group];
      return true;
    } catch (error) {
      this.errors[group] = error instanceof Error ? error.message : String(error);
      return false;
    }
  }

  /** One UI event: call the handle, then redraw everything from its state. */
  act(group, action) {
    const ok = this.attempt(group, action);
    this.update();
    return ok;
  }

  // ---- the DOM shell, built once ----

  /**
   * Embedding options, fixed when the widget starts: `hide` removes control
   * groups (model, data, start, stepping, tables), `charts` keeps only the
   * named charts, `compact` tightens the layout.
   */
  applyLayout() {
    const root = this.shadowRoot;
    const list = (name) => (this.getAttribute(name) ?? new URLSearchParams(this.hasAttribute("use-url") ? window.location.search : "").get(name) ?? "")
      .split(",").map((item) => item.trim()).filter(Boolean);
    this.hiddenGroups = list("hide");
    for (const group of this.hiddenGroups) {
      const name = group === "sliders" ? "start" : group;
      root.querySelector(`[data-group="${name}"]`)?.remove();
    }
    this.shownCharts = list("charts");
    if (this.shownCharts.length) {
      for (const figure of root.querySelectorAll("[data-figure]")) {
        if (!this.shownCharts.includes(figure.dataset.figure)) figure.remove();
      }
    }
    this.compact = this.hasAttribute("compact") || list("compact").length > 0;
    this.presenting = this.hasAttribute("presentation") || list("presentation").length > 0;
    root.querySelector(".emp").classList.toggle("presentation", this.presenting);
    root.querySelector("#presentation")?.setAttribute("aria-pressed", String(this.presenting));
    root.querySelector(".emp").classList.toggle("compact", this.compact);
    root.querySelector(".emp").classList.toggle("no-controls", !root.querySelector(".controls fieldset"));
  }

  buildShell() {
    const root = this.shadowRoot;
    root.append(h("link", { rel: "stylesheet", href: new URL("em-playground.css", import.meta.url).href }));
    const errorLine = (group) => h("p", { class: "error", role: "alert", "data-error": group });

    this.modelSelect = h("select", { id: "model", onchange: () => { this.pause(); this.act("model", () => this.handle.setModel(this.modelSelect.value)); } },
      h("option", { value: "coins" }, "Three coins (Li Hang 9.1)"),
      h("option", { value: "gmm" }, "Gaussian mixture (1-D)"));
    this.presetSelect = h("select", { id: "preset", onchange: () => this.onPreset() });
    this.dataBox = h("textarea", { id: "data", rows: 3, spellcheck: "false", "aria-describedby": "data-help" });
    this.synthetic = this.buildSynthetic();

    this.kSelect = h("select", { id: "k", onchange: () => this.act("start", () => this.handle.setComponentCount(Number(this.kSelect.value))) },
      [1, 2, 3, 4, 5, 6, 7, 8].map((k) => h("option", { value: k }, `K = ${k}`)));
    this.kLabel = h("label", { class: "k-label" }, "Components ", this.kSelect);
    this.sliders = h("div", { class: "sliders" });
    this.seedBox = h("input", { type: "number", id: "start-seed", value: 1, min: 0, step: 1, class: "seed" });

    const button = (label, title, onclick, extra = {}) => h("button", { type: "button", title, onclick, ...extra }, label);
    this.buttons = {
      e: button("E-step", "Compute the responsibilities γ at the current θ", () => this.stepAction(() => this.handle.eStep())),
      m: button("M-step", "Re-estimate θ from the responsibilities", () => this.stepAction(() => this.handle.mStep())),
      step: button("Step", "One full iteration (E then M)", () => this.stepAction(() => this.handle.step())),
      run: button("Run", "Iterate until converged (animated)", () => this.togglePlay(), { "aria-pressed": "false" }),
      back: button("Back", "Undo one half-step", () => this.stepAction(() => this.handle.back())),
      reset: button("Reset", "Back to the starting parameters", () => this.stepAction(() => this.handle.reset())),
    };
    this.speed = h("input", { type: "range", id: "speed", min: 1, max: 60, value: 4, "aria-label": "Run speed (iterations per second)" });
    this.speedLabel = h("span", { class: "speed-value" });
    this.speed.addEventListener("input", () => { this.speedLabel.textContent = `${this.speed.value}/s`; });
    this.speedLabel.textContent = `${this.speed.value}/s`;
    this.tolBox = h("input", { type: "text", id: "tol", inputmode: "decimal", class: "short",
      onchange: () => this.act("stepping", () => this.handle.setTolerance(this.tolBox.value)) });
    this.capBox = h("input", { type: "number", id: "max-iter", min: 1, step: 1, class: "short",
      onchange: () => this.act("stepping", () => this.handle.setMaxIterations(this.capBox.value)) });
    this.status = h("p", { class: "status", "aria-live": "polite", "data-status": "" });
    this.shareNote = h("span", { class: "share-note", "aria-live": "polite" });
    this.shareBox = h("input", { type: "text", readonly: true, class: "share-box", hidden: true, "aria-label": "Link to this state" });
    this.helpButton = h("button", { type: "button", class: "help-button", "aria-expanded": "false", "aria-controls": "shortcuts",
      title: "Keyboard shortcuts (?)", onclick: () => this.toggleHelp() }, "? Keys");
    this.help = h("div", { id: "shortcuts", class: "help-overlay", role: "dialog", "aria-label": "Keyboard shortcuts", hidden: true },
      h("h3", {}, "Keyboard shortcuts"),
      h("dl", {}, SHORTCUTS.flatMap(([keys, description]) => [
        h("dt", {}, keys.map((key) => h("kbd", {}, KEY_NAMES[key] ?? key.toUpperCase()))),
        h("dd", {}, description)])),
      h("p", {}, "Shortcuts are off while you type in a box."),
      h("button", { type: "button", onclick: () => this.toggleHelp() }, "Close"));
    this.notes = h("div", { class: "notes", "aria-live": "polite" });

    this.canvases = [];
    const figures = CHARTS.map(({ key, title }) => {
      const canvas = h("canvas", { "data-chart": key, role: "img", "aria-label": `${title} chart; the table below lists the numbers` });
      this.canvases.push(canvas);
      const png = h("button", { type: "button", class: "png", title: `Save the ${title.toLowerCase()} chart as PNG`,
        onclick: () => canvas.toBlob((blob) => blob && download(`em-${key}.png`, blob)) }, "PNG");
      return h("figure", { class: "chart", "data-figure": key }, h("figcaption", {}, title, png), h("div", { class: "canvas-box" }, canvas));
    });
    this.paramsTable = h("table", { class: "params" });
    this.respTable = h("table", { class: "resp" });
    this.respNote = h("p", { class: "table-note" });

    root.append(h("div", { class: "emp", tabindex: "-1" },
      h("section", { class: "controls", "aria-label": "Controls" },
        h("fieldset", { "data-group": "model" }, h("legend", {}, "Model"), this.modelSelect, errorLine("model")),
        h("fieldset", { "data-group": "data" }, h("legend", {}, "Data"),
          h("label", {}, "Preset ", this.presetSelect),
          h("label", { for: "data", class: "block" }, "Numbers"),
          this.dataBox,
          h("p", { id: "data-help", class: "help" }, "Separate with commas, spaces or new lines; # starts a comment."),
          button("Use these numbers", "Fit the numbers in the box", () => { this.pause(); this.act("data", () => this.handle.setDataText(this.dataBox.value)); }, { id: "apply-data" }),
          this.synthetic.element,
          errorLine("data")),
        h("fieldset", { "data-group": "start" }, h("legend", {}, "Starting parameters θ⁽⁰⁾"),
          this.kLabel, this.sliders,
          h("div", { class: "row" },
            button("Random start", "Draw a random start from the seed", () => { this.pause(); this.act("start", () => this.handle.randomStart(Number(this.seedBox.value))); }, { id: "random-start" }),
            h("label", {}, "seed ", this.seedBox),
            button("Spread", "Re-spread the components over the data", () => { this.pause(); this.act("start", () => this.handle.spreadStart()); }, { id: "spread" })),
          errorLine("start")),
        h("fieldset", { "data-group": "stepping" }, h("legend", {}, "Step EM"),
          h("div", { class: "row buttons" }, Object.values(this.buttons)),
          h("div", { class: "row" }, h("label", { for: "speed" }, "Speed "), this.speed, this.speedLabel),
          h("div", { class: "row" }, h("label", {}, "tolerance ", this.tolBox), h("label", {}, "max iterations ", this.capBox)),
          h("div", { class: "row" },
            h("button", { type: "button", id: "export-csv", title: "Every iteration's parameters and log-likelihood", onclick: () => download("em-trace.csv", traceCsv(this.state()), "text/csv") }, "Export CSV"),
            h("button", { type: "button", id: "export-json", title: "Every iteration's parameters and log-likelihood", onclick: () => download("em-trace.json", JSON.stringify(this.state().history, null, 1), "application/json") }, "Export JSON"),
            h("button", { type: "button", id: "presentation", "aria-pressed": "false", title: "Large type and thick lines for a projector", onclick: () => this.setPresentation(!this.presenting) }, "Presentation")),
          h("div", { class: "row" }, this.helpButton,
            h("button", { type: "button", id: "share", title: "Copy a link that opens this exact state", onclick: () => this.share() }, "Share link"),
            this.shareNote),
          this.shareBox,
          this.status, errorLine("stepping"), this.help),
        this.notes),
      h("section", { class: "charts", "aria-label": "Charts" }, figures),
      h("section", { class: "tables", "aria-label": "Numbers", "data-group": "tables" },
        h("h3", {}, "Current parameters"), this.paramsTable,
        h("h3", {}, "Responsibilities"), this.respNote, this.respTable)));
  }

  buildSynthetic() {
    const size = h("input", { type: "number", id: "synthetic-size", value: 200, min: 1, max: 1000000, class: "short" });
    const seed = h("input", { type: "number", id: "synthetic-seed", value: 1, min: 0, step: 1, class: "seed" });
    const coinTruth = ["0.3", "0.8", "0.4"].map((value, i) =>
      h("input", { type: "text", class: "short", value, "aria-label": ["true π", "true p", "true q"][i] }));
    const gmmTruth = [["weights", "1,1"], ["means", "-2,2"], ["sigmas", "1,1"]].map(([name, value]) =>
      h("input", { type: "text", class: "list", value, "aria-label": `true ${name}` }));
    const coinRow = h("div", { class: "row coins-only" }, "true π, p, q ", coinTruth);
    const gmmRow = h("div", { class: "row gmm-only" },
      gmmTruth.map((input, i) => h("label", {}, `${["weights", "means", "σ"][i]} `, input)));
    const generate = () => {
      this.pause();
      this.act("data", () => this.model() === "coins"
        ? this.handle.synthesizeCoins(Number(size.value), Number(seed.value), ...coinTruth.map((i) => i.value))
        : this.handle.synthesizeGmm(Number(size.value), Number(seed.value), ...gmmTruth.map((i) => i.value)));
    };
    const element = h("details", { class: "synthetic" }, h("summary", {}, "Synthetic data"),
      h("div", { class: "row" }, h("label", {}, "N ", size), h("label", {}, "seed ", seed)),
      coinRow, gmmRow,
      h("button", { type: "button", id: "generate", onclick: generate }, "Draw data"));
    return { element };
  }

  model() {
    return this.lastState?.model ?? "coins";
  }

  onPreset() {
    this.pause();
    const value = this.presetSelect.value;
    if (value === "custom") return;
    this.act("data", () => this.handle.loadPreset(value));
  }

  // ---- keyboard ----

  /** Runs a shortcut unless the user is typing or a control handles the key itself. */
  handleKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || !this.handle) return;
    // Each widget acts once, even when the key reaches both it and the document.
    if (event.composedPath().some((node) => node instanceof EmPlaygroundElement && node !== this)) return;
    if (event.emPlaygroundHandled) return;
    const target = event.composedPath()[0];
    const tag = target?.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target?.isContentEditable) return;
    if (tag === "BUTTON" && (event.key === " " || event.key === "Enter")) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const shortcut = SHORTCUTS.find(([keys]) => keys.includes(key) || keys.includes(event.key));
    if (!shortcut) {
      if (event.key === "Escape" && !this.help.hidden) this.toggleHelp();
      return;
    }
    event.preventDefault();
    event.emPlaygroundHandled = true;
    const action = shortcut[2];
    if (action === "togglePlay" || action === "toggleHelp") this[action]();
    else this.stepAction(() => this.handle[action]());
  }

  /** Presentation mode: large type, thick lines, high contrast, for a lecture hall. */
  setPresentation(on) {
    this.presenting = on;
    this.shadowRoot.querySelector(".emp").classList.toggle("presentation", on);
    this.shadowRoot.querySelector("#presentation").setAttribute("aria-pressed", String(on));
    this.drawCharts();
    if (!this.playing) this.syncUrl();
  }

  toggleHelp() {
    this.help.hidden = !this.help.hidden;
    this.helpButton.setAttribute("aria-expanded", String(!this.help.hidden));
  }

  // ---- stepping ----

  stepAction(action) {
    this.pause();
    this.act("stepping", action);
  }

  togglePlay() {
    if (this.playing) this.pause();
    else this.play();
  }

  play() {
    const state = this.lastState;
    if (state && (state.converged || state.atCap)) {
      this.errors.stepping = state.converged
        ? "Already converged: Reset or change the start to run again."
        : "The iteration cap is reached: raise max iterations to continue.";
      this.update();
      return;
    }
    delete this.errors.stepping;
    this.lastFrame = 0;
    const frame = (time) => {
      if (!this.playing) return;
      const interval = 1000 / Number(this.speed.value);
      if (time - this.lastFrame >= interval) {
        this.lastFrame = time;
        this.handle.step();
        this.update();
        const { converged, atCap } = this.lastState;
        if (converged || atCap) { this.pause(); return; }
      }
      this.playing = requestAnimationFrame(frame);
    };
    this.playing = requestAnimationFrame(frame);
    this.update();
  }

  pause() {
    if (!this.playing) return;
    cancelAnimationFrame(this.playing);
    this.playing = null;
    if (this.handle) this.update();
  }

  // ---- one-way redraw from the handle's state ----

  update() {
    // Only the rows the table shows cross the boundary on every frame; the
    // full state is built when a script asks for it.
    const state = this.handle.view(TABLE_ROWS);
    this.lastState = state;
    this.syncStructure(state);
    // Charts first: canvas text is measured against styles, so drawing before
    // the DOM is touched avoids a style recalculation per frame.
    this.drawCharts();
    this.syncControls(state);
    this.syncTables(state);
    this.syncNotes(state);
    // Browsers throttle replaceState, so the address follows once Run pauses.
    if (!this.playing) this.syncUrl();
    this.dispatchEvent(new CustomEvent("em-change", { bubbles: true, detail: this.lazyState() }));
  }

  /** Rebuilds model-dependent controls when the model or K changes. */
  syncStructure(state) {
    const key = `${state.model}:${state.components}:${state.dataSummary.min}:${state.dataSummary.max}`;
    if (key === this.structureKey) return;
    this.structureKey = key;
    this.modelSelect.value = state.model;
    this.shadowRoot.querySelector(".emp").dataset.model = state.model;
    this.presetSelect.replaceChildren(
      ...PRESETS[state.model].map(([value, label]) => h("option", { value }, label)),
      h("option", { value: "custom" }, "Custom / synthetic"));
    this.kLabel.hidden = state.model !== "gmm";
    this.kSelect.value = String(state.components);
    this.sliderControls = [];
    const commit = (name, index) => (text) => { this.pause(); this.act("start", () => this.handle.setParam(name, index, text)); };
    if (state.model === "coins") {
      for (const name of ["pi", "p", "q"]) {
        const control = sliderRow(PARAM_LABELS[name], { min: 0, max: 1, step: 0.01 }, commit(name, 0));
        control.read = (params) => params[name];
        this.sliderControls.push(control);
      }
    } else {
      const { min, max, sd } = state.dataSummary;
      const span = Math.max(max - min, 1e-9);
      for (let k = 0; k < state.components; k++) {
        const rows = [
          ["weight", `w${k + 1}`, { min: 0.01, max: 1, step: 0.01 }, (p) => p.weights[k]],
          ["mean", `μ${k + 1}`, { min: min - 0.1 * span, max: max + 0.1 * span, step: span / 500 }, (p) => p.means[k]],
          ["sigma", `σ${k + 1}`, { min: span / 500, max: Math.max(span, sd * 2), step: span / 500 }, (p) => p.sigmas[k]],
        ];
        for (const [name, label, range, read] of rows) {
          const control = sliderRow(label, range, commit(name, k));
          control.read = read;
          control.row.classList.add(`component-${k % 8}`);
          this.sliderControls.push(control);
        }
      }
    }
    this.sliders.replaceChildren(...this.sliderControls.map((c) => c.row));
  }

  syncControls(state) {
    const start = state.history[0].params;
    for (const control of this.sliderControls) control.set(control.read(start));
    const source = state.source;
    this.presetSelect.value = source.kind === "preset" ? source.name : "custom";
    // Rewrite the box only when the data changed (not on every step), and never
    // over text the user is typing or that was just rejected.
    if (state.dataVersion !== this.shownDataVersion) {
      this.shownDataVersion = state.dataVersion;
      if (this.shadowRoot.activeElement !== this.dataBox && !this.errors.data) {
        this.dataBox.value = this.handle.dataText();
      }
    }
    if (this.shadowRoot.activeElement !== this.tolBox) this.tolBox.value = String(state.tolerance);
    if (this.shadowRoot.activeElement !== this.capBox) this.capBox.value = String(state.maxIterations);
    const canE = state.phase !== "e";
    this.buttons.e.disabled = !canE;
    this.buttons.m.disabled = state.phase !== "e";
    this.buttons.back.disabled = state.phase === "init";
    this.buttons.run.textContent = this.playing ? "Pause" : "Run";
    this.buttons.run.setAttribute("aria-pressed", this.playing ? "true" : "false");
    const next = state.phase === "e" ? "M-step" : "E-step";
    const logL = state.logLikelihood === null ? "−∞" : formatNumber(state.logLikelihood);
    let status = `Iteration ${state.iteration} · next: ${next} · log L = ${logL}`;
    if (state.converged) status += " · converged";
    else if (state.atCap) status += " · stopped at the iteration cap";
    this.status.textContent = status;
    for (const element of this.shadowRoot.querySelectorAll("[data-error]")) {
      element.textContent = this.errors[element.dataset.error] ?? "";
    }
  }

  drawCharts() {
    if (!this.handle) return;
    for (const canvas of this.canvases) {
      const [width, height] = this.canvasSizes.get(canvas) ?? [0, 0];
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
    }
    try {
      // Presentation mode draws chart text and lines 1.6× larger on the same pixels.
      const scale = (window.devicePixelRatio || 1) * (this.presenting ? PRESENTATION_SCALE : 1);
      this.handle.render(this.canvases.map((canvas) => (canvas.isConnected ? canvas : undefined)), scale);
    } catch (error) {
      this.errors.stepping = `Could not draw the charts: ${error.message}`;
    }
  }

  syncTables(state) {
    const p = state.params;
    if (state.model === "coins") {
      fillTable(this.paramsTable, ["π", "p", "q", "log L"],
        [[formatNumber(p.pi), formatNumber(p.p), formatNumber(p.q), formatNumber(state.logLikelihood ?? -Infinity)]]);
    } else {
      fillTable(this.paramsTable, ["k", "weight", "mean μ", "σ", "σ²"],
        p.means.map((mean, k) => [String(k + 1), formatNumber(p.weights[k]), formatNumber(mean),
          formatNumber(p.sigmas[k]), formatNumber(p.sigmas[k] ** 2)]));
    }
    const names = state.model === "coins" ? ["P(coin B | y)", "P(coin C | y)"]
      : Array.from({ length: state.components }, (_, k) => `γ·${k + 1}`);
    const rows = state.responsibilities;
    const shown = state.data.length;
    this.respNote.textContent = rows === null
      ? "Take an E-step to compute the responsibilities."
      : shown < state.dataLength ? `First ${shown} of ${state.dataLength} observations.` : "";
    fillTable(this.respTable, ["i", state.model === "coins" ? "y" : "x", ...names],
      state.data.map((x, i) => [String(i + 1), formatNumber(x),
        ...(rows ? rows[i].map((r) => formatNumber(r)) : names.map(() => "—"))]));
  }

  syncNotes(state) {
    const notes = [];
    for (const d of state.diagnostics) {
      if (d.kind === "identicalComponents") notes.push(`Components ${d.first + 1} and ${d.second + 1} are identical. EM can never separate them (the start is a saddle point): change one of them.`);
      if (d.kind === "componentVanished") notes.push(`Component ${d.component + 1} has weight ≈ 0: no data are left to estimate it, so its parameters are frozen.`);
      if (d.kind === "componentCollapsed") notes.push(`Component ${d.component + 1} has collapsed onto (nearly) one point. Its variance sits on the floor (10⁻⁶ × the data's variance) that keeps the likelihood from becoming infinite.`);
      if (d.kind === "impossibleObservations") notes.push("Some observation is impossible under every component (for example a head when p = q = 0), so log L = −∞. Move the parameters away from 0 and 1.");
    }
    if (state.converged) notes.push(`Converged: log L changed by less than the tolerance ${state.tolerance} in the last iteration.`);
    this.notes.replaceChildren(...notes.map((text) => h("p", {}, text)));
  }

  // ---- scriptable API (see README) ----

  /** The whole state; `error` is the message currently shown, or null. */
  state() {
    return this.handle ? this.publicState(this.handle.state()) : null;
  }

  /** The state for an em-change event, built only if a listener reads it. */
  lazyState() {
    let state;
    const full = () => (state ??= this.state());
    return new Proxy({}, {
      get: (_, key) => full()[key],
      has: (_, key) => key in full(),
      ownKeys: () => Reflect.ownKeys(full()),
      getOwnPropertyDescriptor: (_, key) => ({ value: full()[key], enumerable: true, configurable: true, writable: true }),
    });
  }

  publicState(state) {
    const messages = Object.values(this.errors);
    return {
      model: state.model, iteration: state.iteration, phase: state.phase, params: state.params,
      logLikelihood: state.logLikelihood, responsibilities: state.responsibilities, converged: state.converged,
      history: state.history.map(({ iteration, logLikelihood, params }) => ({ iteration, logLikelihood, params })),
      error: messages.length ? messages[0] : null,
      q: state.q, entropy: state.entropy, data: state.data, diagnostics: state.diagnostics,
      tolerance: state.tolerance, maxIterations: state.maxIterations, atCap: state.atCap,
    };
  }

  eStep() { return this.api(() => this.handle.eStep()); }
  mStep() { return this.api(() => this.handle.mStep()); }
  step() { return this.api(() => this.handle.step()); }
  back() { return this.api(() => this.handle.back()); }
  reset() { return this.api(() => this.handle.reset()); }
  run(maxIterations = 1000) { return this.api(() => this.handle.run(Math.max(0, Math.floor(Number(maxIterations) || 0)))); }

  /** Replaces the data: an array of numbers or a string. Returns false on bad input (see state().error). */
  setData(numbers) {
    const text = Array.isArray(numbers) ? numbers.join(",") : String(numbers);
    this.pause();
    return this.act("data", () => this.handle.setDataText(text));
  }

  /** Sets starting parameters: {pi, p, q} or {weights, means, sigmas} (missing ones keep their value). */
  setParams(params) {
    this.pause();
    const list = (value) => (Array.isArray(value) ? value.join(",") : String(value));
    const start = this.startParams();
    return this.act("start", () => {
      if (this.model() === "coins") {
        this.handle.setCoinStart(String(params.pi ?? start.pi), String(params.p ?? start.p), String(params.q ?? start.q));
      } else {
        this.handle.setGmmStart(list(params.weights ?? start.weights), list(params.means ?? start.means), list(params.sigmas ?? start.sigmas));
      }
    });
  }

  api(action) {
    if (!this.handle) throw new Error("<em-playground> is not ready yet: wait for its em-ready event.");
    this.pause();
    const result = action();
    delete this.errors.stepping;
    this.update();
    return result;
  }
}

if (!customElements.get("em-playground")) customElements.define("em-playground", EmPlaygroundElement);
