// Browser test of the "Connected apps" section of the Provisioning page (outbound SCIM), driven by
// playwright-core and Debian's chromium. Started by dev.tenancy.it.ui.ConnectedAppsConsoleIT:
// node connected-apps.test.mjs <config.json>. The realm already uses the tenancy admin theme; the
// Java side checks the SCIM server afterwards.
import { logIn, newPage, run, screenshots, start, steps } from "./lib.mjs";

const t = await start();
const { baseUrl, realm, orgId, username, password, scimUrl, scimToken, shotDir } = t.config;
const { result } = t;
const page = await newPage(t);
const shot = screenshots(page, shotDir);
const step = steps(t, { "failure.png": page });

await run(t, async () => {
  await step("log in and open the Provisioning page", async () => {
    await logIn(page, `${baseUrl}/admin/${realm}/console/`, username, password);
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
});
