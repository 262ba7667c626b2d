// The npm package as a course author uses it: `scripts/pack.sh` (run by
// scripts/test.sh before these tests) writes target/npm/em-playground-VERSION.tgz;
// it is installed into an empty folder with `npm install`, and a plain HTML
// page that loads node_modules/em-playground/em-playground.js is served with
// the strict Content-Security-Policy. No build step on the author's side.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, openPage, SCREENSHOTS, serveDist } from "./harness.mjs";

const cargo = await readFile(new URL("../../Cargo.toml", import.meta.url), "utf8");
const version = cargo.match(/^version = "(.*)"$/m)[1];
const tarball = fileURLToPath(new URL(`../../target/npm/em-playground-${version}.tgz`, import.meta.url));

const AUTHOR_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>My EM notes</title>
  <link rel="icon" href="icon.svg" type="image/svg+xml">
  <script type="module" src="node_modules/em-playground/em-playground.js"></script>
</head>
<body>
  <h1>Exercise 1</h1>
  <em-playground model="coins" pi="0.46" p="0.55" q="0.67"></em-playground>
</body>
</html>
`;

const shared = {};
before(async () => {
  shared.folder = await mkdtemp(join(tmpdir(), "em-author-"));
  // --offline: the package has no dependencies, so nothing is fetched.
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], {
    cwd: shared.folder,
    stdio: "pipe",
  });
  await writeFile(join(shared.folder, "index.html"), AUTHOR_PAGE);
  // The author's own icon (without one, Chromium asks for /favicon.ico and logs its 404).
  await writeFile(join(shared.folder, "icon.svg"), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
  shared.server = await serveDist({ root: shared.folder });
  shared.browser = await launchBrowser();
});
after(async () => {
  await shared.browser?.close();
  await shared.server?.close();
  if (shared.folder) await rm(shared.folder, { recursive: true, force: true });
});

test("the package holds the element, the engine, the data, a README and the licences", async () => {
  const installed = join(shared.folder, "node_modules", "em-playground");
  const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8"));
  assert.equal(manifest.version, version);
  assert.equal(manifest.type, "module");
  assert.equal(manifest.exports["."], "./em-playground.js");
  for (const file of ["em-playground.js", "em-playground.css", "engine/em-playground.js", "engine/em-playground_bg.wasm",
    "data/old_faithful.csv", "README.md", "LICENSE-MIT", "LICENSE-APACHE"]) {
    await readFile(join(installed, file));
  }
  const readme = await readFile(join(installed, "README.md"), "utf8");
  assert.match(readme, new RegExp(`cdn\\.jsdelivr\\.net/npm/em-playground@${version.replaceAll(".", "\\.")}/em-playground\\.js`));
});

test("installed into an empty folder, it works from a plain page under the strict CSP", async () => {
  const { page, context, problems } = await openPage(shared.browser, shared.server.url, "index.html");
  const state = () => page.evaluate(() => document.querySelector("em-playground").state());
  const start = await state();
  assert.equal(start.model, "coins");
  assert.deepEqual(start.params, { pi: 0.46, p: 0.55, q: 0.67 });
  await page.locator("em-playground").getByRole("button", { name: "Step", exact: true }).click();
  const after = await state();
  assert.equal(after.iteration, 1);
  // Li Hang, Statistical Learning Methods, Example 9.1: θ⁽¹⁾ = (0.4619, 0.5346, 0.6561).
  const published = { pi: 0.4619, p: 0.5346, q: 0.6561 };
  for (const [name, value] of Object.entries(published)) {
    assert.ok(Math.abs(after.params[name] - value) < 5e-5, `${name} = ${after.params[name]}, the book has ${value}`);
  }
  const inked = await page.evaluate(() => [...document.querySelector("em-playground").shadowRoot.querySelectorAll("canvas[data-chart]")]
    .map((canvas) => {
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250) count++;
      return count;
    }));
  assert.ok(inked.length >= 4 && inked.every((count) => count > 500), `charts drawn: ${inked}`);
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector("em-playground").shadowRoot.querySelector(".emp")).display);
  assert.notEqual(styled, "none", "the stylesheet from the package applies");
  assert.deepEqual(problems, [], "no console error, no CSP violation");
  const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => new URL(entry.name).pathname));
  assert.ok(loaded.includes("/node_modules/em-playground/engine/em-playground_bg.wasm"), `loaded: ${loaded}`);
  assert.ok(loaded.every((path) => path.startsWith("/node_modules/em-playground/") || path === "/icon.svg"),
    `everything came from the package: ${loaded}`);
  await page.screenshot({ path: fileURLToPath(new URL("package-author-page.png", SCREENSHOTS)), fullPage: true });
  await context.close();
});
