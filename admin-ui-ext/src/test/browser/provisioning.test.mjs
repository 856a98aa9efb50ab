// Browser test of the Provisioning page: subscription types, health, organization names, the
// deliveries with user and sequence, test pings in the deliveries, creating a NATS subscription.
//
// Started by dev.tenancy.it.ui.ProvisioningConsoleIT against the real Keycloak of the test harness:
// node provisioning.test.mjs <config.json>. The Java side prepared a realm on the tenancy theme
// with an organization, a webhook for it (with deliveries), a Kafka subscription and a failing one;
// it checks the subscription created here over HTTP afterwards.
import { logIn, newPage, run, screenshots, start, steps } from "./lib.mjs";

const t = await start();
const { baseUrl, realm, orgName, orgId, member, natsSubject, username, password, screenshotDir } = t.config;
const page = await newPage(t);
const console_ = `${baseUrl}/admin/${realm}/console/`;
const shot = screenshots(page, screenshotDir);
const step = steps(t, { "failure.png": page });

/** The row of the subscription whose destination (URL, topic or subject) contains {@code text}. */
const row = (text) => page.getByTestId("tenancy-webhook-row").filter({ hasText: text });

await run(t, async () => {
  await step("log in to the realm's admin console (tenancy theme)", async () => {
    await logIn(page, console_, username, password);
    await page.getByTestId("currentRealm").waitFor();
  });

  await step("Provisioning page: types, organization names, health", async () => {
    await page.locator("#nav-item-provisioning").click();
    await page.getByTestId("tenancy-webhooks-table").waitFor();
    const webhook = row("/hooks/");
    await webhook.getByTestId("tenancy-webhook-type").getByText("Webhook").waitFor();
    await webhook.getByTestId("tenancy-webhook-organization").getByText(orgName, { exact: true }).waitFor();
    if ((await webhook.getByTestId("tenancy-webhook-organization").textContent()).includes(orgId)) {
      throw new Error("the organization is shown by id");
    }
    await webhook.getByTestId("tenancy-webhook-health-state").getByText("Delivering").waitFor();
    await row("tenancy.it.").getByTestId("tenancy-webhook-type").getByText("Kafka").waitFor();
    await row("/failing").getByTestId("tenancy-webhook-health-state").getByText(/Failing|Backed off/).waitFor();
    const backlog = await row("/failing").getByTestId("tenancy-webhook-backlog").textContent();
    if (!/Backlog [1-9]/.test(backlog)) throw new Error(`failing subscription backlog: ${backlog}`);
    await row("/failing").getByTestId("tenancy-webhook-health-state").hover();
    await page.getByTestId("tenancy-webhook-health-details").getByText(/Last error: .*500/).waitFor();
    await shot("provisioning-health.png");
    await page.mouse.move(0, 0);
  });

  await step("send a test ping: it is listed among the deliveries, next to the user's events", async () => {
    const webhook = row("/hooks/");
    await webhook.getByTestId("tenancy-webhook-test").click();
    const outcome = page.getByTestId("tenancy-webhook-test-result");
    await outcome.waitFor();
    if (!(await outcome.textContent()).includes("was delivered")) throw new Error(await outcome.textContent());
    await webhook.getByTestId("tenancy-webhook-deliveries").click();
    await page.getByTestId("tenancy-deliveries-table").waitFor();
    await page.getByTestId("tenancy-delivery-test").first().waitFor();
    const users = await page.getByTestId("tenancy-delivery-user").allTextContents();
    if (!users.some((u) => u.includes(member))) throw new Error(`deliveries show no ${member}: ${users.join(", ")}`);
    const sequences = await page.getByTestId("tenancy-delivery-sequence").allTextContents();
    if (!sequences.some((s) => /^\d+$/.test(s.trim()))) throw new Error(`no sequence shown: ${sequences.join(", ")}`);
    await page.getByTestId("tenancy-webhook-health-details").first().waitFor();
    await shot("provisioning-deliveries.png");
  });

  await step("create a NATS JetStream subscription from the form", async () => {
    await page.getByTestId("tenancy-webhook-create").click();
    await page.getByTestId("tenancy-webhook-type-select").selectOption("nats");
    if (await page.getByTestId("tenancy-webhook-url").isVisible()) throw new Error("a URL field for a NATS subscription");
    await page.getByTestId("tenancy-webhook-target").fill(natsSubject);
    await page.getByTestId("tenancy-webhook-org").selectOption(orgId);
    await shot("provisioning-create-nats.png");
    await page.getByTestId("tenancy-webhook-save").click();
    await row(natsSubject).getByTestId("tenancy-webhook-type").getByText("NATS JetStream").waitFor();
    await row(natsSubject).getByTestId("tenancy-webhook-organization").getByText(orgName, { exact: true }).waitFor();
  });

});
