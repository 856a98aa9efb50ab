// What every browser test script shares: its settings, headless chromium, pages whose uncaught
// errors are collected, screenshots, named steps, the admin console login, and the result file.
//
// The scripts are started by dev.tenancy.it.ui.BrowserTest (node <script> <config.json>, working
// directory admin-ui-ext); they import this module by its relative path, so it is found wherever
// the module is checked out.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

export const TIMEOUT = 60_000;

/**
 * Reads the settings the Java side wrote, launches chromium and returns the test's state:
 * `config`, `result` (written to `config.resultFile` by `finish`), `pageErrors`, `browser`.
 */
export async function start() {
  const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
  for (const dir of [config.screenshotDir, config.failureDir]) if (dir) mkdirSync(dir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: config.chromium ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
    ],
  });
  return { config, result: { steps: [] }, pageErrors: [], browser };
}

/** A page in a browser context of its own (its own cookies), its uncaught errors collected. */
export async function newPage(t, viewport = { width: 1440, height: 1000 }) {
  const context = await t.browser.newContext({ viewport });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.on("pageerror", (e) => t.pageErrors.push(e.message));
  return page;
}

/** `shot(name)`: a screenshot of the page's viewport into `dir`. */
export function screenshots(page, dir) {
  mkdirSync(dir, { recursive: true });
  return (name) => page.screenshot({ path: path.join(dir, name), fullPage: false });
}

/**
 * `step(name, fn)`: runs one named step and records it with its duration; on failure it saves a
 * full-page screenshot of each of `failurePages` ({file: page}) into `config.failureDir` and
 * fails with the step's name and the page errors so far.
 */
export function steps(t, failurePages) {
  return async function step(name, fn) {
    const started = Date.now();
    process.stdout.write(`- ${name} ... `);
    try {
      const value = await fn();
      t.result.steps.push({ name, ms: Date.now() - started });
      console.log("ok");
      return value;
    } catch (e) {
      console.log("FAILED");
      for (const [file, page] of Object.entries(failurePages)) {
        await page.screenshot({ path: path.join(t.config.failureDir, file), fullPage: true }).catch(() => {});
      }
      throw new Error(`step "${name}": ${e.message}\npage errors: ${t.pageErrors.join(" | ") || "none"}`);
    }
  };
}

/**
 * Opens `url` (an admin console) and signs in on Keycloak's login page. With organizations on,
 * the login asks for the username first (identity-first login), then the password.
 */
export async function logIn(page, url, username, password) {
  await page.goto(url);
  await page.fill("#username", username);
  if (!(await page.locator("#password").isVisible())) await page.click("#kc-login");
  await page.fill("#password", password);
  await page.click("#kc-login");
}

/**
 * Runs the steps; fails on uncaught page errors; writes the result file (ok, error, steps and
 * whatever the steps put into `result`), closes the browser and exits with the outcome.
 */
export async function run(t, body) {
  try {
    await body();
    if (t.pageErrors.length) throw new Error(`uncaught errors in the page: ${t.pageErrors.join(" | ")}`);
    t.result.ok = true;
  } catch (e) {
    t.result.ok = false;
    t.result.error = e.message;
    console.error(e.message);
  } finally {
    writeFileSync(t.config.resultFile, JSON.stringify(t.result, null, 2));
    await t.browser.close();
  }
  process.exit(t.result.ok ? 0 : 1);
}
