// <em-playground>: a custom element that steps EM in the browser.
//
// The engine and the charts are Rust compiled to wasm (./engine/em-playground.js).
// Each element holds one opaque EmPlayground handle; every UI event calls one
// handle method, then `update()` redraws everything from the handle's state,
// so state flows one way: UI event -> handle -> state -> DOM and canvases.
// No text from attributes, the URL or the data box is ever inserted as HTML:
// the DOM is built with createElement and textContent only.

import init, { EmPlayground } from "./engine/em-playground.js";
import { languageOf, translate } from "./i18n.js";
import { workedCalculation } from "./worked.js";
import { editPlane } from "./plane.js";
import { download, fillTable, formatNumber, h, sliderRow } from "./dom.js";
import { EmbedPanel } from "./embed-panel.js";
import { DataFilePanel } from "./data-file.js";
import { ChooseKPanel } from "./choose-k.js";
import { ScriptableElement } from "./api.js";
import { buildExercisePanel, EXERCISE_SETTINGS, syncExercise } from "./exercise.js";
import {
  applySettingsTo, matricesText, packData, pairsText, parameterValue, queryOf, quoted, settingsOfStateFile, SETTINGS, stateFile,
  traceCsv, withUnpackedData,
} from "./settings.js";

/**
 * Where the engine and the stylesheet come from: next to this module, or,
 * for a host that loads this module from a string (anywidget: its blob: URL
 * has no folder to look in, manzt/anywidget#921), what the host put in
 * `globalThis.emPlaygroundAssets` before the first element starts:
 * `{wasm: the .wasm's bytes or URL, css: the stylesheet's text}`.
 */
const hostAssets = () => globalThis.emPlaygroundAssets ?? {};
let wasmReady = null;
/** Loads the engine once, when the first element starts. */
const engineReady = () => (wasmReady ??= init(hostAssets().wasm === undefined ? undefined : { module_or_path: hostAssets().wasm }));

/** The charts, in the order `EmPlayground.render` draws them. */
const CHARTS = ["responsibilities", "fit", "log-likelihood", "parameters", "bound", "landscape"];

/** The control groups `hide` can leave out. */
const CONTROL_GROUPS = ["model", "data", "sliders", "stepping", "choose-k", "worked", "tables"];

/** Charts drawn a frame after a step (many log L evaluations each), by drawDeferred. */
const DEFERRED_CHARTS = ["bound", "landscape"];

/** While Run animates, the deferred charts follow along if they last took less than this (ms). */
const DEFERRED_BUDGET_WHILE_PLAYING = 8;

/** Points a click adds on the plane chart. */
const BRUSHES = [1, 5, 20];

/** How much larger chart text and lines are in presentation mode, on charts at least PRESENTATION_WIDTH CSS pixels wide. */
const PRESENTATION_SCALE = 1.6;
const PRESENTATION_WIDTH = 600;

/** After this many iterations without converging, the notes explain slow convergence. */
const SLOW_ITERATIONS = 50;

/** Spherical covariances get a note when one axis spreads this many times more than the other. */
const SPHERICAL_SCALES = 4;

/** At most this many observations are written into the data box. */
const DATA_BOX_LIMIT = 5000;

/** Rows of the responsibilities table; the rest are summarised. */
const TABLE_ROWS = 50;

/** The address follows the state this long (ms) after a change, once per burst of changes. */
const URL_DELAY = 120;
/** Once the state has been still this long (ms), the landscape is drawn on its full grid and the sections off screen are brought up to date. */
const STILL_DELAY = 400;

/** Keyboard shortcuts: keys and the action they run (described in i18n.js as key.<action>). */
const SHORTCUTS = [
  [["e"], "eStep"],
  [["m"], "mStep"],
  [[" ", "ArrowRight"], "step"],
  [["ArrowLeft"], "back"],
  [["p"], "togglePlay"],
  [["r"], "reset"],
  [["?"], "toggleHelp"],
];

const KEY_NAMES = { ArrowRight: "→", ArrowLeft: "←" };

