// Browser test of the Tenancy account console (theme "tenancy", account-ui-ext): a member requests
// access, a delegated member (organization roles manage-members and manage-roles, no realm role)
// completes a review and approves the request, and the member then sees the time-bound grant.
// Started by dev.tenancy.it.governance.AccountConsoleIT through dev.tenancy.it.ui.BrowserTest.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { baseUrl, realm, orgAlias, reviewer, member, password, reviewName, role, requestedRole, alice, bob, screenshotDir, failureDir, resultFile } = config;
const result = { steps: [] };

const browser = await chromium.launch({
  executablePath: config.chromium ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const pageErrors = [];
let page;

async function signIn(username) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  context.setDefaultTimeout(60_000);
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(`${baseUrl}/realms/${realm}/account/`);
  await page.fill("#username", username);
  if (!(await page.locator("#password").isVisible())) await page.click("#kc-login");
  await page.fill("#password", password);
  await page.click("#kc-login");
  await page.getByTestId("organization-access").waitFor();
  return context;
}

const shot = (name) => page.screenshot({ path: path.join(screenshotDir, name), fullPage: true });
const nav = (testId) => page.locator("nav").getByTestId(testId);

async function step(name, fn) {
  process.stdout.write(`- ${name} ... `);
  try {
    await fn();
    result.steps.push(name);
    console.log("ok");
  } catch (e) {
    console.log("FAILED");
    await page?.screenshot({ path: path.join(failureDir, "failure.png"), fullPage: true }).catch(() => {});
    throw new Error(`step "${name}": ${e.message}\npage errors: ${pageErrors.join(" | ") || "none"}`);
  }
}

try {
  let memberContext;
  await step("a member signs in: only Organization access is offered", async () => {
    memberContext = await signIn(member);
    for (const hidden of ["access-reviews", "access-approvals"]) {
      if (await nav(hidden).count()) throw new Error(`${hidden} is offered to a member who neither reviews nor approves`);
    }
    await nav("organization-access").click();
    await page.getByTestId(`tenancy-org-${orgAlias}`).waitFor();
  });

  await step("the member requests a role for a day", async () => {
    await page.getByTestId("tenancy-request-kind").selectOption("role");
    await page.getByTestId("tenancy-request-target").selectOption(requestedRole);
    await page.getByTestId("tenancy-request-reason").fill("quarter-end close");
    await page.getByTestId("tenancy-request-duration").selectOption(String(24 * 3600));
    await page.getByTestId("tenancy-request-submit").click();
    await page.getByTestId(`tenancy-my-request-${requestedRole}`).getByText("PENDING").waitFor();
    await shot("account-organization-access-request.png");
  });
  await memberContext.close();

  const reviewerContext = await signIn(reviewer);
  await step("the delegated reviewer keeps one item and revokes another in bulk, never seeing their own", async () => {
    await nav("access-reviews").click();
    const card = page.getByTestId(`tenancy-review-${reviewName}`);
    await card.waitFor();
    await card.getByTestId(`tenancy-review-item-${alice}-${role}`).waitFor();
    if (await card.getByTestId(`tenancy-review-item-${reviewer}-${role}`).count()) throw new Error("the reviewer's own item is offered");
    await card.getByTestId(`tenancy-review-keep-${alice}-${role}`).click();
    await card.getByTestId(`tenancy-review-decision-${alice}-${role}`).getByText("KEEP").waitFor();
    await card.getByTestId(`tenancy-review-item-${bob}-${role}`).locator('input[type="checkbox"]').check();
    await card.getByTestId("tenancy-review-comment").fill("moved to support");
    await card.getByTestId("tenancy-review-bulk-revoke").click();
    await card.getByTestId(`tenancy-review-decision-${bob}-${role}`).getByText("REVOKE").waitFor();
    await shot("account-access-reviews.png");
  });

  await step("the delegated approver approves the member's request and denies another", async () => {
    await nav("access-approvals").click();
    await page.getByTestId(`tenancy-approval-${member}`).waitFor();
    if (await page.getByTestId(`tenancy-approval-${reviewer}`).count()) throw new Error("the approver's own request is offered");
    await page.getByTestId(`tenancy-approval-comment-${member}`).fill("for the close");
    await shot("account-access-approvals.png");
    await page.getByTestId(`tenancy-approve-${member}`).click();
    await page.getByTestId("tenancy-approval-message").getByText(`Approved: ${member}`).waitFor();
    await page.getByTestId(`tenancy-deny-${bob}`).click();
    await page.getByTestId("tenancy-approval-message").getByText(`Denied: ${bob}`).waitFor();
  });
  await reviewerContext.close();

  await step("the member sees the approved role, who granted it and when it ends", async () => {
    await signIn(member);
    await nav("organization-access").click();
    const row = page.getByTestId(`tenancy-my-role-${requestedRole}`);
    await row.waitFor();
    const text = await row.textContent();
    if (!text.includes("approved request")) throw new Error(`grantedBy not shown: ${text}`);
    if (text.includes("—")) throw new Error(`no expiry shown: ${text}`);
    await page.getByTestId(`tenancy-my-request-${requestedRole}`).getByText("APPROVED").waitFor();
    await shot("account-organization-access.png");
  });
  result.ok = true;
} catch (e) {
  result.ok = false;
  result.error = e.message;
} finally {
  writeFileSync(resultFile, JSON.stringify(result, null, 2));
  await browser.close();
}
