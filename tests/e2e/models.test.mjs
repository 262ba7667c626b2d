// The binomial, Poisson and exponential models through the page: the
// address, the element's API, the controls, bad input in both languages,
// and screenshots of each model's page (issue 12).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, reveal, SCREENSHOTS, settledUrl, useBrowser, whenStill } from "./harness.mjs";

const env = useBrowser();

const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());
const call = (page, method, ...args) => page.evaluate(([m, a]) => document.querySelector("em-playground")[m](...a), [method, args]);
const widget = (page) => page.locator("em-playground");
const frames = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
const rounded = (values) => values.map((v) => Math.round(v * 100) / 100);

/** Visible text of the widget, for checking that no NaN or undefined is shown. */
const visibleText = (page) => page.evaluate(() => document.querySelector("em-playground").shadowRoot.querySelector(".emp").innerText);

const PAPER = "?model=binomial&trials=10&data=5,9,8,4,7&weights=0.5,0.5&probabilities=0.6,0.5&fixed-weights";

describe("the binomial mixture", () => {
  test("the paper's address gives Figure 1 after one and after ten iterations", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, PAPER);
    let s = await state(page);
    assert.equal(s.model, "binomial");
    assert.deepEqual(Object.keys(s.params).sort(), ["probabilities", "weights"]);
    assert.deepEqual(s.params, { weights: [0.5, 0.5], probabilities: [0.6, 0.5] });
    // Do & Batzoglou (2008), Figure 1b: (0.71, 0.58) after one iteration, (0.80, 0.52) after ten.
    await widget(page).getByRole("button", { name: "Step", exact: true }).click();
    s = await state(page);
    assert.deepEqual(rounded(s.params.probabilities), [0.71, 0.58]);
    assert.deepEqual(s.params.weights, [0.5, 0.5], "fixed weights stay at ½");
    for (let i = 1; i < 10; i++) await call(page, "step");
    s = await state(page);
    assert.deepEqual(rounded(s.params.probabilities), [0.8, 0.52]);
    // The address written back reproduces the state.
    const url = new URL(await settledUrl(page));
    assert.equal(url.searchParams.get("data"), "5,9,8,4,7");
    assert.equal(url.searchParams.get("fixed-weights"), "");
    assert.equal(url.searchParams.get("step"), "20");
    const again = await openPage(env.browser, env.server.url, url.search);
    assert.deepEqual((await state(again.page)).params, s.params);
    await again.context.close();
    // The fixed-weights checkbox shows the setting, and turning it off frees the weights.
    const box = widget(page).locator('input[data-flag="fixed-weights"]');
    assert.equal(await box.isChecked(), true);
    await box.uncheck();
    await call(page, "run", 50);
    s = await state(page);
    assert.notDeepEqual(s.params.weights, [0.5, 0.5]);
    assert.match(await visibleText(page), /three-coin model/);
    // Typed data do not say which coin: no complete-data estimate to show.
    assert.equal(await widget(page).locator("#complete-data").isVisible(), false);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the preset shows the paper's complete-data estimate beside EM's, behind a toggle", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=binomial&preset=do-batzoglou");
    // Figure 1a: coin A 24 heads of 30 tosses, coin B 9 of 20.
    const complete = widget(page).locator("table.complete-data");
    assert.equal(await complete.isVisible(), false);
    await widget(page).locator("#complete-data").check();
    const text = await complete.innerText();
    assert.match(text, /0\.8000/);
    assert.match(text, /0\.4500/);
    await context.close();
  });

  test("counts typed as x/n, with one trial the three-coin fit, and the table", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=binomial");
    assert.equal(await call(page, "setData", [[1, 1], [1, 1], [0, 1], [1, 1], [0, 1], [0, 1], [1, 1], [0, 1], [1, 1], [1, 1]]), true);
    await call(page, "setParams", { weights: [0.46, 0.54], probabilities: [0.55, 0.67], "fixed-weights": false });
    await call(page, "run", 30);
    const binomial = await state(page);
    const coins = await openPage(env.browser, env.server.url, "?model=coins&pi=0.46&p=0.55&q=0.67");
    await call(coins.page, "run", 30);
    const three = await state(coins.page);
    await coins.context.close();
    assert.ok(Math.abs(binomial.params.weights[0] - three.params.pi) < 1e-12);
    assert.ok(Math.abs(binomial.params.probabilities[0] - three.params.p) < 1e-12);
    assert.ok(Math.abs(binomial.params.probabilities[1] - three.params.q) < 1e-12);
    assert.ok(Math.abs(binomial.logLikelihood - three.logLikelihood) < 1e-12);
    await reveal(widget(page).locator("table.resp"));
    assert.match(await widget(page).locator("table.resp").innerText(), /1\/1/);
    await context.close();
  });
});

