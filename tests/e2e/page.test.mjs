// What a user does on the standalone page, in headless Chromium, served with
// a strict Content-Security-Policy. Run after `trunk build --release`.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, reveal, SCREENSHOTS, useBrowser, whenStill } from "./harness.mjs";

const env = useBrowser();

const widget = (page) => page.locator("em-playground");
const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());

/** Non-white pixels on each chart canvas. */
function inkedPixels(page) {
  return page.evaluate(() => {
    const root = document.querySelector("em-playground").shadowRoot;
    return [...root.querySelectorAll("canvas[data-chart]")].map((canvas) => {
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250) inked++;
      return inked;
    });
  });
}

/** A fingerprint of each canvas, to see that a step redrew it. */
function canvasPrints(page) {
  return page.evaluate(() => {
    const root = document.querySelector("em-playground").shadowRoot;
    return [...root.querySelectorAll("canvas[data-chart]")].map((canvas) => canvas.toDataURL().length + ":" + canvas.toDataURL().slice(-64));
  });
}

async function visibleText(page) {
  return page.evaluate(() => {
    const root = document.querySelector("em-playground").shadowRoot;
    const values = [...root.querySelectorAll("input, textarea")].map((input) => input.value);
    return root.querySelector(".emp").innerText + "\n" + values.join("\n");
  });
}

function assertNoNaN(text) {
  assert.ok(!/NaN|Infinity|undefined/.test(text), `page shows NaN/Infinity/undefined:\n${text.slice(0, 400)}`);
}

