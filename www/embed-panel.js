// The Embed panel: copy-paste snippets that put the widget, in its current
// state, into another page: an iframe of embed.html with the resizer script
// (for an LMS), or the module and the element. A chooser picks the charts and
// control groups both snippets include (those the widget shows, all ticked at
// first) and a compact layout.

import { h } from "./dom.js";

/** The label key of each control group's legend. */
const GROUP_LABELS = { model: "model", data: "data", sliders: "start", stepping: "stepping", "choose-k": "choosek.group", worked: "worked.title", tables: "section.numbers" };

export class EmbedPanel {
  /** `charts` and `groups`: the names `charts=` and `hide=` take, in the widget's order. */
  constructor(widget, charts, groups) {
    this.widget = widget;
    this.charts = charts;
    this.groups = groups;
    const t = (key) => widget.t(key);
    const choice = (name, value, label) => h("label", { class: "embed-choice" },
      h("input", { type: "checkbox", name, value, checked: true, onchange: () => this.refresh() }), ` ${label}`);
    this.compact = h("input", { type: "checkbox", name: "embed-compact", onchange: () => this.refresh() });
    this.box = h("textarea", { readonly: true, class: "embed-box", rows: 8, spellcheck: "false", "aria-label": t("embed.aria") });
    this.root = h("div", { class: "embed-panel", hidden: true },
      h("fieldset", { class: "embed-charts" }, h("legend", {}, t("embed.charts")),
        charts.map((key) => choice("embed-chart", key, t(`chart.${key}`)))),
      h("fieldset", { class: "embed-groups" }, h("legend", {}, t("embed.controls")),
        groups.map((group) => choice("embed-group", group, t(GROUP_LABELS[group]))),
        h("label", { class: "embed-choice" }, this.compact, ` ${t("embed.compact")}`)),
      this.box);
  }

  /** The snippets' query: the widget's state, with the charts and groups chosen here. */
  query() {
    const { widget } = this;
    const query = new URLSearchParams(widget.query());
    for (const name of ["charts", "hide", "compact"]) query.delete(name);
    const ticked = (name) => [...this.root.querySelectorAll(`input[name="${name}"]`)]
      .filter((box) => box.checked && !box.closest("label").hidden).map((box) => box.value);
    const charts = ticked("embed-chart");
    const shown = this.charts.filter((key) => !widget.shownCharts?.length || widget.shownCharts.includes(key));
    if (charts.length < shown.length) query.set("charts", charts.join(","));
    const kept = ticked("embed-group");
    const hidden = this.groups.filter((group) => !kept.includes(group));
    if (hidden.length) query.set("hide", hidden.join(","));
    if (this.compact.checked) query.set("compact", "1");
    return query;
  }

  /** Both snippets, each under a comment in the widget's language. */
  snippets() {
    const query = this.query();
    const escaped = (text) => text.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
    const attributes = [...query].map(([name, value]) => (value === "" ? ` ${name}` : ` ${name}="${escaped(value)}"`)).join("");
    const frame = new URL("embed.html", import.meta.url);
    frame.search = query.toString();
    return [
      `<!-- ${this.widget.t("embed.iframe")} -->`,
      `<iframe src="${escaped(frame.href)}" title="EM playground" width="100%" height="900" loading="lazy"></iframe>`,
      `<script src="${new URL("em-playground-resizer.js", import.meta.url).href}"></script>`,
      "",
      `<!-- ${this.widget.t("embed.element")} -->`,
      `<script type="module" src="${new URL("em-playground.js", import.meta.url).href}"></script>`,
      `<em-playground${attributes}></em-playground>`,
    ].join("\n");
  }

  /** Offers only the charts and groups the widget shows, and writes the snippets. */
  refresh() {
    const { widget } = this;
    for (const box of this.root.querySelectorAll('input[name="embed-chart"]')) {
      box.closest("label").hidden = Boolean(widget.shownCharts?.length) && !widget.shownCharts.includes(box.value);
    }
    for (const box of this.root.querySelectorAll('input[name="embed-group"]')) {
      box.closest("label").hidden = widget.hiddenGroups?.includes(box.value) ?? false;
    }
    this.box.value = this.snippets();
  }

  /** Shows or hides the panel (the Embed button). */
  toggle() {
    this.root.hidden = !this.root.hidden;
    if (!this.root.hidden) {
      this.refresh();
      this.box.select();
    }
  }
}
