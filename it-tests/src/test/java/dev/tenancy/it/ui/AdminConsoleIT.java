package dev.tenancy.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/**
 * An administrator who has never seen the project configures an organization from the admin
 * console alone, in a real browser against the real server: chooses the tenancy admin theme, turns
 * SCIM on, generates and rotates the shared secret, creates an organization role and assigns it to
 * a member, creates a webhook, sends a test event, changes the member in the stock Users page, sees
 * that delivery go dead (the receiver answers 410 once), re-enables the webhook, retries the delivery
 * and sees it delivered. Each step is then checked over HTTP: a
 * SCIM request with the secret the console showed, the role holders, the webhook the sink received.
 */
class AdminConsoleIT extends BrowserTestBase {

    private static final String PASSWORD = "Console-test-1";
    private static final String BASIC_PASSWORD = "Basic-scim-pass-1";

    @Test
    void givenARealmAdministrator_thenScimRolesAndWebhooksAreConfiguredFromTheConsole() throws Exception {
        String realm = admin.createRealm();
        String alias = Admin.unique("org");
        String orgId = admin.createOrganization(realm, alias);
        String otherAlias = Admin.unique("org");
        String otherOrgId = admin.createOrganization(realm, otherAlias);
        admin.createClient(realm, Map.of("clientId", "scim-client", "publicClient", false, "serviceAccountsEnabled", true));
        realmAdministrator(realm, "console-admin", PASSWORD);
        String memberId = admin.createUser(realm, "alice", PASSWORD);
        admin.addMember(realm, orgId, memberId);
        String role = "support";

        try (WebhookSink sink = WebhookSink.start()) {
            JsonNode result = BrowserTest.run("src/test/browser/admin-console.test.mjs", Map.ofEntries(
                    Map.entry("baseUrl", server.baseUrl()),
                    Map.entry("realm", realm),
                    Map.entry("orgId", orgId),
                    Map.entry("orgAlias", alias),
                    Map.entry("otherOrgId", otherOrgId),
                    Map.entry("otherOrgAlias", otherAlias),
                    Map.entry("basicPassword", BASIC_PASSWORD),
                    Map.entry("scimClientId", "scim-client"),
                    Map.entry("username", "console-admin"),
                    Map.entry("password", PASSWORD),
                    Map.entry("member", "alice"),
                    Map.entry("memberId", memberId),
                    Map.entry("roleName", role),
                    Map.entry("webhookUrl", sink.url())),
                    workDir("ui"));

            assertThat(Http.get(admin.url() + "/admin/realms/" + realm).bearer(admin.token()).send().json().get("adminTheme").asText())
                    .isEqualTo("tenancy");
            checkScim(realm, orgId, result.get("firstSecret").asText(), result.get("secret").asText());
            checkBasic(realm, otherOrgId);
            checkRole(realm, orgId, role, memberId);
            checkWebhook(result, sink, memberId);
            if (installed("tenancy-provisioning-events")) {
                assertThat(Http.get(admin.url() + "/realms/" + realm + "/provisioning/webhooks").bearer(admin.token()).send().json())
                        .as("deleted from the console").isEmpty();
            }
        } finally {
            admin.deleteRealm(realm);
        }
    }

    private void checkScim(String realm, String orgId, String firstSecret, String secret) {
        String orgs = admin.url() + "/realms/" + realm + "/orgs";
        assertThat(Http.get(orgs + "/config").bearer(admin.token()).send().json().get("scimEnabled").asBoolean()).isTrue();
        JsonNode config = Http.get(orgs + "/" + orgId + "/scim").bearer(admin.token()).send().json();
        assertThat(config.get("enabled").asBoolean()).isTrue();
        assertThat(config.get("auth").get("type").asText()).isEqualTo("EXTERNAL_SECRET");
        assertThat(config.get("auth").get("secretSet").asBoolean()).isTrue();
        assertThat(config.get("auth").has("secret")).isFalse();
        assertThat(config.get("deprovision").asText()).isEqualTo("REMOVE_MEMBERSHIP");

        if (!installed("tenancy-scim-server")) {
            System.out.println("tenancy-scim-server is not installed: the SCIM request with the console's secret is not made");
            return;
        }
        String users = admin.url() + "/realms/" + realm + "/scim/v2/organizations/" + orgId + "/Users";
        Http.Response ok = Http.get(users).bearer(secret).send();
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        ok.json().path("Resources").forEach(u -> names.add(u.get("userName").asText()));
        assertThat(names).contains("alice");
        assertThat(Http.get(users).bearer(firstSecret).send().status())
                .as("the secret before rotation stays valid for 24 hours").isEqualTo(200);
        Http.Response wrong = Http.get(users).bearer(secret + "x").send();
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
    }