describe("the standalone page", () => {
  test("loads the wasm under a strict CSP and draws every chart", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url);
    const inked = await inkedPixels(page);
    assert.equal(inked.length, 6);
    // The responsibilities chart waits for an E-step but still says so.
    for (const count of inked) assert.ok(count > 500, `a chart is blank: ${inked}`);
    assert.deepEqual(problems, []);
    await whenStill(page);
    await page.screenshot({ path: new URL("coins-start.png", SCREENSHOTS).pathname, fullPage: true });
    await context.close();
  });

  test("a student solves the seed's coin exercise from π = 0.46, p = 0.55, q = 0.67", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url);
    const boxes = widget(page).locator(".param-row input.number");
    for (const [index, value] of ["0.46", "0.55", "0.67"].entries()) {
      await boxes.nth(index).fill(value);
      await boxes.nth(index).press("Enter");
    }
    await widget(page).getByRole("button", { name: "E-step" }).click();
    let s = await state(page);
    assert.equal(s.phase, "e");
    // μ for a head by hand: 0.46·0.55 / (0.46·0.55 + 0.54·0.67) = 0.41152
    assert.ok(Math.abs(s.responsibilities[0][0] - 0.41152) < 1e-5);
    await widget(page).getByRole("button", { name: "M-step" }).click();
    s = await state(page);
    // By hand (see tests/reference.rs): π = 0.461863, p = 0.534595, q = 0.656135.
    await reveal(widget(page).locator("table.params"));
    const table = await widget(page).locator("table.params").innerText();
    for (const shown of ["0.4619", "0.5346", "0.6561"]) assert.ok(table.includes(shown), `${shown} not in\n${table}`);
    assert.ok(Math.abs(s.params.pi * s.params.p + (1 - s.params.pi) * s.params.q - 0.6) < 1e-12);
    await whenStill(page);
    await page.screenshot({ path: new URL("coins-after-one-iteration.png", SCREENSHOTS).pathname, fullPage: true });
    assertNoNaN(await visibleText(page));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("sliders and number boxes set the start; E, M, Back and Run change the state and redraw", async () => {
    const { page, context } = await openPage(env.browser, env.server.url);
    await widget(page).locator(".param-row input[type=range]").first().fill("0.3");
    let s = await state(page);
    assert.equal(s.history[0].params.pi, 0.3);
    assert.equal(await widget(page).locator(".param-row input.number").first().inputValue(), "0.3");

    let prints = await canvasPrints(page);
    await widget(page).getByRole("button", { name: "E-step" }).click();
    s = await state(page);
    assert.equal(s.phase, "e");
    assert.notEqual(s.responsibilities, null);
    let next = await canvasPrints(page);
    assert.notEqual(next[0], prints[0], "the responsibilities chart redraws after the E-step");
    assert.notEqual(next[2], prints[2], "the log-likelihood chart shows Q and H after the E-step");

    prints = next;
    await widget(page).getByRole("button", { name: "M-step" }).click();
    s = await state(page);
    assert.equal(s.iteration, 1);
    next = await canvasPrints(page);
    assert.notEqual(next[1], prints[1], "the fit chart redraws after the M-step");
    assert.notEqual(next[3], prints[3], "the parameter chart redraws after the M-step");

    await widget(page).getByRole("button", { name: "Back" }).click();
    s = await state(page);
    assert.equal(s.iteration, 0);
    assert.equal(s.phase, "e");
    await widget(page).getByRole("button", { name: "Back" }).click();
    assert.equal((await state(page)).phase, "init");
    assert.ok(await widget(page).getByRole("button", { name: "Back" }).isDisabled());

    await widget(page).locator("#speed").fill("60");
    await widget(page).getByRole("button", { name: "Run" }).click();
    await page.waitForFunction(() => document.querySelector("em-playground").state().converged, null, { timeout: 20000 });
    s = await state(page);
    assert.ok(s.iteration >= 1);
    assert.match(await widget(page).locator(".status").innerText(), /converged/);
    for (let i = 1; i < s.history.length; i++) {
      assert.ok(s.history[i].logLikelihood >= s.history[i - 1].logLikelihood - 1e-9, "log L never decreases");
    }
    assert.ok((await inkedPixels(page)).every((count) => count > 500));
    await context.close();
  });

  test("the Gaussian presets fit, with the charts moving every step", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url);
    await widget(page).locator("#model").selectOption("gmm");
    for (const preset of ["faithful", "galaxies", "exercise"]) {
      await widget(page).locator("#preset").selectOption(preset);
      let prints = await canvasPrints(page);
      for (let i = 0; i < 3; i++) {
        await widget(page).getByRole("button", { name: "Step", exact: true }).click();
        const next = await canvasPrints(page);
        assert.notEqual(next[3], prints[3], `${preset}: the parameter chart moves at step ${i + 1}`);
        assert.notEqual(next[2], prints[2], `${preset}: the log-likelihood chart moves at step ${i + 1}`);
        prints = next;
      }
      await page.evaluate(() => document.querySelector("em-playground").run(1000));
      const s = await state(page);
      assert.ok(s.converged, `${preset} converges`);
      assertNoNaN(await visibleText(page));
      if (preset === "faithful") {
        // Two clusters of eruptions, around 2.0 and 4.3 minutes.
        const means = [...s.params.means].sort((a, b) => a - b);
        assert.ok(Math.abs(means[0] - 2.04) < 0.05 && Math.abs(means[1] - 4.29) < 0.05, String(means));
        await whenStill(page);
        await page.screenshot({ path: new URL("gmm-faithful-converged.png", SCREENSHOTS).pathname, fullPage: true });
        // Durations to four decimals throughout, the whole ones (2 minutes) too.
        const durations = await page.locator("em-playground").locator("table.resp tr td:nth-child(2)").allInnerTexts();
        assert.equal(durations.length, 50);
        assert.ok(durations.every((text) => /^\d\.\d{4}$/.test(text)), durations.join(" "));
      }
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("URL parameters set the model, data and start", async () => {
    const { page, context } = await openPage(env.browser, env.server.url,
      "?model=gmm&preset=faithful&weights=0.4,0.6&means=2,4.3&sigmas=0.3,0.4&tol=1e-4&max-iter=50");
    const s = await state(page);
    assert.equal(s.model, "gmm");
    assert.equal(s.data.length, 272);
    assert.deepEqual(s.history[0].params, { weights: [0.4, 0.6], means: [2, 4.3], sigmas: [0.3, 0.4] });
    assert.equal(s.tolerance, 1e-4);
    assert.equal(s.maxIterations, 50);
    assert.equal(s.error, null);
    const coins = await openPage(env.browser, env.server.url, "?pi=0.4&p=0.6&q=0.7");
    assert.deepEqual((await state(coins.page)).history[0].params, { pi: 0.4, p: 0.6, q: 0.7 });
    await coins.context.close();
    await context.close();
  });

  test("bad input shows a message next to its control and keeps the last valid state", async () => {
    const { page, context } = await openPage(env.browser, env.server.url);
    await widget(page).getByRole("button", { name: "Step", exact: true }).click();
    const before = await state(page);

    await widget(page).locator("#data").fill("1, 0, abc, 1");
    await widget(page).locator("#apply-data").click();
    const dataError = widget(page).locator('[data-error="data"]');
    assert.match(await dataError.innerText(), /"abc" at line 1, column 7 is not a number/);
    let s = await state(page);
    assert.deepEqual(s.data, before.data);
    assert.equal(s.iteration, 1, "the last valid fit stays usable");
    assert.match(s.error, /abc/);

    await widget(page).locator("#data").fill("1, 0, 2");
    await widget(page).locator("#apply-data").click();
    assert.match(await dataError.innerText(), /0 \(tails\) or 1 \(heads\)/);
    await widget(page).locator("#data").fill("  ");
    await widget(page).locator("#apply-data").click();
    assert.match(await dataError.innerText(), /empty/);

    const pi = widget(page).locator(".param-row input.number").first();
    await pi.fill("1.5");
    await pi.press("Enter");
    assert.match(await widget(page).locator('[data-error="start"]').innerText(), /π = 1\.5 is not a probability/);
    s = await state(page);
    assert.equal(s.history[0].params.pi, 0.46);

    await widget(page).locator("#model").selectOption("gmm");
    await widget(page).locator("#data").fill("<img src=x onerror=alert(1)>, 3");
    await widget(page).locator("#apply-data").click();
    assert.match(await widget(page).locator('[data-error="data"]').innerText(), /"<img" at line 1/);
    assert.equal(await page.evaluate(() => document.querySelector("em-playground").shadowRoot.querySelectorAll("img").length), 0);
    await widget(page).locator("#data").fill("1 2");
    await widget(page).locator("#apply-data").click();
    await widget(page).locator("#k").selectOption("3");
    assert.match(await widget(page).locator('[data-error="start"]').innerText(), /3 components cannot be fitted to 2 observation/);
    assertNoNaN(await visibleText(page));
    await whenStill(page);
    await page.screenshot({ path: new URL("bad-input.png", SCREENSHOTS).pathname, fullPage: true });
    await context.close();

    const fromUrl = await openPage(env.browser, env.server.url, "?pi=abc&p=2");
    const urlState = await state(fromUrl.page);
    assert.deepEqual(urlState.history[0].params, { pi: 0.46, p: 0.55, q: 0.67 });
    assert.match(await widget(fromUrl.page).locator('[data-error="start"]').innerText(), /π: "abc" is not a number/);
    await fromUrl.context.close();
  });

  test("works on a 360-px phone and is sharp on a HiDPI screen", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful",
      { viewport: { width: 360, height: 740 }, deviceScaleFactor: 3 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    const sizes = await page.evaluate(() => [...document.querySelector("em-playground").shadowRoot.querySelectorAll("canvas[data-chart]")]
      .map((c) => [c.width, c.clientWidth]));
    for (const [pixels, css] of sizes) assert.equal(pixels, Math.round(css * 3));
    await whenStill(page);
    await page.screenshot({ path: new URL("phone-gmm.png", SCREENSHOTS).pathname, fullPage: true });
    await context.close();
  });

  test("moving to a screen with another pixel ratio redraws the charts sharp for it", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful");
    const sizes = () => page.evaluate(() => [...document.querySelector("em-playground").shadowRoot.querySelectorAll("canvas[data-chart]")]
      .filter((c) => c.clientWidth > 0).map((c) => [c.width, c.clientWidth]));
    for (const [pixels, css] of await sizes()) assert.equal(pixels, css);
    // The window moves to a 2× screen: the same layout, twice the device pixels.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 2, mobile: false });
    await page.waitForFunction(() => window.devicePixelRatio === 2);
    // Browsers report it to a media query; headless emulation does not, so
    // here the next redraw (a step) notices the new ratio.
    await widget(page).getByRole("button", { name: "Step", exact: true }).click();
    await page.waitForFunction(() => [...document.querySelector("em-playground").shadowRoot.querySelectorAll("canvas[data-chart]")]
      .every((c) => c.clientWidth === 0 || Math.abs(c.width - 2 * c.clientWidth) <= 1));
    for (const [pixels, css] of await sizes()) assert.ok(Math.abs(pixels - 2 * css) <= 1, `${pixels} px for ${css} CSS px`);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
