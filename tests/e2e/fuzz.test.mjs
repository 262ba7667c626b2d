// The browser fuzzer: seeded random addresses and API call sequences for
// every model, on the standalone page under the README's strict CSP. After
// each case: no page or console error, no NaN/Infinity/undefined in the page
// text or in state(), no element injected from address text, and every call
// back within 5 s. FUZZ_SEED and FUZZ_CASES change the run (CI: seed 1, 520 cases).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser } from "./harness.mjs";

const env = useBrowser();

const SEED = Number(process.env.FUZZ_SEED ?? 1);
const CASES = Number(process.env.FUZZ_CASES ?? 520);
/** A call (or a page becoming ready) slower than this is a finding. */
const CALL_LIMIT = 5000;

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INJECTIONS = [
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload=window.__pwned=1>',
  "');window.__pwned=1;//",
  "${window.__pwned=1}",
  "javascript:window.__pwned=1",
  '" autofocus onfocus="window.__pwned=1',
];

const EXTREMES = ["NaN", "Infinity", "-Infinity", "1e308", "-1e308", "1e-320", "5e-324", "-0", "0", "", " ", "1e101", "abc", "½", "1,,2"];

/** Values for each address parameter: valid ones, refused ones, extreme numbers and payloads. */
const VALUES = {
  model: ["coins", "gmm", "gmm2d", "binomial", "poisson", "exponential", "gmm3d", "COINS"],
  preset: ["li-hang", "exercise", "faithful", "galaxies", "do-batzoglou", "hasselblad", "waits", "nope"],
  data: ["5,5,5,5,5", "7", "1e-320,2e-320,3e-320,4e-320", "1,0,1,1,0", "1,2;3,4;5,6;7,8", "3.6,79;1.8,54;3.3,74", "-1e300,0,1e300",
    "1e100,-1e100,0", "0.1 0.2 0.3 9 9.1", "1|2|3|4", "x".repeat(20000), "9,".repeat(3000) + "1",
    "5/10,9/10,8/10", "11/10", "3/0", "1/1e9,5/1e9", "2.5,3", "0,0,0", "-2,1"],
  synthetic: ["200,1", "50,7", "0,1", "1000000000,1", "50,abc", "", "1", "100000,2"],
  truth: ["0.3;0.8;0.4", "1,1;-2,2;1,1", "1,1|-3,0;3,0|1,0,0,1;1,0,0,1", "1;2", "a;b;c", "1,1;1e308,0;1,1", "1,1;0.8,0.3;10", "1,1;1,5", "1,1;0,5", "1;1;0"],
  pi: ["0.46", "0.5", "1", "1.5"], p: ["0.55", "0", "-0.1"], q: ["0.67", "1", "2"],
  weights: ["1,1", "1", "0,0", "-1,2", "1,1,1,1,1,1,1,1,1", "0.3,0.7"],
  means: ["2,4.3", "7", "1e308,-1e308", "1e300,0;-1e300,0", "2,55;4.3,80", "0,0;0,0", "1,2,3"],
  sigmas: ["0.3,0.4", "1", "0,1", "1e308,1e308", "1e-300,1"],
  probabilities: ["0.6,0.5", "0.5,1.5", "0,1", "0.2,0.4,0.6"],
  rates: ["1,5", "0,1", "-1,2", "1e300,1", "2"],
  trials: ["10", "1", "0", "2.5", "1e10"],
  "fixed-weights": ["", "1", "0", "maybe"],
  covariances: ["0.1,0,0,30;0.2,0.5,0.5,40", "1,2,2,1", "1,0,1,1", "1e300,0,0,1e300;1,0,0,1"],
  "covariance-type": ["full", "diag", "spherical", "tied", "round"],
  rule: ["posterior", "hard", "joint", "soft"],
  tol: ["1e-6", "0", "-1", "1e308", "0.1"],
  "max-iter": ["3", "0", "1000000", "1e7", "2.5", "500"],
  step: ["0", "3", "8", "-1", "1e9", "2000000", "abc", "7"],
  seed: ["1", "-1", "1e20", "abc", "42"],
  ascent: ["0.05", "-1", "1e308", "off", "0.5"],
  landscape: ["pq", "means-1-2", "mean-sigma-1", "values-1-2", "means-1-9", "mean-sigma-0", "xyz"],
  lang: ["en", "zh", "zh-CN", "fr"],
  hide: ["model", "data,sliders", "stepping", "worked,tables", '"', "model,bogus", "]", "data\"]"],
  charts: ["fit", "fit,log-likelihood", "foo", "loglikelihood", "landscape,bound", "responsibilities,parameters"],
  compact: ["", "1", "0"],
  presentation: ["", "1", "false"],
  exercise: ["predict", "saddle", "other-optimum", "collapse", "beat-ascent", "quiz", ""],
  "exercise-ask": ["gamma:1:1", "p", "mean:2", "gamma:0:1", "rate:9", "gamma:99999:1,weight:1", "x", "gamma:1:1:1"],
  "exercise-tolerance": ["0.0005", "-1", "abc", "1e308", "0"],
  "exercise-text": ["Find it", "<img src=x onerror=alert(1)>"],
  "exercise-score": ["1/2", "3/1", "a/b", "0/0"],
};
const NAMES = Object.keys(VALUES);

