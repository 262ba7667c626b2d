// Undo and redo of data edits, separate from EM's Back: the data, their
// preset's name and the start come back together.

import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, useBrowser } from "./harness.mjs";

const env = useBrowser();
const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());
const call = (page, method, ...args) => page.evaluate(([m, a]) => document.querySelector("em-playground")[m](...a), [method, args]);
const preset = (page) => page.locator("em-playground").locator("#preset").inputValue();

test("undo and redo restore the data and the preset, by button, by API and by Ctrl+Z", async () => {
  const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&lang=en");
  const root = page.locator("em-playground");
  assert.equal(await root.locator("#undo-data").isDisabled(), true);
  assert.equal(await call(page, "setData", [1, 2, 3, 10, 11]), true);
  assert.equal((await state(page)).data.length, 5);
  assert.equal(await preset(page), "custom");
  await root.locator("#undo-data").click();
  assert.equal((await state(page)).data.length, 272);
  assert.equal(await preset(page), "faithful");
  assert.equal(await call(page, "redoData"), true);
  assert.equal((await state(page)).data.length, 5);
  // The keyboard, anywhere on the standalone page…
  await page.locator("h1").click();
  await page.keyboard.press("Control+z");
  assert.equal((await state(page)).data.length, 272);
  await page.keyboard.press("Control+Shift+z");
  assert.equal((await state(page)).data.length, 5);
  // …but in the data box Ctrl+Z is the box's own undo.
  await root.locator("#data").click();
  await page.keyboard.press("Control+z");
  assert.equal((await state(page)).data.length, 5);
  assert.equal(await call(page, "redoData"), false, "nothing left to redo");
  assert.deepEqual(problems, []);
  await context.close();
});

test("2-D: Back does not remove clicked points; Undo does, one click at a time, and brings the preset back", async () => {
  const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm2d&preset=faithful&lang=en");
  const root = page.locator("em-playground");
  const canvas = root.locator('canvas[data-chart="fit"]');
  const box = await canvas.boundingBox();
  for (const [fx, fy] of [[0.15, 0.15], [0.8, 0.75], [0.5, 0.12]]) await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  assert.equal((await state(page)).data.length, 275);
  await call(page, "step");
  await call(page, "back");
  await call(page, "back");
  assert.equal((await state(page)).data.length, 275, "Back undoes EM, not data");
  for (const expected of [274, 273, 272]) {
    assert.equal(await call(page, "undoData"), true);
    assert.equal((await state(page)).data.length, expected);
  }
  assert.equal(await preset(page), "faithful");
  assert.equal(await root.locator("#redo-data").isDisabled(), false);
  await context.close();
});
