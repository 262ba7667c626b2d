// Browser benchmark (not a test): run after `trunk build --release` with
//   node tests/e2e/bench.mjs
// It prints, for headless Chromium on this machine:
// - the release .wasm size, raw and gzip -9;
// - the time from navigation to the first drawn chart;
// - the median time of one iteration plus the redraw of the four main charts
//   and the tables (the element's step(), as a click does), and of the views
//   drawn in the next frame (lower bound, landscape, worked calculation), for
//   Old Faithful (K = 2) and for 10,000 synthetic points (K = 5);
// - the same for the 2-D mixture: 2,000 synthetic points, K = 5, full
//   covariances (the plane chart, responsibilities, log L and parameters),
//   at device pixel ratios 1 and 2;
// - the likelihood landscape for Old Faithful (200 × 200 over μ₁, μ₂): the
//   grid alone, and the grid drawn into its canvas at device pixel ratios 1
//   and 2;
// - the median time of one bare EM iteration (no drawing) at N = 10⁶, K = 5 in
//   wasm, to set beside the native `stepper K=5/1000000` of `cargo bench`;
// - choosing K on Old Faithful's durations (K = 1 … 8, 10 starts each, the
//   panel as a click runs it): the whole run, its slices, the longest slice
//   (the engine's work and the panel's redraw), and the main-thread tasks and
//   animation frames over 50 ms that the browser reports meanwhile.

import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { launchBrowser, openPage, serveDist } from "./harness.mjs";

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Per step, after `warmup` steps: [ms of the element's step() (the iteration,
 * the four main charts and the tables), ms of the views drawn a frame later
 * (the lower-bound chart and the worked calculation)], over `repeats` steps.
 * Steps are a frame apart, as clicks arrive, so the browser has restyled the
 * page after the previous one (back to back, each step would also pay for
 * restyling the tables the previous one changed).
 */
function timeSteps(page, repeats, warmup = 5) {
  return page.evaluate(async ([repeats, warmup]) => {
    const widget = document.querySelector("em-playground");
    const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
    for (let i = 0; i < warmup; i++) {
      widget.step();
      widget.drawDeferred();
    }
    const step = [];
    const deferred = [];
    for (let i = 0; i < repeats; i++) {
      await frame();
      let start = performance.now();
      widget.step();
      step.push(performance.now() - start);
      start = performance.now();
      widget.drawDeferred();
      deferred.push(performance.now() - start);
    }
    return [step, deferred];
  }, [repeats, warmup]);
}

/**
 * All main-thread work one click on Step causes, in ms (median over
 * `repeats` steps): Chrome's TaskDuration from before `step()` until after
 * the second animation frame and the address write (0.12 s later) have run.
 * Returns [that, the same measurement without a step]: the second is what
 * measuring costs by itself (the script's round trip through the DevTools
 * protocol and two idle frames), about 2 ms however large the data.
 * `between` runs after each step's measurement, outside it (the baseline,
 * so both see the machine as it was at the same moment).
 */
async function workPerStep(page, repeats, between = async () => {}) {
  const client = await page.context().newCDPSession(page);
  await client.send("Performance.enable");
  const busy = async () => (await client.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value * 1000;
  const measure = async (step) => {
    const before = await busy();
    await page.evaluate((step) => new Promise((done) => {
      const widget = document.querySelector("em-playground");
      if (step) widget.step();
      // Looked at once the address is due (polling every 10 ms would itself cost about 1.5 ms).
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(function settle() {
        if (widget.addressSettled) done();
        else setTimeout(settle, 10);
      }, 150)));
    }), step);
    return (await busy()) - before;
  };
  const totals = [];
  const floors = [];
  for (let i = 0; i < repeats; i++) {
    totals.push(await measure(true));
    floors.push(await measure(false));
    await between();
  }
  await client.detach();
  return [median(totals), median(floors)];
}

/** "total ms (floor ms without a step; the step's own x ms)". */
const work = ([total, floor]) => `${total.toFixed(1)} ms (without a step ${floor.toFixed(1)}; the step's own ${(total - floor).toFixed(1)} ms)`;

/**
 * A plain-JavaScript log-space EM iteration (E-step with log-sum-exp, then
 * the M-step) for the 1-D Gaussian mixture on the widget's data and its θ
 * when first asked, in the same tab: the baseline a hand-written demo would
 * pay (median of `repeats`, in ms). The data are copied out once per data
 * set, so calls between steps leave no garbage for the steps to collect.
 */
