// The widget's settings by name (attributes, and the address on the standalone
// page): collected and handed to the handle, which reads, checks and applies
// them and writes the state back as a query (src/settings.rs); the element
// adds its own layout settings to that query. Also the trace as CSV.

/** Attributes (and, on the standalone page, URL parameters) that configure a widget. */
export const SETTINGS = ["model", "preset", "data", "zdata", "file", "columns", "synthetic", "truth", "pi", "p", "q", "weights", "means", "sigmas", "covariances", "probabilities", "rates", "trials", "fixed-weights", "covariance-type", "rule", "tol", "max-iter", "seed", "ascent", "landscape", "lang"];

/** At most this many characters of a refused value are quoted back. */
const QUOTED_CHARACTERS = 40;

/** A value as a note quotes it: a pasted megabyte shows as its start and "…". */
export const quoted = (value) => {
  const text = String(value);
  return text.length > QUOTED_CHARACTERS ? `${text.slice(0, QUOTED_CHARACTERS - 1)}…` : text;
};

/** 2-D means as the address writes them: x,y;x,y. */
export const pairsText = (pairs) => pairs.map((pair) => pair.join(",")).join(";");

/** 2 × 2 covariances as the address writes them, row by row: a,b,c,d;a,b,c,d. */
export const matricesText = (matrices) => matrices.map((m) => m.flat().join(",")).join(";");

/** The most characters `zdata=` may take, like `data=`, so an address stays under 8,000. */
const MAX_PACKED_CHARS = 6000;
/** The most characters `zdata=` may unpack to (a link's data are at most 40,000). */
const MAX_UNPACKED_BYTES = 1 << 20;

