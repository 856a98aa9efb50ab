package dev.tenancy.it.governance;

import static org.assertj.core.api.Assertions.assertThat;

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

/** {@code …/access-reviews}: from creation to the evidence report, with two reviewers. */
class AccessReviewsIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    static String item(JsonNode items, String userId, String kind) {
        for (JsonNode i : items) {
            if (i.get("userId").asText().equals(userId) && i.get("kind").asText().equals(kind)) {
                return i.get("id").asText();
            }
        }
        throw new AssertionError("no " + kind + " item for " + userId + " in " + items);
    }

    @Test
    void givenAReviewWithTwoReviewers_thenDecisionsAndDefaultsAreAppliedAtCloseAndReported() {
        Gov g = Gov.create(admin);
        g.role("app");
        String rev1Token = g.delegate("reviewer1");
        String rev2Token = g.delegate("reviewer2");
        String outsiderToken = g.delegate("outsider");
        String rev1 = g.userId("reviewer1");
        String rev2 = g.userId("reviewer2");
        String u1 = g.member("user1", Map.of());
        String u2 = g.member("user2", Map.of());
        g.f.grant("app", u1);
        g.f.grant("app", u2);
        g.f.grant("app", rev1);
        String group = g.scimGroup("Reviewed", u1);

        Http.Response created = Http.post(g.org() + "/access-reviews").bearer(admin.token()).json(Map.of(
                "name", "Q1 app access", "scope", Map.of("roles", List.of("app"), "groups", List.of(group)),
                "reviewers", List.of(rev1, rev2), "dueAt", Instant.now().plus(Duration.ofHours(1)).toString(),
                "defaultDecision", "REVOKE")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        JsonNode items = created.json().get("items");
        assertThat(items).hasSize(4);
        String u1App = item(items, u1, "role");
        String u1Group = item(items, u1, "group");
        String u2App = item(items, u2, "role");
        String rev1App = item(items, rev1, "role");

        String base = g.org() + "/access-reviews/" + id;
        assertThat(Http.put(base + "/items/" + rev1App).bearer(rev1Token).json(Map.of("decision", "KEEP")).send().status())
                .as("never on one's own access").isEqualTo(403);
        assertThat(Http.put(base + "/items/" + u1App).bearer(outsiderToken).json(Map.of("decision", "KEEP")).send().status())
                .as("not a reviewer").isEqualTo(403);
        assertThat(Http.get(base + "/items").bearer(rev1Token).send().json().toString()).doesNotContain(rev1App);
        assertThat(Gov.field(Http.put(base + "/items/" + u1App).bearer(rev1Token).json(Map.of("decision", "MAYBE")).send())).isEqualTo("decision");

        assertThat(Http.put(base + "/items/" + u1App).bearer(rev1Token).json(Map.of("decision", "KEEP", "comment", "still on the project"))
                .send().status()).isEqualTo(200);
        assertThat(Http.put(base + "/items/" + u2App).bearer(rev2Token).json(Map.of("decision", "REVOKE", "comment", "left the team"))
                .send().status()).isEqualTo(200);
        Http.Response bulk = Http.post(base + "/decisions").bearer(rev2Token)
                .json(Map.of("items", List.of(rev1App), "decision", "KEEP", "comment", "approved by peer")).send();
        assertThat(bulk.status()).as(bulk.toString()).isEqualTo(200);
        assertThat(Http.get(base + "/items?decision=PENDING").bearer(admin.token()).send().json()).hasSize(1);

        Http.Response closed = Http.post(base + "/close").bearer(admin.token()).send();
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.json().get("status").asText()).isEqualTo("CLOSED");
        assertThat(g.holderIds("app")).contains(u1, rev1).doesNotContain(u2);
        assertThat(Http.get(g.org() + "/groups/" + group + "/members").bearer(admin.token()).send().json().toString())
                .as("undecided: the default REVOKE").doesNotContain(u1);
        assertThat(Http.put(base + "/items/" + u1App).bearer(rev1Token).json(Map.of("decision", "REVOKE")).send().status()).isEqualTo(409);
        assertThat(Http.post(base + "/close").bearer(admin.token()).send().status()).isEqualTo(409);

        JsonNode report = Http.get(base + "/report?format=json").bearer(admin.token()).send().json();
        assertThat(report.get("items")).hasSize(4);
        for (JsonNode row : report.get("items")) {
            if (row.get("userId").asText().equals(u2)) {
                assertThat(row.get("decision").asText()).isEqualTo("REVOKE");
                assertThat(row.get("reviewer").asText()).isEqualTo(rev2);
                assertThat(row.get("comment").asText()).isEqualTo("left the team");
                assertThat(row.get("decidedAt").asText()).isNotBlank();
                assertThat(row.get("appliedAt").asText()).isNotBlank();
                assertThat(row.get("outcome").asText()).isEqualTo("REVOKED");
            }
            if (row.get("grant").asText().startsWith("group:")) {
                assertThat(row.get("decisionSource").asText()).isEqualTo("DEFAULT");
                assertThat(row.get("outcome").asText()).isEqualTo("REVOKED");
            }
        }
        Http.Response csv = Http.get(base + "/report?format=csv").bearer(admin.token()).send();
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("userId,username,grant,grantedBy,reviewer").contains("left the team").contains("user2");
        assertThat(Http.get(base + "/report").bearer(rev1Token).send().status()).isEqualTo(403);
        assertThat(g.audit().toString()).contains("\"actor\":\"review:" + id + "\"");
    }

    @Test
    void givenADueDate_thenTheReviewClosesByItselfWithItsDefault() {
        Gov g = Gov.create(admin);
        g.role("temp");
        g.delegate("rev");
        String rev = g.userId("rev");
        String u = g.member("subject", Map.of());
        g.f.grant("temp", u);
        Http.Response created = Http.post(g.org() + "/access-reviews").bearer(admin.token()).json(Map.of(
                "name", "short", "scope", Map.of("roles", List.of("temp")), "reviewers", List.of(rev),
                "dueAt", Instant.now().plus(Duration.ofSeconds(3)).toString(), "defaultDecision", "REVOKE")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        Gov.await(Duration.ofSeconds(20), () -> "CLOSED".equals(
                Http.get(g.org() + "/access-reviews/" + id).bearer(admin.token()).send().json().path("status").asText()));
        assertThat(g.holderIds("temp")).doesNotContain(u);
    }

    @Test
    void givenBadReviews_then400NamingTheFieldAndDelegatesLimited() {
        Gov g = Gov.create(admin);
        g.role("r");
        g.delegate("revv");
        String rv = g.userId("revv");
        String membersManager = g.delegate("mmgr", "manage-members");
        Gov other = g.sibling();
        String stranger = other.member("stranger", Map.of());
        String future = Instant.now().plus(Duration.ofDays(1)).toString();
        assertThat(Gov.field(Http.post(g.org() + "/access-reviews").bearer(admin.token()).json(Map.of("name", "x",
                "reviewers", List.of(rv), "dueAt", Instant.now().minus(Duration.ofDays(1)).toString())).send())).isEqualTo("dueAt");
        assertThat(Gov.field(Http.post(g.org() + "/access-reviews").bearer(admin.token()).json(Map.of("name", "x",
                "reviewers", List.of(stranger), "dueAt", future)).send())).isEqualTo("reviewers");
        assertThat(Gov.field(Http.post(g.org() + "/access-reviews").bearer(admin.token()).json(Map.of("name", "x",
                "scope", Map.of("roles", List.of("nope")), "reviewers", List.of(rv), "dueAt", future)).send())).isEqualTo("scope.roles");
        assertThat(Gov.field(Http.post(g.org() + "/access-reviews").bearer(admin.token()).json(Map.of("name", "x",
                "reviewers", List.of(rv), "dueAt", future, "defaultDecision", "DROP")).send())).isEqualTo("defaultDecision");
        assertThat(Http.post(g.org() + "/access-reviews").bearer(membersManager).json(Map.of("name", "mine",
                "scope", Map.of("roles", List.of("r")), "reviewers", List.of(rv), "dueAt", future)).send().status()).isEqualTo(201);
        assertThat(Http.post(g.org() + "/access-reviews").bearer(membersManager).json(Map.of("name", "builtin",
                "scope", Map.of("roles", List.of("manage-scim")), "reviewers", List.of(rv), "dueAt", future)).send().status())
                .as("a delegate reviews only what it may revoke").isEqualTo(403);
        assertThat(Http.post(g.org() + "/access-reviews").bearer(g.token("revv")).json(Map.of("name", "y",
                "reviewers", List.of(rv), "dueAt", future)).send().status()).isEqualTo(403);
    }
}
