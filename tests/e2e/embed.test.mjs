// The iframe embed for LMSs: dist/www/embed.html shows one widget from its
// query string; a parent page on another origin (as an LMS is) includes
// em-playground-resizer.js, which sizes the iframe to its content and passes
// on each change. Three origins: the LMS page, the widget's host (dist/, under
// the strict CSP), and a stranger the iframe is navigated to.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CSP, launchBrowser, SCREENSHOTS, serveDist } from "./harness.mjs";

const shared = {};
before(async () => {
  shared.widgets = await serveDist();
  shared.folder = await mkdtemp(join(tmpdir(), "em-lms-"));
  // The LMS page keeps its own copy of the resizer, as an author would.
  await copyFile(fileURLToPath(new URL("../../dist/www/em-playground-resizer.js", import.meta.url)), join(shared.folder, "em-playground-resizer.js"));
  const frame = new URL("www/embed.html?model=coins&pi=0.46&p=0.55&q=0.67&lang=en", shared.widgets.url).href;
  await writeFile(join(shared.folder, "course.html"), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Week 3</title><link rel="icon" href="data:,"></head>
<body>
  <h1>Week 3: the EM algorithm</h1>
  <iframe id="widget" src="${frame}" title="EM playground" width="100%" height="300"></iframe>
  <p id="after">Text after the widget.</p>
  <script src="em-playground-resizer.js"></script>
</body></html>
`);
  // A page of a third origin that claims to be a widget.
  shared.strangerFolder = await mkdtemp(join(tmpdir(), "em-stranger-"));
  await writeFile(join(shared.strangerFolder, "index.html"), `<!doctype html><title>x</title><script src="forge.js"></script>`);
  await writeFile(join(shared.strangerFolder, "forge.js"),
    `window.parent.postMessage({ type: "em-playground:resize", height: 5 }, "*");
     window.parent.postMessage({ type: "em-playground:change", detail: { iteration: 99 } }, "*");`);
  shared.stranger = await serveDist({ root: shared.strangerFolder, csp: false });
  const widgetOrigin = new URL(shared.widgets.url).origin;
  shared.lms = await serveDist({
    root: shared.folder,
    csp: `${CSP}; img-src 'self' data:; frame-src ${widgetOrigin} ${new URL(shared.stranger.url).origin}`,
  });
  shared.browser = await launchBrowser();
});
after(async () => {
  await shared.browser?.close();
  for (const server of [shared.widgets, shared.lms, shared.stranger]) await server?.close();
  for (const folder of [shared.folder, shared.strangerFolder]) if (folder) await rm(folder, { recursive: true, force: true });
});

/** The iframe's height on the LMS page, and the height of the content inside it. */
async function heights(page) {
  const outer = await page.evaluate(() => document.getElementById("widget").getBoundingClientRect().height);
  const frame = page.frame({ url: /embed\.html/ });
  const inner = await frame.evaluate(() => document.body.getBoundingClientRect().height);
  const viewport = await frame.evaluate(() => window.innerHeight);
  return { outer, inner, viewport };
}

test("the resizer sizes a cross-origin iframe to its content and passes on each change", async () => {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
  page.on("pageerror", (error) => problems.push(String(error)));
  await page.goto(new URL("course.html", shared.lms.url).href);
  await page.evaluate(() => {
    window.changes = [];
    document.getElementById("widget").addEventListener("em-playground:change", (event) => window.changes.push(event.detail));
    window.messages = [];
    window.addEventListener("message", (event) => window.messages.push(event.data));
  });
  const frame = () => page.frame({ url: /embed\.html/ });
  await page.waitForFunction(() => document.getElementById("widget").style.height !== "");
  await frame().waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
  // Content and iframe agree (the ResizeObserver reports within a frame or two).
  await page.waitForTimeout(300);
  let { inner, viewport } = await heights(page);
  assert.ok(inner > 1000, `the coin widget is tall: ${inner}`);
  assert.ok(Math.abs(viewport - inner) <= 2, `iframe viewport ${viewport} px, content ${inner} px`);

  // A step inside the widget reaches the parent as an em-playground:change event.
  await frame().locator("em-playground").getByRole("button", { name: "Step", exact: true }).click();
  await page.waitForFunction(() => window.changes.some((change) => change.iteration === 1));
  const change = (await page.evaluate(() => window.changes)).at(-1);
  assert.equal(change.model, "coins");
  assert.ok(Math.abs(change.params.pi - 0.4619) < 5e-5 && Math.abs(change.params.q - 0.6561) < 5e-5, JSON.stringify(change.params));
  assert.equal(change.responsibilities, undefined, "a summary, not the whole state");

  // The content changes height (another model): the iframe follows.
  const before = inner;
  await frame().evaluate(() => document.querySelector("em-playground").setAttribute("model", "gmm2d"));
  await frame().waitForFunction((before) => Math.abs(document.body.getBoundingClientRect().height - before) > 50, before);
  await page.waitForTimeout(300);
  ({ inner, viewport } = await heights(page));
  assert.ok(Math.abs(viewport - inner) <= 2, `after the change: iframe viewport ${viewport} px, content ${inner} px`);
  await page.screenshot({ path: fileURLToPath(new URL("embed-lms-page.png", SCREENSHOTS)), fullPage: true });
  assert.deepEqual(problems, []);

  // Messages from the parent itself, or from the iframe once it shows another origin, are ignored.
  const height = await page.evaluate(() => document.getElementById("widget").style.height);
  await page.evaluate(() => window.postMessage({ type: "em-playground:resize", height: 7 }, "*"));
  const changesBefore = await page.evaluate(() => window.changes.length);
  await frame().evaluate((url) => { window.location.href = url; }, shared.stranger.url);
  // The forged messages did arrive, and were ignored.
  await page.waitForFunction(() => window.messages.some((message) => message?.height === 5));
  await page.waitForFunction(() => window.messages.some((message) => message?.detail?.iteration === 99));
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => document.getElementById("widget").style.height), height);
  assert.equal(await page.evaluate(() => window.changes.length), changesBefore);
  await context.close();
});