/** Text deflated (the browser's CompressionStream, deflate-raw) and written in base64url. */
export async function packed(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 4096) binary += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The text of a `zdata=` value; throws on anything that is not one. */
export async function unpacked(value) {
  const base64 = value.trim().replaceAll("-", "+").replaceAll("_", "/");
  const bytes = Uint8Array.from(atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let size = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.length;
    if (size > MAX_UNPACKED_BYTES) {
      reader.cancel();
      throw new RangeError("too long");
    }
    chunks.push(part.value);
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(await new Blob(chunks).arrayBuffer());
}

/**
 * The settings with `zdata` replaced by the `data` it packs, and whether a
 * `zdata` could not be read (then it is dropped, and the widget says so).
 */
export async function withUnpackedData(settings) {
  if (settings.zdata === undefined) return { settings, unreadable: false };
  const { zdata, ...rest } = settings;
  try {
    return { settings: { ...rest, data: await unpacked(zdata) }, unreadable: false };
  } catch {
    return { settings: rest, unreadable: true };
  }
}

/**
 * Brings the widget's packed data up to date with its data: compressed once
 * per data version, when they are too long for `data=` but might fit packed.
 */
export async function packData(widget) {
  // Once per data version: the address write asks the engine for its query only once otherwise.
  if (!widget.handle || widget.packedData?.version === widget.lastState?.dataVersion) return;
  const { compressible, dataVersion } = widget.handle.query(false);
  if (compressible === undefined || compressible === null) {
    widget.packedData = { version: dataVersion, text: null };
    return;
  }
  // Without CompressionStream (browsers before 2023) the data are left out, as if too long.
  const text = await packed(compressible).catch(() => null);
  widget.packedData = { version: dataVersion, text: text !== null && text.length <= MAX_PACKED_CHARS ? text : null };
}

/**
 * The query string that reproduces this widget's state: the engine's
 * settings, then the element's own. Data too long for `data=` go packed
 * as `zdata=` when `packData` has packed them small enough; otherwise they
 * are left out, and `widget.linkLeavesOutData` says so. With `wholeData`,
 * all of them go in `data=` (for the state file).
 */
export function queryOf(widget, wholeData = false) {
  const { query, dataLeftOut, compressible, dataVersion } = widget.handle.query(wholeData);
  const params = new URLSearchParams(query);
  const packedText = widget.packedData?.version === dataVersion ? widget.packedData.text : null;
  const carried = compressible !== undefined && compressible !== null && packedText !== null;
  if (carried) params.set("zdata", packedText);
  if (!wholeData) widget.linkLeavesOutData = dataLeftOut && !carried;
  if (widget.seedBox.value !== "1") params.set("seed", widget.seedBox.value);
  if (widget.hiddenGroups.length) params.set("hide", widget.hiddenGroups.join(","));
  if (widget.shownCharts.length) params.set("charts", widget.shownCharts.join(","));
  if (widget.compact) params.set("compact", "1");
  if (widget.presenting) params.set("presentation", "1");
  if (widget.exerciseSettings) {
    const { kind, ask, tolerance, text } = widget.exerciseSettings;
    params.set("exercise", kind);
    if (ask) params.set("exercise-ask", ask);
    if (tolerance) params.set("exercise-tolerance", tolerance);
    if (text) params.set("exercise-text", text);
    const score = kind === "predict" ? widget.handle.exercise()?.score : null;
    if (score?.questions) params.set("exercise-score", `${score.firstTries}/${score.questions}`);
  }
  params.set("lang", widget.language);
  return params.toString();
}

/** Settings that say which data: the data part of a state document. */
const DATA_SETTINGS = ["preset", "data", "zdata", "file", "columns", "synthetic", "truth", "trials"];

/**
 * The state document, version 1: what Export JSON writes, Import JSON,
 * `setState(doc)` and `state-src` read, and what a link carries flattened
 * into its query (each setting by name; `settingsOfDocument` flattens it):
 *   {version: 1, model, data: {preset | data | synthetic, truth, trials},
 *    start: {the model's start settings}, settings: {every other setting},
 *    step, history (the trace, for reading; not read back)}.
 * Every value but `version` and `step` is a string, as in an attribute.
 */
export function stateDocument(widget) {
  const all = Object.fromEntries(new URLSearchParams(queryOf(widget, true)));
  const startNames = new Set(widget.description.startSettings.map(({ name }) => name));
  const document = { version: 1, model: all.model, data: {}, start: {}, settings: {}, step: Number(all.step ?? 0) };
  for (const [name, value] of Object.entries(all)) {
    if (name === "model" || name === "step") continue;
    const part = DATA_SETTINGS.includes(name) ? "data" : startNames.has(name) ? "start" : "settings";
    document[part][name] = value;
  }
  document.history = widget.state().history;
  return document;
}

/** The state file: the state document as JSON. */
export function stateFile(widget) {
  return JSON.stringify(stateDocument(widget), null, 1);
}

const isRecord = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const isSettingValue = (value) => typeof value === "string" || (typeof value === "number" && Number.isFinite(value))
  || typeof value === "boolean";

/**
 * The settings by name a state document stands for; also reads the files
 * exported before version 1 ({emPlayground: 1, settings}). Throws a
 * RangeError on anything else.
 */
export function settingsOfDocument(document) {
  if (isRecord(document) && document.emPlayground === 1 && document.version === undefined) {
    const { settings } = document;
    if (!isRecord(settings) || !Object.values(settings).every((value) => typeof value === "string")) throw new RangeError("not a state document");
    return settings;
  }
  if (!isRecord(document) || document.version !== 1) throw new RangeError("not a state document of version 1");
  const parts = ["data", "start", "settings"].map((name) => document[name] ?? {});
  const step = document.step ?? 0;
  const valid = (document.model === undefined || typeof document.model === "string")
    && parts.every((part) => isRecord(part) && Object.values(part).every(isSettingValue))
    && Number.isInteger(step) && step >= 0;
  if (!valid) throw new RangeError("not a state document of version 1");
  const settings = {};
  if (document.model !== undefined) settings.model = document.model;
  for (const part of parts) for (const [name, value] of Object.entries(part)) settings[name] = String(value);
  if (step > 0) settings.step = String(step);
  return settings;
}

/** The settings in a state file's text; throws a RangeError on anything else. */
export function settingsOfStateFile(text) {
  try {
    return settingsOfDocument(JSON.parse(text));
  } catch (error) {
    throw error instanceof RangeError ? error : new RangeError("not JSON");
  }
}

/**
 * Applies settings by name (attribute and query names): the engine reads,
 * checks and applies them (see src/settings.rs), and says for each group of
 * controls whether they applied or why not; the seed box is the element's.
 */
export function applySettingsTo(widget, settings) {
  const texts = Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, String(value)]));
  const outcomes = widget.handle.applySettings(texts);
  // A group's earlier message goes once its settings apply; this batch's refusals stay.
  for (const { group, message } of outcomes) if (message === null) delete widget.errors[group];
  for (const { group, message } of outcomes) if (message !== null) widget.errors[group] = message;
  if (settings.seed !== undefined) widget.seedBox.value = settings.seed;
}

/** A parameter column's value (see the description's parameterColumns): params[key][k][at…], squared if asked. */
export function parameterValue(params, column, k) {
  let value = params[column.key];
  if (k !== null) value = value[k];
  for (const index of column.at) value = value[index];
  return column.squared ? value * value : value;
}

/** The trace as CSV: one row per iteration, numbers in shortest round-trip form. */
export function traceCsv(state, description) {
  const traced = description.parameterColumns.filter((column) => column.csv);
  const components = description.perComponent ? state.params.weights.map((_, k) => k) : [null];
  // Per component: every column of component 1, then of component 2, …, as before.
  const columns = traced.flatMap((column) => components.map((k) =>
    [k === null ? column.csv : `${column.csv}${k + 1}`, (params) => parameterValue(params, column, k)]));
  const header = ["iteration", "logLikelihood", ...columns.map(([name]) => name)];
  const rows = state.history.map((record) => [record.iteration, record.logLikelihood ?? "-Infinity",
    ...columns.map(([, read]) => read(record.params))]);
  return [header, ...rows].map((row) => row.join(",")).join("\n") + "\n";
}
