// The worked calculation: an exam-style derivation of the half-step just taken.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, reveal, SCREENSHOTS, useBrowser, settledUrl, whenStill } from "./harness.mjs";

const env = useBrowser();

/**
 * A screen that shows the buttons and the lower bound and landscape together
 * (at 1280 × 900 only their top lines show, and a chart only glimpsed is
 * redrawn once the state is still, not by each step).
 */
const TALL = { width: 1280, height: 1200 };
/** The lower bound and the worked calculation are drawn a frame after a step. */
const nextFrame = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

const worked = (page) => page.locator("em-playground").locator(".worked-lines");

async function workedText(page) {
  await nextFrame(page);
  await reveal(worked(page));
  return worked(page).innerText();
}

async function workedMath(page) {
  await nextFrame(page);
  await reveal(worked(page));
  return worked(page).locator(".equation").count();
}

describe("worked calculation", () => {
  test("coins: the E-step's μ and the M-step's π, p, q with the numbers substituted", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url);
    const root = page.locator("em-playground");
    assert.match(await workedText(page), /Take an E-step/);
    await root.getByRole("button", { name: "E-step" }).click();
    assert.equal(await workedMath(page), 2, "μ for a head and for a tail");
    let text = await workedText(page);
    // μ(y=1) = 0.46·0.55 / (0.46·0.55 + 0.54·0.67) = 0.4115 (by hand); μ(y=0) = 0.5374.
    for (const value of ["0.4600", "0.5500", "0.5400", "0.6700", "0.4115", "0.5374"]) assert.ok(text.includes(value), `${value} in\n${text}`);
    await root.getByRole("button", { name: "M-step" }).click();
    text = await workedText(page);
    assert.equal(await workedMath(page), 3);
    for (const value of ["0.4619", "0.5346", "0.6561", "6 heads", "4 tails"]) assert.ok(text.includes(value), `${value} in\n${text}`);
    assert.match(text, /πp \+ \(1 − π\)q = 0\.6000, the observed share of heads is 0\.6000/);
    await nextFrame(page);
    await page.locator("em-playground").locator(".worked").screenshot({ path: new URL("worked-coins.png", SCREENSHOTS).pathname });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("Gaussians: γ of a chosen observation, then each N_k, weight, mean and variance", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=exercise&weights=0.5,0.5&means=-60,30&sigmas=10,20");
    const root = page.locator("em-playground");
    await root.locator("#worked-observation").fill("3");
    await root.locator("#worked-observation").press("Enter");
    await root.getByRole("button", { name: "E-step" }).click();
    let text = await workedText(page);
    assert.match(text, /observation 3 \(x = 6\.0000\)/);
    const s = await page.evaluate(() => document.querySelector("em-playground").state());
    for (const gamma of s.responsibilities[2]) assert.ok(text.includes(gamma.toFixed(4)), `${gamma} in\n${text}`);
    // w₂ f(6 | 30, 20²) = 0.5 · exp(−0.5 · 1.2²) / (20 √(2π)) = 0.004855 by hand.
    assert.ok(text.includes("0.004855"), text);
    await root.getByRole("button", { name: "M-step" }).click();
    text = await workedText(page);
    const after = await page.evaluate(() => document.querySelector("em-playground").state());
    for (const value of [...after.params.weights, ...after.params.means, ...after.params.sigmas.map((x) => x * x)]) {
      assert.ok(text.includes(value.toFixed(4).replace("-", "−")), `${value} in\n${text}`);
    }
    await root.locator("#language").selectOption("zh");
    assert.match(await workedText(page), /进入第 1 次迭代的 M 步/);
    await nextFrame(page);
    await page.locator("em-playground").locator(".worked").screenshot({ path: new URL("worked-gmm-zh.png", SCREENSHOTS).pathname });
    await context.close();
  });
});

