// The widget's settings by name (attributes, and the address on the standalone
// page): reading them into the handle, writing the state back as a query, and
// the trace as CSV.

/** Attributes (and, on the standalone page, URL parameters) that configure a widget. */
export const SETTINGS = ["model", "preset", "data", "synthetic", "truth", "pi", "p", "q", "weights", "means", "sigmas", "covariances", "probabilities", "rates", "trials", "fixed-weights", "covariance-type", "rule", "tol", "max-iter", "seed", "ascent", "landscape", "lang"];

/** A link's step=… is replayed at once: at most this many observation × component terms (about a second). */
const REPLAY_BUDGET = 2e8;

/** At most this many characters of a refused value are quoted back. */
const QUOTED_CHARACTERS = 40;

/** A value as a note quotes it: a pasted megabyte shows as its start and "…". */
export const quoted = (value) => {
  const text = String(value);
  return text.length > QUOTED_CHARACTERS ? `${text.slice(0, QUOTED_CHARACTERS - 1)}…` : text;
};

/** The current model's default true parameters as the address writes them (truth=…). */
const truthExample = (handle) => {
  const { truth, truthSeparator } = handle.describe();
  return truth.map(({ value }) => value).join(truthSeparator);
};

/** 2-D means as the address writes them: x,y;x,y. */
export const pairsText = (pairs) => pairs.map((pair) => pair.join(",")).join(";");

/** 2 × 2 covariances as the address writes them, row by row: a,b,c,d;a,b,c,d. */
export const matricesText = (matrices) => matrices.map((m) => m.flat().join(",")).join(";");

/** The landscape's axes as the handle reports them, as a select value "kind:first:second" (0-based). */
export function landscapeValue(axes) {
  if (axes.kind === "means") return `means:${axes.first}:${axes.second}`;
  if (axes.kind === "meanSigma") return `mean-sigma:${axes.component}:0`;
  if (axes.kind === "values") return `values:${axes.first}:${axes.second}`;
  return "pq:0:0";
}

/** The same axes in the address: pq, means-1-2, values-1-2, mean-sigma-1 (1-based, as on the page). */
function landscapeQuery(value) {
  const [kind, first, second] = value.split(":");
  if (kind === "means" || kind === "values") return `${kind}-${Number(first) + 1}-${Number(second) + 1}`;
  if (kind === "mean-sigma") return `mean-sigma-${Number(first) + 1}`;
  return "pq";
}

/** Reads an address value back into [kind, first, second] (0-based), or null. */
function parseLandscape(text) {
  const match = /^(pq|means|values|mean-sigma)(?:-(\d+))?(?:-(\d+))?$/.exec(String(text).trim());
  if (!match) return null;
  const index = (part) => (part === undefined ? 0 : Number(part) - 1);
  return [match[1], index(match[2]), index(match[3])];
}

/** The query string that reproduces this widget's state. */
export function queryOf(widget, state) {
  const params = new URLSearchParams();
  params.set("model", state.model);
  const source = state.source;
  if (source.kind === "preset") params.set("preset", source.name);
  else if (source.kind === "synthetic") {
    params.set("synthetic", `${source.size},${source.seed}`);
    params.set("truth", source.truth.join(widget.description.truthSeparator));
  } else {
    if (widget.queryDataVersion !== state.dataVersion) {
      widget.queryDataVersion = state.dataVersion;
      widget.queryData = widget.handle.dataText().replaceAll(" ", "");
    }
    params.set("data", widget.queryData);
  }
  for (const [name, text] of widget.handle.startQuery()) params.set(name, text);
  if (state.rule !== "posterior") params.set("rule", state.rule);
  if (state.ascent) params.set("ascent", String(state.ascent.rate));
  // The landscape's axes, unless the model's default (the first it lists).
  const chosen = state.landscape && landscapeValue(state.landscape);
  if (chosen && chosen !== widget.description.landscapes[0]?.value) params.set("landscape", landscapeQuery(chosen));
  if (state.tolerance !== 1e-6) params.set("tol", String(state.tolerance));
  if (state.maxIterations !== 500) params.set("max-iter", String(state.maxIterations));
  const halfSteps = 2 * state.iteration + (state.phase === "e" ? 1 : 0);
  if (halfSteps > 0) params.set("step", String(halfSteps));
  if (widget.seedBox.value !== "1") params.set("seed", widget.seedBox.value);
  if (widget.hiddenGroups.length) params.set("hide", widget.hiddenGroups.join(","));
  if (widget.shownCharts.length) params.set("charts", widget.shownCharts.join(","));
  if (widget.compact) params.set("compact", "1");
  if (widget.presenting) params.set("presentation", "1");
  params.set("lang", widget.language);
  return params.toString();
}

