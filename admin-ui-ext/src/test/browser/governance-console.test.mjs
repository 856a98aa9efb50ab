// Browser test of the governance tabs of the organization page (Access rules with the preview,
// Reviews, Requests, Audit, expiresAt in Roles), driven by playwright-core and Debian's chromium.
// Started by dev.tenancy.it.governance.GovernanceConsoleIT: node governance-console.test.mjs <config.json>.
import { logIn, newPage, run, screenshots, start, steps } from "./lib.mjs";

const t = await start();
const { baseUrl, realm, orgAlias, username, password, roleName, ruleRole, ruleName, reviewName, alice, bob, screenshotDir } = t.config;
const { result } = t;
const page = await newPage(t);
const shot = screenshots(page, screenshotDir);
const step = steps(t, { "failure.png": page });

const tab = (name) => page.getByRole("tab", { name, exact: true }).click();

await run(t, async () => {
  await step("log in and open the organization", async () => {
    await logIn(page, `${baseUrl}/admin/${realm}/console/`, username, password);
    await page.getByTestId("currentRealm").waitFor();
    await page.locator("#nav-item-organizations").click();
    await page.getByRole("link", { name: orgAlias, exact: true }).click();
    for (const name of ["Access rules", "Reviews", "Requests", "Audit"]) await page.getByRole("tab", { name, exact: true }).waitFor();
  });

  await step("Access rules: draft, preview, save", async () => {
    await tab("Access rules");
    await page.getByTestId("tenancy-rule-create").click();
    await page.getByTestId("tenancy-rule-name").fill(ruleName);
    await page.getByTestId("tenancy-rule-when").fill('{"attribute": "department", "op": "eq", "value": "Sales"}');
    await page.getByTestId("tenancy-rule-roles").fill(ruleRole);
    await page.getByTestId("tenancy-rule-preview").click();
    await page.getByTestId(`tenancy-rule-preview-${alice}`).waitFor();
    if (await page.getByTestId(`tenancy-rule-preview-${bob}`).count()) throw new Error("bob is not in Sales but the preview lists him");
    await shot("governance-rule-preview.png");
    await page.getByTestId("tenancy-rule-save").click();
    await page.getByTestId(`tenancy-rule-row-${ruleName}`).waitFor();
    for (let i = 0; i < 60; i++) {
      const text = await page.getByTestId(`tenancy-rule-progress-${ruleName}`).textContent();
      if (text.startsWith("DONE")) break;
      await page.getByTestId("tenancy-rules-refresh").click();
      await page.waitForTimeout(500);
    }
    await shot("governance-rules.png");
  });

  await step("Reviews: keep one item, revoke another in bulk", async () => {
    await tab("Reviews");
    await page.getByTestId(`tenancy-review-${reviewName}`).click();
    await page.getByTestId(`tenancy-review-keep-${alice}-${roleName}`).click();
    await page.locator(`[data-testid="tenancy-review-decision-${alice}-${roleName}"]`, { hasText: "KEEP" }).waitFor();
    await page.getByTestId(`tenancy-review-item-${bob}-${roleName}`).locator('input[type="checkbox"]').check();
    await page.getByTestId("tenancy-review-comment").fill("left the team");
    await page.getByTestId("tenancy-review-bulk-revoke").click();
    await page.locator(`[data-testid="tenancy-review-decision-${bob}-${roleName}"]`, { hasText: "REVOKE" }).waitFor();
    await shot("governance-reviews.png");
  });

  await step("Requests: approve a pending request", async () => {
    await tab("Requests");
    await page.getByTestId("tenancy-request-comment").fill("ok");
    await page.getByTestId(`tenancy-request-approve-${bob}`).click();
    await page.locator(`[data-testid="tenancy-request-status-${bob}"]`, { hasText: "APPROVED" }).waitFor();
    await shot("governance-requests.png");
  });

  await step("Roles: the approved grant shows when it expires", async () => {
    await tab("Roles");
    await page.getByTestId("tenancy-role-extra").click();
    const expires = await page.getByTestId(`tenancy-role-expires-${bob}`).textContent();
    if (expires.trim() === "—") throw new Error("no expiry shown for the request's grant");
  });

  await step("Audit: the trail lists the changes", async () => {
    await tab("Audit");
    await page.getByTestId("tenancy-audit-row").first().waitFor();
    const rows = await page.getByTestId("tenancy-audit-row").count();
    const text = await page.getByTestId("tenancy-audit-table").textContent();
    if (!text.includes("access-rules")) throw new Error("the rule's creation is not in the audit table");
    result.auditRows = rows;
    await shot("governance-audit.png");
  });
});
