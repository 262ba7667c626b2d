// The anywidget front end of the em_playground Python package (see
// __init__.py). scripts/pack.sh bundles it with esbuild into one ES module,
// static/widget.js, with the element, its stylesheet (text) and its engine
// (the .wasm's bytes) inlined: anywidget loads a widget's module from a
// string, so nothing can be found next to it (manzt/anywidget#921).
//
// The model's `settings` (attribute name -> text) become the element's
// attributes; after each change the element's state summary goes back into
// the model's `state`, which Python reads.

import css from "./em-playground.css";
import wasm from "./engine/em-playground_bg.wasm";
import "./em-playground.js";

globalThis.emPlaygroundAssets ??= { css, wasm };

/** What Python sees of the state: no data, no responsibilities. */
function summary(state) {
  const { model, iteration, phase, params, logLikelihood, converged, error, history } = state;
  return { model, iteration, phase, params, logLikelihood, converged, error, history };
}

function render({ model, el }) {
  const widget = document.createElement("em-playground");
  const applySettings = () => {
    for (const [name, value] of Object.entries(model.get("settings") ?? {})) widget.setAttribute(name, String(value));
  };
  applySettings();
  let queued = false;
  const sendState = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      const state = widget.state();
      if (!state) return;
      model.set("state", summary(state));
      model.save_changes();
    });
  };
  widget.addEventListener("em-ready", sendState);
  widget.addEventListener("em-change", sendState);
  model.on("change:settings", applySettings);
  el.append(widget);
  return () => {
    model.off("change:settings", applySettings);
    widget.remove();
  };
}

export default { render };
