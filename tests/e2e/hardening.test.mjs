// Each defect found by trying the page as its users would, and by the
// fuzzer, with the check that failed before its fix (issue 11).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { CSP, openPage, SCREENSHOTS, settledUrl, useBrowser, whenStill } from "./harness.mjs";

const env = useBrowser();

const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());
const shadowText = (page, selector) => page.evaluate((s) => [...document.querySelector("em-playground").shadowRoot.querySelectorAll(s)]
  .map((e) => e.textContent).join("\n"), selector);
const notes = (page) => shadowText(page, ".notes p, [data-error]");
const frames = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** Elements (in the widget) wider than the panel that holds them. */
function overflowing(page) {
  return page.evaluate(() => {
    const root = document.querySelector("em-playground").shadowRoot;
    const panels = [...root.querySelectorAll("fieldset, figure.chart, .worked, .stepbar, .notes")];
    const wide = [];
    for (const panel of panels) {
      const box = panel.getBoundingClientRect();
      for (const element of panel.querySelectorAll("*")) {
        const r = element.getBoundingClientRect();
        if (r.width === 0 || element.closest(".worked-lines, .tables, table")) continue;
        if (r.right > box.right + 1 || r.left < box.left - 1) wide.push(`${element.tagName}.${element.className} in ${panel.tagName}.${panel.className}`);
      }
    }
    return wide;
  });
}

describe("never hang", () => {
  test("constant data become ready, say why every component collapses, and show no NaN", async () => {
    const started = Date.now();
    const { page, context, problems } = await openPage(env.browser, env.server.url, "?model=gmm&data=5,5,5,5,5&means=4,6&sigmas=1,1&weights=1,1");
    console.log(`constant data ready after ${Date.now() - started} ms (page load included)`);
    assert.match(await notes(page), /same value/);
    await page.evaluate(() => document.querySelector("em-playground").run(50));
    await frames(page);
    const text = await page.evaluate(() => document.querySelector("em-playground").shadowRoot.querySelector(".emp").innerText);
    assert.doesNotMatch(text, /NaN|Infinity|undefined/);
    assert.deepEqual(problems, []);
    // Typed into the box, the same.
    await page.evaluate(() => document.querySelector("em-playground").setData("5 5 5 5 5"));
    assert.equal((await state(page)).data.length, 5);
    await context.close();
  });

  test("single, subnormal and huge data, and huge parameters, are drawn or refused, never hang", async () => {
    for (const query of ["?model=gmm&data=7&weights=1&means=7&sigmas=1", "?model=gmm&data=1e-320,2e-320,3e-320,4e-320",
      "?model=gmm&means=1e308,-1e308", "?model=gmm&sigmas=1e308,1e308", "?model=gmm2d&means=1e308,0;-1e308,0", "?model=gmm2d&means=1e300,0;-1e300,0"]) {
      const { page, context, problems } = await openPage(env.browser, env.server.url, query);
      await page.evaluate(() => document.querySelector("em-playground").step());
      await frames(page);
      const s = await state(page);
      assert.ok(JSON.stringify(s.params).match(/null/) === null, `${query}: ${JSON.stringify(s.params)}`);
      assert.deepEqual(problems, [], query);
      await context.close();
    }
    // The address's start comes with its own K: one observation, one component.
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&data=7&weights=1&means=7&sigmas=1");
    const s = await state(page);
    assert.equal(s.error, null);
    assert.deepEqual(s.params.means, [7]);
    await context.close();
  });

  test("the iteration cap holds for every half-step, and the link reopens where it was", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&max-iter=3");
    for (let i = 0; i < 4; i++) await page.evaluate(() => document.querySelector("em-playground").step());
    let s = await state(page);
    assert.equal(s.iteration, 3);
    assert.equal(await page.evaluate(() => document.querySelector("em-playground").mStep()), false);
    const link = await settledUrl(page);
    await page.goto(link);
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    s = await state(page);
    assert.equal(s.iteration, 3);
    assert.equal(s.error, null, s.error);
    await context.close();
  });

  test("run() takes any count: Infinity runs to convergence, 2³² + 3 is not cut to 3", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful");
    const done = await page.evaluate(() => document.querySelector("em-playground").run(Infinity));
    assert.ok(done > 3 && (await state(page)).converged, `${done}`);
    await page.evaluate(() => document.querySelector("em-playground").reset());
    const more = await page.evaluate(() => document.querySelector("em-playground").run(2 ** 32 + 3));
    assert.equal(more, done);
    assert.equal(await page.evaluate(() => document.querySelector("em-playground").run(NaN)), 0);
    await context.close();
  });
});

