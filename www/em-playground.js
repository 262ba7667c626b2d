// <em-playground>: a custom element that steps EM in the browser.
//
// The engine and the charts are Rust compiled to wasm (./engine/em-playground.js).
// Each element holds one opaque EmPlayground handle; every UI event calls one
// handle method, then `update()` redraws everything from the handle's state,
// so state flows one way: UI event -> handle -> state -> DOM and canvases.
// No text from attributes, the URL or the data box is ever inserted as HTML:
// the DOM is built with createElement and textContent only.
//
// The element's class is built in layers, one module each: ScriptableElement
// (api.js: what a page's script calls), ChartingElement (charts.js: when each
// chart is drawn), ShellElement (shell.js: the DOM, built once per language)
// and this one (settings, the address, stepping, and the state shown).

import init, { EmPlayground } from "./engine/em-playground.js";
import { languageOf, translate } from "./i18n.js";
import { workedCalculation } from "./worked.js";
import { fillTable, formatNumber, h, sliderRow } from "./dom.js";
import { hostAssets, ShellElement, SHORTCUTS, TABLE_ROWS } from "./shell.js";
import { EXERCISE_SETTINGS, syncExercise } from "./exercise.js";
import {
  applySettingsTo, matricesText, packData, pairsText, parameterValue, queryOf, quoted, settingsOfStateFile, SETTINGS,
  withUnpackedData,
} from "./settings.js";

let wasmReady = null;
/** Loads the engine once, when the first element starts. */
const engineReady = () => (wasmReady ??= init(hostAssets().wasm === undefined ? undefined : { module_or_path: hostAssets().wasm }));

/** After this many iterations without converging, the notes explain slow convergence. */
const SLOW_ITERATIONS = 50;

/** Spherical covariances get a note when one axis spreads this many times more than the other. */
const SPHERICAL_SCALES = 4;

/** At most this many observations are written into the data box. */
const DATA_BOX_LIMIT = 5000;

/** The address follows the state this long (ms) after a change, once per burst of changes. */
const URL_DELAY = 120;

class EmPlaygroundElement extends ShellElement {
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
    /** Chart canvases off screen (see observeSections), and those a change has left to draw. */
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
    this.onBeforePrint = () => this.drawStaleCharts(() => true);
    window.addEventListener("beforeprint", this.onBeforePrint);
    this.dataFile.acceptDrops(shell);
    this.onKeyDown = (event) => this.handleKey(event);
    this.addEventListener("keydown", this.onKeyDown);
    // On the standalone page the shortcuts work wherever the focus is.
    if (this.hasAttribute("use-url")) document.addEventListener("keydown", this.onKeyDown);
    this.markStarted();
    this.dispatchEvent(new CustomEvent("em-ready", { bubbles: true }));
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

  // ---- the DOM shell's helpers (shell.js builds it) ----

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
    // Whole numbers (tosses, counts) as they were typed; a column with any other to four decimals.
    const whole = state.data.every((x) => Array.isArray(x) || Number.isSafeInteger(x));
    const observation = (x) => {
      if (!Array.isArray(x)) return whole ? String(x).replace("-", "−") : formatNumber(x);
      return d.observation === "count" ? `${x[0]}/${x[1]}` : `(${formatNumber(x[0])}, ${formatNumber(x[1])})`;
    };
    fillTable(this.respTable, ["i", d.observationHeader, ...names],
      state.data.map((x, i) => [String(i + 1), observation(x),
        ...(rows ? rows[i].map((r) => formatNumber(r)) : names.map(() => "—"))]));
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
