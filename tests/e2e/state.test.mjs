// One versioned state document (version 1): Export JSON writes it; Import
// JSON, setState(doc) and a state-src attribute read it; a link carries the
// same settings in its query. Each way back gives the same state(). Files
// exported before version 1 still open.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, settledUrl, useBrowser } from "./harness.mjs";

const env = useBrowser();
const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());
const widget = (page) => page.locator("em-playground");
const ready = (page) => page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);

/** A page of course notes (same origin) with one widget whose attributes are `attributes`. */
async function notesPage(context, attributes, files = {}) {
  const page = await context.newPage();
  const base = new URL("notes/", env.server.url).href;
  await page.route(`${base}**`, (route) => {
    const name = new URL(route.request().url()).pathname.split("/").pop();
    if (name === "index.html") {
      return route.fulfill({ contentType: "text/html", body: `<!doctype html><link rel="icon" href="../www/favicon.svg">`
        + `<script type="module" src="../www/em-playground.js"></script><em-playground ${attributes}></em-playground>` });
    }
    if (files[name] !== undefined) return route.fulfill({ contentType: "application/json", body: files[name] });
    return route.fulfill({ status: 404, body: "not found" });
  });
  await page.goto(`${base}index.html`);
  await ready(page);
  return page;
}

test("export, import, setState, state-src and a link give the same state", async () => {
  const { page, context, problems } = await openPage(env.browser, env.server.url,
    "?model=gmm&preset=faithful&weights=1,1&means=2,4.3&sigmas=0.3,0.4&rule=hard&tol=1e-8&lang=en");
  await page.evaluate(() => { const w = document.querySelector("em-playground"); w.step(); w.step(); w.eStep(); });
  const saved = await state(page);
  assert.equal(saved.iteration, 2);
  assert.equal(saved.phase, "e");

  // Export JSON: the document.
  const [download] = await Promise.all([page.waitForEvent("download"), widget(page).locator("#export-json").click()]);
  const text = await readFile(await download.path(), "utf8");
  const document = JSON.parse(text);
  assert.equal(document.version, 1);
  assert.equal(document.model, "gmm");
  assert.equal(document.step, 5, "two iterations and an E-step: five half-steps");
  assert.equal(document.data.preset, "faithful");
  assert.deepEqual(Object.keys(document.start).sort(), ["means", "sigmas", "weights"]);
  assert.equal(document.settings.rule, "hard");
  assert.equal(Number(document.settings.tol), 1e-8);
  assert.deepEqual(document.history, saved.history);

  // Import JSON, in a widget that showed something else.
  await page.goto(new URL("?model=coins&lang=en", env.server.url).href);
  await ready(page);
  await widget(page).locator("#state-file").setInputFiles({ name: "em-state.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await page.waitForFunction(() => document.querySelector("em-playground").state().model === "gmm");
  assert.deepEqual(await state(page), saved, "Import JSON");

  // setState(doc), from an object and from its text; anything else is refused and changes nothing.
  const notes = await notesPage(context, 'model="poisson" lang="en"');
  assert.equal(await notes.evaluate((doc) => document.querySelector("em-playground").setState(doc), document), true);
  assert.deepEqual(await state(notes), saved, "setState(object)");
  await notes.evaluate(() => document.querySelector("em-playground").reset());
  assert.equal(await notes.evaluate((doc) => document.querySelector("em-playground").setState(doc), text), true);
  assert.deepEqual(await state(notes), saved, "setState(text)");
  for (const bad of [{ version: 2, model: "coins" }, { version: 1, step: -1 }, { version: 1, start: { pi: [0.5] } }, "[1,2]", null]) {
    assert.equal(await notes.evaluate((doc) => document.querySelector("em-playground").setState(doc), bad), false, JSON.stringify(bad));
  }
  assert.deepEqual(await state(notes), saved, "refused documents change nothing");

  // state-src: the document next to the notes.
  const sourced = await notesPage(context, 'state-src="week3.json" lang="en"', { "week3.json": text });
  assert.deepEqual(await state(sourced), saved, "state-src");
  // A missing one says so, and shows the default widget.
  const missing = await notesPage(context, 'state-src="nowhere.json" lang="en"');
  assert.match(await widget(missing).locator(".emp").innerText(), /Could not open the state document at nowhere\.json/);
  // Changing state-src later opens that document.
  await missing.route("**/notes/week3.json", (route) => route.fulfill({ contentType: "application/json", body: text }));
  await missing.evaluate(() => document.querySelector("em-playground").setAttribute("state-src", "week3.json"));
  await missing.waitForFunction(() => document.querySelector("em-playground").state().model === "gmm");
  assert.deepEqual(await state(missing), saved, "state-src changed");

  // The link: the same settings, flattened into the query.
  const exported = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&weights=1,1&means=2,4.3&sigmas=0.3,0.4&rule=hard&tol=1e-8&lang=en");
  await exported.page.evaluate(() => { const w = document.querySelector("em-playground"); w.step(); w.step(); w.eStep(); });
  const link = await settledUrl(exported.page);
  const query = new URL(link).searchParams;
  const flattened = { model: document.model, ...document.data, ...document.start, ...document.settings, step: String(document.step) };
  for (const [name, value] of Object.entries(flattened)) assert.equal(query.get(name), value, name);
  const reopened = await openPage(env.browser, link, "");
  assert.deepEqual(await state(reopened.page), saved, "link");

  // A file exported before version 1 ({emPlayground: 1, settings}) still opens.
  const old = JSON.stringify({ emPlayground: 1, settings: Object.fromEntries(query), history: [] });
  await reopened.page.evaluate(() => document.querySelector("em-playground").reset());
  await widget(reopened.page).locator("#state-file").setInputFiles({ name: "old.json", mimeType: "application/json", buffer: Buffer.from(old) });
  await reopened.page.waitForFunction(() => document.querySelector("em-playground").state().iteration === 2);
  assert.deepEqual(await state(reopened.page), saved, "a file of before version 1");

  assert.deepEqual(problems, []);
  await Promise.all([context.close(), exported.context.close(), reopened.context.close()]);
});
