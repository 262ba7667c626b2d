// The element's scriptable API (see the README): what a course author's
// script calls on <em-playground>. Each method is one handle call (or a
// few) followed by the one-way redraw, as a click would be; the element
// itself (em-playground.js) extends this class.

import { quoted, settingsOfDocument, settingsOfStateFile } from "./settings.js";

/** Whether `value` is a number (shape []) or a list of `size` items of the shape `rest`: [2] a pair, [2, 2] a 2 × 2 matrix. */
const hasShape = (value, [size, ...rest]) => (size === undefined ? typeof value === "number"
  : Array.isArray(value) && value.length === size && value.every((item) => hasShape(item, rest)));

export class ScriptableElement extends HTMLElement {
  /**
   * Opens a state document (an object, or its JSON text; see settings.js,
   * stateDocument) in a fresh engine, as Import JSON does. Resolves to false,
   * changing nothing, if it is not one.
   */
  async setState(document) {
    let settings;
    try {
      settings = typeof document === "string" ? settingsOfStateFile(document) : settingsOfDocument(document);
    } catch {
      return false;
    }
    await this.openSettings(settings);
    return true;
  }

  /** Undoes the last data edit (preset, paste, synthetic data, 2-D points): false if there is none. */
  undoData() {
    return this.stepDataHistory(() => this.handle.undoData());
  }

  /** Redoes the last undone data edit: false if there is none. */
  redoData() {
    return this.stepDataHistory(() => this.handle.redoData());
  }

  stepDataHistory(step) {
    if (!this.handle) return false;
    this.pause();
    let done = false;
    this.act("data", () => { done = step(); });
    return done;
  }

  /** Checks a predicted number: `{correct, expected (once solved), attempts}`, or null without a question. */
  answer(value) {
    if (!this.handle || this.exerciseSettings?.kind !== "predict") return null;
    this.pause();
    const asks = this.handle.exercise()?.asks ?? null;
    const outcome = this.handle.answer(Number(value));
    this.update();
    if (outcome) this.dispatchEvent(new CustomEvent("em-exercise", { bubbles: true, detail: { ...outcome, asks, shown: false } }));
    return outcome;
  }

  /** "Show me": the value asked for (the half-step is taken), or null without a question. */
  reveal() {
    if (!this.handle || this.exerciseSettings?.kind !== "predict") return null;
    this.pause();
    const asks = this.handle.exercise()?.asks ?? null;
    const expected = this.handle.reveal() ?? null;
    this.update();
    if (expected !== null) {
      this.dispatchEvent(new CustomEvent("em-exercise", { bubbles: true, detail: { correct: false, expected, attempts: null, asks, shown: true } }));
    }
    return expected;
  }

  /** The exercise's score back to 0 of 0. */
  resetScore() {
    this.handle?.resetScore();
    if (this.handle) this.update();
  }

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
      rule: state.rule, q: state.q, entropy: state.entropy, data: state.data, diagnostics: state.diagnostics,
      tolerance: state.tolerance, maxIterations: state.maxIterations, atCap: state.atCap,
      ascent: state.ascent, landscape: state.landscape, covarianceType: state.covarianceType,
      exercise: this.exerciseView(),
    };
  }

  eStep() { return this.api(() => this.handle.eStep()); }

  mStep() { return this.api(() => this.handle.mStep()); }

  step() { return this.api(() => this.handle.step()); }

  back() { return this.api(() => this.handle.back()); }

  reset() { return this.api(() => this.handle.reset()); }

  run(maxIterations = 1000) { return this.api(() => this.handle.run(Number(maxIterations))); }

  /** Replaces the data: an array of numbers ([x, y] pairs in 2-D, numbers or [successes, trials] for binomial counts) or a string. Returns false on bad input (see state().error). */
  setData(numbers) {
    this.pause();
    return this.act("data", () => this.handle.setDataText(Array.isArray(numbers) ? this.listText(numbers) : String(numbers)));
  }

  /** A list for setData as the data box's text; throws, naming the item, unless it holds numbers (pairs in 2-D). */
  listText(list) {
    const kind = this.description.observation;
    const plane = kind === "point";
    const fits = (x) => (kind === "count" ? hasShape(x, []) || hasShape(x, [2]) : hasShape(x, plane ? [2] : []));
    const what = this.t(plane ? "error.set-data.pairs" : kind === "count" ? "error.set-data.counts" : "error.set-data.numbers");
    const index = list.findIndex((x) => !fits(x));
    if (index >= 0) {
      const value = quoted(JSON.stringify(list[index]) ?? String(list[index]));
      throw new Error(this.t("error.set-data", { index: index + 1, value, what }));
    }
    const infinite = list.findIndex((x) => ![x].flat().every(Number.isFinite));
    if (infinite >= 0) throw new Error(this.t("error.set-data.finite", { index: infinite + 1, what }));
    if (kind === "count") return list.map((x) => [x].flat().join("/")).join(",");
    return plane ? list.map((pair) => pair.join(",")).join(";") : list.join(",");
  }

  /**
   * Sets starting parameters by the names the address uses: {pi, p, q}, {weights, means, sigmas},
   * {weights, probabilities, "fixed-weights": true}, {weights, rates}, or in 2-D
   * {weights, means: [[x, y], …], covariances: [[[a, b], [b, d]], …]} (missing ones keep their value).
   */
  setParams(params) {
    this.pause();
    return this.act("start", () => {
      const names = this.description.startSettings.map(({ name }) => name).join(", ");
      const fail = () => { throw new Error(this.t("error.set-params", { names })); };
      if (params === null || typeof params !== "object" || Array.isArray(params)) fail();
      // Each setting the model reads, checked against its shape and written as the address writes it.
      const given = {};
      for (const { name, list, shape } of this.description.startSettings) {
        const value = params[name];
        if (value === undefined) continue;
        if (typeof value === "boolean") { given[name] = value ? "1" : "0"; continue; }
        if (list ? !(Array.isArray(value) && value.every((item) => hasShape(item, shape))) : !hasShape(value, shape)) fail();
        given[name] = list ? value.map((item) => [item].flat(2).join(",")).join(";") : String(value);
      }
      this.handle.applyStart(given);
    });
  }

  /**
   * Opens a data file (a File or Blob) and uses `{column}` (1-D) or
   * `{columns: [x, y]}` (2-D): header names or numbers from 1; without them,
   * the columns chosen for this file name before, or its first numeric ones.
   * Resolves whether the data are in (see state().error if not).
   */
  async loadFile(file, { column, columns } = {}) {
    await this.started;
    return this.dataFile.open(file, columns ?? (column === undefined ? undefined : [column]));
  }

  /**
   * Compares K = 1 … max ({max, restarts, seed}; each not given is the panel's box: 8, 10 and the seed box at first) and
   * resolves to [{k, logLikelihood, parameters, aic, bic, icl, params}, …],
   * or null if cancelled or refused (see the panel's message).
   */
  async compareK(options = {}) {
    await this.started;
    const rows = await this.chooseK.run(options);
    return rows?.map(({ k, logLikelihood, parameters, aic, bic, icl, params }) => ({ k, logLikelihood, parameters, aic, bic, icl, params })) ?? null;
  }

  api(action) {
    if (!this.handle) throw new Error(this.t("error.not-ready"));
    this.pause();
    const result = action();
    delete this.errors.stepping;
    this.update();
    return result;
  }
}
