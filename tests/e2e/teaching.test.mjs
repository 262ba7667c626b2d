// The worked calculation: an exam-style derivation of the half-step just taken.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, SCREENSHOTS, useBrowser } from "./harness.mjs";

const env = useBrowser();

/** The lower bound and the worked calculation are drawn a frame after a step. */
const nextFrame = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

const worked = (page) => page.locator("em-playground").locator(".worked-lines");

async function workedText(page) {
  await nextFrame(page);
  return worked(page).innerText();
}

async function workedMath(page) {
  await nextFrame(page);
  return worked(page).locator("math").count();
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
    assert.equal(new URL(page.url()).searchParams.get("rule"), "joint");
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
    const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful");
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