function plainJavaScriptIteration(page, repeats) {
  return page.evaluate((repeats) => {
    const widget = document.querySelector("em-playground");
    if (window.benchBaseline?.version !== widget.lastState.dataVersion) {
      const state = widget.state();
      window.benchBaseline = { version: widget.lastState.dataVersion, x: Float64Array.from(state.data), params: state.params };
    }
    const { x } = window.benchBaseline;
    let { weights, means, sigmas } = window.benchBaseline.params;
    const n = x.length;
    const k = weights.length;
    const gamma = new Float64Array(n * k);
    const times = [];
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      const logW = weights.map((w, j) => Math.log(w) - Math.log(sigmas[j]) - 0.5 * Math.log(2 * Math.PI));
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let j = 0; j < k; j++) {
          const z = (x[i] - means[j]) / sigmas[j];
          const l = logW[j] - 0.5 * z * z;
          gamma[i * k + j] = l;
          if (l > max) max = l;
        }
        let sum = 0;
        for (let j = 0; j < k; j++) sum += Math.exp(gamma[i * k + j] - max);
        const log = max + Math.log(sum);
        for (let j = 0; j < k; j++) gamma[i * k + j] = Math.exp(gamma[i * k + j] - log);
      }
      const nk = new Float64Array(k);
      const sx = new Float64Array(k);
      const sxx = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < k; j++) {
          const g = gamma[i * k + j];
          nk[j] += g;
          sx[j] += g * x[i];
          sxx[j] += g * x[i] * x[i];
        }
      }
      weights = Array.from(nk, (v) => v / n);
      means = Array.from(sx, (v, j) => v / nk[j]);
      sigmas = Array.from(sxx, (v, j) => Math.sqrt(Math.max(v / nk[j] - means[j] ** 2, 1e-12)));
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  }, repeats);
}

const both = ([step, deferred]) => `${median(step).toFixed(2)} ms, then ${median(deferred).toFixed(2)} ms a frame later`;

const wasm = await readFile(new URL("../../dist/www/engine/em-playground_bg.wasm", import.meta.url));
const results = [
  ["release .wasm, raw", `${wasm.length.toLocaleString("en")} bytes`],
  ["release .wasm, gzip -9", `${gzipSync(wasm, { level: 9 }).length.toLocaleString("en")} bytes`],
];

/**
 * One bare EM iteration (E-step, M-step, log L; no drawing) at N = 10⁶,
 * K = 5 in wasm, in ms, ten times: the same iteration as the native
 * `stepper K=5/1000000` of `cargo bench` (see tests/benches/wasm-vs-native.sh).
 */
function bareIteration(page) {
  return page.evaluate(async () => {
    const { EmPlayground } = await import(new URL("www/engine/em-playground.js", document.baseURI).href);
    const handle = new EmPlayground();
    handle.setModel("gmm");
    handle.setComponentCount(5);
    handle.synthesize(1_000_000, 42, ["1,1,1,1,1", "0,4,8,12,16", "1,1,1,1,1"]);
    handle.step();
    const times = [];
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      handle.step();
      times.push(performance.now() - start);
    }
    handle.free();
    return times;
  });
}