describe("clear messages, no JavaScript errors shown", () => {
  test("addresses that broke the widget now open with a note", async () => {
    const cases = [
      ["?model=coins&weights=1,1", /another model/],
      ["?model=coins&hide=%22", /hide=/],
      ["?model=gmm&synthetic=200,1", /truth=/],
      ["?model=gmm&preset=faithful&pi=0.5", /another model/],
      ["?model=gmm&charts=loglikelihood", /charts=loglikelihood/],
      ["?model=gmm&tol=" + "9".repeat(5000), /tol=9{30}/],
    ];
    for (const [query, expected] of cases) {
      const { page, context, problems } = await openPage(env.browser, env.server.url, query);
      const text = await notes(page);
      assert.match(text, expected, query.slice(0, 80));
      assert.doesNotMatch(text, /Cannot read|undefined|is not a function/);
      assert.ok(text.length < 800, `${query.slice(0, 40)}: a ${text.length}-character note`);
      assert.deepEqual(await overflowing(page), [], query.slice(0, 80));
      assert.deepEqual(problems, [], query.slice(0, 80));
      await context.close();
    }
  });

  test("refused address data leave the data in use in the Numbers box", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&data=1,abc");
    const box = await page.evaluate(() => document.querySelector("em-playground").shadowRoot.querySelector("#data").value);
    // The Gaussian mixture's default data, Li Hang's Exercise 9.3, are in use.
    assert.ok(box.startsWith("-67, -48, 6"), box.slice(0, 40));
    await context.close();
  });

  test("setData refuses pairs for 1-D, 3-vectors for 2-D, null and objects, naming the item", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful");
    const refuse = async (list) => {
      const ok = await page.evaluate((l) => document.querySelector("em-playground").setData(l), list);
      return [ok, (await state(page)).error];
    };
    let [ok, error] = await refuse([[1, 0], [1, 1]]);
    assert.equal(ok, false);
    assert.match(error, /Item 1 .*\[1,0\].*numbers/);
    [ok, error] = await refuse([1, null, 2]);
    assert.match(error, /Item 2 .*null/);
    [ok, error] = await refuse([{}]);
    assert.match(error, /Item 1 .*\{\}/);
    assert.equal((await state(page)).data.length, 272);
    await page.evaluate(() => document.querySelector("em-playground").setAttribute("model", "gmm2d"));
    [ok, error] = await refuse([[1, 2, 3], [4, 5, 6]]);
    assert.match(error, /\[x, y\] pairs/);
    assert.equal(await page.evaluate(() => document.querySelector("em-playground").setData([[1, 2], [3, 4], [5, 7]])), true);
    assert.equal(await page.evaluate(() => document.querySelector("em-playground").setParams(null)), false);
    assert.match((await state(page)).error, /setParams takes/);
    await context.close();
  });

  test("bare ?presentation and ?compact switch their modes on", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?presentation&compact");
    const classes = await page.evaluate(() => document.querySelector("em-playground").shadowRoot.querySelector(".emp").className);
    assert.match(classes, /presentation/);
    assert.match(classes, /compact/);
    await context.close();
  });

  test("the harness serves exactly the README's policy, and the page logs no error under it", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    assert.ok(readme.includes(`\`Content-Security-Policy: ${CSP}\``), "README documents the harness's policy");
    const { context, problems } = await openPage(env.browser, env.server.url);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("what charts and notes say", () => {
  test("hard EM and the homework's rule show their own worked calculation and labels", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=coins&rule=joint&step=1");
    const worked = await shadowText(page, ".worked");
    assert.match(worked, /not EM/);
    assert.ok(await page.evaluate(() => document.querySelector("em-playground").shadowRoot.querySelectorAll(".worked .equation").length) >= 2);
    assert.match(await shadowText(page, "table.resp th"), /not normalised/);
    await page.goto(`${env.server.url}?model=gmm&preset=faithful&rule=hard&step=1`);
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    await frames(page);
    assert.match(await shadowText(page, ".worked"), /Hard EM/);
    await context.close();
  });

  test("after Back from convergence the status does not say converged", async () => {
    const { page, context } = await openPage(env.browser, env.server.url);
    await page.evaluate(() => { const w = document.querySelector("em-playground"); w.run(100); w.back(); });
    const status = await shadowText(page, "[data-status]");
    assert.doesNotMatch(status, /converged/);
    await context.close();
  });
});

