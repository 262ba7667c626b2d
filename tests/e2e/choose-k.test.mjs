// Choosing K: compareK against scikit-learn's BIC, the panel's table, chart
// and picks, loading a row's fit with its history, and Cancel.

import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, useBrowser, SCREENSHOTS } from "./harness.mjs";

const env = useBrowser();
const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());

// scikit-learn 1.9.1, GaussianMixture(reg_covar=0).bic on the 272 eruption
// durations (tests/references/sklearn_bic_faithful.py).
const SKLEARN_BIC = [854.045656, 580.749091];

test("compareK on Old Faithful's durations: BIC as scikit-learn's for K = 1, 2; the criteria's formulas", async () => {
  const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&lang=en");
  const rows = await page.evaluate(() => document.querySelector("em-playground").compareK({ max: 4, restarts: 20, seed: 1 }));
  assert.deepEqual(rows.map((row) => row.k), [1, 2, 3, 4]);
  SKLEARN_BIC.forEach((bic, i) => assert.ok(Math.abs(rows[i].bic - bic) < 0.01, `K = ${i + 1}: ${rows[i].bic} vs ${bic}`));
  for (const row of rows) {
    assert.equal(row.parameters, 3 * row.k - 1);
    assert.ok(Math.abs(row.aic - (2 * row.parameters - 2 * row.logLikelihood)) < 1e-9);
    assert.equal(row.params.weights.length, row.k);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

for (const lang of ["en", "zh"]) {
  test(`the panel (${lang}): runs with progress, marks each criterion's K, and loads a fit that can be stepped`, async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, `?model=gmm&preset=faithful&lang=${lang}`);
    const root = page.locator("em-playground");
    const panel = root.locator(".choose-k");
    await panel.locator("summary").click();
    await panel.locator("#compare-max").fill("6");
    await panel.locator("#compare-restarts").fill("10");
    await panel.locator("#compare-k").click();
    await panel.locator("table.criteria tr[data-k='6']").waitFor();
    await panel.locator("#cancel-compare").waitFor({ state: "hidden" });
    // One ◀ per criterion (two may share a row).
    assert.equal(await panel.locator("td.picked").count(), 3);
    const counted = await panel.locator("tr[data-k='2'] td.counted").textContent();
    assert.equal(counted, lang === "en" ? "5 = weights 1 + means 2 + σ values 2" : "5 = 权重 1 + 均值 2 + σ 值 2");
    const drawn = await panel.locator('canvas[data-criteria]').evaluate((canvas) => {
      const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 200) inked += 1;
      return inked;
    });
    assert.ok(drawn > 2000, `the chart drew (${drawn} dark pixels)`);
    await panel.screenshot({ path: new URL(`choose-k-${lang}.png`, SCREENSHOTS).pathname });
    // Load K = 3: its start and iterations come with it.
    await panel.locator("tr[data-k='3'] button.load-fit").click();
    const loaded = await state(page);
    assert.equal(loaded.params.weights.length, 3);
    assert.ok(loaded.iteration > 1 && loaded.history.length === loaded.iteration + 1);
    assert.equal(await root.locator("#k").inputValue(), "3");
    await page.evaluate(() => document.querySelector("em-playground").back());
    assert.equal((await state(page)).phase, "e", "Back steps into the loaded history");
    await root.locator('[data-figure="fit"]').screenshot({ path: new URL(`choose-k-loaded-${lang}.png`, SCREENSHOTS).pathname });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("Cancel stops a comparison; new data end it; the three coins have no K to choose", async () => {
  const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=galaxies&lang=en");
  const root = page.locator("em-playground");
  const panel = root.locator(".choose-k");
  const pending = page.evaluate(() => document.querySelector("em-playground").compareK({ max: 8, restarts: 100 }));
  await panel.locator("#cancel-compare").waitFor();
  await panel.locator("#cancel-compare").click();
  assert.equal(await pending, null);
  assert.equal(await panel.locator("progress").isHidden(), true);
  const afterCancel = await page.evaluate(() => document.querySelector("em-playground").shadowRoot.querySelector("table.criteria").rows.length);
  assert.equal(afterCancel, 1, "only the header row");
  // A finished comparison is forgotten when the data change.
  await page.evaluate(() => document.querySelector("em-playground").compareK({ max: 2, restarts: 2 }));
  assert.equal(await panel.locator("table.criteria tr[data-k]").count(), 2);
  await root.locator("#preset").selectOption("faithful");
  assert.equal(await panel.locator("table.criteria tr[data-k]").count(), 0);
  await root.locator("#model").selectOption("coins");
  assert.equal(await panel.isHidden(), true);
  assert.equal(await page.evaluate(() => document.querySelector("em-playground").compareK({ max: 3 })), null);
  assert.match((await page.evaluate(() => document.querySelector("em-playground").state())).error, /number of components is fixed/);
  await context.close();
});