describe("E-step rules", () => {
  test("the homework's mistake reproduces its answer, explains itself and loses log L; hard EM gives 0/1 responsibilities", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url);
    const root = page.locator("em-playground");
    await root.locator("#rule").selectOption("joint");
    await root.getByRole("button", { name: "Step", exact: true }).click();
    let s = await page.evaluate(() => document.querySelector("em-playground").state());
    // The homework's printed (wrong) answer after one round.
    assert.equal(s.params.pi.toFixed(4), "0.2346");
    assert.equal(s.params.p.toFixed(4), "0.6471");
    assert.equal(s.params.q.toFixed(4), "0.7528");
    assert.ok(s.logLikelihood < -6.7301 - 0.3);
    assert.match(await root.locator(".notes").innerText(), /This is not EM/);
    assert.equal(new URL(await settledUrl(page)).searchParams.get("rule"), "joint");
    await whenStill(page);
    await page.screenshot({ path: new URL("rule-joint.png", SCREENSHOTS).pathname, fullPage: true });

    await root.locator("#model").selectOption("gmm");
    assert.deepEqual(await root.locator("#rule option").evaluateAll((all) => all.map((o) => o.value)), ["posterior", "hard"]);
    await root.locator("#rule").selectOption("hard");
    await root.getByRole("button", { name: "E-step" }).click();
    s = await page.evaluate(() => document.querySelector("em-playground").state());
    assert.ok(s.responsibilities.every((row) => row.every((r) => r === 0 || r === 1)));
    assert.equal(s.q, null, "log L = Q + H is EM's identity, not shown for hard EM");
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("random restarts", () => {
  test("restarts on the galaxies list the optima best first, and one can be loaded", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&preset=galaxies&means=10,20,23,33&sigmas=1,1,1,1&weights=1,1,1,1");
    const root = page.locator("em-playground");
    await root.locator("details.restarts-box summary").click();
    await root.locator("#restart-count").fill("12");
    await root.locator("#run-restarts").click();
    const rows = root.locator("table.restarts tr");
    assert.equal(await rows.count(), 13);
    const values = await root.locator("table.restarts tr td:nth-child(3)").evaluateAll((all) => all.map((td) => Number(td.textContent.replace("−", "-"))));
    assert.ok(values.every((v, i) => i === 0 || values[i - 1] >= v), String(values));
    assert.match(await root.locator(".restarts-box p[aria-live]").innerText(), /12 starts reached \d+ different/);
    const before = (await page.evaluate(() => document.querySelector("em-playground").state())).history[0].params;
    await root.locator("button.use-restart").nth(2).click();
    const seed = await root.locator("table.restarts tr:nth-child(4) td:nth-child(2)").innerText();
    assert.equal(await root.locator("#start-seed").inputValue(), seed);
    const after = await page.evaluate(() => document.querySelector("em-playground").state());
    assert.notDeepEqual(after.history[0].params, before);
    await page.evaluate(() => document.querySelector("em-playground").run(1000));
    const final = await page.evaluate(() => document.querySelector("em-playground").state().logLikelihood);
    assert.equal(final.toFixed(4), values[2].toFixed(4), "loading a restart and running reaches its optimum");
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("lower bound", () => {
  test("the bound chart is built by an E-step, follows the chosen parameter, and shows the M-step", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful", { viewport: TALL });
    const root = page.locator("em-playground");
    const bound = root.locator('canvas[data-chart="bound"]');
    const print = async () => {
      await nextFrame(page);
      return bound.evaluate((c) => c.toDataURL());
    };
    const before = await print();
    await root.getByRole("button", { name: "E-step" }).click();
    const afterE = await print();
    assert.notEqual(afterE, before);
    assert.deepEqual(await root.locator("#slice option").evaluateAll((all) => all.map((o) => o.value)),
      ["mean:0", "sigma:0", "weight:0", "mean:1", "sigma:1", "weight:1"]);
    await root.locator("#slice").selectOption("sigma:1");
    const sigma = await print();
    assert.notEqual(sigma, afterE);
    await root.getByRole("button", { name: "M-step" }).click();
    assert.notEqual(await print(), sigma);
    await page.locator("em-playground").locator('[data-figure="bound"]').screenshot({ path: new URL("bound.png", SCREENSHOTS).pathname });
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("likelihood landscape", () => {
  const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());
  const print = async (page) => {
    await nextFrame(page);
    return page.locator("em-playground").locator('canvas[data-chart="landscape"]').evaluate((c) => c.toDataURL());
  };

  test("coins: the ridge through p and q, redrawn while a slider is dragged and after each step", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "", { viewport: TALL, deviceScaleFactor: 2 });
    const root = page.locator("em-playground");
    assert.deepEqual((await state(page)).landscape, { kind: "coinHeads" });
    assert.match(await root.locator('[data-figure="landscape"] .chart-note').innerText(), /ridge πp \+ \(1 − π\)q = ȳ/);
    // The heatmap is drawn: its brightest band is viridis yellow.
    const yellow = await root.locator('canvas[data-chart="landscape"]').evaluate((canvas) => {
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === 253 && data[i + 1] === 231 && data[i + 2] === 37) count++;
      return count;
    });
    assert.ok(yellow > 1000, `${yellow} yellow pixels`);
    const start = await print(page);
    // Dragging π's slider fires input events; each one redraws the landscape at the new π.
    const slider = root.locator(".param-row input[type=range]").first();
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    const dragged = await print(page);
    assert.notEqual(dragged, start);
    await root.getByRole("button", { name: "Step", exact: true }).click();
    const stepped = await print(page);
    assert.notEqual(stepped, dragged, "the EM path grows by a point");
    await root.locator('[data-figure="landscape"]').screenshot({ path: new URL("landscape-coins.png", SCREENSHOTS).pathname });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("Gaussians: the axes select offers pairs of means and each mean with its σ, and the address keeps the choice", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&weights=0.5,0.5&means=2.5,4&sigmas=0.5,0.5", { viewport: TALL });
    const root = page.locator("em-playground");
    assert.deepEqual(await root.locator("#landscape option").evaluateAll((all) => all.map((o) => o.value)),
      ["means:0:1", "mean-sigma:0:0", "mean-sigma:1:0"]);
    const means = await print(page);
    await root.locator("#landscape").selectOption("mean-sigma:1:0");
    assert.deepEqual((await state(page)).landscape, { kind: "meanSigma", component: 1 });
    assert.notEqual(await print(page), means);
    assert.equal(new URL(await settledUrl(page)).searchParams.get("landscape"), "mean-sigma-2");
    const reopened = await openPage(env.browser, env.server.url, new URL(await settledUrl(page)).search);
    assert.deepEqual((await state(reopened.page)).landscape, { kind: "meanSigma", component: 1 });
    await reopened.context.close();
    const bad = await openPage(env.browser, env.server.url, "?model=gmm&landscape=volcano");
    assert.match(await bad.page.locator("em-playground").locator('[data-error="landscape"]').innerText(), /Ignored landscape=volcano/);
    await bad.context.close();
    await root.locator('[data-figure="landscape"]').screenshot({ path: new URL("landscape-faithful-mean-sigma.png", SCREENSHOTS).pathname });
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("gradient ascent beside EM", () => {
  const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());

  test("a step too large goes down, explained; EM from the same start never does", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&weights=0.5,0.5&means=2.5,4&sigmas=0.5,0.5", { viewport: TALL });
    const root = page.locator("em-playground");
    assert.equal((await state(page)).ascent, null);
    await root.locator("#ascent-rate").fill("0.5");
    await root.locator("#ascent").check();
    for (let i = 0; i < 8; i++) await root.getByRole("button", { name: "Step", exact: true }).click();
    const s = await state(page);
    assert.equal(s.ascent.rate, 0.5);
    assert.equal(s.ascent.logLikelihoods.length, 9, "one ascent step per EM iteration, from the same start");
    assert.equal(s.ascent.logLikelihoods[0], s.history[0].logLikelihood);
    const ascent = s.ascent.logLikelihoods;
    assert.ok(ascent.some((v, i) => i > 0 && v < ascent[i - 1]), `ascent ${ascent}`);
    assert.ok(s.history.every((r, i) => i === 0 || r.logLikelihood >= s.history[i - 1].logLikelihood - 1e-9));
    assert.match(await root.locator(".notes").innerText(), /Gradient ascent went down at step \d+/);
    assert.equal(new URL(await settledUrl(page)).searchParams.get("ascent"), "0.5");
    await nextFrame(page);
    await root.locator('[data-figure="log-likelihood"]').screenshot({ path: new URL("ascent-log-likelihood.png", SCREENSHOTS).pathname });
    await root.locator('[data-figure="landscape"]').screenshot({ path: new URL("ascent-landscape.png", SCREENSHOTS).pathname });
    // A small step climbs, but slowly: behind EM after the same number of steps.
    await root.locator("#ascent-rate").fill("0.01");
    await root.locator("#ascent-rate").press("Enter");
    assert.match(await root.locator(".notes").innerText(), /with a small step it crawls/);
    // A step size that is not a positive number is refused next to the controls.
    await root.locator("#ascent-rate").fill("-1");
    await root.locator("#ascent-rate").press("Enter");
    assert.match(await root.locator('[data-error="stepping"]').innerText(), /step size is -1; enter a positive number/);
    assert.equal((await state(page)).ascent.rate, 0.01, "the last valid step size stays");
    assert.doesNotMatch(await root.innerText(), /NaN|Infinity/);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
