package dev.tenancy.it.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;
import dev.tenancy.it.ui.BrowserTest;

/**
 * A realm administrator walks the governance tabs of the organization page in a real browser:
 * drafts a rule and previews it, decides review items (one by one and in bulk), approves a request,
 * sees the request's expiry in the Roles tab and the changes in the Audit tab. Each step is then
 * checked over HTTP. Screenshots: it-tests/target/screenshots/governance-console/.
 */
class GovernanceConsoleIT {

    static final String PASSWORD = "Console-test-1";

    static Admin admin;
    static KeycloakServer server;

    @BeforeAll
    static void start() {
        BrowserTest.checkPrerequisites();
        server = KeycloakServer.get();
        admin = Admin.of(server);
    }

    @Test
    void givenARealmAdministrator_thenRulesReviewsRequestsAndAuditAreWorkedFromTheConsole() throws Exception {
        Gov g = Gov.create(admin);
        Http.Response theme = Http.put(admin.url() + "/admin/realms/" + g.f.realm).bearer(admin.token()).json(Map.of("adminTheme", "tenancy")).send();
        assertThat(theme.status()).as(theme.toString()).isEqualTo(204);
        String consoleAdmin = g.member("console-admin", Map.of());
        Http.put(admin.url() + "/admin/realms/" + g.f.realm + "/users/" + consoleAdmin + "/reset-password").bearer(admin.token())
                .json(Map.of("type", "password", "value", PASSWORD, "temporary", false)).send();
        admin.grantRealmManagement(g.f.realm, consoleAdmin, "realm-admin");
        g.role("crm");
        g.role("extra");
        g.role("sales-tools");
        String alice = g.member("alice", Map.of("department", List.of("Sales")));
        String bob = g.member("bob", Map.of("department", List.of("Support")));
        g.f.grant("crm", alice);
        g.f.grant("crm", bob);
        Http.Response review = Http.post(g.org() + "/access-reviews").bearer(admin.token()).json(Map.of("name", "q1",
                "scope", Map.of("roles", List.of("crm")), "reviewers", List.of(consoleAdmin),
                "dueAt", Instant.now().plus(Duration.ofDays(7)).toString())).send();
        assertThat(review.status()).as(review.toString()).isEqualTo(201);
        String reviewId = review.json().get("id").asText();
        Http.Response request = Http.post(g.org() + "/access-requests").bearer(g.token("bob"))
                .json(Map.of("role", "extra", "reason", "on call", "durationSeconds", 3600)).send();
        assertThat(request.status()).as(request.toString()).isEqualTo(201);

        Map<String, Object> settings = new HashMap<>(Map.of("baseUrl", server.baseUrl(), "realm", g.f.realm, "orgAlias", g.f.alias,
                "username", "console-admin", "password", PASSWORD, "roleName", "crm", "ruleName", "sales-crm", "reviewName", "q1",
                "alice", "alice", "bob", "bob"));
        settings.put("ruleRole", "sales-tools");
        BrowserTest.run("src/test/browser/governance-console.test.mjs", settings, Path.of(System.getProperty("user.dir"), "target", "ui-governance"));

        JsonNode rules = Http.get(g.org() + "/access-rules").bearer(admin.token()).send().json();
        assertThat(rules.toString()).contains("sales-crm");
        assertThat(g.holderIds("sales-tools")).contains(alice).doesNotContain(bob);
        JsonNode items = Http.get(g.org() + "/access-reviews/" + reviewId + "/items").bearer(admin.token()).send().json();
        for (JsonNode i : items) {
            String expected = i.get("userId").asText().equals(alice) ? "KEEP" : "REVOKE";
            assertThat(i.get("decision").asText()).as(i.toString()).isEqualTo(expected);
            assertThat(i.get("reviewer").asText()).isEqualTo(consoleAdmin);
        }
        JsonNode bobsGrant = g.holders("extra").get(bob);
        assertThat(bobsGrant.get("grantedBy").asText()).startsWith("request:");
        assertThat(g.audit().toString()).contains("/access-reviews/" + reviewId + "/items/");
    }
}