describe("instructors, phones and notes", () => {
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
    test(`presentation at ${viewport.width}×${viewport.height}: status, log L and two more charts above the fold`, async () => {
      const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&step=3", { viewport });
      await page.evaluate(() => window.scrollTo(0, 400));
      await page.evaluate(() => document.querySelector("em-playground").shadowRoot.querySelector("#presentation").click());
      await frames(page);
      // The click brought the widget's top (its step bar) to the top of the screen.
      const barTop = await page.evaluate(() => document.querySelector("em-playground").shadowRoot.querySelector(".stepbar").getBoundingClientRect().top);
      assert.ok(barTop >= 0 && barTop < 40, `step bar at ${barTop}`);
      const boxes = await page.evaluate(() => {
        const root = document.querySelector("em-playground").shadowRoot;
        const box = (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
        return {
          status: box(root.querySelector("[data-status]")),
          charts: [...root.querySelectorAll("figure.chart")].map((f) => ({ name: f.dataset.figure, ...box(f.querySelector("canvas")) })),
        };
      });
      const visible = (b) => b.top >= 0 && b.bottom <= viewport.height;
      assert.ok(visible(boxes.status), `status at ${JSON.stringify(boxes.status)}`);
      const shown = boxes.charts.filter(visible);
      assert.ok(shown.some((c) => c.name === "log-likelihood"), JSON.stringify(boxes.charts));
      assert.ok(shown.length >= 3, `${shown.length} charts above the fold`);
      // Side by side: two charts share a row.
      assert.ok(boxes.charts[0].top === boxes.charts[1].top && boxes.charts[0].left < boxes.charts[1].left, JSON.stringify(boxes.charts.slice(0, 2)));
      assert.deepEqual(await overflowing(page), []);
      // The sliders keep a usable length beside their large labels.
      const sliders = await page.evaluate(() => [...document.querySelector("em-playground").shadowRoot.querySelectorAll('.param-row input[type="range"]')]
        .map((input) => input.getBoundingClientRect().width));
      assert.ok(sliders.length > 0 && sliders.every((width) => width >= 120), `slider widths ${sliders}`);
      await page.screenshot({ path: new URL(`presentation-${viewport.width}x${viewport.height}.png`, SCREENSHOTS).pathname });
      await context.close();
    });
  }

  test("the shortcuts panel opens on screen", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "", { viewport: { width: 1280, height: 800 } });
    await page.keyboard.press("?");
    const box = await page.evaluate(() => {
      const r = document.querySelector("em-playground").shadowRoot.querySelector("#shortcuts").getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    });
    assert.ok(box.top >= 0 && box.bottom <= 800, JSON.stringify(box));
    await context.close();
  });

  test("on a phone, a chart is on screen after tapping E-step, and nothing is wider than its panel", async () => {
    for (const lang of ["en", "zh"]) {
      const context = await env.browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto(`${env.server.url}?model=gmm&preset=faithful&lang=${lang}`);
      await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
      await page.locator("em-playground").locator("button", { hasText: lang === "en" ? "E-step" : "E 步" }).first().tap();
      await frames(page);
      const onScreen = await page.evaluate(() => [...document.querySelector("em-playground").shadowRoot.querySelectorAll("canvas[data-chart]")]
        .some((c) => { const r = c.getBoundingClientRect(); return r.top >= 0 && r.top < 812 - 100; }));
      assert.ok(onScreen, "no chart in the viewport after the tap");
      assert.deepEqual(await overflowing(page), []);
      await page.screenshot({ path: new URL(`phone-after-e-step-${lang}.png`, SCREENSHOTS).pathname });
      await context.close();
    }
  });

  test("a swipe over the 2-D chart away from its handles scrolls the page", async () => {
    const context = await env.browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${env.server.url}?model=gmm2d&preset=faithful`);
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    await frames(page);
    const canvas = await page.evaluate(() => {
      const r = document.querySelector("em-playground").shadowRoot.querySelector('canvas[data-chart="fit"]').getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    });
    // Top left of the plot: no point, mean or handle of Old Faithful there.
    const x = canvas.x + canvas.width * 0.2;
    const y = canvas.y + canvas.height * 0.3;
    const cdp = await context.newCDPSession(page);
    const finger = (type, fy) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x, y: fy, id: 1 }] });
    const before = await page.evaluate(() => window.scrollY);
    await finger("touchStart", y);
    for (let i = 1; i <= 10; i++) await finger("touchMove", y - 20 * i);
    await finger("touchEnd", y - 200);
    await page.waitForTimeout(300);
    const after = await page.evaluate(() => window.scrollY);
    assert.ok(after > before + 100, `scrolled ${before} → ${after}`);
    assert.equal((await state(page)).data.length, 272, "the swipe added no point");
    await context.close();
  });

  test("a compact embed shows the charts first and keeps its controls behind Settings", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=coins&compact&charts=fit,log-likelihood", { viewport: { width: 800, height: 900 } });
    const layout = await page.evaluate(() => {
      const root = document.querySelector("em-playground").shadowRoot;
      const emp = root.querySelector(".emp").getBoundingClientRect();
      return { height: emp.height, controls: root.querySelector(".controls").getBoundingClientRect().height, chart: root.querySelector("canvas").getBoundingClientRect().top - emp.top };
    });
    assert.equal(layout.controls, 0);
    assert.ok(layout.chart < 120, JSON.stringify(layout));
    assert.ok(layout.height < 800, JSON.stringify(layout));
    await whenStill(page);
    await page.screenshot({ path: new URL("compact-embed.png", SCREENSHOTS).pathname, fullPage: true });
    await context.close();
  });
});

describe("smaller things", () => {
  test("while the wasm downloads, the widget says it is loading", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    let release;
    const held = new Promise((done) => { release = done; });
    await page.route("**/*.wasm", async (route) => { await held; await route.continue(); });
    await page.goto(env.server.url, { waitUntil: "domcontentloaded" });
    await page.waitForFunction(() => document.querySelector("em-playground")?.shadowRoot?.querySelector("[data-status]"));
    assert.match(await shadowText(page, "[data-status]"), /Loading/);
    // A student who clicks before the engine arrives gets no error, then or later.
    const problems = [];
    page.on("pageerror", (error) => problems.push(String(error)));
    page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
    assert.equal(await page.evaluate(() => document.querySelector("em-playground").shadowRoot.querySelector(".emp").inert), true);
    await page.locator("em-playground").getByRole("button", { name: "E-step" }).click({ force: true });
    await page.keyboard.press("m");
    release();
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    assert.match(await shadowText(page, "[data-status]"), /Iteration 0/);
    assert.equal((await page.evaluate(() => document.querySelector("em-playground").state())).error, null);
    assert.equal(await page.evaluate(() => document.querySelector("em-playground").shadowRoot.querySelector(".emp").inert), false);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("Pause stays readable under the pointer", async () => {
    // The galaxies from a poor start take many iterations: Run keeps going while the pointer rests on Pause.
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=galaxies&means=9000,9100&sigmas=500,500&tol=1e-12");
    const run = page.locator("em-playground").locator(".stepbar button[aria-pressed]:not(#exercise-toggle)");
    await run.click();
    await run.hover();
    assert.equal(await run.getAttribute("aria-pressed"), "true");
    const [background, colour] = await page.evaluate(() => {
      const button = document.querySelector("em-playground").shadowRoot.querySelector('button[aria-pressed="true"]');
      const style = getComputedStyle(button);
      return [style.backgroundColor, style.color];
    });
    const luminance = (css) => {
      const [r, g, b] = css.match(/\d+/g).slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [light, dark] = [luminance(background), luminance(colour)].sort((a, b) => b - a);
    assert.ok((light + 0.05) / (dark + 0.05) >= 4.5, `contrast of ${colour} on ${background}`);
    await context.close();
  });

  test("restarts stopped by the cap are marked, spherical covariances on unequal axes are explained, the footer follows the language", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=galaxies&max-iter=2&lang=zh");
    await page.evaluate(() => {
      const root = document.querySelector("em-playground").shadowRoot;
      root.querySelector(".restarts-box").open = true;
      root.querySelector("#run-restarts").click();
    });
    assert.match(await shadowText(page, "table.restarts td.unconverged"), /未收敛/);
    assert.match(await page.evaluate(() => document.querySelector("[data-page-footer]").textContent), /李航/);
    await page.goto(`${env.server.url}?model=gmm2d&preset=faithful&covariance-type=spherical`);
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    assert.match(await notes(page), /Spherical covariances/);
    await context.close();
  });

  test("charts=fit leaves no gap above the sections under the charts", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&charts=fit");
    const gaps = await page.evaluate(() => {
      const root = document.querySelector("em-playground").shadowRoot;
      const [charts, chooseK, worked] = [".charts", ".choose-k", ".worked"].map((name) => root.querySelector(name).getBoundingClientRect());
      return [chooseK.top - charts.bottom, worked.top - chooseK.bottom];
    });
    assert.ok(gaps.every((gap) => gap >= 0 && gap < 30), `${gaps} px`);
    await context.close();
  });
});

test("presentation: the coins' sliders beside their long labels keep their length", async () => {
  const { page, context } = await openPage(env.browser, env.server.url, "?model=coins&presentation", { viewport: { width: 1280, height: 720 } });
  const sliders = await page.evaluate(() => [...document.querySelector("em-playground").shadowRoot.querySelectorAll('.param-row input[type="range"]')]
    .map((input) => input.getBoundingClientRect().width));
  assert.equal(sliders.length, 3);
  assert.ok(sliders.every((width) => width >= 120), `slider widths ${sliders}`);
  await context.close();
});

test("the controls come from the model's description: the homework's rule only for the coins", async () => {
  const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&rule=joint&lang=zh");
  const rules = await page.evaluate(() => [...document.querySelector("em-playground").shadowRoot.querySelectorAll("#rule option")].map((o) => o.value));
  assert.deepEqual(rules, ["posterior", "hard"]);
  assert.match(await notes(page), /三硬币模型/);
  assert.equal((await state(page)).rule, "posterior");
  const models = await page.evaluate(() => [...document.querySelector("em-playground").shadowRoot.querySelectorAll("#model option")].map((o) => o.textContent));
  assert.deepEqual(models, ["三硬币模型（李航 例 9.1）", "二项混合模型（两枚硬币，Do & Batzoglou）", "高斯混合模型（一维）", "高斯混合模型（二维）",
    "泊松混合模型（计数）", "指数混合模型（时长）"]);
  await page.evaluate(() => document.querySelector("em-playground").setAttribute("model", "coins"));
  const coinRules = await page.evaluate(() => [...document.querySelector("em-playground").shadowRoot.querySelectorAll("#rule option")].map((o) => o.value));
  assert.deepEqual(coinRules, ["posterior", "hard", "joint"]);
  await context.close();
});
