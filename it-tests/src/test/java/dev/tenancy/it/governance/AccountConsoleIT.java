package dev.tenancy.it.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * The account theme {@code tenancy} in a real browser: a member requests a role from the account
 * console; a delegated member who holds only the organization roles manage-members and manage-roles
 * (no realm-management role) completes a review and approves the request there, never seeing their
 * own item or request. Each outcome is then checked over HTTP. Screenshots:
 * it-tests/target/screenshots/account-console/.
 */
class AccountConsoleIT {

    static Admin admin;
    static KeycloakServer server;

    @BeforeAll
    static void start() {
        BrowserTest.checkPrerequisites();
        server = KeycloakServer.get();
        admin = Admin.of(server);
    }

    @Test
    void givenADelegatedMember_thenReviewsAndApprovalsAreDoneAndAccessIsRequestedInTheAccountConsole() throws Exception {
        Gov g = Gov.create(admin);
        Http.Response theme = Http.put(admin.url() + "/admin/realms/" + g.f.realm).bearer(admin.token()).json(Map.of("accountTheme", "tenancy")).send();
        assertThat(theme.status()).as(theme.toString()).isEqualTo(204);
        g.role("crm");
        g.role("extra");
        g.delegate("dana", "manage-members", "manage-roles");
        String dana = g.userId("dana");
        String alice = g.member("alice", Map.of());
        String bob = g.member("bob", Map.of());
        String carol = g.member("carol", Map.of());
        for (String u : List.of(dana, alice, bob)) {
            g.f.grant("crm", u);
        }
        Http.Response review = Http.post(g.org() + "/access-reviews").bearer(admin.token()).json(Map.of("name", "q3",
                "scope", Map.of("roles", List.of("crm")), "reviewers", List.of(dana),
                "dueAt", Instant.now().plus(Duration.ofDays(7)).toString())).send();
        assertThat(review.status()).as(review.toString()).isEqualTo(201);
        String reviewId = review.json().get("id").asText();
        for (String u : List.of("bob", "dana")) {
            Http.Response request = Http.post(g.org() + "/access-requests").bearer(g.token(u))
                    .json(Map.of("role", "extra", "reason", "on call", "durationSeconds", 3600)).send();
            assertThat(request.status()).as(request.toString()).isEqualTo(201);
        }
        // Every user of the test shares one password so that the script signs each of them in.
        for (String u : List.of(dana, carol)) {
            Http.Response r = Http.put(admin.url() + "/admin/realms/" + g.f.realm + "/users/" + u + "/reset-password").bearer(admin.token())
                    .json(Map.of("type", "password", "value", GovernanceConsoleIT.PASSWORD, "temporary", false)).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(204);
        }
        JsonNode realmRoles = Http.get(admin.url() + "/admin/realms/" + g.f.realm + "/users/" + dana + "/role-mappings").bearer(admin.token()).send().json();
        assertThat(realmRoles.path("clientMappings").has("realm-management")).as("the reviewer is no realm administrator").isFalse();

        Map<String, Object> settings = new java.util.HashMap<>(Map.of("baseUrl", server.baseUrl(), "realm", g.f.realm,
                "orgAlias", g.f.alias, "reviewer", "dana", "member", "carol", "password", GovernanceConsoleIT.PASSWORD,
                "reviewName", "q3", "role", "crm", "requestedRole", "extra", "alice", "alice"));
        settings.put("bob", "bob");
        JsonNode result = BrowserTest.run("src/test/browser/account-console.test.mjs", settings,
                Path.of(System.getProperty("user.dir"), "target", "ui-account"));
        assertThat(result.path("steps")).hasSize(5);

        Map<String, String> decisions = new java.util.HashMap<>();
        for (JsonNode i : Http.get(g.org() + "/access-reviews/" + reviewId + "/items").bearer(admin.token()).send().json()) {
            decisions.put(i.get("userId").asText(), i.get("decision").asText());
            if (!i.get("decision").asText().equals("PENDING")) {
                assertThat(i.get("reviewer").asText()).isEqualTo(dana);
            }
        }
        assertThat(decisions).containsEntry(alice, "KEEP").containsEntry(bob, "REVOKE").containsEntry(dana, "PENDING");
        JsonNode carolsGrant = g.holders("extra").get(carol);
        assertThat(carolsGrant).as("carol holds the requested role").isNotNull();
        assertThat(carolsGrant.get("grantedBy").asText()).startsWith("request:");
        assertThat(carolsGrant.get("expiresAt").isNull()).isFalse();
        assertThat(g.holders("extra")).doesNotContainKeys(bob, dana);
        Map<String, String> states = new java.util.HashMap<>();
        for (JsonNode r : Http.get(g.org() + "/access-requests").bearer(admin.token()).send().json()) {
            states.put(r.get("username").asText(), r.get("status").asText());
        }
        assertThat(states).containsEntry("carol", "APPROVED").containsEntry("bob", "DENIED").containsEntry("dana", "PENDING");
    }
}
