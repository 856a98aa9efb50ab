package dev.tenancy.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/**
 * The Provisioning page in a real browser: each subscription's type, health (state, backlog, last
 * error), the organization's name, the deliveries with user and sequence, a test ping listed among
 * them, and a NATS subscription created from the form (checked over HTTP afterwards).
 */
class ProvisioningConsoleIT extends BrowserTestBase {

    private static final String PASSWORD = "Console-test-1";
    private static HttpServer receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().startsWith("/failing") ? 500 : 200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
    }

    @Test
    void givenSubscriptionsOfEachKind_thenThePageShowsTypeHealthNamesDeliveriesAndPings() throws Exception {
        String realm = admin.createRealm();
        String orgName = "Acme Corporation " + Admin.unique("n");
        String orgId = admin.createOrganization(realm, Admin.unique("acme"));
        Http.Response rename = Http.put(admin.url() + "/admin/realms/" + realm + "/organizations/" + orgId)
                .bearer(admin.token()).json(Map.of("id", orgId, "name", orgName, "alias",
                        Http.get(admin.url() + "/admin/realms/" + realm + "/organizations/" + orgId).bearer(admin.token()).send()
                                .json().path("alias").asText(), "enabled", true)).send();
        assertThat(rename.status()).as(rename.toString()).isLessThan(300);
        useTenancyTheme(realm);
        realmAdministrator(realm, "console-admin", PASSWORD);

        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        String hooks = admin.url() + "/realms/" + realm + "/provisioning/webhooks";
        String webhook = create(hooks, Map.of("url", base + "/hooks/acme", "organizationId", orgId));
        create(hooks, Map.of("type", "kafka", "topic", "tenancy.it." + Admin.unique("t")));
        create(hooks, Map.of("url", base + "/failing"));
        String member = Admin.unique("alice");
        String memberId = admin.createUser(realm, member, PASSWORD);
        admin.addMember(realm, orgId, memberId);
        awaitHealth(hooks, webhook);

        String natsSubject = "tenancy.it." + Admin.unique("s").replace("-", "");
        Path work = Path.of(System.getProperty("keycloak.work.dir", "target")).resolve("provisioning-console");
        BrowserTest.run("src/test/browser/provisioning.test.mjs", Map.of(
                "baseUrl", admin.url(), "realm", realm, "orgName", orgName, "orgId", orgId, "member", member,
                "natsSubject", natsSubject, "username", "console-admin", "password", PASSWORD), work);

        JsonNode all = Http.get(hooks).bearer(admin.token()).send().json();
        JsonNode nats = null;
        for (JsonNode s : all) {
            if ("nats".equals(s.path("type").asText())) {
                nats = s;
            }
        }
        assertThat(nats).as("the NATS subscription created in the console: " + all).isNotNull();
        assertThat(nats.path("subject").asText()).isEqualTo(natsSubject);
        assertThat(nats.path("organizationId").asText()).isEqualTo(orgId);
        assertThat(nats.path("organization").path("name").asText()).isEqualTo(orgName);
        JsonNode deliveries = Http.get(hooks + "/" + webhook + "/deliveries").bearer(admin.token()).send().json();
        assertThat(deliveries.findValuesAsText("type")).contains("dev.tenancy.ping");
    }

    private static String create(String url, Map<String, Object> body) {
        Http.Response r = Http.post(url).bearer(admin.token()).json(body).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static void awaitHealth(String hooks, String webhook) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode all = Http.get(hooks).bearer(admin.token()).send().json();
            boolean delivered = false;
            boolean failing = false;
            for (JsonNode s : all) {
                delivered |= s.path("id").asText().equals(webhook) && s.path("health").path("lastSuccessAt").isTextual();
                failing |= s.path("url").asText().endsWith("/failing") && s.path("health").path("lastError").isTextual();
            }
            if (delivered && failing) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the subscriptions' health did not show a success and an error in 60 s: "
                + Http.get(hooks).bearer(admin.token()).send().json());
    }

}
