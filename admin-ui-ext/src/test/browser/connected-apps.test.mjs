// Browser test of the "Connected apps" section of the Provisioning page (outbound SCIM), driven by
// playwright-core and Debian's chromium. Started by dev.tenancy.it.ui.ConnectedAppsConsoleIT:
// node connected-apps.test.mjs <config.json>. The realm already uses the tenancy admin theme; the
// Java side checks the SCIM server afterwards.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { baseUrl, realm, orgId, username, password, scimUrl, scimToken, shotDir, resultFile, failureDir } = config;
const result = { steps: [] };
mkdirSync(shotDir, { recursive: true });
mkdirSync(failureDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: config.chromium ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
context.setDefaultTimeout(60_000);
const page = await context.newPage();
const pageErrors = [];
page.on("pageerror", (e) => pageErrors.push(e.message));
const shot = (name) => page.screenshot({ path: path.join(shotDir, name), fullPage: false });

async function step(name, fn) {
  const started = Date.now();
  process.stdout.write(`- ${name} ... `);
  try {
    const value = await fn();
    result.steps.push({ name, ms: Date.now() - started });
    console.log("ok");
    return value;
  } catch (e) {
    console.log("FAILED");
    await page.screenshot({ path: path.join(failureDir, "apps-failure.png"), fullPage: true }).catch(() => {});
    throw new Error(`step "${name}": ${e.message}\npage errors: ${pageErrors.join(" | ") || "none"}`);
  }
}

try {
  await step("log in and open the Provisioning page", async () => {
    await page.goto(`${baseUrl}/admin/${realm}/console/`);
    await page.fill("#username", username);
    if (!(await page.locator("#password").isVisible())) await page.click("#kc-login");
    await page.fill("#password", password);
    await page.click("#kc-login");
    await page.locator("#nav-item-provisioning").click();
    await page.getByTestId("tenancy-apps").waitFor();
  });

  await step("connect an app", async () => {
    await page.getByTestId("tenancy-app-create").click();
    await page.fill("#app-name", "scimmy");
    await page.fill("#app-org", orgId);
    await page.fill("#app-url", scimUrl);
    await page.fill("#app-token", scimToken);
    await page.fill("#app-rate", "0");
    await shot("apps-create.png");
    await page.getByTestId("tenancy-app-save").click();
    await page.getByTestId("tenancy-app-scimmy").waitFor();
  });

  result.test = await step("test the connection", async () => {
    await page.getByTestId("tenancy-app-scimmy").getByTestId("tenancy-app-test").click();
    const message = page.getByTestId("tenancy-app-message");
    await message.waitFor();
    return await message.textContent();
  });

  result.plan = await step("dry run: the plan lists the users to create", async () => {
    await page.getByTestId("tenancy-app-scimmy").getByTestId("tenancy-app-open").click();
    await page.getByTestId("tenancy-app-dry-run").click();
    await page.getByTestId("tenancy-app-run-counts").filter({ hasText: /· DONE ·/ }).waitFor();
    await page.getByTestId("tenancy-app-plan").waitFor();
    await shot("apps-dry-run.png");
    return await page.getByTestId("tenancy-app-plan").locator("tbody tr").count();
  });

  result.counts = await step("start the sync and watch it finish", async () => {
    await page.getByTestId("tenancy-app-sync-start").click();
    await page.getByTestId("tenancy-app-progress").waitFor();
    await page.getByTestId("tenancy-app-run-counts").filter({ hasText: /· DONE ·/ }).waitFor();
    await page.getByTestId("tenancy-app-status").filter({ hasText: /[1-9]\d* users/ }).waitFor();
    await shot("apps-sync-done.png");
    return await page.getByTestId("tenancy-app-run-counts").textContent();
  });
  if (pageErrors.length) throw new Error(`uncaught errors in the page: ${pageErrors.join(" | ")}`);
  result.ok = true;
} catch (e) {
  result.ok = false;
  result.error = e.message;
  console.error(e.message);
} finally {
  writeFileSync(resultFile, JSON.stringify(result, null, 2));
  await browser.close();
}
process.exit(result.ok ? 0 : 1);
