// Links, several widgets in one page of notes, and the keyboard.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, SCREENSHOTS, useBrowser, settledUrl, whenStill } from "./harness.mjs";

const env = useBrowser();

const state = (page, selector = "em-playground") =>
  page.evaluate((s) => document.querySelector(s).state(), selector);

/** What a reload must reproduce. */
const essentials = ({ model, iteration, phase, params, history, logLikelihood, tolerance, maxIterations, data }) =>
  ({ model, iteration, phase, params, start: history[0].params, logLikelihood, tolerance, maxIterations, data });

describe("links", () => {
  test("coins: settings made in the UI survive a reload of the address", async () => {
    const { page, context } = await openPage(env.browser, env.server.url);
    const widget = page.locator("em-playground");
    const entries = await page.evaluate(() => history.length);
    const boxes = widget.locator(".param-row input.number");
    await boxes.nth(0).fill("0.3");
    await boxes.nth(0).press("Enter");
    await widget.locator("#data").fill("1 1 1 0 1 0 0 1");
    await widget.locator("#apply-data").click();
    await widget.locator("#tol").fill("0.0001");
    await widget.locator("#tol").press("Enter");
    for (const name of ["E-step", "M-step", "E-step"]) await widget.getByRole("button", { name, exact: true }).click();
    const before = await state(page);
    assert.equal(before.phase, "e");
    const address = await settledUrl(page);
    assert.match(address, /step=3/);
    assert.equal(await page.evaluate(() => history.length), entries, "replaceState adds no history entries");
    await page.reload();
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    assert.deepEqual(essentials(await state(page)), essentials(before));
    await context.close();
  });

  test("gmm: a shared link opens the same state in a new page", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=galaxies");
    const widget = page.locator("em-playground");
    await widget.locator("#k").selectOption("3");
    await widget.locator("#random-start").click();
    await page.evaluate(() => document.querySelector("em-playground").run(4));
    await widget.getByRole("button", { name: "E-step" }).click();
    const before = await state(page);
    await widget.locator("#share").click();
    const link = await widget.locator(".share-box").inputValue();
    assert.equal(link, await settledUrl(page));
    const other = await openPage(env.browser, link, "");
    assert.deepEqual(essentials(await state(other.page)), essentials(before));
    await other.context.close();
    await context.close();
  });

  test("synthetic data travel in the link as size, seed and true parameters, with the start seed", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm");
    const root = page.locator("em-playground");
    await root.locator("details.synthetic summary").click();
    await root.locator("#synthetic-size").fill("5000");
    await root.locator("#synthetic-seed").fill("7");
    await root.getByLabel("true means").fill("-3,4");
    await root.locator("#generate").click();
    await root.locator("#start-seed").fill("42");
    await root.locator("#random-start").click();
    await root.getByRole("button", { name: "Step", exact: true }).click();
    const before = await state(page);
    assert.equal(before.data.length, 5000);
    const url = new URL(await settledUrl(page));
    assert.equal(url.searchParams.get("synthetic"), "5000,7");
    assert.equal(url.searchParams.get("truth"), "1,1;-3,4;1,1");
    assert.equal(url.searchParams.get("seed"), "42");
    assert.equal(url.searchParams.get("data"), null, "the link stays short");
    const other = await openPage(env.browser, await settledUrl(page), "");
    assert.deepEqual(essentials(await state(other.page)), essentials(before));
    assert.equal(await other.page.locator("em-playground").locator("#start-seed").inputValue(), "42");
    await other.context.close();
    await context.close();
  });

  test("step=N opens the page N half-steps in; bad values are ignored with a note", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?pi=0.4&p=0.6&q=0.7&step=3");
    const s = await state(page);
    assert.equal(s.iteration, 1);
    assert.equal(s.phase, "e");
    assert.ok(Math.abs(s.params.pi - 0.4064) < 5e-5);
    await context.close();
    const bad = await openPage(env.browser, env.server.url, "?step=-2&max-iter=zero&model=hmm");
    const note = bad.page.locator("em-playground").locator('[data-error="stepping"]');
    assert.match(await note.innerText(), /Ignored (max-iter=zero|step=-2)/);
    assert.match(await bad.page.locator("em-playground").locator('[data-error="model"]').innerText(), /Ignored model=hmm: Unknown model/);
    const s2 = await state(bad.page);
    assert.equal(s2.iteration, 0);
    assert.equal(s2.maxIterations, 500);
    assert.equal(s2.model, "coins");
    await bad.context.close();
  });
});

