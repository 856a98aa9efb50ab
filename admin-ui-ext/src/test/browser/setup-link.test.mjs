// Browser test of setup links, driven by playwright-core and Debian's chromium.
//
// Started by dev.tenancy.it.ui.SetupLinkBrowserIT: node setup-link.test.mjs <config.json>. An operator
// creates a setup link on the organization's SCIM tab; a second browser context, with no Keycloak
// session, opens it as the customer's IT administrator would, generates the secret, makes a SCIM
// request with it (the page's Test button) and sees it in the live panel; the operator revokes the
// link and the page refuses. The Java side checks the outcome over HTTP.
import { logIn, newPage, run, screenshots, start, steps } from "./lib.mjs";

const t = await start();
const { baseUrl, realm, orgId, orgName, username, password, screenshotDir } = t.config;
const { result } = t;
const operator = await newPage(t);
// The customer's IT administrator: another browser profile, no cookies, no Keycloak session.
const customer = await newPage(t, { width: 1440, height: 1100 });
const cspViolations = [];
customer.on("console", (m) => {
  if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
});

const shot = (p, name) => screenshots(p, screenshotDir)(name);
const console_ = `${baseUrl}/admin/${realm}/console/`;
const step = steps(t, { "failure-operator.png": operator, "failure.png": customer });

await run(t, async () => {
  await step("operator: log in to the console and open the organization's SCIM tab", async () => {
    await logIn(operator, console_, username, password);
    await operator.getByTestId("currentRealm").waitFor();
    await operator.goto(`${console_}#/${realm}/organizations/${orgId}/scim`);
    await operator.getByTestId("tenancy-setup-links").waitFor();
    await operator.getByTestId("tenancy-setup-none").waitFor();
  });

  result.url = await step("operator: Send setup link, valid 1 day; the URL is shown once", async () => {
    await operator.getByTestId("tenancy-setup-send").click();
    await operator.getByTestId("tenancy-setup-expiry").selectOption("86400");
    await operator.getByTestId("tenancy-setup-note").fill("For the IT team of the customer");
    await shot(operator, "setup-link-create.png");
    await operator.getByTestId("tenancy-setup-create").click();
    const modal = operator.getByTestId("tenancy-secret-modal");
    await modal.waitFor();
    const url = await modal.locator("input").first().inputValue();
    if (!url.startsWith(`${baseUrl}/realms/${realm}/tenancy/setup/`)) throw new Error(`setup URL ${url}`);
    // Escape does not lose a shown-once value: it asks first, and "Back" keeps the modal.
    await operator.keyboard.press("Escape");
    await operator.getByTestId("tenancy-secret-confirm").waitFor();
    await shot(operator, "setup-link-url.png");
    await operator.getByTestId("tenancy-secret-back").click();
    await operator.getByTestId("tenancy-secret-confirm").waitFor({ state: "detached" });
    await operator.getByTestId("tenancy-secret-close").click();
    await modal.waitFor({ state: "detached" });
    await operator.getByTestId("tenancy-setup-link").first().waitFor();
    return url;
  });

  await step("customer: open the link without a session; the organization and SCIM base URL are shown", async () => {
    const response = await customer.goto(result.url);
    if (response.status() !== 200) throw new Error(`page answered ${response.status()}`);
    const heading = await customer.getByTestId("setup-org-name").textContent();
    if (!heading.includes(orgName)) throw new Error(`heading "${heading}"`);
    const base = await customer.getByTestId("setup-base-url").inputValue();
    if (base !== `${baseUrl}/realms/${realm}/scim/v2/organizations/${orgId}`) throw new Error(`base URL ${base}`);
    await customer.locator("#tnc-live-updated", { hasText: "Refreshes every" }).waitFor();
    await customer.getByTestId("setup-steps-okta").waitFor();
    await shot(customer, "setup-page.png");
  });

  result.secret = await step("customer: choose Entra ID, generate the secret (shown once)", async () => {
    await customer.locator('label[for="idp-entra"]').click();
    await customer.getByTestId("setup-steps-entra").waitFor();
    if (await customer.getByTestId("setup-steps-okta").isVisible()) throw new Error("the Okta steps are still shown");
    const steps = await customer.getByTestId("setup-steps-entra").textContent();
    if (!steps.includes(`/organizations/${orgId}?aadOptscim062020`)) throw new Error("the Entra steps lack this organization's Tenant URL");
    await customer.getByTestId("setup-generate").click();
    const input = customer.getByTestId("setup-secret");
    await input.waitFor();
    const secret = await input.inputValue();
    if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) throw new Error(`secret "${secret}"`);
    await customer.getByTestId("setup-secret-state").filter({ hasText: "A secret is set" }).waitFor();
    await shot(customer, "setup-secret.png");
    return secret;
  });

  await step("customer: Test makes a SCIM request with the new secret; the live panel shows it", async () => {
    await customer.getByTestId("setup-test").click();
    await customer.getByTestId("setup-test-result").filter({ hasText: "Connected" }).waitFor();
    await customer.getByTestId("setup-requests").locator("tr", { hasText: "/ServiceProviderConfig" }).filter({ hasText: "200" }).waitFor();
    await customer.getByTestId("setup-live").scrollIntoViewIfNeeded();
    await shot(customer, "setup-live.png");
  });

  await step("operator: revoke the link", async () => {
    await operator.reload();
    await operator.getByTestId("tenancy-setup-revoke").first().click();
    await operator.getByTestId("tenancy-setup-revoke-confirm").click();
    await operator.getByTestId("tenancy-setup-status").filter({ hasText: "Revoked" }).waitFor();
    await shot(operator, "setup-links-revoked.png");
  });

  await step("customer: the open page stops by itself, and reloading shows the plain page", async () => {
    await customer.getByText("This link is no longer valid.").waitFor();
    const response = await customer.reload();
    if (response.status() !== 404) throw new Error(`revoked link answered ${response.status()}`);
    await customer.getByText("This link is no longer valid.").waitFor();
    await shot(customer, "setup-invalid.png");
  });

  if (cspViolations.length) throw new Error(`Content-Security-Policy violations: ${cspViolations.join(" | ")}`);
});