/** Every finite number in state() (null stands for −∞ and absent values); returns the path of the first bad one. */
function badNumberPath(value, path = "state") {
  if (typeof value === "number") return Number.isFinite(value) ? null : path;
  if (value === undefined) return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = badNumberPath(value[i], `${path}[${i}]`);
      if (bad) return bad;
    }
  } else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "error") continue;
      const bad = badNumberPath(inner, `${path}.${key}`);
      if (bad) return bad;
    }
  }
  return null;
}

/** Races `promise` against the call limit. */
function withinLimit(promise, what) {
  let timer;
  const limit = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took over ${CALL_LIMIT} ms`)), CALL_LIMIT); });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/**
 * Checks the page after a case. `supplied` are the texts the case typed: a
 * message may quote them back (and "NaN" typed is "NaN" quoted), so they are
 * removed from the page's text before it is searched.
 */
async function checkPage(page, problems, supplied, label) {
  const found = await page.evaluate(() => {
    const element = document.querySelector("em-playground");
    const root = element.shadowRoot;
    const inShadow = root.querySelectorAll("img, iframe, object, embed, svg, script:not([type]), [onerror], [onload], [onfocus], [autofocus]").length;
    const inDocument = document.querySelectorAll("img, iframe, object, embed, svg, [onerror], [onload], [onfocus]").length;
    const state = element.state();
    return {
      text: `${root.querySelector(".emp")?.innerText ?? ""}\n${document.body.innerText}`,
      error: state?.error ?? "",
      state,
      injected: inShadow + inDocument,
      pwned: Boolean(window.__pwned),
    };
  });
  assert.deepEqual(problems, [], `${label}: page or console errors`);
  assert.equal(found.pwned, false, `${label}: a payload ran`);
  assert.equal(found.injected, 0, `${label}: an element was injected`);
  assert.ok(found.state, `${label}: the widget never became ready`);
  const bad = badNumberPath(found.state);
  assert.equal(bad, null, `${label}: state() holds a non-finite number at ${bad}`);
  const scrub = (text) => {
    let clean = text;
    for (const value of supplied) {
      for (const form of [value, value.slice(0, 39)]) if (form.length > 0) clean = clean.split(form).join("");
    }
    return clean;
  };
  // A JavaScript error's own words must never reach a student.
  const leaked = /is not a function|Cannot read properties|is not defined|is not iterable/.exec(`${found.text}\n${found.error}`);
  assert.equal(leaked, null, `${label}: a JavaScript error shows: ${leaked?.input.slice(Math.max(0, leaked.index - 80), leaked.index + 80)}`);
  for (const [where, text] of [["page text", found.text], ["state().error", found.error]]) {
    const match = /NaN|Infinity|undefined/.exec(scrub(text));
    assert.equal(match, null, `${label}: ${where} shows "${match?.[0]}": …${scrub(text).slice(Math.max(0, (match?.index ?? 0) - 80), (match?.index ?? 0) + 80)}…`);
  }
}

/** A random address case: one model and 1–6 parameters. */
function addressCase(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const params = new URLSearchParams();
  params.set("model", pick(["coins", "gmm", "gmm2d", "binomial", "poisson", "exponential"]));
  const count = 1 + Math.floor(random() * 6);
  for (let i = 0; i < count; i++) {
    const name = pick(NAMES);
    const roll = random();
    const value = roll < 0.1 ? pick(INJECTIONS) : roll < 0.25 ? pick(EXTREMES) : pick(VALUES[name]);
    params.set(name, value);
  }
  return params;
}

/** A random API call, as a course author's script might make it; returns [label, function source, args]. */
function apiCall(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const number = () => pick([0.5, 7, -3, 1e308, -1e308, 5e-324, 1e-320, NaN, Infinity, -Infinity, 0, -0, 42, 1e100]);
  const list = () => Array.from({ length: Math.floor(random() * 8) }, () => (random() < 0.8 ? Math.round(random() * 100) / 10 : number()));
  const data = () => pick([
    list(), [1, 1, 0, 1, 0], [5, 5, 5, 5, 5], [7], [[1, 0], [1, 1]], [[1.2, 50], [4.1, 80], [2, 60]], [[1, 2, 3]], [1, null, 2],
    [{}], ["1", "2"], "1 2 3 4", "", "x".repeat(10000), [[NaN, 1], [2, 3]], [1e-320, 2e-320, 3e-320], Array(2000).fill(3),
    [[5, 10], [9, 10], [3, 4]], [[11, 10]], "5/10 7/10", [0, 0, 1, 2, 9],
  ]);
  const params = () => pick([
    { pi: 0.46, p: 0.55, q: 0.67 }, { pi: number() }, { weights: [1, 1], means: [2, 4.3], sigmas: [0.3, 0.4] },
    { means: [number(), number()] }, { sigmas: [number(), 1] }, { weights: [0, 0] }, {},
    { weights: [1, 1], means: [[2, 55], [4.3, 80]], covariances: [[[0.1, 0], [0, 30]], [[0.2, 0.5], [0.5, 40]]] },
    { means: [[1e300, 0], [-1e300, 0]] }, { covariances: [[[1, 2], [2, 1]], [[1, 0], [0, 1]]] }, null, "π",
    { weights: [0.5, 0.5], probabilities: [0.6, 0.5], "fixed-weights": true }, { probabilities: [number(), 0.5] },
    { rates: [1, 5] }, { rates: [number(), number()] }, { trials: number() }, { "fixed-weights": "maybe" },
  ]);
  const roll = random();
  if (roll < 0.18) return ["setData", (args) => document.querySelector("em-playground").setData(args), data()];
  if (roll < 0.32) return ["setParams", (args) => document.querySelector("em-playground").setParams(args), params()];
  if (roll < 0.45) return ["eStep", () => document.querySelector("em-playground").eStep(), null];
  if (roll < 0.55) return ["mStep", () => document.querySelector("em-playground").mStep(), null];
  if (roll < 0.68) return ["step", () => document.querySelector("em-playground").step(), null];
  if (roll < 0.76) return ["run", (n) => document.querySelector("em-playground").run(n), pick([5, 100, Infinity, 2 ** 32 + 3, -1, NaN, "abc", 1e9])];
  if (roll < 0.84) return ["back", () => document.querySelector("em-playground").back(), null];
  if (roll < 0.88) return ["reset", () => document.querySelector("em-playground").reset(), null];
  const name = pick(NAMES.filter((n) => !["compact", "presentation", "hide", "charts"].includes(n)));
  const value = random() < 0.2 ? pick(INJECTIONS) : random() < 0.4 ? pick(EXTREMES) : pick(VALUES[name]);
  return [`setAttribute(${name})`, ([n, v]) => document.querySelector("em-playground").setAttribute(n, v), [name, value]];
}

/** The texts an API call supplied (every number and string in it), for scrubbing quoted echoes. */
function suppliedTexts(args) {
  if (args === null || args === undefined) return [];
  if (typeof args === "string" || typeof args === "number") return [String(args)];
  if (Array.isArray(args)) return args.flatMap(suppliedTexts);
  if (typeof args === "object") return Object.entries(args).flatMap(([key, value]) => [key, ...suppliedTexts(value)]);
  return [];
}

describe(`the browser fuzzer (seed ${SEED}, ${CASES} cases)`, () => {
  test("random addresses and API sequences on every model", { timeout: 30 * 60 * 1000 }, async () => {
    const random = generator(SEED);
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    let problems = [];
    page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
    page.on("pageerror", (error) => problems.push(String(error)));
    const counts = { address: 0, api: 0, models: { coins: 0, gmm: 0, gmm2d: 0, binomial: 0, poisson: 0, exponential: 0 }, names: new Set(), calls: new Set() };
    let done = 0;
    while (done < CASES) {
      const params = addressCase(random);
      const label = `case ${done} (seed ${SEED}) ?${params.toString().slice(0, 300)}`;
      problems = [];
      await page.goto(`${env.server.url}?${params}`);
      await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null, null, { timeout: CALL_LIMIT })
        .catch(() => assert.fail(`${label}: not ready within ${CALL_LIMIT} ms`));
      const supplied = [...params.values(), ...params.keys()];
      await checkPage(page, problems, supplied, label);
      done++;
      counts.address++;
      const model = params.get("model");
      if (model in counts.models) counts.models[model]++;
      for (const name of params.keys()) counts.names.add(name);
      // Every third address is followed by a sequence of API calls on the widget it made.
      if (counts.address % 3 === 0) {
        // Notes from earlier calls stay on the page: their texts stay scrubbed.
        const typed = [...supplied];
        for (let i = 0; i < 5 && done < CASES; i++) {
          const [name, call, args] = apiCall(random);
          const callLabel = `case ${done} (seed ${SEED}) ${name}(${JSON.stringify(args)?.slice(0, 200)}) after ?${params.toString().slice(0, 200)}`;
          // The API returns false on bad input; a throw is a finding.
          await withinLimit(page.evaluate(call, args), callLabel);
          await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
          typed.push(...suppliedTexts(args));
          await checkPage(page, problems, typed, callLabel);
          done++;
          counts.api++;
          counts.calls.add(name.replace(/\(.*/, ""));
        }
      }
    }
    await context.close();
    const models = Object.entries(counts.models).map(([name, count]) => `${name} ${count}`).join(", ");
    console.log(`fuzzer: ${counts.address} addresses (${models}), `
      + `${counts.api} API calls, ${counts.names.size} parameter names, calls ${[...counts.calls].join(" ")}: 0 findings`);
    assert.ok(counts.names.size >= NAMES.length - 2, "the run covers (nearly) every address parameter");
  });
});
