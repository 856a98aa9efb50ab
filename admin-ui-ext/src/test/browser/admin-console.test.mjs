// Browser test of the Tenancy admin console, driven by playwright-core and Debian's chromium.
//
// Started by dev.tenancy.it.ui.AdminConsoleIT (mvn verify) against the real Keycloak of the test
// harness: node admin-console.test.mjs <config.json>. The config names the server, the realm and
// organization the Java side prepared, the realm administrator, where screenshots go and where to
// write the results (the SCIM secret shown in the console, the webhook outcome) that the Java side
// then checks with real HTTP requests.
import { logIn, newPage, run, screenshots, start, steps } from "./lib.mjs";

const t = await start();
const {
  baseUrl, realm, orgId, orgAlias, otherOrgId, otherOrgAlias, username, password, member, memberId, roleName,
  webhookUrl, screenshotDir,
} = t.config;
const { config, result } = t;
const page = await newPage(t);
const shot = screenshots(page, screenshotDir);
const step = steps(t, { "failure.png": page });
const console_ = `${baseUrl}/admin/${realm}/console/`;

/** The secret shown once in the modal; closes the modal. */
async function readSecret(screenshot) {
  const modal = page.getByTestId("tenancy-secret-modal");
  await modal.waitFor();
  const secret = await modal.locator("input").first().inputValue();
  if (!secret) throw new Error("the secret modal shows no secret");
  if (screenshot) await shot(screenshot);
  await page.getByTestId("tenancy-secret-close").click();
  await modal.waitFor({ state: "detached" });
  return secret;
}

/** Clicks Save on the SCIM tab and waits for the server's answer to the save (POST or PUT). */
async function saveScim(method) {
  const answer = page.waitForResponse(
    (r) => r.request().method() === method && /\/orgs\/[^/]+\/scim$/.test(new URL(r.url()).pathname),
  );
  await page.getByTestId("tenancy-scim-save").click();
  const r = await answer;
  if (!r.ok()) throw new Error(`${method} SCIM configuration: ${r.status()} ${await r.text()}`);
  await page.locator('[data-testid="tenancy-scim-message"]', { hasText: "saved" }).waitFor();
}

async function clickTab(name) {
  await page.getByRole("tab", { name, exact: true }).click();
}

