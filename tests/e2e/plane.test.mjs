// The 2-D mixture: editing points, means and ellipses on the plane chart with
// a mouse and a finger, the covariance types, stepping, and the address.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, reveal, SCREENSHOTS, useBrowser, settledUrl, whenStill } from "./harness.mjs";

const env = useBrowser();

const nextFrame = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

const state = (page) => page.evaluate(() => document.querySelector("em-playground").state());

/** The page position (CSS pixels) of data point (x, y) on the plane chart, from the frame it was drawn with. */
async function pixelOf(page, [x, y]) {
  return page.evaluate(([x, y]) => {
    const widget = document.querySelector("em-playground");
    const canvas = widget.shadowRoot.querySelector('canvas[data-chart="fit"]');
    const frame = widget.handle.planeFrame();
    const ratio = canvas.width / canvas.clientWidth;
    const [left, top, right, bottom] = frame.plot.map((v) => v / ratio);
    const rect = canvas.getBoundingClientRect();
    return [
      rect.left + left + ((x - frame.xRange[0]) / (frame.xRange[1] - frame.xRange[0])) * (right - left),
      rect.top + top + ((frame.yRange[1] - y) / (frame.yRange[1] - frame.yRange[0])) * (bottom - top),
    ];
  }, [x, y]);
}

/** Data units per CSS pixel along x and y: how close a click can land. */
async function pixelSize(page) {
  const [a, b] = [await pixelOf(page, [0, 0]), await pixelOf(page, [1, 1])];
  return [1 / Math.abs(b[0] - a[0]), 1 / Math.abs(b[1] - a[1])];
}

async function drag(page, from, to) {
  await page.mouse.move(...from);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(from[0] + ((to[0] - from[0]) * i) / 5, from[1] + ((to[1] - from[1]) * i) / 5);
  await page.mouse.up();
}

/** The plane canvas's pixels, to see whether a step redrew it differently. */
const planePixels = (page) => page.evaluate(() => document.querySelector("em-playground").shadowRoot
  .querySelector('canvas[data-chart="fit"]').toDataURL());