describe("course notes", () => {
  test("three widgets on one page keep their own state, under a strict CSP", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "www/examples/notes.html");
    await page.waitForFunction(() => [...document.querySelectorAll("em-playground")].every((w) => w.state?.() != null));
    const ids = ["#coins-exercise", "#coins-li-hang", "#gmm-exercise"];
    const starts = await Promise.all(ids.map((id) => state(page, id)));
    assert.deepEqual(starts[0].history[0].params, { pi: 0.46, p: 0.55, q: 0.67 });
    assert.deepEqual(starts[1].history[0].params, { pi: 0.4, p: 0.6, q: 0.7 });
    assert.equal(starts[2].model, "gmm");

    await page.locator("#coins-li-hang").getByRole("button", { name: "Step", exact: true }).click();
    await page.evaluate(() => document.querySelector("#gmm-exercise").run(500));
    const after = await Promise.all(ids.map((id) => state(page, id)));
    assert.equal(after[0].iteration, 0, "the first widget did not move");
    assert.equal(after[1].iteration, 1);
    assert.ok(Math.abs(after[1].params.q - 0.6432) < 5e-5);
    assert.ok(after[2].converged);
    const means = [...after[2].params.means].sort((a, b) => a - b);
    assert.ok(Math.abs(means[0] + 57.51) < 0.01 && Math.abs(means[1] - 32.98) < 0.01, String(means));
    assert.equal(await settledUrl(page), new URL("www/examples/notes.html", env.server.url).href, "embedded widgets leave the address alone");
    assert.deepEqual(problems, []);
    // Embeds short enough to sit in a page of notes (they were about 2,830 px each).
    const heights = await page.evaluate(() => [...document.querySelectorAll("em-playground")].map((w) => w.getBoundingClientRect().height));
    for (const height of heights) assert.ok(height < 1000, `a widget ${height} px tall`);
    await whenStill(page);
    await page.screenshot({ path: new URL("notes.png", SCREENSHOTS).pathname, fullPage: true });
    await context.close();
  });
});

describe("keyboard", () => {
  test("E, M, Space, →, ←, P, R and ? drive the widget, but not while typing", async () => {
    const { page, context } = await openPage(env.browser, env.server.url);
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("e");
    assert.equal((await state(page)).phase, "e");
    await page.keyboard.press("m");
    assert.equal((await state(page)).iteration, 1);
    await page.keyboard.press("Space");
    assert.equal((await state(page)).iteration, 2);
    await page.keyboard.press("ArrowRight");
    assert.equal((await state(page)).iteration, 3);
    await page.keyboard.press("ArrowLeft");
    assert.equal((await state(page)).phase, "e");
    await page.keyboard.press("r");
    assert.equal((await state(page)).iteration, 0);
    await page.keyboard.press("?");
    assert.ok(await page.locator("em-playground").locator("#shortcuts").isVisible());
    await page.keyboard.press("Escape");
    assert.ok(!(await page.locator("em-playground").locator("#shortcuts").isVisible()));

    // Typing "me" into the data box is text, not shortcuts.
    const box = page.locator("em-playground").locator("#data");
    await box.click();
    await page.keyboard.type(" me");
    assert.equal((await state(page)).phase, "init");
    assert.match(await box.inputValue(), / me$/);

    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("p");
    await page.waitForFunction(() => document.querySelector("em-playground").state().converged, null, { timeout: 20000 });
    await context.close();
  });
});

