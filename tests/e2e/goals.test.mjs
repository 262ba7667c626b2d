// Goal exercises, checked by the engine after every change: each reached
// through the API, and each not reached where it should not be.

import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { openPage, SCREENSHOTS, useBrowser } from "./harness.mjs";

const env = useBrowser();
const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());
const call = (page, method, ...args) => page.evaluate(([m, a]) => document.querySelector("em-playground")[m](...a), [method, args]);
const text = (page) => page.locator("em-playground").locator(".exercise").innerText();

async function open(query) {
  const opened = await openPage(env.browser, env.server.url, `${query}&lang=en`);
  await opened.page.evaluate(() => {
    window.exerciseEvents = [];
    document.querySelector("em-playground").addEventListener("em-exercise", (event) => window.exerciseEvents.push(event.detail));
  });
  return opened;
}

test("other-optimum: the same maximum does not count, another start's does", async () => {
  const { page, context, problems } = await open("?model=gmm&data=0,0.1,0.2,0.3,5,5.1,5.2,10,10.1&weights=1,1&means=0.15,7.5&sigmas=1,1&exercise=other-optimum");
  assert.match(await text(page), /Find another start/);
  await call(page, "run", Infinity);
  let s = await state(page);
  assert.equal(s.exercise.kind, "other-optimum");
  assert.equal(s.exercise.solved, false);
  assert.ok(Math.abs(s.exercise.firstOptimum.logLikelihood - s.logLikelihood) < 1e-9, "the first start's maximum is where EM went");
  await call(page, "setParams", { weights: [1, 1], means: [2.5, 10.05], sigmas: [1, 1] });
  await call(page, "run", Infinity);
  s = await state(page);
  assert.equal(s.exercise.solved, true);
  assert.ok(s.logLikelihood < s.exercise.firstOptimum.logLikelihood);
  assert.match(await text(page), /Solved!.*random restarts/s);
  assert.deepEqual(await page.evaluate(() => window.exerciseEvents), [{ kind: "other-optimum", solved: true }]);
  await page.screenshot({ path: fileURLToPath(new URL("exercise-goal-en.png", SCREENSHOTS)), clip: { x: 0, y: 0, width: 1280, height: 420 } });
  assert.deepEqual(problems, []);
  await context.close();
});

test("saddle: identical components stay together; a separated start does not count", async () => {
  const reached = await open("?model=gmm&preset=faithful&weights=1,1&means=3.5,3.5&sigmas=1,1&exercise=saddle");
  await call(reached.page, "run", Infinity);
  assert.equal((await state(reached.page)).exercise.solved, true);
  await reached.context.close();
  const missed = await open("?model=gmm&preset=faithful&weights=1,1&means=2,4.5&sigmas=0.3,0.4&exercise=saddle");
  await call(missed.page, "run", Infinity);
  assert.equal((await state(missed.page)).exercise.solved, false);
  assert.match(await text(missed.page), /Not yet/);
  await missed.context.close();
});

test("collapse: a narrow component on a repeated value collapses; wide ones do not; the coins cannot", async () => {
  const reached = await open("?model=gmm&data=1,2,3,4,5,5,5,6,7,8&weights=0.7,0.3&means=4.5,5&sigmas=2,0.01&exercise=collapse");
  await call(reached.page, "run", Infinity);
  assert.equal((await state(reached.page)).exercise.solved, true);
  await reached.context.close();
  const missed = await open("?model=gmm&data=1,2,3,4,5,5,5,6,7,8&weights=1,1&means=3,6&sigmas=1.5,1.5&exercise=collapse");
  await call(missed.page, "run", Infinity);
  assert.equal((await state(missed.page)).exercise.solved, false);
  await missed.context.close();
  const coins = await open("?model=coins&exercise=collapse");
  assert.equal((await state(coins.page)).exercise, null);
  assert.match(await coins.page.locator("em-playground").locator(".emp").innerText(), /for the Gaussian mixtures/);
  await coins.context.close();
});

test("beat-ascent: a step size wins where the components overlap, none on Old Faithful", async () => {
  // Two unit normals 2 apart, 400 points (Box–Muller on a fixed linear congruential stream).
  let seed = 12345;
  const uniform = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 1) / 2147483649;
  const data = Array.from({ length: 400 }, (_, i) => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()) + (i % 2 ? 2 : 0));
  const { page, context } = await open("?model=gmm&max-iter=5000&exercise=beat-ascent");
  assert.equal(await call(page, "setData", data), true);
  const tryRate = async (rate) => {
    await call(page, "setParams", { weights: [1, 1], means: [0, 2], sigmas: [1, 1] });
    await page.evaluate((r) => document.querySelector("em-playground").setAttribute("ascent", String(r)), rate);
    await call(page, "run", Infinity);
    return (await state(page)).exercise.solved;
  };
  assert.equal(await tryRate(0.05), false, "a small step is slower than EM");
  let winner = null;
  for (const rate of [1, 1.1, 1.2, 1.3]) {
    if (await tryRate(rate)) { winner = rate; break; }
  }
  assert.ok(winner !== null, "some step size beats EM here");
  assert.match(await text(page), new RegExp(`With η = ${winner} gradient ascent got there first`));
  await context.close();

  const faithful = await open("?model=gmm&preset=faithful&weights=1,1&means=2,4.5&sigmas=0.3,0.4&exercise=beat-ascent");
  for (const rate of [0.1, 0.3, 1, 3]) {
    await faithful.page.evaluate((r) => document.querySelector("em-playground").setAttribute("ascent", String(r)), rate);
    await call(faithful.page, "reset");
    await call(faithful.page, "run", Infinity);
    assert.equal((await state(faithful.page)).exercise.solved, false, `η = ${rate}`);
  }
  await faithful.context.close();
});
