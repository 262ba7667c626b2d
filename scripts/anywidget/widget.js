// The Jupyter package's front end (see em_playground/__init__.py):
// scripts/pack.sh bundles this with esbuild into one ES module,
// static/widget.js, with the stylesheet (text) and the engine (the .wasm's
// bytes) inlined, because anywidget loads a module from a string and nothing
// can be found next to it (manzt/anywidget#921). The element reads them from
// globalThis.emPlaygroundAssets when the first widget starts.

import css from "./em-playground.css";
import wasm from "./engine/em-playground_bg.wasm";

globalThis.emPlaygroundAssets ??= { css, wasm };

export { default } from "./anywidget.js";
