// Small DOM helpers of <em-playground>: building elements, filling tables,
// downloads, slider rows and number formatting. No text is ever inserted as HTML.

/** Formats a number for display with `digits` decimals: never "NaN" or "Infinity". */
export function formatNumber(value, digits = 4) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  if (value === -Infinity) return "−∞";
  if (value === Infinity) return "∞";
  const text = Math.abs(value) >= 1e9 ? value.toExponential(digits) : value.toFixed(digits);
  // toFixed rounds tiny negatives to "-0.0000".
  return (/^-0\.0*$/.test(text) ? text.slice(1) : text).replace("-", "−");
}

/** Builds an element: h("button", { class: "x", onclick: f }, "text", child). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else if (key === "class") element.className = value;
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/**
 * Shows `header` and `rows` (arrays of strings) in `table`, reusing its cells
 * and touching only the text that changed, so a step does not rebuild the DOM.
 */
export function fillTable(table, header, rows) {
  const all = [header, ...rows];
  while (table.rows.length > all.length) table.deleteRow(-1);
  all.forEach((cells, r) => {
    const row = table.rows[r] ?? table.insertRow();
    while (row.cells.length > cells.length) row.deleteCell(-1);
    cells.forEach((text, c) => {
      let cell = row.cells[c];
      if (!cell) cell = row.appendChild(document.createElement(r === 0 ? "th" : "td"));
      if (cell.textContent !== text) cell.textContent = text;
    });
  });
}

/** Offers `content` as a file download named `name`. */
export function download(name, content, type) {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const link = h("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

let uniqueId = 0;

/** A slider and a number box for one parameter, kept in step. */
export function sliderRow(label, sliderLabel, { min, max, step }, onCommit) {
  const id = `emp-${++uniqueId}`;
  const range = h("input", { type: "range", min, max, step, id: `${id}-range`, "aria-label": sliderLabel });
  const box = h("input", { type: "number", step: "any", id, class: "number" });
  range.addEventListener("input", () => { box.value = range.value; onCommit(range.value); });
  box.addEventListener("change", () => onCommit(box.value));
  const row = h("div", { class: "param-row" }, h("label", { for: id }, label), range, box);
  return {
    row,
    set(value) {
      if (document.activeElement !== box) box.value = Number(value.toPrecision(6));
      range.value = value;
    },
  };
}