/**
 * Applies settings by name (attribute and query names). A value that does
 * not parse or is out of range is ignored, with a note next to its control.
 */
export function applySettingsTo(widget, settings) {
  const handle = widget.handle;
  const ignored = (group, names, action) => {
    const values = names.filter((n) => settings[n] !== undefined).map((n) => `${n}=${quoted(settings[n])}`).join("&");
    if (!widget.attempt(group, action)) widget.errors[group] = widget.t("error.ignored", { values, message: widget.errors[group] });
  };
  if (settings.model !== undefined) ignored("model", ["model"], () => handle.setModel(settings.model));
  // Nothing below changes the model.
  const model = handle.view(0).model;
  const description = handle.describe();
  // Settings that belong to another model are refused, with a note by the model selector.
  const foreign = Object.keys(settings).filter((name) => description.foreignSettings.includes(name));
  if (foreign.length) {
    const label = description.models.find((m) => m.value === model).label;
    ignored("model", foreign, () => { throw new Error(widget.t("error.not-for-model", { model: label })); });
  }
  // The start's K is set before the data, so that data as few as the start's
  // components are not refused for the default K; the start itself follows them.
  const means = description.startSettings.find(({ name }) => name === "means");
  const meansCount = means && settings.means !== undefined
    ? String(settings.means).split(means.shape.length ? ";" : /[,;\s]+/).filter((part) => part.trim()).length : 0;
  if (meansCount >= 1 && meansCount <= 8) {
    try { handle.setComponentCount(meansCount); } catch { /* the start's own check below says why */ }
  }
  // Settings the data box's reading depends on (the binomial's trials) come before the data.
  const early = description.dataSettings.filter((name) => settings[name] !== undefined);
  if (early.length) ignored("data", early, () => handle.applyStart(Object.fromEntries(early.map((name) => [name, String(settings[name])]))));
  if (settings.synthetic !== undefined) {
    ignored("data", ["synthetic", "truth"], () => {
      const [size, seed] = settings.synthetic.split(",").map(Number);
      const truth = String(settings.truth ?? "").split(handle.describe().truthSeparator);
      if (settings.truth === undefined || truth.length !== handle.describe().truth.length) throw new Error(widget.t("error.truth", { example: truthExample(handle) }));
      handle.synthesize(size, seed, truth);
    });
  } else if (settings.data !== undefined) ignored("data", ["data"], () => handle.setDataText(settings.data));
  else if (settings.preset !== undefined) ignored("data", ["preset"], () => handle.loadPreset(settings.preset));
  if (settings["covariance-type"] !== undefined && !foreign.includes("covariance-type")) {
    ignored("start", ["covariance-type"], () => handle.setCovarianceType(settings["covariance-type"]));
  }
  const names = description.startSettings.map(({ name }) => name)
    .filter((name) => settings[name] !== undefined && !description.dataSettings.includes(name));
  if (names.length) {
    ignored("start", names, () => handle.applyStart(Object.fromEntries(names.map((name) => [name, String(settings[name])]))));
  }
  if (settings.seed !== undefined) widget.seedBox.value = settings.seed;
  if (settings.rule !== undefined) ignored("stepping", ["rule"], () => handle.setRule(settings.rule));
  if (settings.ascent !== undefined) ignored("stepping", ["ascent"], () => handle.setAscent(settings.ascent));
  if (settings.landscape !== undefined) {
    ignored("landscape", ["landscape"], () => {
      const axes = parseLandscape(settings.landscape);
      if (!axes) throw new Error(widget.t("error.landscape"));
      handle.setLandscape(...axes);
    });
  }
  if (settings.tol !== undefined) ignored("stepping", ["tol"], () => handle.setTolerance(settings.tol));
  if (settings["max-iter"] !== undefined) ignored("stepping", ["max-iter"], () => handle.setMaxIterations(settings["max-iter"]));
  if (settings.step !== undefined) {
    ignored("stepping", ["step"], () => {
      const halfSteps = Number(settings.step);
      const { maxIterations, dataLength, components } = widget.handle.view(0);
      // Up to the cap's M-step and the E-step after it, within the replay budget.
      const most = Math.min(2 * maxIterations + 1, Math.floor(REPLAY_BUDGET / (dataLength * components)));
      if (!Number.isInteger(halfSteps) || halfSteps < 0 || halfSteps > most) {
        throw new Error(widget.t("error.step", { most }));
      }
      handle.reset();
      for (let i = 0; i < halfSteps; i++) {
        if (i % 2 === 0) handle.eStep();
        else handle.mStep();
      }
    });
  }
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
