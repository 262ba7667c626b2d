// A student's own data file: opened through the file input or dropped on the
// widget, its columns chosen (remembered per file name), bad cells named by
// line and column, the file's name in the charts' titles, links and undo.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, settledUrl, useBrowser, SCREENSHOTS } from "./harness.mjs";

const env = useBrowser();
const FAITHFUL = new URL("../../www/data/old_faithful.csv", import.meta.url);
const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());
const csv = (name, text) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });

test("Old Faithful through the file input: eruptions in 1-D, both columns in 2-D; the name in the titles", async () => {
  const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&lang=en");
  const root = page.locator("em-playground");
  await page.evaluate(() => localStorage.clear());
  await root.locator("#data-file").setInputFiles(FAITHFUL.pathname);
  const column = root.locator('select[data-column="0"]');
  await column.waitFor();
  await page.waitForFunction(() => document.querySelector("em-playground").state().data.length === 272);
  assert.match(await root.locator(".file-summary").textContent(), /old_faithful\.csv: 272 rows, 2 columns/);
  // Choose waiting, then eruptions: each choice loads its column at once.
  await column.selectOption({ label: "waiting" });
  assert.equal((await state(page)).data[0], 79);
  await column.selectOption({ label: "eruptions" });
  const oneD = await state(page);
  assert.equal(oneD.data.length, 272);
  assert.equal(oneD.data[0], 3.6);
  assert.match(await root.locator('[data-figure="fit"] figcaption').textContent(), /old_faithful\.csv \(eruptions\)/);
  assert.equal(await root.locator("#preset").inputValue(), "file");
  assert.equal(await root.locator('#preset option[value="file"]').textContent(), "File: old_faithful.csv");
  await root.locator(".data-file").screenshot({ path: new URL("file-chooser-en.png", SCREENSHOTS).pathname });

  // The 2-D mixture reads two columns: x and y, first the file's numeric ones.
  await root.locator("#model").selectOption("gmm2d");
  assert.equal(await root.locator('select[data-column="1"]').count(), 1);
  await root.locator('select[data-column="0"]').selectOption({ label: "eruptions" });
  await root.locator('select[data-column="1"]').selectOption({ label: "waiting" });
  const twoD = await state(page);
  assert.equal(twoD.data.length, 272);
  assert.deepEqual(twoD.data[0], [3.6, 79]);
  await root.locator("#use-columns").waitFor({ state: "hidden" });

  // The export's name and the link carry the file's name.
  const url = new URL(await settledUrl(page));
  assert.equal(url.searchParams.get("file"), "old_faithful.csv");
  assert.equal(url.searchParams.get("columns"), "eruptions,waiting");
  const reloaded = await openPage(env.browser, env.server.url, `${url.pathname}${url.search}`);
  assert.deepEqual((await state(reloaded.page)).data, twoD.data);
  assert.match(await reloaded.page.locator("em-playground").locator('[data-figure="fit"] figcaption').textContent(), /old_faithful\.csv/);
  await reloaded.context.close();
  const download = page.waitForEvent("download");
  await root.locator("#export-csv").click();
  assert.equal((await download).suggestedFilename(), "em-trace-old_faithful.csv");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the column chosen for a file name is chosen again; loadFile picks by name or number", async () => {
  const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&lang=en");
  const root = page.locator("em-playground");
  await page.evaluate(() => localStorage.clear());
  await root.locator("#data-file").setInputFiles(FAITHFUL.pathname);
  await root.locator('select[data-column="0"]').selectOption({ label: "waiting" });
  await root.locator("#preset").selectOption("faithful");
  await root.locator("#data-file").setInputFiles(FAITHFUL.pathname);
  await page.waitForFunction(() => document.querySelector("em-playground").state().data.length === 272
    && document.querySelector("em-playground").state().data[0] === 79);
  const text = await readFile(FAITHFUL, "utf8");
  const loaded = await page.evaluate(async (text) => {
    const el = document.querySelector("em-playground");
    const byName = await el.loadFile(new File([text], "faithful copy.csv"), { column: "eruptions" });
    const first = el.state().data[0];
    const byNumber = await el.loadFile(new Blob([text]), { column: 2 });
    return { byName, first, byNumber, second: el.state().data[0] };
  }, text);
  assert.deepEqual(loaded, { byName: true, first: 3.6, byNumber: true, second: 79 });
  await context.close();
});

