// <em-playground> as an anywidget module: `export default {render}`, as
// anywidget (Jupyter, marimo) and MyST's {anywidget} directive load widgets.
// The model's `settings` (attribute name -> text) become the element's
// attributes; after each change the element's state summary goes back into
// the model's `state`. Loaded by URL (MyST, or from the npm package), it finds
// its engine next to itself; the Python package (scripts/anywidget/) bundles
// it with the stylesheet and the engine inlined.

import "./em-playground.js";

/** What goes back into the model: no data, no responsibilities. */
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
