// Predict, then reveal: the widget asks for a number before each half-step
// and takes it only once the answer is right. Reference values are computed
// here by hand from Li Hang's Example 9.1, not by the engine.

import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { openPage, SCREENSHOTS, useBrowser } from "./harness.mjs";

const env = useBrowser();
const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());
const call = (page, method, ...args) => page.evaluate(([m, a]) => document.querySelector("em-playground")[m](...a), [method, args]);

/** Example 9.1 by hand: μ for a head, and θ⁽¹⁾ (six heads, four tails). */
function byHand() {
  const [pi, p, q] = [0.46, 0.55, 0.67];
  const head = (pi * p) / (pi * p + (1 - pi) * q);
  const tail = (pi * (1 - p)) / (pi * (1 - p) + (1 - pi) * (1 - q));
  const total = 6 * head + 4 * tail;
  return { head, theta: { pi: total / 10, p: (6 * head) / total, q: (6 * (1 - head)) / (10 - total) } };
}

const LI_HANG = "?model=coins&preset=li-hang&pi=0.46&p=0.55&q=0.67&exercise=predict&exercise-ask=gamma:1:1";

test("Li Hang's Example 9.1: a wrong γ moves nothing, 0.4115 takes the E-step, θ⁽¹⁾ by hand takes the M-step", async () => {
  const { head, theta } = byHand();
  assert.ok(Math.abs(head - 0.4115) < 5e-4);
  const { page, context, problems } = await openPage(env.browser, env.server.url, `${LI_HANG}&lang=en`);
  await page.evaluate(() => {
    window.exerciseEvents = [];
    document.querySelector("em-playground").addEventListener("em-exercise", (event) => window.exerciseEvents.push(event.detail));
  });
  let s = await state(page);
  assert.deepEqual(s.exercise.asks, { quantity: "gamma", observation: 1, component: 1 });
  assert.equal(s.exercise.tolerance, 5e-4);

  const wrong = await call(page, "answer", 0.2);
  assert.deepEqual(wrong, { correct: false, expected: null, attempts: 1 });
  s = await state(page);
  assert.deepEqual([s.iteration, s.phase], [0, "init"]);
  assert.equal(s.exercise.attempts, 1);

  const right = await call(page, "answer", 0.4115);
  assert.equal(right.correct, true);
  assert.ok(Math.abs(right.expected - head) < 1e-12);
  s = await state(page);
  assert.deepEqual([s.iteration, s.phase], [0, "e"]);

  const asked = s.exercise.asks.quantity;
  assert.ok(["pi", "p", "q"].includes(asked), asked);
  const value = Math.round(theta[asked] * 1e4) / 1e4;
  assert.equal((await call(page, "answer", value)).correct, true);
  s = await state(page);
  assert.deepEqual([s.iteration, s.phase], [1, "m"]);
  assert.deepEqual(s.exercise.score, { firstTries: 1, questions: 2 });
  const events = await page.evaluate(() => window.exerciseEvents);
  assert.deepEqual(events.map((event) => event.correct), [false, true, true]);
  assert.deepEqual(events[0].asks, { quantity: "gamma", observation: 1, component: 1 });
  assert.deepEqual(problems, []);
  await context.close();
});