test("a bad cell is named by its line and column, a ragged row by its line; nothing changes", async () => {
  const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=galaxies&lang=en");
  const root = page.locator("em-playground");
  const before = await state(page);
  await root.locator("#data-file").setInputFiles(csv("bad.csv", "x,y\n1,2\n3,4\n5,abc\n"));
  // x is all numbers and loads (the file is read asynchronously); y names its bad cell.
  await page.waitForFunction(() => document.querySelector("em-playground").state().data.length === 3);
  assert.deepEqual((await state(page)).data, [1, 3, 5]);
  await root.locator('select[data-column="0"]').selectOption("2");
  const error = root.locator('[data-error="data"]');
  assert.equal(await error.textContent(), 'Line 4, column 2 ("y"): "abc" is not a number; correct it or choose another column.');
  assert.deepEqual((await state(page)).data, [1, 3, 5]);
  await root.locator("#data-file").setInputFiles(csv("ragged.tsv", "a\tb\n1\t2\n3\n"));
  await error.filter({ hasText: "Line 3" }).waitFor();
  assert.match(await error.textContent(), /^Line 3 has 1 cells but the first row has 2/);
  assert.equal(await page.evaluate(() => document.querySelector("em-playground").undoData()), true);
  assert.deepEqual((await state(page)).data, before.data, "undo brings the preset's data back");
  assert.equal(await root.locator("#preset").inputValue(), "galaxies");
  // Chinese names the same place.
  await root.locator("#language").selectOption("zh");
  await root.locator("#data-file").setInputFiles(csv("bad.csv", "x,y\n1,2\n3,4\n5,abc\n"));
  // The file is read asynchronously (the chooser still shows it from before): wait for its data.
  await page.waitForFunction(() => document.querySelector("em-playground").state().data.length === 3);
  await root.locator('select[data-column="0"]').selectOption("2");
  assert.equal(await error.textContent(), "第 4 行第 2 列（“y”）：“abc”不是数；请修改它或选择其他列。");
  await context.close();
});

test("a file dropped on the widget opens; a link too long for its data says to open the file again", async () => {
  const { page, context } = await openPage(env.browser, env.server.url, "?model=exponential&lang=en");
  const root = page.locator("em-playground");
  // 5,000 distinct waiting times: too many for a link, even compressed.
  const values = Array.from({ length: 5000 }, (_, i) => (0.5 + ((i * 7919) % 5000) / 997).toFixed(5));
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "waits.txt", { type: "text/plain" }));
    const shell = document.querySelector("em-playground").shadowRoot.querySelector(".emp");
    shell.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, `wait\n${values.join("\n")}\n`);
  await page.waitForFunction(() => document.querySelector("em-playground").state().data.length === 5000);
  await root.locator("#share").click();
  // Share packs the data first (asynchronously), then writes its note.
  await root.locator(".share-note").filter({ hasText: "waits.txt" }).waitFor();
  assert.match(await root.locator(".share-note").textContent(), /must open waits\.txt again/);
  const url = new URL(await settledUrl(page));
  assert.equal(url.searchParams.get("file"), "waits.txt");
  assert.equal(url.searchParams.get("data"), null);
  const reloaded = await openPage(env.browser, env.server.url, `${url.pathname}${url.search}`);
  assert.match(await reloaded.page.locator("em-playground").locator('[data-error="data"]').textContent(),
    /made from the file waits\.txt, whose data were too many for a link: open waits\.txt again/);
  await reloaded.context.close();
  await context.close();
});
