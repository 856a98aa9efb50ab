package dev.tenancy.it.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * Tenant isolation of every governance endpoint: a member of organization A holding every delegated
 * role of A neither reads nor changes anything of organization B (same realm) — B's paths answer 403,
 * B's ids under A's paths 404 (or 400 naming the field where they are input) — and B is unchanged.
 */
class GovernanceIsolationIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    static final String[] ALL_DELEGATED = {"view-organization", "manage-organization", "view-members", "manage-members",
            "view-roles", "manage-roles", "view-scim", "manage-scim", "view-provisioning", "manage-provisioning"};

    @Test
    void givenADelegateOfA_thenNothingOfBCanBeReadOrChangedThroughAnyGovernanceEndpoint() {
        Gov a = Gov.create(admin);
        Gov b = a.sibling();
        a.role("a-role");
        b.role("b-role");
        String attacker = a.delegate("attacker", ALL_DELEGATED);
        String attackerId = a.userId("attacker");
        String aMember = a.member("a-member", Map.of("department", List.of("Sales")));
        String aGroup = a.scimGroup("A-Group");

        // B: a member, a rule, a group, a review with an item, a pending request, audit entries
        String bMember = b.member("b-member", Map.of("department", List.of("Sales")));
        String bRequester = b.delegate("b-requester");
        String bReviewer = b.member("b-reviewer", Map.of());
        String bGroup = b.scimGroup("B-Group");
        String bRule = b.rule("b-sales", Map.of("attribute", "department", "op", "eq", "value", "Sales"), List.of("b-role"), List.of());
        assertThat(b.holderIds("b-role")).contains(bMember);
        Http.Response review = Http.post(b.org() + "/access-reviews").bearer(admin.token()).json(Map.of("name", "b-review",
                "reviewers", List.of(bReviewer), "dueAt", Instant.now().plus(Duration.ofDays(3)).toString())).send();
        assertThat(review.status()).as(review.toString()).isEqualTo(201);
        String bReview = review.json().get("id").asText();
        String bItem = review.json().get("items").get(0).get("id").asText();
        Http.Response request = Http.post(b.org() + "/access-requests").bearer(bRequester)
                .json(Map.of("group", bGroup, "reason", "b's own", "durationSeconds", 3600)).send();
        assertThat(request.status()).as(request.toString()).isEqualTo(201);
        String bRequest = request.json().get("id").asText();
        int bAuditBefore = b.audit().size();

        Map<String, Object> rule = Gov.ruleBody("x", Map.of("attribute", "department", "op", "pr"), List.of("a-role"), List.of());

        // B's own paths: 403, whatever the endpoint
        for (Http h : List.of(
                Http.get(b.org() + "/access-rules"),
                Http.get(b.org() + "/access-rules/" + bRule),
                Http.get(b.org() + "/access-rules/" + bRule + "/preview"),
                Http.put(b.org() + "/access-rules/" + bRule).json(Gov.ruleBody("b-sales", rule.get("when"), List.of("b-role"), List.of())),
                Http.delete(b.org() + "/access-rules/" + bRule),
                Http.post(b.org() + "/access-rules").json(Gov.ruleBody("evil", rule.get("when"), List.of("b-role"), List.of())),
                Http.post(b.org() + "/access-rules/preview").json(Gov.ruleBody("evil", rule.get("when"), List.of("b-role"), List.of())),
                Http.get(b.org() + "/access-reviews"),
                Http.get(b.org() + "/access-reviews/" + bReview),
                Http.get(b.org() + "/access-reviews/" + bReview + "/items"),
                Http.put(b.org() + "/access-reviews/" + bReview + "/items/" + bItem).json(Map.of("decision", "REVOKE")),
                Http.post(b.org() + "/access-reviews/" + bReview + "/decisions").json(Map.of("items", List.of(bItem), "decision", "REVOKE")),
                Http.post(b.org() + "/access-reviews/" + bReview + "/close"),
                Http.get(b.org() + "/access-reviews/" + bReview + "/report?format=csv"),
                Http.post(b.org() + "/access-reviews").json(Map.of("name", "evil", "reviewers", List.of(attackerId),
                        "dueAt", Instant.now().plus(Duration.ofDays(1)).toString())),
                Http.get(b.org() + "/access-requests"),
                Http.get(b.org() + "/access-requests/" + bRequest),
                Http.post(b.org() + "/access-requests/" + bRequest + "/approve").json(Map.of()),
                Http.post(b.org() + "/access-requests/" + bRequest + "/deny").json(Map.of()),
                Http.post(b.org() + "/access-requests/" + bRequest + "/cancel"),
                Http.post(b.org() + "/access-requests").json(Map.of("role", "b-role", "reason", "x", "durationSeconds", 60)),
                Http.get(b.org() + "/audit"),
                Http.get(b.org() + "/audit?format=csv"),
                Http.get(b.org() + "/my-access"),
                Http.get(b.f.rolesUrl() + "/b-role/users"),
                Http.put(b.f.rolesUrl() + "/b-role/users/" + attackerId).json(Map.of()),
                Http.delete(b.f.rolesUrl() + "/b-role/users/" + bMember),
                Http.get(b.org() + "/groups/" + bGroup + "/members"),
                Http.put(b.org() + "/groups/" + bGroup + "/members/" + bMember).json(Map.of()),
                Http.delete(b.org() + "/groups/" + bGroup + "/members/" + bMember))) {
            Http.Response r = h.bearer(attacker).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
        }

        // B's ids under A's paths: not here
        for (Http h : List.of(
                Http.get(a.org() + "/access-rules/" + bRule),
                Http.get(a.org() + "/access-rules/" + bRule + "/preview"),
                Http.put(a.org() + "/access-rules/" + bRule).json(Gov.ruleBody("b-sales", rule.get("when"), List.of("a-role"), List.of())),
                Http.delete(a.org() + "/access-rules/" + bRule),
                Http.get(a.org() + "/access-reviews/" + bReview),
                Http.get(a.org() + "/access-reviews/" + bReview + "/items"),
                Http.put(a.org() + "/access-reviews/" + bReview + "/items/" + bItem).json(Map.of("decision", "REVOKE")),
                Http.post(a.org() + "/access-reviews/" + bReview + "/close"),
                Http.get(a.org() + "/access-reviews/" + bReview + "/report"),
                Http.get(a.org() + "/access-requests/" + bRequest),
                Http.post(a.org() + "/access-requests/" + bRequest + "/approve").json(Map.of()),
                Http.post(a.org() + "/access-requests/" + bRequest + "/deny").json(Map.of()),
                Http.get(a.org() + "/groups/" + bGroup + "/members"),
                Http.put(a.org() + "/groups/" + bGroup + "/members/" + aMember).json(Map.of()))) {
            Http.Response r = h.bearer(attacker).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
        }

        // B's roles, groups and members as input to A's endpoints: 400 naming the field
        assertThat(Gov.field(a.createRule(attacker, Gov.ruleBody("x", rule.get("when"), List.of("b-role"), List.of())))).isEqualTo("grant.roles");
        assertThat(Gov.field(a.createRule(attacker, Gov.ruleBody("x", rule.get("when"), List.of(), List.of(bGroup))))).isEqualTo("grant.groups");
        assertThat(Gov.field(a.createRule(attacker, Gov.ruleBody("x", Map.of("group", bGroup), List.of("a-role"), List.of())))).isEqualTo("when");
        assertThat(Gov.field(Http.post(a.org() + "/access-reviews").bearer(attacker).json(Map.of("name", "x",
                "scope", Map.of("groups", List.of(bGroup)), "reviewers", List.of(attackerId),
                "dueAt", Instant.now().plus(Duration.ofDays(1)).toString())).send())).isEqualTo("scope.groups");
        assertThat(Gov.field(Http.post(a.org() + "/access-reviews").bearer(attacker).json(Map.of("name", "x",
                "scope", Map.of("roles", List.of("b-role")), "reviewers", List.of(attackerId),
                "dueAt", Instant.now().plus(Duration.ofDays(1)).toString())).send())).isEqualTo("scope.roles");
        assertThat(Gov.field(Http.post(a.org() + "/access-reviews").bearer(attacker).json(Map.of("name", "x",
                "reviewers", List.of(bReviewer), "dueAt", Instant.now().plus(Duration.ofDays(1)).toString())).send())).isEqualTo("reviewers");
        assertThat(Gov.field(Http.post(a.org() + "/access-requests").bearer(attacker)
                .json(Map.of("group", bGroup, "reason", "x", "durationSeconds", 60)).send())).isEqualTo("group");
        assertThat(Gov.field(Http.post(a.org() + "/access-requests").bearer(attacker)
                .json(Map.of("role", "b-role", "reason", "x", "durationSeconds", 60)).send())).isEqualTo("role");
        assertThat(Gov.field(Http.put(a.f.rolesUrl() + "/a-role/users/" + bMember).bearer(attacker).json(Map.of()).send())).isEqualTo("userId");
        assertThat(Gov.field(Http.put(a.org() + "/groups/" + aGroup + "/members/" + bMember).bearer(attacker).json(Map.of()).send()))
                .isEqualTo("userId");
        // A review of A cannot carry B's items
        Http.Response aReview = Http.post(a.org() + "/access-reviews").bearer(admin.token()).json(Map.of("name", "a-review",
                "reviewers", List.of(attackerId), "dueAt", Instant.now().plus(Duration.ofDays(3)).toString())).send();
        assertThat(aReview.status()).as(aReview.toString()).isEqualTo(201);
        String aReviewId = aReview.json().get("id").asText();
        assertThat(aReview.json().toString()).doesNotContain(bMember).doesNotContain(bItem);
        assertThat(Gov.field(Http.post(a.org() + "/access-reviews/" + aReviewId + "/decisions").bearer(attacker)
                .json(Map.of("items", List.of(bItem), "decision", "REVOKE")).send())).isEqualTo("items");
        assertThat(Http.put(a.org() + "/access-reviews/" + aReviewId + "/items/" + bItem).bearer(attacker)
                .json(Map.of("decision", "REVOKE")).send().status()).isEqualTo(404);

        // A's own listings name nothing of B
        String aAll = Http.get(a.org() + "/audit?max=1000").bearer(attacker).send().body()
                + Http.get(a.org() + "/audit?format=csv").bearer(attacker).send().body()
                + Http.get(a.org() + "/access-rules").bearer(attacker).send().body()
                + Http.get(a.org() + "/access-reviews").bearer(attacker).send().body()
                + Http.get(a.org() + "/access-requests").bearer(attacker).send().body()
                + Http.get(a.org() + "/my-access").bearer(attacker).send().body();
        assertThat(aAll).doesNotContain(b.f.orgId).doesNotContain(bMember).doesNotContain(bRule).doesNotContain(bReview)
                .doesNotContain(bRequest).doesNotContain(bGroup).doesNotContain("b-role");

        // B is unchanged
        assertThat(Http.get(b.org() + "/access-rules/" + bRule).bearer(admin.token()).send().json().get("name").asText()).isEqualTo("b-sales");
        assertThat(b.holderIds("b-role")).containsExactly(bMember);
        assertThat(Http.get(b.org() + "/access-reviews/" + bReview + "/items?decision=PENDING").bearer(admin.token()).send().json())
                .hasSize(review.json().get("items").size());
        JsonNode req = Http.get(b.org() + "/access-requests/" + bRequest).bearer(admin.token()).send().json();
        assertThat(req.get("status").asText()).isEqualTo("PENDING");
        assertThat(Http.get(b.org() + "/groups/" + bGroup + "/members").bearer(admin.token()).send().json()).isEmpty();
        assertThat(b.audit().size()).as("no entry in B's trail").isEqualTo(bAuditBefore);
    }

    @Test
    void givenEachDelegatedRole_thenTheGovernanceEndpointsAllowExactlyItsShare() {
        Gov g = Gov.create(admin);
        g.role("app");
        String group = g.scimGroup("Team");
        String target = g.member("target", Map.of());
        String requester = g.delegate("asker");
        String due = Instant.now().plus(Duration.ofDays(2)).toString();
        Map<String, Object> rule = Gov.ruleBody("r", Map.of("attribute", "department", "op", "pr"), List.of("app"), List.of());
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String role : new String[] {"view-organization", "manage-organization", "view-members", "manage-members", "view-roles",
                "manage-roles"}) {
            tokens.put(role, g.delegate("d-" + role, role));
        }
        tokens.put("member", g.delegate("d-plain"));
        String reviewer = g.userId("d-plain");
        // expected status per endpoint and role, in the order of `tokens`
        record Check(String what, java.util.function.Supplier<Http> call, int... status) {
        }
        List<Check> checks = List.of(
                new Check("audit", () -> Http.get(g.org() + "/audit"), 200, 200, 403, 403, 403, 403, 403),
                new Check("rules: list", () -> Http.get(g.org() + "/access-rules"), 403, 403, 403, 403, 200, 200, 403),
                new Check("rules: preview a draft", () -> Http.post(g.org() + "/access-rules/preview").json(rule), 403, 403, 403, 403, 403, 200, 403),
                new Check("role holders", () -> Http.get(g.f.rolesUrl() + "/app/users"), 403, 403, 403, 403, 200, 200, 403),
                new Check("group members", () -> Http.get(g.org() + "/groups/" + group + "/members"), 403, 403, 200, 200, 403, 403, 403),
                new Check("reviews: create", () -> Http.post(g.org() + "/access-reviews").json(Map.of("name", "q",
                        "scope", Map.of("roles", List.of("app")), "reviewers", List.of(reviewer), "dueAt", due)), 403, 403, 403, 201, 403, 403, 403),
                new Check("reviews: list", () -> Http.get(g.org() + "/access-reviews"), 200, 200, 200, 200, 200, 200, 200),
                new Check("requests: list", () -> Http.get(g.org() + "/access-requests"), 200, 200, 200, 200, 200, 200, 200),
                new Check("my access", () -> Http.get(g.org() + "/my-access"), 200, 200, 200, 200, 200, 200, 200));
        for (Check c : checks) {
            int i = 0;
            for (Map.Entry<String, String> t : tokens.entrySet()) {
                Http.Response r = c.call().get().bearer(t.getValue()).send();
                assertThat(r.status()).as(c.what() + " by " + t.getKey() + ": " + r).isEqualTo(c.status()[i++]);
            }
        }
        // writes: each role once, on its own object
        assertThat(g.createRule(tokens.get("view-roles"), rule).status()).isEqualTo(403);
        assertThat(g.createRule(tokens.get("manage-members"), rule).status()).isEqualTo(403);
        assertThat(g.createRule(tokens.get("manage-roles"), rule).status()).isEqualTo(201);
        for (String role : new String[] {"view-members", "manage-roles", "member"}) {
            assertThat(Http.put(g.org() + "/groups/" + group + "/members/" + target).bearer(tokens.get(role)).json(Map.of()).send().status())
                    .as("group membership by " + role).isEqualTo(403);
        }
        assertThat(Http.put(g.org() + "/groups/" + group + "/members/" + target).bearer(tokens.get("manage-members"))
                .json(Map.of("expiresAt", due)).send().status()).isEqualTo(204);
        for (String role : new String[] {"view-roles", "manage-members", "member"}) {
            assertThat(Http.put(g.f.rolesUrl() + "/app/users/" + target).bearer(tokens.get(role)).json(Map.of("expiresAt", due)).send().status())
                    .as("role grant by " + role).isEqualTo(403);
        }
        assertThat(Http.put(g.f.rolesUrl() + "/app/users/" + target).bearer(tokens.get("manage-roles")).json(Map.of("expiresAt", due))
                .send().status()).isEqualTo(204);
        assertThat(g.holders("app").get(target).get("grantedBy").asText()).isEqualTo("user:" + g.userId("d-manage-roles"));
        String request = Http.post(g.org() + "/access-requests").bearer(requester)
                .json(Map.of("group", group, "reason", "project", "durationSeconds", 600)).send().json().get("id").asText();
        for (String role : new String[] {"view-organization", "manage-organization", "view-members", "manage-members", "view-roles", "member"}) {
            assertThat(Http.post(g.org() + "/access-requests/" + request + "/approve").bearer(tokens.get(role)).json(Map.of()).send().status())
                    .as("approval by " + role).isEqualTo(403);
        }
        assertThat(Http.post(g.org() + "/access-requests/" + request + "/approve").bearer(tokens.get("manage-roles")).json(Map.of()).send()
                .status()).isEqualTo(200);
        String review = Http.post(g.org() + "/access-reviews").bearer(admin.token()).json(Map.of("name", "q2",
                "reviewers", List.of(reviewer), "dueAt", due)).send().json().get("id").asText();
        for (String role : new String[] {"view-organization", "view-members", "view-roles", "manage-roles", "member"}) {
            assertThat(Http.post(g.org() + "/access-reviews/" + review + "/close").bearer(tokens.get(role)).send().status())
                    .as("close by " + role).isEqualTo(403);
            assertThat(Http.get(g.org() + "/access-reviews/" + review + "/report").bearer(tokens.get(role)).send().status())
                    .as("report by " + role).isEqualTo(403);
        }
        assertThat(Http.get(g.org() + "/access-reviews/" + review + "/report").bearer(tokens.get("manage-members")).send().status()).isEqualTo(200);
        assertThat(Http.post(g.org() + "/access-reviews/" + review + "/close").bearer(tokens.get("manage-members")).send().status()).isEqualTo(200);
    }
}