    /** The second organization: configured from the console with a Keycloak client, external JWT, then HTTP Basic. */
    private void checkBasic(String realm, String orgId) {
        JsonNode config = Http.get(admin.url() + "/realms/" + realm + "/orgs/" + orgId + "/scim").bearer(admin.token()).send().json();
        assertThat(config.get("auth").get("type").asText()).isEqualTo("EXTERNAL_BASIC");
        assertThat(config.get("auth").get("username").asText()).isEqualTo("scim-basic");
        assertThat(config.get("auth").get("passwordSet").asBoolean()).isTrue();
        assertThat(config.get("auth").has("password")).isFalse();
        if (!installed("tenancy-scim-server")) {
            return;
        }
        String users = admin.url() + "/realms/" + realm + "/scim/v2/organizations/" + orgId + "/Users";
        String basic = Base64.getEncoder().encodeToString(("scim-basic:" + BASIC_PASSWORD).getBytes(StandardCharsets.UTF_8));
        Http.Response ok = Http.get(users).header("Authorization", "Basic " + basic).send();
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    private void checkRole(String realm, String orgId, String role, String memberId) {
        Http.Response holders = Http.get(admin.url() + "/realms/" + realm + "/orgs/" + orgId + "/roles/" + role + "/users")
                .bearer(admin.token()).send();
        assertThat(holders.status()).as(holders.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        holders.json().forEach(u -> ids.add(u.get("id").asText()));
        assertThat(ids).containsExactly(memberId);
    }

    private void checkWebhook(JsonNode result, WebhookSink sink, String memberId) throws Exception {
        String outcome = result.get("webhooks").asText();
        if (!installed("tenancy-provisioning-events")) {
            assertThat(outcome).as("without provisioning-events the page says it is not installed").isEqualTo("unavailable");
            System.out.println("tenancy-provisioning-events is not installed: the webhook scenario is not run");
            return;
        }
        assertThat(outcome).isEqualTo("delivered");
        String secret = result.get("webhookSecret").asText();
        assertThat(secret).startsWith("whsec_");
        WebhookSink.Delivery ping = received(sink, "dev.tenancy.ping");
        assertSigned(ping, secret);
        List<WebhookSink.Delivery> attempts = sink.received().stream()
                .filter(d -> d.body().contains("\"type\":\"dev.tenancy.user.")).toList();
        assertThat(attempts).as("the member's event: refused with 410, then retried from the console").hasSize(2);
        assertThat(attempts.get(1).header("webhook-id")).as("a retry keeps the id").isEqualTo(attempts.get(0).header("webhook-id"));
        assertSigned(attempts.get(1), secret);
        assertThat(Http.JSON.readTree(attempts.get(1).body()).get("subject").asText()).isEqualTo(memberId);
    }

    private static WebhookSink.Delivery received(WebhookSink sink, String type) {
        return sink.received().stream()
                .filter(d -> d.body().contains("\"type\":\"" + type))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " received: " + sink.received()));
    }

    /** Standard Webhooks: v1,base64(HMAC-SHA256(key, id.timestamp.body)), key = base64 part of whsec_. */
    private static void assertSigned(WebhookSink.Delivery d, String secret) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signed = d.header("webhook-id") + "." + d.header("webhook-timestamp") + "." + d.body();
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        assertThat(d.header("webhook-signature").split(" ")).contains(expected);
    }

    /** Whether a Tenancy jar of that artifact is in the server's providers (the harness copies them). */
    private static boolean installed(String artifactId) {
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("tenancy.providers.dir")))) {
            return jars.anyMatch(p -> p.getFileName().toString().startsWith(artifactId));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
