// The widget's settings by name (attributes, and the address on the standalone
// page): collected and handed to the handle, which reads, checks and applies
// them and writes the state back as a query (src/settings.rs); the element
// adds its own layout settings to that query. Also the trace as CSV.

/** Attributes (and, on the standalone page, URL parameters) that configure a widget. */
export const SETTINGS = ["model", "preset", "data", "synthetic", "truth", "pi", "p", "q", "weights", "means", "sigmas", "covariances", "probabilities", "rates", "trials", "fixed-weights", "covariance-type", "rule", "tol", "max-iter", "seed", "ascent", "landscape", "lang"];

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

/**
 * The query string that reproduces this widget's state: the engine's
 * settings, then the element's own. Sets `widget.linkLeavesOutData` when the
 * data were too long to go in it.
 */
export function queryOf(widget) {
  const { query, dataLeftOut } = widget.handle.query();
  widget.linkLeavesOutData = dataLeftOut;
  const params = new URLSearchParams(query);
  if (widget.seedBox.value !== "1") params.set("seed", widget.seedBox.value);
  if (widget.hiddenGroups.length) params.set("hide", widget.hiddenGroups.join(","));
  if (widget.shownCharts.length) params.set("charts", widget.shownCharts.join(","));
  if (widget.compact) params.set("compact", "1");
  if (widget.presenting) params.set("presentation", "1");
  params.set("lang", widget.language);
  return params.toString();
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