await run(t, async () => {
  await step("log in to the realm's admin console (stock theme)", async () => {
    await logIn(page, console_, username, password);
    await page.getByTestId("currentRealm").waitFor();
    const env = await page.locator("#environment").textContent();
    if (env.includes("/admin/tenancy")) throw new Error("the realm already uses the tenancy theme");
  });

  await step("choose the tenancy admin theme in Realm settings > Themes", async () => {
    await page.goto(`${console_}#/${realm}/realm-settings/themes/settings`);
    await page.locator("#kc-admin-theme").click();
    await page.getByRole("option", { name: "tenancy", exact: true }).click();
    await page.getByTestId("themes-tab-save").click();
    await page.getByText("Realm successfully updated").first().waitFor();
  });

  await step("reload: the console is the tenancy theme, with a Provisioning link", async () => {
    await page.goto(console_);
    await page.reload();
    await page.getByTestId("currentRealm").waitFor();
    const env = await page.locator("#environment").textContent();
    if (!env.includes("/admin/tenancy")) throw new Error(`not the tenancy theme: ${env}`);
    await page.locator("#nav-item-provisioning").waitFor();
  });

  await step("open the organization", async () => {
    await page.locator("#nav-item-organizations").click();
    await page.getByRole("link", { name: orgAlias, exact: true }).click();
    await page.getByRole("tab", { name: "SCIM", exact: true }).waitFor();
    await page.getByRole("tab", { name: "Roles", exact: true }).waitFor();
  });

  await step("SCIM tab: the realm switch is offered while SCIM is off, and turns it on", async () => {
    await clickTab("SCIM");
    await page.getByTestId("tenancy-scim-realm-off").waitFor();
    await shot("scim-realm-off.png");
    await page.getByTestId("tenancy-scim-realm-on").click();
    await page.getByTestId("tenancy-scim-not-configured").waitFor();
  });

  result.firstSecret = await step("SCIM tab: enable with a shared secret; the secret is shown once", async () => {
    await page.getByTestId("tenancy-scim-auth-type").selectOption("EXTERNAL_SECRET");
    await page.getByTestId("tenancy-scim-deprovision").selectOption("REMOVE_MEMBERSHIP");
    await shot("scim-new.png");
    await page.getByTestId("tenancy-scim-save").click();
    return readSecret("scim-secret.png");
  });

  result.secret = await step("SCIM tab: rotate the secret; the new one is shown once", async () => {
    await page.getByTestId("tenancy-scim-secret-set").waitFor();
    await page.getByTestId("tenancy-scim-rotate").click();
    const s = await readSecret();
    if (s === result.firstSecret) throw new Error("rotation showed the same secret");
    return s;
  });

  result.scimUrl = await step("SCIM tab: base URL; a SCIM request with the secret shows in the status panel", async () => {
    const url = await page.getByTestId("tenancy-scim-url").locator("input").inputValue();
    if (!url.endsWith(`/realms/${realm}/scim/v2/organizations/${orgId}`)) throw new Error(`SCIM URL ${url}`);
    // What the identity provider would do with the URL and the secret the console showed.
    const r = await fetch(`${url}/Users`, { headers: { Authorization: `Bearer ${result.secret}` } });
    result.scimStatus = r.status;
    if (r.status === 404) return url; // no SCIM server installed: the Java side decides
    if (r.status !== 200) throw new Error(`GET ${url}/Users with the console's secret: ${r.status} ${await r.text()}`);
    const last = page.getByTestId("tenancy-scim-status-last");
    const deadline = Date.now() + 30_000;
    for (;;) {
      await page.getByTestId("tenancy-scim-status").getByRole("button", { name: "Refresh" }).click();
      await page.waitForTimeout(500);
      if ((await last.textContent()) !== "—") break;
      if (Date.now() > deadline) throw new Error("the status panel shows no last request");
    }
    await shot("scim-tab.png");
    return url;
  });

  await step("SCIM tab of another organization: Keycloak client, external JWT, then HTTP Basic", async () => {
    await page.goto(`${console_}#/${realm}/organizations/${otherOrgId}/scim`);
    await page.getByTestId("tenancy-scim-not-configured").waitFor();
    await page.getByTestId("tenancy-scim-auth-type").selectOption("KEYCLOAK");
    await page.getByTestId("tenancy-scim-client-id").locator("option", { hasText: config.scimClientId }).waitFor({ state: "attached" });
    if (await page.getByTestId("tenancy-scim-client-id").locator("option", { hasText: "tenancy-test" }).count()) {
      throw new Error("a public client is offered for the Keycloak client authentication");
    }
    await page.getByTestId("tenancy-scim-client-id").selectOption(config.scimClientId);
    await saveScim("POST");
    await page.getByTestId("tenancy-scim-auth-type").selectOption("EXTERNAL_JWT");
    await page.getByTestId("tenancy-scim-issuer").fill("https://idp.example");
    await page.getByTestId("tenancy-scim-audience").fill(`${baseUrl}/realms/${realm}`);
    await page.getByTestId("tenancy-scim-jwks").fill("https://idp.example/jwks");
    await saveScim("PUT");
    await page.getByTestId("tenancy-scim-auth-type").selectOption("EXTERNAL_BASIC");
    await page.getByTestId("tenancy-scim-username").fill("scim-basic");
    await page.getByTestId("tenancy-scim-password").fill(config.basicPassword);
    await saveScim("PUT");
    // Saved: the form now says a password is stored (and never shows it).
    await page.locator('[data-testid="tenancy-scim-password"][placeholder="Leave empty to keep the stored password"]').waitFor();
    await page.getByText("The SCIM configuration was saved.").waitFor();
    await shot("scim-basic.png");
    await page.goto(`${console_}#/${realm}/organizations/${orgId}/roles`);
  });

  await step("Roles tab: create a role", async () => {
    await page.getByTestId("tenancy-roles-table").waitFor();
    await page.getByTestId("tenancy-role-create").click();
    await page.getByTestId("tenancy-role-name").fill(roleName);
    await page.getByTestId("tenancy-role-description").fill("Created in the admin console");
    await page.getByTestId("tenancy-role-create-save").click();
    await page.getByTestId(`tenancy-role-row-${roleName}`).waitFor();
    await page.getByTestId("tenancy-role-members").waitFor();
  });

  await step("Roles tab: create and delete another role", async () => {
    await page.getByTestId("tenancy-role-create").click();
    await page.getByTestId("tenancy-role-name").fill("temporary");
    await page.getByTestId("tenancy-role-create-save").click();
    await page.getByTestId("tenancy-role-row-temporary").waitFor();
    await page.getByTestId("tenancy-role-delete-temporary").click();
    await page.getByTestId("tenancy-role-delete-confirm").click();
    await page.getByTestId("tenancy-role-row-temporary").waitFor({ state: "detached" });
    await page.getByTestId(`tenancy-role-${roleName}`).click();
  });

  await step("Roles tab: assign a member", async () => {
    await page.getByTestId("tenancy-role-assign").click();
    const select = page.getByTestId("tenancy-role-user");
    await select.locator("option", { hasText: member }).first().waitFor({ state: "attached" });
    const value = await select.locator("option", { hasText: member }).first().getAttribute("value");
    await select.selectOption(value);
    await page.getByTestId("tenancy-role-assign-save").click();
    await page.getByTestId(`tenancy-role-member-${member}`).waitFor();
    // Unassign, and assign again.
    await page.getByTestId(`tenancy-role-unassign-${member}`).click();
    await page.getByTestId(`tenancy-role-member-${member}`).waitFor({ state: "detached" });
    await page.getByTestId("tenancy-role-assign").click();
    await page.getByTestId("tenancy-role-user").selectOption(value);
    await page.getByTestId("tenancy-role-assign-save").click();
    await page.getByTestId(`tenancy-role-member-${member}`).waitFor();
    await shot("roles-tab.png");
  });

  result.webhooks = await step("Provisioning page: create a webhook (secret shown once), then edit it", async () => {
    await page.locator("#nav-item-provisioning").click();
    const unavailable = page.getByTestId("tenancy-provisioning-unavailable");
    const list = page.getByTestId("tenancy-webhooks-table").or(page.getByTestId("tenancy-webhooks-empty"));
    await unavailable.or(list).first().waitFor();
    if (await unavailable.isVisible()) {
      await shot("provisioning.png");
      return "unavailable";
    }
    await page.getByTestId("tenancy-webhook-create").click();
    await page.getByTestId("tenancy-webhook-url").fill(webhookUrl);
    await page.getByTestId("tenancy-webhook-org").selectOption(orgId);
    await page.getByTestId("tenancy-webhook-save").click();
    result.webhookSecret = await readSecret("webhook-secret.png");
    await page.getByTestId("tenancy-webhook-row").first().waitFor();
    // Edit: leavers are not wanted after all.
    await page.getByTestId("tenancy-webhook-edit").first().click();
    await page.locator("#tenancy-webhook-event-leaver").uncheck();
    await page.getByTestId("tenancy-webhook-save").click();
    await page.getByTestId("tenancy-webhook-row").first().getByText("Leaver").waitFor({ state: "detached" });
    return "created";
  });

  if (result.webhooks === "created") {
    await step("Provisioning page: send a test event", async () => {
      await page.getByTestId("tenancy-webhook-test").first().click();
      const outcome = page.getByTestId("tenancy-webhook-test-result");
      await outcome.waitFor();
      const text = await outcome.textContent();
      if (!text.includes("was delivered")) throw new Error(`test event: ${text}`);
    });

    await step("change the member in the stock Users page (an event for the webhook)", async () => {
      await page.goto(`${console_}#/${realm}/users/${memberId}/settings`);
      const lastName = page.locator('input[name="lastName"]');
      await lastName.fill("Moved");
      await page.getByTestId("user-creation-save").or(page.getByRole("button", { name: "Save", exact: true })).first().click();
      await page.getByText("The user has been saved").first().waitFor();
      await page.locator(".pf-v5-c-alert-group.pf-m-toast .pf-v5-c-alert__action button").first().click().catch(() => {});
    });

    /** Polls the deliveries list (refreshing it) until one shows the status label. */
    async function awaitDelivery(label) {
      const deadline = Date.now() + 90_000;
      for (;;) {
        const statuses = await page.getByTestId("tenancy-delivery-status").allTextContents();
        if (statuses.includes(label)) return;
        if (Date.now() > deadline) throw new Error(`no ${label} delivery; statuses: ${statuses.join(", ") || "none"}`);
        await page.waitForTimeout(2000);
        await page.getByTestId("tenancy-deliveries-refresh").click();
      }
    }

    await step("Provisioning page: the receiver answered 410: the delivery is dead, the webhook off", async () => {
      await page.locator("#nav-item-provisioning").click();
      await page.getByTestId("tenancy-webhook-deliveries").first().click();
      await page.getByTestId("tenancy-deliveries").waitFor();
      await awaitDelivery("Dead");
      await page.reload();
      await page.getByTestId("tenancy-webhook-row").first().getByText("410").waitFor();
      await page.getByTestId("tenancy-webhook-deliveries").first().click();
      await page.getByTestId("tenancy-delivery-filter-DEAD").click();
      await page.getByTestId("tenancy-delivery-retry").first().waitFor();
      await shot("provisioning-dead.png");
    });

    result.webhooks = await step("Provisioning page: re-enable the webhook, retry the dead delivery, see it delivered", async () => {
      await page.getByTestId("tenancy-webhook-edit").first().click();
      await page.locator("#tenancy-webhook-enabled").setChecked(true, { force: true });
      await page.getByTestId("tenancy-webhook-save").click();
      await page.getByTestId("tenancy-webhook-row").first().getByText("410").waitFor({ state: "detached" });
      await page.getByTestId("tenancy-webhook-deliveries").first().click();
      await page.getByTestId("tenancy-delivery-filter-DEAD").click();
      await page.getByTestId("tenancy-delivery-retry").first().click();
      await page.getByText("The delivery was queued again.").waitFor();
      await page.getByTestId("tenancy-delivery-filter-ALL").click();
      await awaitDelivery("Delivered");
      await page.getByTestId("tenancy-delivery-filter-DELIVERED").click();
      await page.getByTestId("tenancy-delivery-row").first().waitFor();
      await shot("provisioning.png");
      return "delivered";
    });

    await step("Provisioning page: delete the webhook", async () => {
      await page.getByTestId("tenancy-webhook-delete").first().click();
      await page.getByTestId("tenancy-webhook-delete-confirm").click();
      await page.getByTestId("tenancy-webhooks-empty").waitFor();
    });
  }

});
