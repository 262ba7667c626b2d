// Charts off screen are not redrawn by a step (on a phone most of them
// are): each is drawn when it scrolls into view, once the state is still,
// and before printing; one only glimpsed at the screen's edge counts as off
// screen.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, useBrowser } from "./harness.mjs";

const env = useBrowser();
const frames = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)))));
const step = (page) => page.evaluate(() => document.querySelector("em-playground").step());
const PHONE = { width: 375, height: 812 };
const openFaithful = (viewport) => openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&lang=en", { viewport });
const image = (page, chart) => page.evaluate((chart) =>
  document.querySelector("em-playground").shadowRoot.querySelector(`canvas[data-chart="${chart}"]`).toDataURL(), chart);

test("on a phone, a chart below the fold is drawn once still or when scrolled to, and every chart before printing", async () => {
  const { page, context, problems } = await openFaithful(PHONE);
  const root = page.locator("em-playground");
  const before = { landscape: await image(page, "landscape") };
  for (let i = 0; i < 5; i++) await step(page);
  await frames(page);
  assert.equal(await image(page, "landscape"), before.landscape, "not redrawn while off screen");
  await page.waitForTimeout(600);
  const still = await image(page, "landscape");
  assert.notEqual(still, before.landscape, "drawn once the state is still");
  // Stepped again, then scrolled to at once: drawn as it comes into view.
  await step(page);
  await frames(page);
  assert.equal(await image(page, "landscape"), still);
  await root.locator('canvas[data-chart="landscape"]').scrollIntoViewIfNeeded();
  await frames(page);
  const scrolledTo = await image(page, "landscape");
  assert.notEqual(scrolledTo, still, "drawn once on screen");
  // The same picture as a chart kept on screen all along: draw everything and compare.
  await page.evaluate(() => document.querySelector("em-playground").drawCharts());
  await page.evaluate(() => document.querySelector("em-playground").drawDeferred(() => true));
  assert.equal(await image(page, "landscape"), scrolledTo);
  // Printing: the charts now off screen (the top ones) are drawn first.
  await step(page);
  await frames(page);
  const stale = await image(page, "fit");
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  assert.notEqual(await image(page, "fit"), stale);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a chart only glimpsed at the screen's edge is redrawn once the state is still, not by each step", async () => {
  // At 1280 × 900 the lower bound and the landscape show only their top lines.
  const { page, context, problems } = await openFaithful({ width: 1280, height: 900 });
  const glimpse = await page.evaluate(() => {
    const canvas = document.querySelector("em-playground").shadowRoot.querySelector('canvas[data-chart="bound"]');
    const { top, height } = canvas.getBoundingClientRect();
    return (innerHeight - top) / height;
  });
  assert.ok(glimpse > 0 && glimpse < 0.15, `the lower bound is glimpsed (${glimpse.toFixed(2)} of it shows)`);
  const before = { bound: await image(page, "bound"), fit: await image(page, "fit") };
  await step(page);
  await frames(page);
  assert.notEqual(await image(page, "fit"), before.fit, "a chart on screen is redrawn at once");
  assert.equal(await image(page, "bound"), before.bound, "a glimpsed chart waits");
  await page.waitForTimeout(600);
  const still = await image(page, "bound");
  assert.notEqual(still, before.bound, "and is redrawn once the state is still");
  // Its PNG button (in the title row, on screen) exports it drawn, not stale.
  await step(page);
  await frames(page);
  assert.equal(await image(page, "bound"), still, "stale again after a step");
  const [download] = await Promise.all([page.waitForEvent("download"),
    page.locator("em-playground").locator('[data-figure="bound"] button.png').click()]);
  const exported = `data:image/png;base64,${(await readFile(await download.path())).toString("base64")}`;
  assert.notEqual(exported, still);
  assert.equal(exported, await image(page, "bound"));
  // The same picture as drawing it on screen: scroll to it after another step.
  await step(page);
  await frames(page);
  await page.locator("em-playground").locator('canvas[data-chart="bound"]').scrollIntoViewIfNeeded();
  await frames(page);
  const scrolledTo = await image(page, "bound");
  assert.notEqual(scrolledTo, still, "scrolled into view, drawn at once");
  await page.evaluate(() => document.querySelector("em-playground").drawDeferred(() => true));
  assert.equal(await image(page, "bound"), scrolledTo);
  assert.deepEqual(problems, []);
  await context.close();
});

test("drawing a stale chart in the frame a step's deferred charts are due draws those too", async () => {
  // On a phone the lower bound and the landscape are one above the other: the bound on screen, the landscape not.
  const { page, context, problems } = await openFaithful(PHONE);
  await page.locator("em-playground").locator('canvas[data-chart="bound"]').evaluate((canvas) => canvas.scrollIntoView({ block: "end" }));
  await frames(page);
  // A step draws the bound and leaves the landscape stale.
  await step(page);
  await frames(page);
  const before = await image(page, "bound");
  // The next step leaves the bound due next frame; before that frame the landscape is
  // drawn (as when it scrolls into view, or once still).
  const pendingAfterStep = await page.evaluate(() => {
    const widget = document.querySelector("em-playground");
    widget.step();
    const landscape = widget.canvases.find((canvas) => canvas.dataset.chart === "landscape");
    const pending = Boolean(widget.deferred) && widget.staleCharts.has(landscape);
    widget.drawStaleCharts((canvas) => canvas === landscape);
    return pending;
  });
  assert.ok(pendingAfterStep, "the bound was due and the landscape stale");
  await frames(page);
  assert.notEqual(await image(page, "bound"), before, "the bound is drawn all the same");
  assert.deepEqual(problems, []);
  await context.close();
});

test("once still, the worked calculation off screen is brought up to date once, with the charts", async () => {
  const { page, context, problems } = await openFaithful({ width: 1280, height: 800 });
  await page.waitForTimeout(600);
  const calls = await page.evaluate(async () => {
    const widget = document.querySelector("em-playground");
    let count = 0;
    const syncWorked = widget.syncWorked;
    widget.syncWorked = function (...args) { count++; return syncWorked.apply(this, args); };
    widget.step();
    await new Promise((done) => setTimeout(done, 1300));
    return count;
  });
  assert.equal(calls, 1);
  assert.deepEqual(problems, []);
  await context.close();
});