describe("2-D Gaussian mixture", () => {
  test("a click adds a point where clicked, the brush adds 20, shift-click deletes", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "index.html?model=gmm2d");
    const before = await state(page);
    assert.equal(before.model, "gmm2d");
    assert.equal(before.data.length, 272);
    assert.deepEqual(before.data[0], [3.6, 79]);
    // An empty spot between the clusters.
    const target = [3.0, 80];
    await page.mouse.click(...await pixelOf(page, target));
    const after = await state(page);
    assert.equal(after.data.length, 273);
    const added = after.data[272];
    const [dx, dy] = await pixelSize(page);
    assert.ok(Math.abs(added[0] - target[0]) <= 1.5 * dx && Math.abs(added[1] - target[1]) <= 1.5 * dy, `${added} vs ${target}`);
    assert.deepEqual(after.history[0].params, before.history[0].params, "adding points keeps the start");
    await page.locator("em-playground").locator("#brush").selectOption("20");
    await page.mouse.click(...await pixelOf(page, [2.6, 45]));
    assert.equal((await state(page)).data.length, 293);
    // Shift-click on the point just added by the single click deletes it.
    await page.keyboard.down("Shift");
    await page.mouse.click(...await pixelOf(page, added));
    await page.keyboard.up("Shift");
    const deleted = await state(page);
    assert.equal(deleted.data.length, 292);
    assert.ok(!deleted.data.some(([x, y]) => x === added[0] && y === added[1]));
    // Hovering a point shows its coordinates, and its γ once there is an E-step.
    const tip = page.locator("em-playground").locator(".plane-tip");
    await page.mouse.move(...await pixelOf(page, [1.8, 54]));
    await tip.waitFor({ state: "visible" });
    assert.match(await tip.innerText(), /point 2: \(1\.800, 54\.000\)[\s\S]*no γ yet/);
    await page.locator("em-playground").getByRole("button", { name: "E-step", exact: true }).click();
    await page.mouse.move(...await pixelOf(page, [1.8, 54]));
    const gamma = (await tip.innerText()).match(/γ:\s*([\d.]+)\s+([\d.]+)/);
    const expected = (await state(page)).responsibilities[1];
    assert.ok(gamma && Math.abs(Number(gamma[1]) - expected[0]) < 1e-3 && Math.abs(Number(gamma[2]) - expected[1]) < 1e-3, await tip.innerText());
    await page.mouse.move(...await pixelOf(page, [3.0, 80]));
    await tip.waitFor({ state: "hidden" });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("dragging a mean and an ellipse handle sets the start; dragging a point moves it", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "index.html?model=gmm2d");
    const start = await state(page);
    const mean = start.history[0].params.means[0];
    const cursor = () => page.evaluate(() => getComputedStyle(document.querySelector("em-playground").shadowRoot
      .querySelector('canvas[data-chart="fit"]')).cursor);
    await page.mouse.move(...await pixelOf(page, mean));
    assert.equal(await cursor(), "move", "a mean can be grabbed");
    await page.mouse.move(...await pixelOf(page, [3.0, 80]));
    assert.equal(await cursor(), "crosshair", "an empty spot takes new points");
    await drag(page, await pixelOf(page, mean), await pixelOf(page, [2.5, 60]));
    const moved = await state(page);
    const [dx, dy] = await pixelSize(page);
    const [mx, my] = moved.history[0].params.means[0];
    assert.ok(Math.abs(mx - 2.5) <= 1.5 * dx && Math.abs(my - 60) <= 1.5 * dy, `mean now ${mx}, ${my}`);
    assert.deepEqual(moved.history[0].params.means[1], start.history[0].params.means[1]);
    // The second component's major handle, dragged up and right, turns its ellipse.
    const handles = await page.evaluate(() => document.querySelector("em-playground").handle.view(0).handles);
    const grip = handles[1].major;
    const corner = [handles[1].mean[0] + 0.6, handles[1].mean[1] + 12];
    await drag(page, await pixelOf(page, grip), await pixelOf(page, corner));
    const [[xx, xy], [yx, yy]] = (await state(page)).history[0].params.covariances[1];
    assert.ok(xy > 0 && xy === yx, `a positive covariance now: ${xy}`);
    assert.ok(xx * yy - xy * xy > 0, "still positive definite");
    // Dragging point 1 (1.8, 54) to (2.2, 70).
    await drag(page, await pixelOf(page, [1.8, 54]), await pixelOf(page, [2.2, 70]));
    const point = (await state(page)).data[1];
    assert.ok(Math.abs(point[0] - 2.2) <= 1.5 * dx && Math.abs(point[1] - 70) <= 1.5 * dy, `point 2 at ${point}`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("stepping moves the ellipses, and a finger can add and long-press delete", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "index.html?model=gmm2d");
    const root = page.locator("em-playground");
    const before = await planePixels(page);
    await root.getByRole("button", { name: "Step", exact: true }).click();
    await nextFrame(page);
    const after = await planePixels(page);
    assert.notEqual(after, before, "the plane chart changed");
    assert.equal((await state(page)).iteration, 1);
    // Touch: a tap adds a point, a long press on it deletes it.
    const tapAt = await pixelOf(page, [3.0, 85]);
    const touch = (type, [x, y]) => page.evaluate(([type, x, y]) => {
      const canvas = document.querySelector("em-playground").shadowRoot.querySelector('canvas[data-chart="fit"]');
      canvas.dispatchEvent(new PointerEvent(type, { pointerId: 7, pointerType: "touch", isPrimary: true, clientX: x, clientY: y, button: 0, bubbles: true }));
    }, [type, x, y]);
    await touch("pointerdown", tapAt);
    await touch("pointerup", tapAt);
    assert.equal((await state(page)).data.length, 273);
    await touch("pointerdown", tapAt);
    await page.waitForTimeout(800);
    await touch("pointerup", tapAt);
    assert.equal((await state(page)).data.length, 272, "the long press deleted it");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("on a phone: a tap adds a point and a finger drags a mean (real touch events)", async () => {
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(String(error)));
    await page.goto(new URL("index.html?model=gmm2d", env.server.url).href);
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    await page.locator("em-playground").locator('canvas[data-chart="fit"]').scrollIntoViewIfNeeded();
    await nextFrame(page);
    await page.touchscreen.tap(...await pixelOf(page, [3.0, 85]));
    assert.equal((await state(page)).data.length, 273, "a tap adds a point");
    const cdp = await context.newCDPSession(page);
    const finger = async (type, [x, y]) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x, y, id: 1 }] });
    const from = await pixelOf(page, (await state(page)).history[0].params.means[1]);
    const to = await pixelOf(page, [4.0, 70]);
    const scrolled = await page.evaluate(() => window.scrollY);
    await finger("touchStart", from);
    for (let i = 1; i <= 6; i++) await finger("touchMove", [from[0] + ((to[0] - from[0]) * i) / 6, from[1] + ((to[1] - from[1]) * i) / 6]);
    await finger("touchEnd", to);
    const [mx, my] = (await state(page)).history[0].params.means[1];
    assert.ok(Math.abs(mx - 4.0) < 0.1 && Math.abs(my - 70) < 2, `the mean followed the finger: ${mx}, ${my}`);
    assert.equal(await page.evaluate(() => window.scrollY), scrolled, "the page did not scroll under the finger");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the covariance types: spherical stays round, tied stays shared, and the address keeps it", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "index.html?model=gmm2d");
    const root = page.locator("em-playground");
    await root.locator("#covariance-type").selectOption("spherical");
    await root.getByRole("button", { name: "Step", exact: true }).click();
    await root.getByRole("button", { name: "Step", exact: true }).click();
    let current = await state(page);
    assert.equal(current.covarianceType, "spherical");
    for (const [[xx, xy], [, yy]] of [...current.history[0].params.covariances, ...current.params.covariances]) {
      assert.equal(xy, 0);
      assert.equal(xx, yy);
    }
    await root.locator("#covariance-type").selectOption("tied");
    await root.getByRole("button", { name: "Step", exact: true }).click();
    current = await state(page);
    assert.deepEqual(current.params.covariances[0], current.params.covariances[1]);
    assert.notEqual(current.params.covariances[0][0][1], 0, "tied covariances are full");
    await root.getByRole("button", { name: "Step", exact: true }).click();
    const query = new URL(await settledUrl(page)).searchParams;
    assert.equal(query.get("covariance-type"), "tied");
    assert.equal(query.get("step"), "4");
    const shown = await state(page);
    await page.reload();
    await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
    const reloaded = await state(page);
    for (const key of ["model", "covarianceType", "iteration", "params", "logLikelihood", "data"]) {
      assert.deepEqual(reloaded[key], shown[key], key);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the address and the API take means, covariances and points; bad ones are refused with a reason", async () => {
    const query = "model=gmm2d&data=0,0;1,1;5,5;6,5;5,6&weights=1,1&means=0.5,0.5;5.5,5.5&covariances=1,0,0,1;1,0.2,0.2,1";
    const { page, context, problems } = await openPage(env.browser, env.server.url, `index.html?${query}`);
    let current = await state(page);
    assert.deepEqual(current.data, [[0, 0], [1, 1], [5, 5], [6, 5], [5, 6]]);
    assert.deepEqual(current.params.means, [[0.5, 0.5], [5.5, 5.5]]);
    assert.deepEqual(current.params.covariances[1], [[1, 0.2], [0.2, 1]]);
    const ok = await page.evaluate(() => document.querySelector("em-playground").setParams({ covariances: [[[1, 0.5], [0.4, 1]], [[1, 0], [0, 1]]] }));
    assert.equal(ok, false);
    current = await state(page);
    assert.match(current.error, /component 1 is not symmetric/);
    assert.deepEqual(current.params.covariances[1], [[1, 0.2], [0.2, 1]], "nothing changed");
    assert.equal(await page.evaluate(() => document.querySelector("em-playground").setData([[0, 0], [2, 2], [4, 4]])), true);
    assert.deepEqual((await state(page)).data, [[0, 0], [2, 2], [4, 4]]);
    await page.locator("em-playground").locator("#covariances-2d").fill("1, 2, 2, 1; 1, 0, 0, 1");
    await page.locator("em-playground").locator("#covariances-2d").press("Enter");
    await page.locator("em-playground").locator("#means-2d").focus();
    assert.match((await state(page)).error, /positive/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the CSV export has each component's weight, mean and covariance, and parses back to state().history", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "index.html?model=gmm2d&step=6");
    const history = (await state(page)).history;
    assert.equal(history.length, 4);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("em-playground").locator("#export-csv").click()]);
    const csv = (await readFile(await download.path(), "utf8")).trim().split("\n").map((line) => line.split(","));
    const fields = ["weight", "meanX", "meanY", "covXX", "covXY", "covYY"].flatMap((name) => [`${name}1`, `${name}2`]);
    assert.deepEqual(csv[0], ["iteration", "logLikelihood", ...fields]);
    history.forEach((record, i) => {
      const { weights, means, covariances } = record.params;
      assert.deepEqual(csv[i + 1].map(Number), [record.iteration, record.logLikelihood, ...weights,
        ...means.map((m) => m[0]), ...means.map((m) => m[1]), ...covariances.map((c) => c[0][0]),
        ...covariances.map((c) => c[0][1]), ...covariances.map((c) => c[1][1])]);
    });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("course notes: a compact 2-D widget with two charts, editable on its own", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "www/examples/notes.html");
    await page.waitForFunction(() => [...document.querySelectorAll("em-playground")].every((w) => w.state?.() != null));
    const widget = page.locator("#faithful-2d");
    await widget.scrollIntoViewIfNeeded();
    assert.deepEqual(await widget.locator("[data-figure]").evaluateAll((all) => all.map((f) => f.dataset.figure)), ["fit", "log-likelihood"]);
    const read = () => page.evaluate(() => document.querySelector("#faithful-2d").state());
    assert.equal((await read()).data.length, 272);
    const box = await widget.locator('canvas[data-chart="fit"]').boundingBox();
    await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.5);
    assert.equal((await read()).data.length, 273, "a click on its chart adds a point");
    assert.equal((await page.evaluate(() => document.querySelector("#gmm-exercise").state())).data.length, 15, "the other widgets keep theirs");
    await widget.screenshot({ path: new URL("notes-2d.png", SCREENSHOTS).pathname });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the worked calculation: γ of a point with its vectors and matrices, then Nₖ, wₖ, μₖ and Σₖ", async () => {
    const { page, context, problems } = await openPage(env.browser, env.server.url, "index.html?model=gmm2d");
    const root = page.locator("em-playground");
    await root.locator("#worked-observation").fill("2");
    await root.locator("#worked-observation").press("Enter");
    await root.getByRole("button", { name: "E-step", exact: true }).click();
    await nextFrame(page);
    await reveal(root.locator(".worked-lines"));
    let text = await root.locator(".worked-lines").innerText();
    assert.match(text, /point 2, x = \(1\.8000, 54\.0000\)/);
    const s = await state(page);
    // w·𝒩(x; μ, Σ) by hand for point 2 = (1.8, 54) under the start.
    const [x, y] = s.data[1];
    s.params.means.forEach(([mx, my], k) => {
      const [[a, b], [, d]] = s.params.covariances[k];
      const det = a * d - b * b;
      const [dx, dy] = [x - mx, y - my];
      const quadratic = (d * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
      const joint = s.params.weights[k] * Math.exp(-0.5 * quadratic) / (2 * Math.PI * Math.sqrt(det));
      const shown = joint.toPrecision(4).replace("-", "−");
      assert.ok(text.includes(shown), `${shown} in\n${text}`);
      assert.ok(text.includes(s.responsibilities[1][k].toFixed(4)), text);
    });
    await root.getByRole("button", { name: "M-step", exact: true }).click();
    await nextFrame(page);
    await reveal(root.locator(".worked-lines"));
    text = await root.locator(".worked-lines").innerText();
    const after = await state(page);
    const numbers = [...after.params.weights, ...after.params.means.flat(), ...after.params.covariances.flat(2)];
    for (const value of numbers) assert.ok(text.includes(value.toFixed(4).replace("-", "−")), `${value} in\n${text}`);
    await root.locator("#covariance-type").selectOption("tied");
    await root.getByRole("button", { name: "Step", exact: true }).click();
    await nextFrame(page);
    await reveal(root.locator(".worked-lines"));
    assert.match(await root.locator(".worked-lines").innerText(), /pooled Σ/);
    await root.locator(".worked").screenshot({ path: new URL("worked-2d.png", SCREENSHOTS).pathname });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("screenshots: the 2-D page on a laptop, in Chinese, and on a phone", async () => {
    const { page, context } = await openPage(env.browser, env.server.url, "index.html?model=gmm2d&step=5", { deviceScaleFactor: 2 });
    await page.locator("em-playground").locator('[data-figure="fit"]').screenshot({ path: new URL("plane.png", SCREENSHOTS).pathname });
    await whenStill(page);
    await page.screenshot({ path: new URL("plane-page.png", SCREENSHOTS).pathname, fullPage: true });
    await context.close();
    const chinese = await openPage(env.browser, env.server.url, "index.html?model=gmm2d&lang=zh&covariance-type=diag&step=3");
    await chinese.page.locator("em-playground").locator('[data-figure="fit"]').screenshot({ path: new URL("plane-zh.png", SCREENSHOTS).pathname });
    await chinese.context.close();
    const phone = await openPage(env.browser, env.server.url, "index.html?model=gmm2d", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 });
    await phone.page.screenshot({ path: new URL("plane-phone.png", SCREENSHOTS).pathname });
    assert.deepEqual(phone.problems, []);
    await phone.context.close();
  });
});