const server = await serveDist();
const browser = await launchBrowser();
if (process.argv[2] === "bare") {
  // `node tests/e2e/bench.mjs bare`: the bare wasm iteration alone.
  const { page } = await openPage(browser, server.url, "?model=gmm");
  console.log(`bare iteration (E + M + log L), N = 10⁶, K = 5, wasm (median of 10): ${median(await bareIteration(page)).toFixed(1)} ms`);
  await browser.close();
  await server.close();
  process.exit(0);
}
try {
  const firstRender = [];
  for (let i = 0; i < 5; i++) {
    const { page, context } = await openPage(browser, server.url);
    firstRender.push(await page.evaluate(() => performance.getEntriesByName("em-playground:first-render")[0].startTime));
    await context.close();
  }
  results.push(["navigation → first drawn chart (median of 5)", `${median(firstRender).toFixed(0)} ms`]);

  const faithful = await openPage(browser, server.url, "?model=gmm&preset=faithful");
  results.push(["iteration + redraw, Old Faithful, K = 2 (median of 60)", both(await timeSteps(faithful.page, 60))]);
  results.push(["all main-thread work per step, Old Faithful, K = 2 (median of 15)", work(await workPerStep(faithful.page, 15))]);
  await faithful.context.close();

  for (const deviceScaleFactor of [1, 2]) {
    const { page, context } = await openPage(browser, server.url, "?model=gmm&preset=faithful", { deviceScaleFactor });
    const [grid, drawn, side] = await page.evaluate(async () => {
      const widget = document.querySelector("em-playground");
      const canvas = widget.shadowRoot.querySelector('canvas[data-chart="landscape"]');
      const { EmPlayground } = await import(new URL("www/engine/em-playground.js", document.baseURI).href);
      const handle = new EmPlayground();
      handle.setModel("gmm");
      handle.loadPreset("faithful");
      const side = handle.landscape().columns;
      const canvases = [undefined, undefined, undefined, undefined, undefined, canvas];
      const grid = [];
      const drawn = [];
      for (let i = 0; i < 21; i++) {
        let start = performance.now();
        handle.landscape();
        grid.push(performance.now() - start);
        start = performance.now();
        handle.render(canvases, window.devicePixelRatio, false);
        drawn.push(performance.now() - start);
      }
      handle.free();
      return [grid, drawn, side];
    });
    if (side !== 200) throw new Error(`the Old Faithful landscape is ${side} cells wide`);
    if (deviceScaleFactor === 1) results.push(["landscape grid, Old Faithful, 200 × 200 (median of 21)", `${median(grid).toFixed(2)} ms`]);
    results.push([`landscape grid + drawing at DPR ${deviceScaleFactor} (median of 21)`, `${median(drawn).toFixed(2)} ms`]);
    await context.close();
  }

  for (const deviceScaleFactor of [1, 2]) {
    const plane = await openPage(browser, server.url, "?model=gmm2d", { deviceScaleFactor });
    const points = await plane.page.evaluate(() => {
      const widget = document.querySelector("em-playground");
      widget.handle.setComponentCount(5);
      widget.handle.synthesize(2000, 1, ["1,1,1,1,1", "0,0;4,0;0,4;4,4;2,2", "1,0.3,0.3,1;1,0,0,0.5;0.5,0,0,1;1,-0.4,-0.4,1;0.3,0,0,0.3"]);
      widget.update();
      return widget.state().data.length;
    });
    if (points !== 2000) throw new Error(`the 2-D synthetic data has ${points} points`);
    results.push([`2-D iteration + redraw, 2,000 points, K = 5, DPR ${deviceScaleFactor} (median of 30)`, both(await timeSteps(plane.page, 30))]);
    if (deviceScaleFactor === 1) {
      results.push(["all main-thread work per step, 2-D, 2,000 points, K = 5 (median of 15)", work(await workPerStep(plane.page, 15))]);
    }
    await plane.context.close();
  }

  const synthetic = await openPage(browser, server.url, "?model=gmm");
  await synthetic.page.evaluate(() => {
    const root = document.querySelector("em-playground").shadowRoot;
    root.querySelector("#k").value = "5";
    root.querySelector("#k").dispatchEvent(new Event("change"));
  });
  const widget = synthetic.page.locator("em-playground");
  await widget.locator("details.synthetic summary").click();
  await widget.locator("#synthetic-size").fill("10000");
  await widget.getByLabel("true weights").fill("1,1,1,1,1");
  await widget.getByLabel("true means").fill("0,3,6,9,12");
  await widget.getByLabel("true sigmas").fill("1,1,1,1,1");
  await widget.locator("#generate").click();
  const size = await synthetic.page.evaluate(() => document.querySelector("em-playground").state().data.length);
  if (size !== 10000) throw new Error(`synthetic data has ${size} points`);
  results.push(["iteration + redraw, 10,000 points, K = 5 (median of 30)", both(await timeSteps(synthetic.page, 30))]);
  for (const n of [10_000, 100_000]) {
    if (n !== 10_000) {
      await synthetic.page.evaluate((n) => {
        const widget = document.querySelector("em-playground");
        widget.handle.synthesize(n, 1, ["1,1,1,1,1", "0,3,6,9,12", "1,1,1,1,1"]);
        widget.update();
      }, n);
    }
    // The plain-JavaScript iteration between the steps, three at a time.
    const plainTimes = [];
    const perStep = await workPerStep(synthetic.page, n === 10_000 ? 15 : 9,
      async () => plainTimes.push(await plainJavaScriptIteration(synthetic.page, 3)));
    const plain = median(plainTimes);
    const label = n.toLocaleString("en");
    results.push([`all main-thread work per step, ${label} points, K = 5`, work(perStep)]);
    if (n === 10_000) {
      // The same data on a laptop's screen and a phone's (charts below the fold wait until
      // scrolled to or still), and on a screen tall enough to show all six charts.
      const screens = [
        ["laptop 1280 × 800", { width: 1280, height: 800 }],
        ["phone 375 × 812", { width: 375, height: 812 }],
        ["all six charts on screen, 1280 × 1200", { width: 1280, height: 1200 }],
      ];
      for (const [screen, viewport] of screens) {
        await synthetic.page.setViewportSize(viewport);
        await synthetic.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        results.push([`all main-thread work per step, ${label} points, K = 5, ${screen}`, work(await workPerStep(synthetic.page, 15))]);
      }
      await synthetic.page.setViewportSize({ width: 1280, height: 900 });
      // Until the observers have seen the charts back on screen, the landscape counts as off screen.
      await synthetic.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    }
    // Not part of a step: the landscape redrawn on its full grid once the state has been still for 0.4 s.
    const sharpen = await synthetic.page.evaluate(() => {
      const widget = document.querySelector("em-playground");
      const times = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        widget.sharpenLandscape();
        times.push(performance.now() - start);
      }
      return times;
    });
    results.push([`then, once still for 0.4 s: the landscape on its full grid, ${label} points`, `${median(sharpen).toFixed(1)} ms`]);
    // Also once still: the tables and the worked calculation, off screen here, brought up
    // to date, and the charts off screen (here the lower bound and the landscape, only
    // their top lines on screen) redrawn; main-thread work (TaskDuration) until two frames
    // after, as for a step.
    const client = await synthetic.page.context().newCDPSession(synthetic.page);
    await client.send("Performance.enable");
    const busy = async () => (await client.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value * 1000;
    const offScreen = [];
    for (let i = 0; i < 5; i++) {
      await synthetic.page.evaluate(() => new Promise((done) => {
        document.querySelector("em-playground").step();
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)));
      }));
      const before = await busy();
      await synthetic.page.evaluate(() => new Promise((done) => {
        document.querySelector("em-playground").refreshStale();
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)));
      }));
      offScreen.push((await busy()) - before);
    }
    await client.detach();
    results.push([`then, once still for 0.4 s: the sections and charts off screen, ${label} points`, `${median(offScreen).toFixed(1)} ms`]);
    results.push([`plain-JavaScript log-space iteration, ${label} points, K = 5`, `${plain.toFixed(1)} ms (ratio ${(perStep[0] / plain).toFixed(1)}×; the step's own ${((perStep[0] - perStep[1]) / plain).toFixed(1)}×)`]);
  }

  const bare = await bareIteration(synthetic.page);
  results.push(["bare iteration (E + M + log L), N = 10⁶, K = 5, wasm (median of 10)", `${median(bare).toFixed(1)} ms`]);
  await synthetic.context.close();

  const chooser = await openPage(browser, server.url, "?model=gmm&preset=faithful&lang=en");
  const comparison = await chooser.page.evaluate(async () => {
    const widget = document.querySelector("em-playground");
    const long = { tasks: [], frames: [] };
    const watch = (type, into) => {
      const observer = new PerformanceObserver((list) => into.push(...list.getEntries().map((entry) => entry.duration)));
      observer.observe({ type, buffered: false });
      return observer;
    };
    const observers = [watch("longtask", long.tasks), watch("long-animation-frame", long.frames)];
    // Each slice as the panel runs it: the engine's work, then the table and chart redrawn.
    const panel = widget.chooseK;
    const slice = panel.slice.bind(panel);
    const slices = [];
    panel.slice = () => { const start = performance.now(); slice(); slices.push(performance.now() - start); };
    widget.shadowRoot.querySelector(".choose-k details").open = true;
    const start = performance.now();
    await widget.compareK({ max: 8, restarts: 10, seed: 1 });
    const total = performance.now() - start;
    await new Promise((done) => setTimeout(done, 100));
    observers.forEach((observer) => observer.disconnect());
    return { total, slices, long };
  });
  results.push(["choosing K, Old Faithful, K ≤ 8, 10 starts: whole run", `${comparison.total.toFixed(0)} ms in ${comparison.slices.length} slices`]);
  results.push(["  its longest slice (engine + table + chart) / median", `${Math.max(...comparison.slices).toFixed(1)} ms / ${median(comparison.slices).toFixed(1)} ms`]);
  results.push(["  main-thread tasks / animation frames over 50 ms meanwhile", `${comparison.long.tasks.length} / ${comparison.long.frames.length}${comparison.long.tasks.length ? ` (longest ${Math.max(...comparison.long.tasks).toFixed(0)} ms)` : ""}`]);
  await chooser.context.close();
} finally {
  await browser.close();
  await server.close();
}

const width = Math.max(...results.map(([name]) => name.length));
for (const [name, value] of results) console.log(`${name.padEnd(width)}  ${value}`);
