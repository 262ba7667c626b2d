// What a student on a slow connection sees (issue 13): the widget's shell,
// of about its final size and with a loading message in the page's
// language, from the first paint until the engine (the .wasm) arrives.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { SCREENSHOTS, useBrowser } from "./harness.mjs";

const env = useBrowser();

/** A slow campus connection: 1.6 Mbit/s down, 150 ms latency. */
const SLOW = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 100_000 };

const shell = (page) => page.evaluate(() => {
  const root = document.querySelector("em-playground")?.shadowRoot?.querySelector(".emp");
  if (!root) return null;
  return { height: root.getBoundingClientRect().height, inert: root.inert, status: root.querySelector(".status").textContent,
    loaded: document.querySelector("em-playground").handle !== null };
});

describe("loading on a slow connection", () => {
  for (const [lang, message] of [["en", "Loading the EM engine…"], ["zh", "正在加载 EM 引擎…"]]) {
    test(`the shell shows at once with "${message}", inert, and keeps its size when the engine arrives (${lang})`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const problems = [];
      page.on("pageerror", (error) => problems.push(String(error)));
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await cdp.send("Network.emulateNetworkConditions", SLOW);
      let wasmDone = false;
      page.on("requestfinished", (request) => { if (request.url().endsWith(".wasm")) wasmDone = true; });
      await page.goto(new URL(`?lang=${lang}`, env.server.url).href, { waitUntil: "commit" });
      // The shell shows once its stylesheet is in (hidden before, so it never flashes up unstyled).
      await page.waitForFunction(() => {
        const root = document.querySelector("em-playground")?.shadowRoot?.querySelector(".emp");
        return root && getComputedStyle(root).visibility === "visible";
      });
      const early = await shell(page);
      assert.equal(wasmDone, false, "the shell showed before the .wasm had arrived");
      assert.equal(early.loaded, false);
      assert.equal(early.status, message);
      assert.equal(early.inert, true);
      await page.screenshot({ path: new URL(`loading-${lang}.png`, SCREENSHOTS).pathname });
      await page.waitForFunction(() => document.querySelector("em-playground").state?.() != null, null, { timeout: 60_000 });
      const late = await shell(page);
      assert.equal(late.inert, false);
      assert.notEqual(late.status, message);
      const change = Math.abs(late.height - early.height) / late.height;
      assert.ok(change <= 0.05, `the shell was ${early.height} px tall while loading and ${late.height} px after (${(100 * change).toFixed(1)} %)`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