class EmPlaygroundElement extends ScriptableElement {
  static observedAttributes = [...SETTINGS, "state-src", ...EXERCISE_SETTINGS];

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.handle = null;
    this.errors = {};
    /** The exercise's {ask, tolerance} texts while predict-then-reveal is on, else null. */
    this.exerciseSettings = null;
    this.playing = null;
    this.lastFrame = 0;
    this.structureKey = "";
    this.canvasSizes = new Map();
    this.shownDataVersion = null;
    /** Sections out of view, and what brings each up to date (see whenOnScreen). */
    this.offScreen = new Set();
    this.stale = new Map();
    /** Chart canvases wholly off screen, and those a change has left to draw (see observeSections). */
    this.chartsOffScreen = new Set();
    this.staleCharts = new Set();
    /** Resolves once the engine has loaded (for the API's asynchronous methods). */
    this.started = new Promise((resolve) => { this.markStarted = resolve; });
  }

  async connectedCallback() {
    if (this.handle) return;
    const settings = this.initialSettings();
    this.language = languageOf(settings.lang ?? navigator.language);
    this.buildShell();
    this.applyLayout();
    // The controls show at once, but answer only once the engine has loaded.
    const shell = this.shadowRoot.querySelector(".emp");
    shell.inert = true;
    shell.classList.add("loading");
    // Unstyled, the shell would flash up at another size: it keeps its place hidden until its stylesheet is in.
    shell.style.visibility = "hidden";
    const styled = () => shell.style.removeProperty("visibility");
    if (this.stylesheet) {
      this.stylesheet.addEventListener("load", styled, { once: true });
      this.stylesheet.addEventListener("error", styled, { once: true });
    } else styled();
    // state-src: the state document's settings instead of the attributes' (fetched while the wasm loads).
    const source = this.getAttribute("state-src");
    const sourced = source === null ? Promise.resolve(null) : this.settingsAtSource(source);
    const [unpacked, fromSource] = await Promise.all([sourced.then((loaded) => withUnpackedData(loaded ?? settings)), sourced, engineReady()]);
    this.handle = new EmPlayground();
    this.handle.setLanguage(this.language);
    this.applyUnpacked(unpacked);
    if (source !== null && fromSource === null) this.errors.stepping = this.t("error.state-src", { name: quoted(source) });
    this.startExercise();
    // What the widget opens with is where Undo stops.
    this.handle.forgetDataEdits();
    this.update();
    shell.inert = false;
    shell.classList.remove("loading");
    performance.mark("em-playground:first-render");
    // Canvas sizes come from the observer, so a redraw never forces a layout.
    this.resizeObserver = new ResizeObserver((entries) => {
      const scale = window.devicePixelRatio || 1;
      this.sizedRatio = scale;
      for (const { target, contentRect } of entries) {
        this.canvasSizes.set(target, [Math.round(contentRect.width * scale), Math.round(contentRect.height * scale)]);
      }
      this.drawCharts();
    });
    this.watchPixelRatio();
    this.observeCanvases();
    this.observeSections();
    // Printing shows every chart: those off screen are drawn first.
    this.onBeforePrint = () => this.drawStaleCharts(true);
    window.addEventListener("beforeprint", this.onBeforePrint);
    this.dataFile.acceptDrops(shell);
    this.onKeyDown = (event) => this.handleKey(event);
    this.addEventListener("keydown", this.onKeyDown);
    // On the standalone page the shortcuts work wherever the focus is.
    if (this.hasAttribute("use-url")) document.addEventListener("keydown", this.onKeyDown);
    this.markStarted();
    this.dispatchEvent(new CustomEvent("em-ready", { bubbles: true }));
  }

  observeCanvases() {
    this.resizeObserver.disconnect();
    this.canvasSizes.clear();
    for (const canvas of this.canvases) this.resizeObserver.observe(canvas);
  }

  /**
   * Redraws at the new resolution when devicePixelRatio changes without a
   * resize (the window moved to another screen, or the page was zoomed):
   * observing the canvases again reports their sizes afresh. (Where the
   * media query does not report it, the next redraw notices; see drawCharts.)
   */
  watchPixelRatio() {
    this.ratioQuery?.removeEventListener("change", this.onRatioChange);
    this.ratioQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    this.onRatioChange = () => {
      this.watchPixelRatio();
      this.observeCanvases();
    };
    this.ratioQuery.addEventListener("change", this.onRatioChange);
  }

  /** The widget's language: "en" or "zh". */
  get language() {
    return this.currentLanguage;
  }

  set language(language) {
    this.currentLanguage = language;
  }

  /** The text for `key` in the widget's language. */
  t(key, values) {
    return translate(this.language, key, values);
  }

  /** Switches every label, message and chart title to `tag`'s language (zh or en). */
  setLanguage(tag) {
    const language = languageOf(tag);
    if (language === this.language) return;
    this.language = language;
    this.handle.setLanguage(language);
    // Messages already shown were in the old language.
    this.errors = {};
    this.shadowRoot.replaceChildren();
    this.buildShell();
    this.applyLayout();
    this.structureKey = "";
    this.shownDataVersion = null;
    this.staleCharts.clear();
    this.observeCanvases();
    this.observeSections();
    this.update();
  }

  /** A course author's script changing an attribute later applies it too. */
  attributeChangedCallback(name, previous, value) {
    if (!this.handle || previous === value || value === null) return;
    this.pause();
    if (name === "state-src") {
      this.loadStateSource(value);
      return;
    }
    if (EXERCISE_SETTINGS.includes(name)) {
      this.startExercise();
      return;
    }
    if (name === "lang") this.setLanguage(value);
    else if (name === "zdata") {
      withUnpackedData({ zdata: value }).then((unpacked) => {
        this.applyUnpacked(unpacked);
        this.update();
      });
      return;
    } else this.applySettings({ [name]: value });
    this.update();
  }

  disconnectedCallback() {
    this.pause();
    if (this.deferred) cancelAnimationFrame(this.deferred);
    this.deferred = null;
    if (this.onKeyDown) document.removeEventListener("keydown", this.onKeyDown);
    clearTimeout(this.urlTimer);
    this.urlTimer = null;
    clearTimeout(this.sharpenTimer);
    clearTimeout(this.staleTimer);
    this.resizeObserver?.disconnect();
    this.sectionObserver?.disconnect();
    this.chartObserver?.disconnect();
    window.removeEventListener("beforeprint", this.onBeforePrint);
    this.ratioQuery?.removeEventListener("change", this.onRatioChange);
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

  /** Applies settings by name (see settings.js). */
  applySettings(settings) {
    applySettingsTo(this, settings);
  }

  /** Applies settings whose `zdata` was unpacked (see withUnpackedData), or says it could not be read. */
  applyUnpacked({ settings, unreadable }) {
    this.applySettings(settings);
    if (unreadable) this.errors.data = this.t("error.link-data");
  }

  // ---- the address: every setting in the query, so a link reproduces the state ----

  /** The query string that reproduces this widget's state. */
  query() {
    return queryOf(this);
  }

  /** On the standalone page, keeps the address in step with the state (no history entries). */
  syncUrl() {
    if (!this.hasAttribute("use-url") || !this.lastState || this.urlTimer) return;
    // replaceState takes milliseconds, so it follows the redraw instead of delaying it.
    this.urlTimer = setTimeout(async () => {
      await packData(this);
      this.urlTimer = null;
      if (!this.handle) return;
      const query = this.query();
      if (window.location.search.slice(1) !== query) {
        window.history.replaceState(null, "", `${window.location.pathname}?${query}`);
      }
      this.noteLinkData();
    }, URL_DELAY);
  }

  /** Whether the address has caught up with the state (for tests and scripts). */
  get addressSettled() {
    return !this.urlTimer;
  }

  /** A link to the standalone page in this state. */
  shareUrl() {
    const page = this.hasAttribute("use-url")
      ? new URL(window.location.pathname, window.location.href)
      : new URL("../index.html", import.meta.url);
    page.search = this.query();
    return page.href;
  }

  showEmbed() {
    this.embed.toggle();
  }

  async share() {
    await packData(this);
    const link = this.shareUrl();
    this.shareBox.value = link;
    this.shareBox.hidden = false;
    this.shareBox.select();
    try {
      await navigator.clipboard.writeText(link);
      this.shareNote.textContent = this.t("share.copied");
    } catch {
      this.shareNote.textContent = this.t("share.select");
    }
    this.noteLinkData(true);
  }

  /** Says, by the Share link button, when links leave the data out (too long for an address). */
  noteLinkData(append = false) {
    if (!this.linkLeavesOutData) {
      if (!append && this.shareNote.dataset.noData) this.shareNote.textContent = "";
      delete this.shareNote.dataset.noData;
      return;
    }
    const source = this.lastState?.source;
    const n = this.lastState?.dataLength ?? "";
    const note = source?.kind === "file" ? this.t("share.no-data-file", { n, name: source.name }) : this.t("share.no-data", { n });
    this.shareNote.textContent = append ? `${this.shareNote.textContent} ${note}` : note;
    this.shareNote.dataset.noData = "1";
  }

  /**
   * Opens a state file (Export JSON): a fresh engine takes its settings, as
   * a link's would be taken, so the state is the one saved.
   */
  /** Import JSON: opens a state file (see settings.js, stateDocument). */
  async importState(file) {
    let settings;
    try {
      settings = settingsOfStateFile(await file.text());
    } catch {
      this.pause();
      this.errors.stepping = this.t("error.state-file", { name: quoted(file.name) });
      this.update();
      return false;
    }
    await this.openSettings(settings);
    return true;
  }

  /**
   * Opens settings in a fresh engine, as a link would: nothing of the
   * current state carries over but the language and the layout.
   */
  async openSettings(settings) {
    this.pause();
    const unpacked = await withUnpackedData(settings);
    this.handle.free();
    this.handle = new EmPlayground();
    this.handle.setLanguage(this.language);
    // The new engine counts data versions afresh: nothing cached by version carries over.
    this.shownDataVersion = null;
    this.packedData = null;
    this.structureKey = "";
    this.errors = {};
    this.applyUnpacked(unpacked);
    this.handle.forgetDataEdits();
    if (this.exerciseSettings !== null) this.setExercise(this.exerciseSettings);
    this.update();
  }

  /** The settings of the state document at `source` (relative to the page), or null if it cannot be read. */
  async settingsAtSource(source) {
    try {
      const response = await fetch(new URL(source, document.baseURI));
      if (!response.ok) throw new RangeError(String(response.status));
      return settingsOfStateFile(await response.text());
    } catch {
      return null;
    }
  }

  /** A changed `state-src`: opens the document there, or says it could not. */
  async loadStateSource(source) {
    const settings = await this.settingsAtSource(source);
    if (settings) {
      await this.openSettings(settings);
    } else {
      this.errors.stepping = this.t("error.state-src", { name: quoted(source) });
      this.update();
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
    // Until the engine has loaded, the controls (already on screen) do nothing.
    if (!this.handle) return false;
    const ok = this.attempt(group, action);
    this.update();
    return ok;
  }

  /** Shows or hides gradient ascent beside EM with the step size typed. */
  applyAscent() {
    this.pause();
    this.act("stepping", () => this.handle.setAscent(this.ascentToggle.checked ? this.ascentRate.value : "off"));
  }

  // ---- the DOM shell, built once ----

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
      const png = h("button", { type: "button", class: "png", title: this.t("chart.png"),
        onclick: () => canvas.toBlob((blob) => blob && download(this.exportName(key, "png"), blob)) }, "PNG");
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

  /** An export's file name: em-trace.csv, or em-trace-old_faithful.csv for a data file's data. */
  exportName(what, extension) {
    const source = this.lastState?.source;
    const stem = source?.kind === "file" ? source.name.replace(/\.[^.]*$/, "").replace(/[^\p{L}\p{N}_-]+/gu, "_") : "";
    return `em-${what}${stem ? `-${stem}` : ""}.${extension}`;
  }

  /** Whether the plane chart (2-D mixture) is showing: for the editing gestures. */
  isPlane() {
    return Boolean(this.description?.plane);
  }

  /** Points one click adds on the plane chart. */
  brush() {
    return Number(this.brushSelect.value) || 1;
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
    if (event.defaultPrevented || event.altKey || !this.handle) return;
    // Each widget acts once, even when the key reaches both it and the document.
    if (event.composedPath().some((node) => node instanceof EmPlaygroundElement && node !== this)) return;
    if (event.emPlaygroundHandled) return;
    const target = event.composedPath()[0];
    const tag = target?.tagName;
    // A text box keeps its keys, Ctrl+Z (its own undo) included.
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target?.isContentEditable) return;
    if (event.ctrlKey || event.metaKey) {
      this.handleUndoKey(event);
      return;
    }
    if (tag === "BUTTON" && (event.key === " " || event.key === "Enter")) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const shortcut = SHORTCUTS.find(([keys]) => keys.includes(key) || keys.includes(event.key));
    if (!shortcut) {
      if (event.key === "Escape" && !this.help.hidden) this.toggleHelp();
      return;
    }
    event.preventDefault();
    event.emPlaygroundHandled = true;
    const action = shortcut[1];
    if (action === "togglePlay" || action === "toggleHelp") this[action]();
    else this.stepAction(() => this.handle[action]());
  }

  /** Presentation mode: large type, thick lines, high contrast, for a lecture hall. */
  setPresentation(on) {
    this.presenting = on;
    this.shadowRoot.querySelector(".emp").classList.toggle("presentation", on);
    this.shadowRoot.querySelector("#presentation").setAttribute("aria-pressed", String(on));
    // The host says so too, for the page around it (the standalone page drops its header).
    this.toggleAttribute("data-presenting", on);
    this.drawCharts();
    // The layout changed under the reader: bring the widget's top into view.
    this.scrollIntoView({ block: "start" });
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
        ? this.t("error.converged")
        : this.t("error.cap");
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
    const exercise = this.exerciseView();
    syncExercise(this, this.exercisePanel, exercise);
    // A goal reached is announced once, as an answer is.
    if (exercise?.solved === true && !this.goalAnnounced) {
      this.goalAnnounced = true;
      this.dispatchEvent(new CustomEvent("em-exercise", { bubbles: true, detail: { kind: exercise.kind, solved: true } }));
    }
    // Charts first: canvas text is measured against styles, so drawing before
    // the DOM is touched avoids a style recalculation per frame.
    this.drawCharts();
    this.syncControls(state);
    this.dataFile.sync(state);
    this.chooseK.sync(state);
    this.whenOnScreen("tables", () => this.syncTables(this.lastState));

    this.syncNotes(state);
    // Browsers throttle replaceState, so the address follows once Run pauses.
    if (!this.playing) this.syncUrl();
    this.dispatchEvent(new CustomEvent("em-change", { bubbles: true, detail: this.lazyState() }));
  }

  /** Rebuilds model-dependent controls, from the handle's description, when the model, K or the data's range changes. */
  syncStructure(state) {
    const key = `${state.model}:${state.components}:${state.dataVersion}:${state.rule}`;
    if (key === this.structureKey) return;
    this.structureKey = key;
    const d = this.handle.describe();
    this.description = d;
    const options = (select, choices) => select.replaceChildren(...choices.map(({ value, label }) => h("option", { value }, label)));
    options(this.modelSelect, d.models);
    this.modelSelect.value = d.model;
    const emp = this.shadowRoot.querySelector(".emp");
    emp.dataset.model = d.model;
    // The stylesheet shows the plane's own controls (2-D start lists, brush) and its chart size by this.
    emp.toggleAttribute("data-plane", d.plane);
    emp.toggleAttribute("data-pick-observation", d.pickObservation);
    this.landscapeNote.textContent = d.landscapeNote;
    options(this.presetSelect, [...d.presets, { value: "custom", label: this.t("preset.custom") }]);
    this.kLabel.hidden = !d.chooseComponents;
    this.modelNote.textContent = d.modelNote ?? "";
    this.modelNote.hidden = !d.modelNote;
    this.fitTitle.textContent = d.fitTitle;
    this.dataLabel.textContent = d.dataLabel;
    this.dataHelp.textContent = d.dataHelp;
    options(this.ruleSelect, d.rules);
    options(this.covarianceSelect, d.covarianceTypes);
    options(this.sliceSelect, d.slices);
    if (d.slices.length) {
      const chosen = d.slices.some(({ value }) => value === this.sliceSelect.value) ? this.sliceSelect.value : d.defaultSlice;
      this.sliceSelect.value = chosen;
      const [name, index] = chosen.split(":");
      this.handle.setSlice(name, Number(index));
    }
    options(this.landscapeSelect, d.landscapes);
    if (d.model !== this.truthModel) {
      // The true parameters, with the model's example values, when the model changes.
      this.truthModel = d.model;
      this.truthFields.replaceChildren(...d.truth.map(({ label, value }) => h("label", { class: "block" }, `${label} `,
        h("input", { type: "text", class: "wide", value, "aria-label": this.t("synthetic.aria", { name: label }) }))));
    }
    this.kSelect.value = String(state.components);
    const commit = (id, index) => (text) => { this.pause(); this.act("start", () => this.handle.setParam(id, index ?? 0, text)); };
    this.sliderControls = d.sliders.map(({ id, key, index, label, min, max, step }) => {
      const control = sliderRow(label, this.t("slider", { label }), { min, max, step }, commit(id, index));
      // θ⁽⁰⁾'s value: params[key], or params[key][index] for a per-component list.
      control.read = (params) => (index === null ? params[key] : params[key][index]);
      if (index !== null) control.row.classList.add(`component-${index % 8}`);
      return control;
    });
    // On/off settings of the start (the binomial's fixed weights) as checkboxes.
    this.flagBoxes = d.flags.map(({ value, label }) => {
      const box = h("input", { type: "checkbox", "data-flag": value,
        onchange: () => { this.pause(); this.act("start", () => this.handle.applyStart({ [value]: box.checked ? "1" : "0" })); } });
      return h("label", { class: "block flag" }, box, ` ${label}`);
    });
    this.sliders.replaceChildren(...this.sliderControls.map((c) => c.row), ...this.flagBoxes);
  }

  syncControls(state) {
    this.undoDataButton.disabled = !state.canUndoData;
    this.redoDataButton.disabled = !state.canRedoData;
    const start = state.history[0].params;
    for (const control of this.sliderControls) control.set(control.read(start));
    if (this.flagBoxes.length) {
      const set = new Set(this.handle.startQuery().map(([name]) => name));
      for (const label of this.flagBoxes) {
        const box = label.querySelector("input");
        box.checked = set.has(box.dataset.flag);
      }
    }
    this.ruleSelect.value = state.rule;
    if (this.description.plane) {
      this.covarianceSelect.value = state.covarianceType;
      const active = this.shadowRoot.activeElement;
      // Six significant digits in the boxes; the address keeps every digit.
      const short = (value) => Number(value.toPrecision(6));
      if (active !== this.meansBox && !this.errors.start) this.meansBox.value = pairsText(start.means.map((m) => m.map(short))).replaceAll(";", "; ");
      if (active !== this.covariancesBox && !this.errors.start) {
        this.covariancesBox.value = matricesText(start.covariances.map((m) => m.map((row) => row.map(short)))).replaceAll(";", "; ");
      }
    }
    if (state.landscapeChoice) this.landscapeSelect.value = state.landscapeChoice;
    this.ascentToggle.checked = state.ascent !== null;
    if (state.ascent && this.shadowRoot.activeElement !== this.ascentRate) this.ascentRate.value = String(state.ascent.rate);
    const source = state.source;
    if (source.kind === "file" && !this.presetSelect.querySelector('option[value="file"]')) {
      this.presetSelect.append(h("option", { value: "file", disabled: true }, this.t("preset.file", { name: source.name })));
    }
    this.presetSelect.value = source.kind === "preset" ? source.name : source.kind === "file" ? "file" : "custom";
    const dataName = source.kind === "file" ? ` · ${source.name} (${source.columns.join(", ")})` : "";
    for (const span of this.dataNames) if (span.textContent !== dataName) span.textContent = dataName;
    // Rewrite the box only when the data changed (not on every step), and never
    // over text the user is typing or that was just rejected.
    if (state.dataVersion !== this.shownDataVersion) {
      this.shownDataVersion = state.dataVersion;
      if (this.shadowRoot.activeElement !== this.dataBox && !this.dataBoxRejected) {
        // A box of a million numbers takes seconds to lay out: larger data show their start.
        const shown = Math.min(state.dataLength, DATA_BOX_LIMIT);
        this.dataBox.value = this.handle.dataText(shown)
          + (shown < state.dataLength ? `\n# ${this.t("data.not-shown", { shown, total: state.dataLength })}` : "");
      }
    }
    if (this.shadowRoot.activeElement !== this.tolBox) this.tolBox.value = String(state.tolerance);
    if (this.shadowRoot.activeElement !== this.capBox) this.capBox.value = String(state.maxIterations);
    const canE = state.phase !== "e";
    this.buttons.e.disabled = !canE;
    this.buttons.m.disabled = state.phase !== "e";
    this.buttons.back.disabled = state.phase === "init";
    this.buttons.run.textContent = this.t(this.playing ? "button.pause" : "button.run");
    this.buttons.run.setAttribute("aria-pressed", this.playing ? "true" : "false");
    const next = this.t(state.phase === "e" ? "button.m" : "button.e");
    const logL = state.logLikelihood === null ? "−∞" : formatNumber(state.logLikelihood);
    let status = this.t("status", { iteration: state.iteration, next, logL });
    if (state.converged) status += this.t("status.converged");
    else if (state.atCap) status += this.t("status.cap");
    this.status.textContent = status;
    for (const element of this.shadowRoot.querySelectorAll("[data-error]")) {
      element.textContent = this.errors[element.dataset.error] ?? "";
    }
  }

  drawCharts() {
    if (!this.handle) return;
    if (this.sizedRatio !== undefined && this.sizedRatio !== (window.devicePixelRatio || 1)) {
      // Sized for another pixel ratio: measure again; the observer then redraws.
      this.sizedRatio = undefined;
      this.watchPixelRatio();
      this.observeCanvases();
      return;
    }
    for (const canvas of this.canvases) {
      const [width, height] = this.canvasSizes.get(canvas) ?? [0, 0];
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
    }
    try {
      const scale = this.chartScale();
      // The lower bound and the landscape (many log L evaluations) follow a frame later, by
      // drawDeferred; a chart wholly off screen waits until it is scrolled to.
      const main = (canvas) => canvas.isConnected && !DEFERRED_CHARTS.includes(canvas.dataset.chart);
      const drawn = (canvas) => main(canvas) && this.onScreenOrMarkStale(canvas);
      this.handle.render(this.canvases.map((canvas) => (drawn(canvas) ? canvas : undefined)), scale, false);
      this.scheduleDeferred();
    } catch (error) {
      this.errors.stepping = this.t("error.draw", { message: error.message });
    }
  }

  /**
   * Device pixels per CSS pixel of chart text and lines. Presentation mode
   * draws them up to 1.6× larger on the same pixels, less on a narrow chart
   * (two a row on a small projector) so its labels still fit.
   */
  chartScale() {
    const ratio = window.devicePixelRatio || 1;
    if (!this.presenting) return ratio;
    const widths = this.canvases.map((canvas) => this.canvasSizes.get(canvas)?.[0] ?? 0).filter((width) => width > 0);
    const cssWidth = widths.length ? Math.min(...widths) / ratio : PRESENTATION_WIDTH;
    return ratio * Math.min(PRESENTATION_SCALE, Math.max(1.15, (PRESENTATION_SCALE * cssWidth) / PRESENTATION_WIDTH));
  }

  syncTables(state) {
    const d = this.description;
    const columns = d.parameterColumns;
    const logL = formatNumber(state.logLikelihood ?? -Infinity);
    if (d.perComponent) {
      fillTable(this.paramsTable, ["k", ...columns.map((c) => c.label)], state.params.weights.map((_, k) =>
        [String(k + 1), ...columns.map((c) => formatNumber(parameterValue(state.params, c, k)))]));
    } else {
      fillTable(this.paramsTable, [...columns.map((c) => c.label), "log L"],
        [[...columns.map((c) => formatNumber(parameterValue(state.params, c, null))), logL]]);
    }
    const complete = state.completeData;
    this.completeLabel.hidden = !(complete && d.completeDataLabel);
    if (d.completeDataLabel) this.completeLabel.lastChild.textContent = ` ${d.completeDataLabel}`;
    this.completeTable.hidden = this.completeLabel.hidden || !this.completeToggle.checked;
    if (!this.completeTable.hidden) {
      fillTable(this.completeTable, ["k", ...columns.map((c) => c.label)], complete.weights.map((_, k) =>
        [String(k + 1), ...columns.map((c) => formatNumber(parameterValue(complete, c, k)))]));
    }
    const names = d.responsibilityNames;
    const rows = state.responsibilities;
    const shown = state.data.length;
    this.respNote.textContent = rows === null
      ? this.t("resp.take-e")
      : shown < state.dataLength ? this.t("resp.first", { shown, total: state.dataLength }) : "";
    // Whole numbers (tosses, counts) as they were typed; others to four decimals.
    const observation = (x) => {
      if (!Array.isArray(x)) return Number.isSafeInteger(x) ? String(x).replace("-", "−") : formatNumber(x);
      return d.observation === "count" ? `${x[0]}/${x[1]}` : `(${formatNumber(x[0])}, ${formatNumber(x[1])})`;
    };
    fillTable(this.respTable, ["i", d.observationHeader, ...names],
      state.data.map((x, i) => [String(i + 1), observation(x),
        ...(rows ? rows[i].map((r) => formatNumber(r)) : names.map(() => "—"))]));
  }

  /**
   * The slower views, the lower bound, the landscape and the worked
   * calculation, follow in the next animation frame, so a step redraws the
   * main charts at once. While Run animates they follow only if they are quick.
   */
  scheduleDeferred() {
    if (this.deferred || (this.playing && !(this.deferredCost < DEFERRED_BUDGET_WHILE_PLAYING))) return;
    this.deferred = requestAnimationFrame(() => this.drawDeferred());
  }

  /** Whether `canvas` is (partly) on screen; if not, it is marked to be drawn once it is. */
  onScreenOrMarkStale(canvas) {
    if (!this.chartsOffScreen.has(canvas)) return true;
    this.staleCharts.add(canvas);
    return false;
  }

  /** The lower bound and the landscape, a frame after the rest (`all`: off screen too, for printing). */
  drawDeferred(all = false) {
    if (this.deferred) cancelAnimationFrame(this.deferred);
    this.deferred = null;
    clearTimeout(this.sharpenTimer);
    if (!this.handle || !this.lastState) return;
    const drawn = (canvas) => canvas.isConnected && DEFERRED_CHARTS.includes(canvas.dataset.chart) && (all || this.onScreenOrMarkStale(canvas));
    const deferred = this.canvases.map((canvas) => (drawn(canvas) ? canvas : undefined));
    if (deferred.some(Boolean)) {
      const scale = this.chartScale();
      const started = performance.now();
      try {
        // The landscape comes as a draft; once nothing has changed for a moment it is sharpened.
        if (this.handle.render(deferred, scale, true)) this.sharpenTimer = setTimeout(() => this.sharpenLandscape(), STILL_DELAY);
      } catch (error) {
        this.errors.stepping = this.t("error.draw", { message: error.message });
      }
      this.deferredCost = performance.now() - started;
    }
    this.whenOnScreen("worked", () => this.syncWorked(this.lastState));
  }

  /**
   * Runs `refresh` for a section (the tables or the worked calculation) now
   * if it is on screen or near it; else when it scrolls into view or once
   * the state has been still for a moment, whichever comes first (so print,
   * screenshots and screen readers never find it stale for long): laying
   * out tables and MathML no one sees cost each step about 30 ms.
   */
  whenOnScreen(section, refresh) {
    if (!this.offScreen.has(section)) {
      refresh();
      return;
    }
    this.stale.set(section, refresh);
    clearTimeout(this.staleTimer);
    this.staleTimer = setTimeout(() => this.refreshStale(), STILL_DELAY);
  }

  /** Brings every section that was off screen up to date (not while Run animates). */
  refreshStale() {
    if (this.playing) {
      this.staleTimer = setTimeout(() => this.refreshStale(), STILL_DELAY);
      return;
    }
    const refreshes = [...this.stale.values()];
    this.stale.clear();
    if (this.handle) for (const refresh of refreshes) refresh();
  }

  /**
   * Watches the lazily refreshed sections (see whenOnScreen) and the charts:
   * a chart wholly off screen is not redrawn by a step; it is redrawn when
   * it scrolls into view, or before printing. (Called again when the shell
   * is rebuilt for another language.)
   */
  observeSections() {
    this.sectionObserver?.disconnect();
    this.offScreen.clear();
    this.sectionObserver = new IntersectionObserver((entries) => {
      for (const { target, isIntersecting } of entries) {
        const section = target.dataset.group;
        if (isIntersecting) this.offScreen.delete(section);
        else this.offScreen.add(section);
        const refresh = isIntersecting && this.stale.get(section);
        this.stale.delete(section);
        if (refresh && this.handle) refresh();
      }
    }, { rootMargin: "200px" });
    for (const section of this.shadowRoot.querySelectorAll("section.tables, section.worked")) this.sectionObserver.observe(section);
    this.chartObserver?.disconnect();
    this.chartsOffScreen.clear();
    this.chartObserver = new IntersectionObserver((entries) => {
      let cameIntoView = false;
      for (const { target, isIntersecting } of entries) {
        if (isIntersecting) this.chartsOffScreen.delete(target);
        else this.chartsOffScreen.add(target);
        cameIntoView ||= isIntersecting && this.staleCharts.has(target);
      }
      if (cameIntoView) this.drawStaleCharts();
    });
    for (const canvas of this.canvases) this.chartObserver.observe(canvas);
  }

  /** Draws the charts a step left stale because they were off screen (now in view, or all before printing). */
  drawStaleCharts(all = false) {
    if (!this.handle) return;
    const due = [...this.staleCharts].filter((canvas) => all || !this.chartsOffScreen.has(canvas));
    if (!due.length) return;
    for (const canvas of due) this.staleCharts.delete(canvas);
    const main = this.canvases.map((canvas) => (due.includes(canvas) && !DEFERRED_CHARTS.includes(canvas.dataset.chart) ? canvas : undefined));
    try {
      if (main.some(Boolean)) this.handle.render(main, this.chartScale(), false);
    } catch (error) {
      this.errors.stepping = this.t("error.draw", { message: error.message });
    }
    if (due.some((canvas) => DEFERRED_CHARTS.includes(canvas.dataset.chart))) this.drawDeferred(all);
  }

  /** Redraws the landscape on its full grid (it was drawn as a draft after the last change). */
  sharpenLandscape() {
    if (!this.handle || this.playing || this.deferred) return;
    const landscape = this.canvases.map((canvas) => (canvas.isConnected && canvas.dataset.chart === "landscape" ? canvas : undefined));
    try {
      this.handle.render(landscape, this.chartScale(), false);
    } catch (error) {
      this.errors.stepping = this.t("error.draw", { message: error.message });
    }
  }

  /** The worked calculation of the half-step just taken (MathML). */
  syncWorked(state) {
    if (!this.worked.isConnected) return;
    const observation = Math.max(0, Math.min(Number(this.workedObservation.value) - 1 || 0, state.data.length - 1));
    const joint = this.handle.observation(observation)?.weightedDensities ?? [];
    this.worked.replaceChildren(...workedCalculation(state, this.description.workedTemplate, (key, values) => this.t(key, values), observation, joint));
  }

  syncNotes(state) {
    const notes = [...this.layoutNotes];
    for (const d of state.diagnostics) {
      const values = { first: d.first + 1, second: d.second + 1, component: d.component + 1 };
      const key = { identicalComponents: "note.identical", componentVanished: "note.vanished",
        componentCollapsed: "note.collapsed", impossibleObservations: "note.impossible", oneDistinctValue: "note.one-value" }[d.kind];
      if (key) notes.push(this.t(key, values));
    }
    if (state.rule !== "posterior") notes.push(this.t(`note.rule.${state.rule}`));
    if (state.converged) {
      notes.push(this.t("note.converged", { tolerance: state.tolerance }));
      if (this.description.convergedNote && state.rule === "posterior") notes.push(this.description.convergedNote);
    } else if (this.description.explainSlow && state.iteration >= SLOW_ITERATIONS && !this.playing) {
      notes.push(this.t("note.slow", { iterations: state.iteration }));
    }
    notes.push(...this.ascentNotes(state));
    // One variance for both axes: on axes of very different scales every component is a band.
    if (state.covarianceType === "spherical") {
      const [sx, sy] = [state.dataSummary.sd, state.ySummary.sd];
      if (Math.max(sx, sy) > SPHERICAL_SCALES * Math.min(sx, sy)) {
        notes.push(this.t("note.spherical", { sx: formatNumber(sx, 3), sy: formatNumber(sy, 3) }));
      }
    }
    this.notes.replaceChildren(...notes.map((text) => h("p", {}, text)));
  }

  /** What gradient ascent beside EM shows so far: a fall, a divergence, or how far behind it is. */
  ascentNotes(state) {
    const ascent = state.ascent;
    if (!ascent || state.iteration === 0) return [];
    const rate = String(ascent.rate);
    if (ascent.diverged) return [this.t("note.ascent.diverged", { rate })];
    const values = ascent.logLikelihoods;
    for (let step = 1; step < values.length; step++) {
      const drop = (values[step - 1] ?? -Infinity) - (values[step] ?? -Infinity);
      if (drop > 1e-9 * Math.max(1, Math.abs(values[step - 1] ?? 0))) {
        return [this.t("note.ascent.down", { step, drop: formatNumber(drop), rate })];
      }
    }
    const last = values[values.length - 1];
    if (last === null || state.logLikelihood === null) return [];
    const key = last < state.logLikelihood ? "note.ascent.behind" : "note.ascent.ahead";
    return [this.t(key, { steps: values.length - 1, rate, ascent: formatNumber(last), em: formatNumber(state.logLikelihood) })];
  }

  // ---- undo and redo of data edits (separate from Back) ----

  /** Ctrl+Z undoes a data edit, Ctrl+Shift+Z (or Ctrl+Y) redoes one (handleKey has left text boxes out). */
  handleUndoKey(event) {
    const key = event.key.toLowerCase();
    if (key !== "z" && key !== "y") return;
    event.preventDefault();
    event.emPlaygroundHandled = true;
    if (key === "y" || event.shiftKey) this.redoData();
    else this.undoData();
  }

  // ---- predict, then reveal (see exercise.js and src/exercise.rs) ----

  /** The exercise settings from the attributes, or on the standalone page the address. */
  startExercise() {
    const query = new URLSearchParams(this.hasAttribute("use-url") ? window.location.search : "");
    const value = (name) => this.getAttribute(name) ?? query.get(name);
    const kind = value("exercise");
    if (kind === null || kind === "") return;
    this.setExercise({ kind, ask: value("exercise-ask") ?? "", tolerance: value("exercise-tolerance") ?? "", text: value("exercise-text") ?? "" });
    // The score a link carries, "right/questions".
    const score = /^(\d+)\/(\d+)$/.exec(value("exercise-score") ?? "");
    if (score && this.exerciseSettings?.kind === "predict") {
      try {
        this.handle.setScore(Number(score[1]), Number(score[2]));
      } catch (error) {
        this.errors.stepping = error.message;
      }
      this.update();
    }
  }

  /**
   * Turns an exercise on with `{kind, ask, tolerance, text}` (texts; kind
   * `predict` or a goal's name), or off with null. The current start is a
   * goal's first start.
   */
  setExercise(settings) {
    this.pause();
    delete this.errors.stepping;
    this.handle.clearExercise();
    this.handle.clearGoal();
    this.exerciseSettings = null;
    this.goalAnnounced = false;
    if (settings !== null) {
      const full = { kind: "predict", ask: "", tolerance: "", text: "", ...settings };
      try {
        if (full.kind === "predict") this.handle.setExercise(full.ask, full.tolerance, Number(this.seedBox.value) || 1);
        else this.handle.setGoal(full.kind);
        this.exerciseSettings = full;
      } catch (error) {
        this.errors.stepping = error.message;
      }
    }
    if (this.handle) this.update();
  }

  /** The exercise as the engine checks it: a predict question or a goal; null when off. */
  exerciseView() {
    if (this.exerciseSettings === null) return null;
    return this.exerciseSettings.kind === "predict" ? this.handle.exercise() : this.handle.goal();
  }

}

if (!customElements.get("em-playground")) customElements.define("em-playground", EmPlaygroundElement);
