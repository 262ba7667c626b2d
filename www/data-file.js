// Opening a data file (the button, or a file dropped on the widget) and
// choosing its columns. The engine reads the file, names its columns and
// says why a cell or row cannot be used (src/data_file.rs); this module only
// carries the file's text over and builds the chooser from its description.

import { h } from "./dom.js";

/** The column choice per file name (and number of columns), kept between visits. */
const STORAGE_KEY = "em-playground:columns";

function storedChoices() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}");
    return stored !== null && typeof stored === "object" ? stored : {};
  } catch {
    // Storage can be off (a sandboxed iframe, private mode): nothing is remembered.
    return {};
  }
}

const choiceKey = (name, wanted) => `${wanted}:${name}`;

function rememberedColumns(view) {
  const columns = storedChoices()[choiceKey(view.name, view.wanted)];
  const names = new Set(view.columns.map((column) => column.name));
  return Array.isArray(columns) && columns.length === view.wanted && columns.every((name) => names.has(name)) ? columns : null;
}

function rememberColumns(view, columns) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...storedChoices(), [choiceKey(view.name, view.wanted)]: columns }));
  } catch {
    // As above: not remembered.
  }
}

export class DataFilePanel {
  constructor(widget) {
    this.widget = widget;
    const t = (key, values) => widget.t(key, values);
    this.input = h("input", { type: "file", id: "data-file", hidden: true, accept: ".csv,.tsv,.tab,.txt,.dat,text/csv,text/tab-separated-values,text/plain",
      onchange: () => { const [file] = this.input.files; this.input.value = ""; if (file) this.open(file); } });
    this.button = h("button", { type: "button", id: "open-file", title: t("file.open.title"), onclick: () => this.input.click() }, t("file.open"));
    this.summary = h("p", { class: "help file-summary", "aria-live": "polite" });
    this.selects = h("span", { class: "file-columns" });
    this.useButton = h("button", { type: "button", id: "use-columns", onclick: () => this.useChosen() }, t("file.use"));
    this.chooser = h("div", { class: "file-chooser", hidden: true }, this.summary, h("div", { class: "row" }, this.selects, this.useButton));
    this.reading = h("p", { class: "help", "aria-live": "polite" });
    this.root = h("div", { class: "data-file" }, h("div", { class: "row" }, this.button, this.input, h("span", { class: "help" }, t("file.drop"))),
      this.reading, this.chooser);
  }

  /** Lets files be dropped anywhere on the widget. */
  acceptDrops(area) {
    const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");
    area.addEventListener("dragover", (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      area.classList.add("dropping");
    });
    area.addEventListener("dragleave", (event) => { if (event.target === area) area.classList.remove("dropping"); });
    area.addEventListener("drop", (event) => {
      area.classList.remove("dropping");
      const [file] = event.dataTransfer?.files ?? [];
      if (!file) return;
      event.preventDefault();
      this.open(file);
    });
  }

  /**
   * Reads `file` (a File or Blob) and uses its `columns` (header names or
   * numbers from 1), else the ones chosen for a file of this name before,
   * else its first numeric ones. Resolves whether the data are in.
   */
  async open(file, columns) {
    const widget = this.widget;
    widget.pause();
    const name = typeof file.name === "string" && file.name ? file.name : "data";
    if (!widget.attempt("data", () => widget.handle.checkFile(name, file.size))) {
      widget.update();
      return false;
    }
    // A large file takes a moment: say so, and let the message paint first.
    this.reading.textContent = widget.t("file.reading", { name });
    const text = await file.text();
    await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
    this.reading.textContent = "";
    let view = null;
    if (!widget.attempt("data", () => { view = widget.handle.openFile(name, text); })) {
      widget.update();
      return false;
    }
    const chosen = columns?.map(String) ?? rememberedColumns(view) ?? view.chosen.map((j) => String(j + 1));
    return this.use(view, chosen);
  }

  /** Uses the columns the selects show. */
  useChosen() {
    const view = this.widget.handle.fileView();
    if (view) this.use(view, [...this.selects.querySelectorAll("select")].map((select) => select.value));
  }

  use(view, columns) {
    const ok = this.widget.act("data", () => this.widget.handle.useColumns(columns));
    if (ok) {
      const used = this.widget.handle.fileView();
      rememberColumns(used, used.chosen.map((j) => used.columns[j].name));
    }
    this.shownKey = undefined;
    this.sync(this.widget.lastState);
    return ok;
  }

  /** Rebuilds the chooser when the data or the model change. */
  sync(state) {
    const key = `${state.model}:${state.dataVersion}`;
    if (key === this.shownKey) return;
    this.shownKey = key;
    const view = this.widget.handle.fileView();
    this.chooser.hidden = view === null;
    if (view === null) return;
    const t = (key, values) => this.widget.t(key, values);
    this.summary.textContent = t("file.summary", { name: view.name, rows: view.rows, columns: view.columns.length });
    const roles = view.wanted === 1 ? [t("file.column")] : ["x", "y"];
    this.selects.replaceChildren(...roles.map((role, i) => h("label", {}, `${role} `,
      h("select", { "data-column": i, onchange: () => this.useChosen() },
        view.columns.map((column, j) => h("option", { value: j + 1, selected: view.chosen[i] === j },
          column.numeric ? column.name : t("file.text-column", { name: column.name })))))));
    this.useButton.hidden = view.inUse;
  }
}