describe("the Poisson and exponential mixtures", () => {
  test("presets fit, state().params is {weights, rates}, charts draw", async () => {
    for (const [model, preset] of [["poisson", "hasselblad"], ["exponential", "waits"]]) {
      // Hasselblad's fit is EM's classic slow case: it needs a few thousand iterations.
      const { page, context, problems } = await openPage(env.browser, env.server.url, `?model=${model}&preset=${preset}&max-iter=20000`);
      await call(page, "run", 20000);
      await frames(page);
      const s = await state(page);
      assert.deepEqual(Object.keys(s.params).sort(), ["rates", "weights"], model);
      assert.ok(s.params.rates.every((r) => r > 0), model);
      assert.ok(s.converged, model);
      assert.deepEqual(s.landscape, { kind: "values", first: 0, second: 1 }, model);
      const text = await visibleText(page);
      assert.doesNotMatch(text, /NaN|undefined/, model);
      assert.deepEqual(problems, [], model);
      await whenStill(page);
      await page.screenshot({ path: new URL(`${model}-converged.png`, SCREENSHOTS).pathname, fullPage: true });
      await context.close();
    }
  });

  test("restarts, hard EM, gradient ascent, synthetic data and the CSV work on every new model", async () => {
    for (const model of ["binomial", "poisson", "exponential"]) {
      const { page, context, problems } = await openPage(env.browser, env.server.url, `?model=${model}&rule=hard&ascent=0.001`);
      let s = await state(page);
      assert.equal(s.rule, "hard", model);
      assert.ok(s.ascent, model);
      await call(page, "run", 20);
      await widget(page).locator("details.synthetic summary").click();
      await widget(page).locator("details.synthetic button").first().click();
      s = await state(page);
      assert.equal(s.data.length, 200, model);
      assert.equal(new URL(await settledUrl(page)).searchParams.get("synthetic"), "200,1", model);
      const root = widget(page);
      await root.locator("details.restarts-box summary").click();
      await root.locator("#restart-count").fill("5");
      await root.locator("#run-restarts").click();
      assert.equal(await root.locator("table.restarts tr").count(), 6, model);
      const [download] = await Promise.all([page.waitForEvent("download"), root.locator("#export-csv").click()]);
      const header = (await readFile(await download.path(), "utf8")).split("\n")[0];
      const value = model === "binomial" ? "probability" : "rate";
      assert.equal(header, `iteration,logLikelihood,weight1,weight2,${value}1,${value}2`, model);
      assert.deepEqual(problems, [], model);
      await context.close();
    }
  });
});

describe("bad input for the new models", () => {
  const cases = [
    ["binomial", "data", "2.5, 3", /whole number/, /整数/],
    ["binomial", "data", "11/10", /cannot exceed the trials/, /试验次数/],
    ["binomial", "probabilities", "0.5,1.5", /between 0 and 1/, /0 到 1/],
    ["poisson", "data", "1, 2.5", /whole number/, /整数/],
    ["poisson", "rates", "1,0", /greater than 0/, /大于 0/],
    ["exponential", "data", "1, -2", /positive/, /正/],
    ["exponential", "rates", "-1,1", /greater than 0/, /大于 0/],
  ];
  for (const lang of ["en", "zh"]) {
    test(`a message next to the control, the last valid state kept (${lang})`, async () => {
      for (const [model, setting, text, english, chinese] of cases) {
        const { page, context } = await openPage(env.browser, env.server.url, `?model=${model}&lang=${lang}`);
        const before = await state(page);
        const group = setting === "data" ? "data" : "start";
        if (setting === "data") {
          await widget(page).locator("#data").fill(text);
          await widget(page).locator("#apply-data").click();
        } else {
          await call(page, "setParams", { [setting]: text.split(",").map(Number) });
        }
        const message = await widget(page).locator(`[data-error="${group}"]`).innerText();
        assert.match(message, lang === "en" ? english : chinese, `${model} ${setting}=${text}: ${message}`);
        const after = await state(page);
        assert.deepEqual(after.params, before.params, `${model} ${setting}=${text}`);
        assert.deepEqual(after.data, before.data, `${model} ${setting}=${text}`);
        await context.close();
      }
    });
  }
});

describe("screenshots of each new model's page", () => {
  const views = [
    ["laptop", { width: 1280, height: 800 }, 1],
    ["phone", { width: 375, height: 812 }, 2],
  ];
  for (const model of ["binomial", "poisson", "exponential"]) {
    for (const [name, viewport, deviceScaleFactor] of views) {
      test(`${model} on a ${name}`, async () => {
        const lang = name === "phone" ? "zh" : "en";
        const { page, context, problems } = await openPage(env.browser, env.server.url, `?model=${model}&lang=${lang}`, { viewport, deviceScaleFactor });
        await call(page, "step");
        await call(page, "eStep");
        await frames(page);
        assert.doesNotMatch(await visibleText(page), /NaN|undefined/);
        assert.deepEqual(problems, []);
        await whenStill(page);
        await page.screenshot({ path: new URL(`${model}-${name}-${lang}.png`, SCREENSHOTS).pathname, fullPage: true });
        await context.close();
      });
    }
  }
});