describe("embedding options", () => {
  test("hide removes control groups, charts keeps only the named charts, and both stay in the link", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url,
      "?model=gmm&preset=faithful&hide=data,model,sliders&charts=fit,log-likelihood&compact=1");
    const root = page.locator("em-playground");
    for (const group of ["model", "data", "start"]) {
      assert.equal(await root.locator(`[data-group="${group}"]`).count(), 0, `${group} controls are gone`);
    }
    assert.equal(await root.locator("#data").count(), 0);
    assert.equal(await root.locator("input[type=range]").count(), 1, "only the speed slider is left");
    assert.deepEqual(await root.locator("canvas[data-chart]").evaluateAll((all) => all.map((c) => c.dataset.chart)), ["fit", "log-likelihood"]);
    await root.getByRole("button", { name: "Step", exact: true }).click();
    assert.equal((await state(page)).iteration, 1);
    const url = new URL(await settledUrl(page));
    assert.equal(url.searchParams.get("hide"), "data,model,sliders");
    assert.equal(url.searchParams.get("charts"), "fit,log-likelihood");
    await whenStill(page);
    await page.screenshot({ path: new URL("embedded-compact.png", SCREENSHOTS).pathname, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("export and presentation", () => {
  test("the CSV and JSON exports parse back to state().history and the settings; a chart saves as PNG", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=exercise");
    const root = page.locator("em-playground");
    await page.evaluate(() => document.querySelector("em-playground").run(7));
    const history = (await state(page)).history;

    const [csvDownload] = await Promise.all([page.waitForEvent("download"), root.locator("#export-csv").click()]);
    const csv = (await readFile(await csvDownload.path(), "utf8")).trim().split("\n").map((line) => line.split(","));
    assert.deepEqual(csv[0], ["iteration", "logLikelihood", "weight1", "weight2", "mean1", "mean2", "sigma1", "sigma2"]);
    assert.equal(csv.length, history.length + 1);
    history.forEach((record, i) => {
      const numbers = csv[i + 1].map(Number);
      const { weights, means, sigmas } = record.params;
      assert.deepEqual(numbers, [record.iteration, record.logLikelihood, ...weights, ...means, ...sigmas]);
    });

    const [jsonDownload] = await Promise.all([page.waitForEvent("download"), root.locator("#export-json").click()]);
    const file = JSON.parse(await readFile(await jsonDownload.path(), "utf8"));
    assert.deepEqual(file.history, history);
    assert.equal(file.version, 1);
    assert.equal(file.data.preset, "exercise");
    assert.equal(file.step, 2 * history.at(-1).iteration);

    const [pngDownload] = await Promise.all([page.waitForEvent("download"), root.locator('[data-figure="fit"] button.png').click()]);
    const png = await readFile(await pngDownload.path());
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from("PNG")]);
    assert.equal(pngDownload.suggestedFilename(), "em-fit.png");
    await context.close();
  });

  test("presentation mode enlarges type and chart lines, and stays in the link", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&step=3",
      { viewport: { width: 1920, height: 1080 } });
    const root = page.locator("em-playground");
    const fontSize = () => root.locator(".status").evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    const normal = await fontSize();
    const prints = () => root.locator("canvas[data-chart]").evaluateAll((all) => all.map((c) => c.toDataURL().length));
    const before = await prints();
    await root.locator("#presentation").click();
    assert.ok((await fontSize()) >= 1.4 * normal);
    const after = await prints();
    assert.ok(after.every((length, i) => length !== before[i]), "every chart redrew larger");
    assert.equal(new URL(await settledUrl(page)).searchParams.get("presentation"), "1");
    await page.screenshot({ path: new URL("presentation.png", SCREENSHOTS).pathname });
    await context.close();
  });
});

describe("languages", () => {
  test("the switch turns every label, message and chart title to Chinese, and back", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url);
    const root = page.locator("em-playground");
    await root.getByRole("button", { name: "E-step" }).click();
    const englishCharts = await root.locator("canvas[data-chart]").evaluateAll((all) => all.map((c) => c.toDataURL().length));
    await root.locator("#language").selectOption("zh");
    await root.getByRole("button", { name: "M 步" }).click();
    const text = await root.locator(".emp").innerText();
    for (const label of ["模型", "数据", "初始参数", "执行 EM", "当前参数", "响应度", "第 1 次迭代"]) {
      assert.ok(text.includes(label), `${label} missing from\n${text.slice(0, 300)}`);
    }
    assert.ok(!/\b(Model|Starting parameters|Current parameters)\b/.test(text), "no English left");
    const box = root.locator(".param-row input.number").first();
    await box.fill("2");
    await box.press("Enter");
    assert.match(await root.locator('[data-error="start"]').innerText(), /π = 2 不是概率/);
    const chineseCharts = await root.locator("canvas[data-chart]").evaluateAll((all) => all.map((c) => c.toDataURL().length));
    assert.notDeepEqual(chineseCharts, englishCharts);
    assert.equal(new URL(await settledUrl(page)).searchParams.get("lang"), "zh");
    await whenStill(page);
    await page.screenshot({ path: new URL("chinese.png", SCREENSHOTS).pathname, fullPage: true });
    await page.reload();
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    assert.ok((await root.locator(".emp").innerText()).includes("初始参数"), "the language survives a reload");
    await root.locator("#language").selectOption("en");
    assert.ok((await root.locator(".emp").innerText()).includes("Starting parameters"));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the browser's language is the default", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    assert.ok((await page.locator("em-playground").locator(".emp").innerText()).includes("三硬币模型"));
    await context.close();
  });
});