test("by keyboard: Enter answers, hints grow more specific, Show me reveals; both languages", async () => {
  for (const lang of ["en", "zh"]) {
    const { page, context, problems } = await openPage(env.browser, env.server.url, `${LI_HANG}&lang=${lang}`);
    const root = page.locator("em-playground");
    const input = root.locator("#exercise-answer");
    const feedback = root.locator(".exercise-feedback");
    const hint = root.locator(".exercise-hint");
    assert.match(await root.locator(".exercise-question").innerText(), lang === "en" ? /observation 1 \(x = 1\.0000\)/ : /观测 1/);
    // Typing into the box is not a shortcut: "e" there takes no E-step.
    await input.fill("e");
    await input.press("Enter");
    assert.equal((await state(page)).phase, "init");
    assert.match(await feedback.innerText(), lang === "en" ? /Type a number/ : /请输入一个数/);
    assert.equal((await state(page)).exercise.attempts, 0, "not a number is not a try");
    await input.fill("0.2");
    await input.press("Enter");
    assert.match(await feedback.innerText(), lang === "en" ? /Not quite \(try 1\)/ : /不对/);
    assert.match(await hint.innerText(), /π pʸ/, "the first hint is the formula");
    await input.fill("0.3");
    await input.press("Enter");
    assert.match(await hint.innerText(), /w1·f\(x \| θ1\) = 0\.2530, w2·f\(x \| θ2\) = 0\.3618/, "the second, the numbers to plug in");
    await input.fill("0.5");
    await input.press("Enter");
    // The third: the coming E-step worked out, its final number a "?" (the tail's μ,
    // 0.46·0.45 / (0.46·0.45 + 0.54·0.33) = 0.5374, shown).
    const worked = await root.locator(".exercise-worked").innerText();
    assert.match(worked, /=\s*\?/);
    assert.doesNotMatch(worked, /0\.4115/);
    assert.match(worked, /0\.5374/);
    await root.locator("#exercise-reveal").click();
    assert.match(await feedback.innerText(), /0\.4115/);
    assert.equal((await state(page)).phase, "e");
    assert.match(await root.locator(".exercise-score").innerText(), /0/);
    assert.equal(await root.locator(".exercise-worked").innerText(), "", "no worked hint once solved");
    await page.screenshot({ path: fileURLToPath(new URL(`exercise-predict-${lang}.png`, SCREENSHOTS)), clip: { x: 0, y: 0, width: 1280, height: 520 } });
    // The exercise stays in the link.
    const link = await page.evaluate(() => document.querySelector("em-playground").shareUrl());
    const query = new URL(link).searchParams;
    assert.deepEqual([query.get("exercise"), query.get("exercise-ask"), query.get("exercise-score")], ["predict", "gamma:1:1", "0/1"]);
    // The link brings the score back.
    await page.goto(link);
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.()?.exercise != null);
    assert.deepEqual((await state(page)).exercise.score, { firstTries: 0, questions: 1 });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test("an M-step question's second hint gives N1 = Σ γ from the engine, as by hand", async () => {
  const { page, context, problems } = await openPage(env.browser, env.server.url, `${LI_HANG}&lang=en`);
  const root = page.locator("em-playground");
  await root.locator("#exercise-reveal").click();
  assert.equal((await state(page)).phase, "e");
  assert.ok(["pi", "p", "q"].includes((await state(page)).exercise.asks.quantity));
  for (const wrong of ["-1", "-2"]) {
    await root.locator("#exercise-answer").fill(wrong);
    await root.locator("#exercise-answer").press("Enter");
  }
  // By hand at (π, p, q) = (0.46, 0.55, 0.67): 6 heads × 0.41152 + 4 tails × 0.53738 = 4.6186.
  assert.match(await root.locator(".exercise-hint").innerText(), /N1 = Σᵢ γᵢ1 = 4\.6186 over N = 10 observations/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the Predict button turns it on and off; a bad exercise-ask says how to write one", async () => {
  const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&lang=en");
  const root = page.locator("em-playground");
  assert.equal((await state(page)).exercise, null);
  await root.locator("#exercise-toggle").click();
  const s = await state(page);
  assert.equal(s.exercise.asks.quantity, "gamma");
  assert.ok(s.exercise.asks.observation >= 1 && s.exercise.asks.observation <= 272);
  assert.equal(await root.locator("#exercise-toggle").getAttribute("aria-pressed"), "true");
  await root.locator("#exercise-toggle").click();
  assert.equal((await state(page)).exercise, null);
  await context.close();

  const bad = await openPage(env.browser, env.server.url, "?model=gmm&exercise=predict&exercise-ask=gamma:0:1&lang=en");
  assert.match(await bad.page.locator("em-playground").locator(".emp").innerText(), /gamma:observation:component/);
  assert.equal((await state(bad.page)).exercise, null);
  await bad.context.close();
});

test("the course notes have one of each exercise", async () => {
  const { page, context, problems } = await openPage(env.browser, env.server.url, "www/examples/notes.html?lang=en");
  await page.waitForFunction(() => [...document.querySelectorAll("em-playground")].every((w) => w.state?.() != null));
  const kinds = await page.evaluate(() => ["predict-coins", "goal-other-optimum", "goal-saddle", "goal-collapse", "goal-beat-ascent"]
    .map((id) => document.getElementById(id).state().exercise?.kind ?? null));
  assert.deepEqual(kinds, ["predict", "other-optimum", "saddle", "collapse", "beat-ascent"]);
  const predict = page.locator("#predict-coins");
  await predict.scrollIntoViewIfNeeded();
  await predict.locator("#exercise-answer").fill("0.4115");
  await predict.locator("#exercise-answer").press("Enter");
  assert.equal((await page.evaluate(() => document.getElementById("predict-coins").state())).phase, "e");
  await predict.screenshot({ path: fileURLToPath(new URL("notes-predict.png", SCREENSHOTS)) });
  assert.deepEqual(problems, []);
  await context.close();
});
