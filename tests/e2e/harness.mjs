// Shared set-up for the end-to-end tests and the browser benchmark: a static
// server for dist/ (with a strict Content-Security-Policy, as course platforms
// impose) and Debian's Chromium driven by playwright-core.

import { createServer } from "node:http";
import { mkdir, readFile } from "node:fs/promises";
import { after, before } from "node:test";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(fileURLToPath(new URL("../../dist/", import.meta.url)));

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".csv": "text/csv; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
};

/**
 * Serves dist/ (or the folder `root`) on a free loopback port; `csp: false`
 * drops the header, a string replaces it.
 */
export async function serveDist({ csp = true, root: folder = root } = {}) {
  // Addresses of a megabyte (pasted data in old links, the fuzzer's) are served too.
  const server = createServer({ maxHeaderSize: 4 << 20 }, async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const file = normalize(join(folder, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(folder)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const headers = { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store" };
      if (csp) headers["Content-Security-Policy"] = typeof csp === "string" ? csp : CSP;
      response.writeHead(200, headers).end(body);
    } catch {
      response.writeHead(404).end("not found");
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(done)) };
}

/** Headless Debian Chromium, with the flags this closed network needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** Opens `path` and waits until the widget has drawn; collects console errors. */
export async function openPage(browser, baseUrl, path = "", { viewport = { width: 1280, height: 900 }, deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
  page.on("pageerror", (error) => problems.push(String(error)));
  await page.goto(new URL(path, baseUrl).href);
  await page.waitForFunction(() => document.querySelector("em-playground")?.state?.() != null);
  // The lower bound and the worked calculation follow a frame after each redraw.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return { page, context, problems };
}

/** The page's address once the widget has written its state into it (it follows a change by ~0.1 s). */
export async function settledUrl(page) {
  await page.waitForFunction(() => document.querySelector("em-playground")?.addressSettled !== false);
  return page.url();
}

/** Where the end-to-end tests leave screenshots for a person to look at. */
export const SCREENSHOTS = new URL("../../target/screenshots/", import.meta.url);

/**
 * Brings the page to how it looks once the state has been still for a
 * moment (the charts, tables and worked calculation off screen up to date),
 * for a full-page screenshot.
 */
export function whenStill(page) {
  return page.evaluate(() => new Promise((done) => {
    for (const widget of document.querySelectorAll("em-playground")) widget.refreshStale?.();
    requestAnimationFrame(() => requestAnimationFrame(done));
  }));
}

/**
 * Serves dist/ and starts Chromium before a test file's tests, and stops both
 * after them. Returns an object whose `server` and `browser` are set by then.
 */
export function useBrowser() {
  const shared = {};
  before(async () => {
    shared.server = await serveDist();
    shared.browser = await launchBrowser();
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/**
 * Scrolls a section of the widget into view and waits until it has been
 * brought up to date: the tables and the worked calculation are refreshed
 * only while on screen.
 */
export async function reveal(locator) {
  await locator.scrollIntoViewIfNeeded();
  await locator.page().evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done)))));
}
