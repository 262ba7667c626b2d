// The anywidget module, rendered as anywidget renders it: `render({model,
// el})` with a model that syncs with Python. Here the model is a stub that
// records what would go back. Two forms, each under the strict CSP: the
// Jupyter package's front end (scripts/anywidget/widget.js, bundled by
// scripts/pack.sh into one ES module with the stylesheet and the engine
// inlined), and www/anywidget.js loaded by URL, as MyST's {anywidget}
// directive loads a module (finding its engine next to itself).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, SCREENSHOTS, serveDist } from "./harness.mjs";

const bundle = fileURLToPath(new URL("../../target/python/em-playground/em_playground/static/widget.js", import.meta.url));

const host = (module) => `// What anywidget does with a widget's module: import it, then render each view.
import widget from "${module}";

class StubModel {
  constructor(values) { this.values = values; this.listeners = {}; this.sent = []; }
  get(name) { return this.values[name]; }
  set(name, value) { this.values[name] = value; }
  save_changes() { this.sent.push(structuredClone(this.values.state)); }
  on(event, listener) { (this.listeners[event] ??= []).push(listener); }
  off(event, listener) { this.listeners[event] = (this.listeners[event] ?? []).filter((l) => l !== listener); }
  /** Python changed a trait: anywidget sets it and fires change:<name>. */
  fromPython(name, value) { this.values[name] = value; for (const listener of this.listeners[\`change:\${name}\`] ?? []) listener(); }
}

const model = new StubModel({ settings: { model: "coins", pi: "0.46", p: "0.55", q: "0.67", lang: "en" }, state: {} });
window.stubModel = model;
window.cleanup = await widget.render({ model, el: document.getElementById("output") });
`;

const shared = {};
before(async () => {
  shared.folder = await mkdtemp(join(tmpdir(), "em-notebook-"));
  await copyFile(bundle, join(shared.folder, "widget.js"));
  await writeFile(join(shared.folder, "host.js"), host("./widget.js"));
  await writeFile(join(shared.folder, "icon.svg"), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
  await writeFile(join(shared.folder, "index.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Notebook</title>
<link rel="icon" href="icon.svg"><script type="module" src="host.js"></script></head><body><div id="output"></div></body></html>`);
  shared.server = await serveDist({ root: shared.folder });
  // The same host page on the dist/ server, importing /www/anywidget.js by URL.
  shared.dist = await serveDist();
  shared.distHost = new URL("anywidget-host/", shared.dist.url).href;
  shared.browser = await launchBrowser();
});
after(async () => {
  await shared.browser?.close();
  await shared.server?.close();
  await shared.dist?.close();
  if (shared.folder) await rm(shared.folder, { recursive: true, force: true });
});

/** A page that renders the module with the stub model; its console errors. */
async function openHost(context, url, routes = {}) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
  page.on("pageerror", (error) => problems.push(String(error)));
  for (const [path, body] of Object.entries(routes)) {
    await page.route(new URL(path, url).href, (route) => route.fulfill({
      contentType: path.endsWith(".js") ? "text/javascript" : path.endsWith(".svg") ? "image/svg+xml" : "text/html",
      headers: { "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'" },
      body,
    }));
  }
  await page.goto(new URL("index.html", url).href);
  return { page, problems };
}

test("the Jupyter package's module, rendered with a stub model, shows, steps, and sends its state back", async () => {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await openHost(context, shared.server.url);
  const sent = () => page.evaluate(() => window.stubModel.sent);
  await page.waitForFunction(() => window.stubModel?.sent.length > 0);
  let last = (await sent()).at(-1);
  assert.equal(last.model, "coins");
  assert.deepEqual(last.params, { pi: 0.46, p: 0.55, q: 0.67 });
  assert.equal(last.responsibilities, undefined, "a summary goes back, not the data");

  await page.locator("em-playground").getByRole("button", { name: "Step", exact: true }).click();
  await page.waitForFunction(() => window.stubModel.sent.at(-1).iteration === 1);
  last = (await sent()).at(-1);
  // Li Hang, Statistical Learning Methods, Example 9.1: θ⁽¹⁾ = (0.4619, 0.5346, 0.6561).
  for (const [name, value] of Object.entries({ pi: 0.4619, p: 0.5346, q: 0.6561 })) {
    assert.ok(Math.abs(last.params[name] - value) < 5e-5, `${name} = ${last.params[name]}`);
  }
  assert.equal(last.history.length, 2);

  // Python changes the settings: the widget follows, and says so.
  await page.evaluate(() => window.stubModel.fromPython("settings", { model: "poisson", preset: "hasselblad", lang: "en" }));
  await page.waitForFunction(() => window.stubModel.sent.at(-1).model === "poisson");

  // Everything came inline: no stylesheet or .wasm was fetched.
  const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => new URL(entry.name).pathname));
  assert.deepEqual(loaded.filter((path) => path !== "/icon.svg").sort(), ["/host.js", "/widget.js"]);
  const display = await page.evaluate(() => getComputedStyle(document.querySelector("em-playground").shadowRoot.querySelector(".emp")).display);
  assert.equal(display, "grid", "the inlined stylesheet applies");
  await page.screenshot({ path: fileURLToPath(new URL("anywidget-stub.png", SCREENSHOTS)), fullPage: false });

  // The view's clean-up removes the widget.
  await page.evaluate(() => window.cleanup());
  assert.equal(await page.locator("em-playground").count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("www/anywidget.js loaded by URL (as MyST's {anywidget} directive does) renders and syncs too", async () => {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const index = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MyST page</title>
<link rel="icon" href="icon.svg"><script type="module" src="host.js"></script></head><body><div id="output"></div></body></html>`;
  const { page, problems } = await openHost(context, shared.distHost, {
    "index.html": index,
    "host.js": host("../www/anywidget.js"),
    "icon.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
  });
  await page.waitForFunction(() => window.stubModel?.sent.length > 0);
  await page.locator("em-playground").getByRole("button", { name: "Step", exact: true }).click();
  await page.waitForFunction(() => window.stubModel.sent.at(-1).iteration === 1);
  const last = await page.evaluate(() => window.stubModel.sent.at(-1));
  assert.ok(Math.abs(last.params.pi - 0.4619) < 5e-5, `pi = ${last.params.pi}`);
  const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => new URL(entry.name).pathname));
  assert.ok(loaded.includes("/www/engine/em-playground_bg.wasm") && loaded.includes("/www/em-playground.css"), `${loaded}`);
  assert.deepEqual(problems, []);
  await context.close();
});