describe("links at any data size", () => {
  test("setData with 10⁴ and 10⁵ points keeps the address under 8,000 characters and says the link leaves the data out", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&lang=en");
    for (const n of [10_000, 100_000]) {
      const data = Array.from({ length: n }, (_, i) => (i % 1000) / 10);
      assert.equal(await call(page, "setData", data), true);
      const href = await settledUrl(page);
      assert.ok(href.length <= 8000, `${n}: ${href.length}`);
      assert.equal(new URL(href).searchParams.get("data"), null);
      assert.match(await widget(page).locator(".share-note").innerText(), new RegExp(`leaves out the ${n} data values`));
    }
    // Data that fit travel in the link and reproduce the state.
    assert.equal(await call(page, "setData", [1, 2, 3, 10, 11, 12]), true);
    await call(page, "step");
    const href = await settledUrl(page);
    assert.equal(new URL(href).searchParams.get("data"), "1,2,3,10,11,12");
    assert.equal(await widget(page).locator(".share-note").innerText(), "");
    const again = await openPage(env.browser, env.server.url, new URL(href).search);
    assert.deepEqual(await state(again.page), await state(page));
    await again.context.close();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("data too long for data= travel deflated in zdata= and reproduce the state; a cut zdata says so", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&lang=en");
    // 1,500 numbers with two decimals: about 9,000 characters as text.
    let seed = 7;
    const data = Array.from({ length: 1500 }, () => { seed = (seed * 16807) % 2147483647; return Math.round(seed / 2147483647 * 10000) / 100; });
    assert.equal(await call(page, "setData", data), true);
    await call(page, "step");
    await call(page, "step");
    const href = await settledUrl(page);
    const address = new URL(href);
    assert.ok(href.length <= 8000, `${href.length}`);
    assert.equal(address.searchParams.get("data"), null);
    assert.match(address.searchParams.get("zdata"), /^[A-Za-z0-9_-]{100,}$/);
    assert.equal(await widget(page).locator(".share-note").innerText(), "");
    const again = await openPage(env.browser, env.server.url, address.search);
    assert.deepEqual(await state(again.page), await state(page));
    await again.context.close();
    // An embedded widget takes the same value as its zdata attribute.
    const embedded = await openPage(env.browser, env.server.url, "?model=gmm&lang=en");
    // One that cannot be read says so; a readable one after it applies and clears the note.
    await embedded.page.evaluate(() => document.querySelector("em-playground").setAttribute("zdata", "not-deflate"));
    await embedded.page.waitForFunction(() => /data in this link could not be read/.test(document.querySelector("em-playground").shadowRoot.textContent));
    await embedded.page.evaluate((value) => document.querySelector("em-playground").setAttribute("zdata", value), address.searchParams.get("zdata"));
    await embedded.page.waitForFunction(() => document.querySelector("em-playground").state().data.length === 1500);
    assert.deepEqual((await state(embedded.page)).data, data);
    assert.doesNotMatch(await embedded.page.evaluate(() => document.querySelector("em-playground").shadowRoot.textContent), /could not be read/);
    await embedded.context.close();
    // A link cut short opens the default data with a note, not a broken page.
    const cut = new URL(href);
    cut.searchParams.set("zdata", cut.searchParams.get("zdata").slice(0, 200));
    const broken = await openPage(env.browser, env.server.url, cut.search);
    assert.match(await widget(broken.page).locator(".emp").innerText(), /data in this link could not be read/);
    assert.deepEqual(broken.problems, []);
    await broken.context.close();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("Export JSON saves the whole state, 10⁴ points included, and Import JSON opens it again", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&lang=en");
    const data = Array.from({ length: 10_000 }, (_, i) => ((i * 7919) % 10_007) / 100);
    assert.equal(await call(page, "setData", data), true);
    await call(page, "run", 5);
    const saved = await state(page);
    const root = widget(page);
    const [download] = await Promise.all([page.waitForEvent("download"), root.locator("#export-json").click()]);
    const path = await download.path();
    const file = JSON.parse(await readFile(path, "utf8"));
    assert.equal(file.version, 1);
    assert.equal(file.data.data.split(",").length, 10_000);
    assert.deepEqual(file.history, saved.history);
    await page.goto(new URL("?model=coins", env.server.url).href);
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    await widget(page).locator("#state-file").setInputFiles(path);
    await page.waitForFunction(() => document.querySelector("em-playground").state().model === "gmm");
    assert.deepEqual(await state(page), saved);
    // Any other file is refused with its name, and the state stays.
    await widget(page).locator("#state-file").setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("[1,2]") });
    await page.waitForFunction(() => /notes\.json is not a state/.test(document.querySelector("em-playground").shadowRoot.textContent));
    assert.deepEqual({ ...(await state(page)), error: null }, saved);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