describe("embed snippets", () => {
  test("the Embed button gives an iframe and a module-plus-element snippet of this state", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?pi=0.3&p=0.6&q=0.7&step=2");
    const root = page.locator("em-playground");
    await root.locator("#embed").click();
    const snippet = await root.locator(".embed-box").inputValue();
    assert.match(snippet, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/www\/embed\.html\?model=coins&amp;preset=li-hang&amp;pi=0\.3&amp;p=0\.6&amp;q=0\.7&amp;step=2/);
    assert.match(snippet, /<script src="http:\/\/127\.0\.0\.1:\d+\/www\/em-playground-resizer\.js"><\/script>/);
    assert.match(snippet, /<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/www\/em-playground\.js"><\/script>/);
    assert.match(snippet, /<em-playground model="coins" preset="li-hang" pi="0\.3" p="0\.6" q="0\.7" step="2" lang="en"><\/em-playground>/);

    // The element snippet works on its own in another page.
    const element = snippet.split("\n\n")[1];
    const other = await context.newPage();
    const notes = new URL("my-notes.html", env.server.url).href;
    await other.route(notes, (route) => route.fulfill({ contentType: "text/html", body: `<!doctype html><body>${element}</body>` }));
    await other.goto(notes);
    await other.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    const s = await other.evaluate(() => document.querySelector("em-playground").state());
    assert.equal(s.iteration, 1);
    assert.deepEqual(s.history[0].params, { pi: 0.3, p: 0.6, q: 0.7 });
    await context.close();
  });

  test("the Embed panel chooses the charts and control groups both snippets include", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "?model=gmm&preset=faithful&lang=en");
    const root = page.locator("em-playground");
    await root.locator("#embed").click();
    const panel = root.locator(".embed-panel");
    await panel.getByLabel("The likelihood landscape: log L over two parameters").uncheck();
    await panel.getByLabel("Model", { exact: true }).uncheck();
    await panel.getByLabel("Worked calculation").uncheck();
    await panel.getByLabel("compact layout").check();
    const snippet = await root.locator(".embed-box").inputValue();
    const frame = snippet.match(/<iframe src="([^"]+)"/)[1].replaceAll("&amp;", "&");
    const query = new URL(frame).searchParams;
    assert.equal(query.get("charts"), "responsibilities,fit,log-likelihood,parameters,bound");
    assert.equal(query.get("hide"), "model,worked");
    assert.equal(query.get("compact"), "1");
    assert.match(snippet, /<em-playground [^>]*charts="responsibilities,fit,log-likelihood,parameters,bound" hide="model,worked" compact="1"><\/em-playground>/);

    // The iframe page shows what was chosen, and nothing but the widget.
    const embedded = await context.newPage();
    await embedded.goto(frame);
    await embedded.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    const shown = await embedded.evaluate(() => {
      const shadow = document.querySelector("em-playground").shadowRoot;
      return {
        charts: [...shadow.querySelectorAll("[data-figure]")].map((figure) => figure.dataset.figure),
        model: shadow.querySelectorAll('[data-group="model"]').length,
        worked: shadow.querySelectorAll('[data-group="worked"]').length,
        pageChrome: document.body.children.length,
      };
    });
    assert.deepEqual(shown, { charts: ["responsibilities", "fit", "log-likelihood", "parameters", "bound"], model: 0, worked: 0, pageChrome: 1 });
    assert.equal((await embedded.evaluate(() => document.querySelector("em-playground").state())).model, "gmm");
    await context.close();
  });
});
