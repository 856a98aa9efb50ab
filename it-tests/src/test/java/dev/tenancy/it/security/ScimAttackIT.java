package dev.tenancy.it.security;

import static dev.tenancy.it.scim.ScimClient.GROUP;
import static dev.tenancy.it.scim.ScimClient.USER;
import static dev.tenancy.it.scim.ScimClient.assertScimError;
import static dev.tenancy.it.scim.ScimClient.asPut;
import static dev.tenancy.it.scim.ScimClient.map;
import static dev.tenancy.it.scim.ScimClient.op;
import static dev.tenancy.it.scim.ScimClient.patchOp;
import static dev.tenancy.it.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.ServerTest;

/** Issue 8, items 9 to 12 and 14 (SCIM side), reproduced against the real server, now with the safe outcome. */
class ScimAttackIT extends ServerTest {

    /** Item 9: the version follows every change of what the resource shows, by any path. */
    @Test
    void givenAnAdminConsoleEdit_thenTheETagChangesAndStaleVersionsAreRefused() {
        OrgScim a = OrgScim.create(admin);
        String id = a.createUserId("etag.user", "etag.user@" + a.domain());
        Http.Response first = a.get("/Users/" + id).send();
        String v1 = first.header("ETag");
        assertThat(v1).isNotBlank().isEqualTo(first.json().at("/meta/version").asText());
        assertThat(a.get("/Users/" + id).header("If-None-Match", v1).send().status()).isEqualTo(304);
        assertThat(a.get("/Users/" + id + "?attributes=userName").send().header("ETag")).isEqualTo(v1);
        assertThat(a.get("/Users?filter=" + q("userName eq \"etag.user\"")).send().json().at("/Resources/0/meta/version").asText())
                .isEqualTo(v1);

        JsonNode rep = a.user(id);
        Http.Response edit = Http.put(a.realmUrl() + "/users/" + id).bearer(admin.token()).json(map("username", rep.get("username").asText(),
                "email", rep.get("email").asText(), "firstName", "Console", "lastName", rep.get("lastName").asText())).send();
        assertThat(edit.status()).as(edit.toString()).isEqualTo(204);

        Http.Response second = a.get("/Users/" + id).header("If-None-Match", v1).send();
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().at("/name/givenName").asText()).isEqualTo("Console");
        String v2 = second.header("ETag");
        assertThat(v2).isNotEqualTo(v1);
        assertScimError(a.patch("/Users/" + id, patchOp(op("replace", "title", "x"))).header("If-Match", v1).send(), 412, null);
        assertScimError(a.put("/Users/" + id, asPut(second.json())).header("If-Match", v1).send(), 412, null);
        assertScimError(a.delete("/Users/" + id).header("If-Match", v1).send(), 412, null);
        Http.Response ok = a.patch("/Users/" + id, patchOp(op("replace", "title", "x"))).header("If-Match", v2).send();
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.header("ETag")).isEqualTo(a.get("/Users/" + id).send().header("ETag"));

        // a group changed in the admin console (a member's account deleted there): its version changes too
        String other = a.createUserId("etag.other", "etag.other@" + a.domain());
        JsonNode group = a.post("/Groups", map("schemas", List.of(GROUP), "displayName", "Etag Group",
                "members", List.of(Map.of("value", other)))).send().json();
        String gid = group.get("id").asText();
        String g1 = a.get("/Groups/" + gid).send().header("ETag");
        assertThat(g1).isEqualTo(group.at("/meta/version").asText());
        assertThat(a.get("/Groups/" + gid).header("If-None-Match", g1).send().status()).isEqualTo(304);
        assertThat(Http.delete(a.realmUrl() + "/users/" + other).bearer(admin.token()).send().status()).isEqualTo(204);
        Http.Response g2 = a.get("/Groups/" + gid).header("If-None-Match", g1).send();
        assertThat(g2.status()).isEqualTo(200);
        assertThat(g2.json().get("members")).isEmpty();
        assertThat(g2.header("ETag")).isNotEqualTo(g1);
        assertScimError(a.patch("/Groups/" + gid, patchOp(op("replace", "displayName", "Renamed"))).header("If-Match", g1).send(), 412, null);
    }

    /** Item 9: another organization's change of a shared member changes what this organization sees. */
    @Test
    void givenTheOwnerChangesASharedAccount_thenTheOtherOrganizationsETagChanges() {
        OrgScim a = OrgScim.create(admin);
        OrgScim b = a.sibling();
        String id = a.createUserId("owned.shared", "owned.shared@" + a.domain());
        b.addMember(id);
        String vb = b.get("/Users/" + id).send().header("ETag");
        assertThat(a.patch("/Users/" + id, patchOp(op("replace", "displayName", "New Name"))).send().status()).isEqualTo(200);
        Http.Response seen = b.get("/Users/" + id).header("If-None-Match", vb).send();
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().get("displayName").asText()).isEqualTo("New Name");
    }

    /** Item 10: active is a boolean or "True"/"False"; nothing else, and removing it never re-enables. */
    @Test
    void givenActiveThatIsNotABoolean_thenTheRequestIsRefusedAndNothingChanges() {
        OrgScim a = OrgScim.create(admin);
        String id = a.createUserId("active.user", "active.user@" + a.domain());
        JsonNode before = a.snapshot(id);
        for (Object bad : List.of("yes", 1, 0, Map.of(), "", List.of(true), "truthy")) {
            if (!"".equals(bad)) { // in a PATCH, replace with "" removes the attribute (and removing active changes nothing)
                assertScimError(a.patch("/Users/" + id, patchOp(op("replace", "active", bad))).send(), 400, "invalidValue");
                assertScimError(a.patch("/Users/" + id, patchOp(op("replace", null, Map.of("active", bad)))).send(), 400, "invalidValue");
            }
            Map<String, Object> put = map("schemas", List.of(USER), "userName", "active.user", "active", bad);
            assertScimError(a.put("/Users/" + id, put).send(), 400, "invalidValue");
            assertScimError(a.post("/Users", map("schemas", List.of(USER), "userName", "active.other", "active", bad)).send(), 400, "invalidValue");
        }
        assertThat(a.snapshot(id)).isEqualTo(before);
        assertThat(a.get("/Users?filter=" + q("userName eq \"active.other\"")).send().json().get("totalResults").asInt()).isZero();

        assertThat(a.patch("/Users/" + id, patchOp(op("replace", "active", "FALSE"))).send().status()).isEqualTo(200);
        assertThat(a.user(id).get("enabled").asBoolean()).isFalse();
        Http.Response removed = a.patch("/Users/" + id, patchOp(op("remove", "active", null))).send();
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(a.user(id).get("enabled").asBoolean()).as("remove of active never re-enables").isFalse();
        assertThat(a.patch("/Users/" + id, patchOp(op("replace", "active", "tRuE"))).send().status()).isEqualTo(200);
        assertThat(a.user(id).get("enabled").asBoolean()).isTrue();
    }

    /** Item 11: what Keycloak's own admin API refuses, SCIM refuses too. */
    @Test
    void givenValuesKeycloakRefuses_thenScimAnswers400NamingTheAttribute() {
        OrgScim a = OrgScim.create(admin);
        assertThat(Http.post(a.realmUrl() + "/users").bearer(admin.token()).json(Map.of("username", "<img src=x>")).send().status())
                .as("Keycloak's own API refuses it").isEqualTo(400);
        Http.Response name = a.post("/Users", map("schemas", List.of(USER), "userName", "<img src=x>")).send();
        assertScimError(name, 400, "invalidValue");
        assertThat(name.json().get("detail").asText()).contains("userName");
        Http.Response email = a.post("/Users", map("schemas", List.of(USER), "userName", "email.bad",
                "emails", List.of(Map.of("value", "q@w@e", "primary", true)))).send();
        assertScimError(email, 400, "invalidValue");
        assertThat(email.json().get("detail").asText()).contains("emails");
        assertScimError(a.post("/Users", map("schemas", List.of(USER), "userName", "x".repeat(256))).send(), 400, "invalidValue");
        assertScimError(a.post("/Users", map("schemas", List.of(USER), "userName", "long.name",
                "name", Map.of("givenName", "g".repeat(300)))).send(), 400, "invalidValue");
        // a string attribute sent as an object is a type error, the same for every resource type
        assertScimError(a.post("/Users", map("schemas", List.of(USER), "userName", "ext.obj", "externalId", Map.of())).send(),
                400, "invalidValue");
        assertScimError(a.post("/Users", map("schemas", List.of(USER), "userName", "title.obj", "title", Map.of())).send(),
                400, "invalidValue");
        assertScimError(a.post("/Groups", map("schemas", List.of(GROUP), "displayName", "Ext Obj", "externalId", Map.of())).send(),
                400, "invalidValue");
        assertThat(a.get("/Groups").send().json().get("totalResults").asInt()).isZero();
        assertThat(a.get("/Users").send().json().get("totalResults").asInt()).isZero();

        String id = a.createUserId("valid.user", "valid.user@" + a.domain());
        JsonNode before = a.snapshot(id);
        assertScimError(a.patch("/Users/" + id, patchOp(op("replace", "userName", "<script>"))).send(), 400, "invalidValue");
        assertScimError(a.patch("/Users/" + id, patchOp(op("replace", "emails[type eq \"work\"].value", "q@w@e"))).send(), 400, "invalidValue");
        assertScimError(a.patch("/Users/" + id, patchOp(op("replace", "userName", "y".repeat(256)))).send(), 400, "invalidValue");
        assertThat(a.snapshot(id)).isEqualTo(before);
    }

    /** Item 12: deep filters, long filters, bad attribute paths: 400, never 500. */
    @Test
    void givenHostileFiltersAndPaths_thenTheAnswerIs400NotA500() {
        OrgScim a = OrgScim.create(admin);
        String id = a.createUserId("filter.user", "filter.user@" + a.domain());
        String deep = "not(".repeat(3000) + "userName eq \"x\"" + ")".repeat(3000);
        assertScimError(a.get("/Users?filter=" + q(deep)).send(), 400, "invalidFilter");
        assertScimError(a.post("/Users/.search", map("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                "filter", deep)).send(), 400, "invalidFilter");
        assertScimError(a.post("/.search", map("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                "filter", deep)).send(), 400, "invalidFilter");
        assertScimError(a.get("/Groups?filter=" + q(deep)).send(), 400, "invalidFilter");
        Http.Response path = a.patch("/Users/" + id, patchOp(op("replace", "emails[" + deep + "].value", "a@b.c"))).send();
        assertThat(path.status()).as(path.toString()).isEqualTo(400);
        String nested51 = "(".repeat(51) + "userName eq \"filter.user\"" + ")".repeat(51);
        assertScimError(a.get("/Users?filter=" + q(nested51)).send(), 400, "invalidFilter");
        String nested50 = "(".repeat(49) + "userName eq \"filter.user\"" + ")".repeat(49);
        assertThat(a.get("/Users?filter=" + q(nested50)).send().json().get("totalResults").asInt()).isEqualTo(1);
        String longFilter = "userName eq \"" + "z".repeat(8300) + "\"";
        assertScimError(a.post("/Users/.search", map("filter", longFilter)).send(), 400, "invalidFilter");

        for (String bad : List.of(".", "..", "name.", ".name", "name..givenName", "a.b.c", "urn:", "urn:x:", "1abc", "na me", "emails[value]")) {
            assertScimError(a.get("/Users?attributes=" + q(bad)).send(), 400, "invalidPath");
            assertScimError(a.get("/Users/" + id + "?excludedAttributes=" + q(bad)).send(), 400, "invalidPath");
        }
    }

    /** NUL characters, which PostgreSQL refuses in text, in bodies, filters, paths and ids: 4xx, never 500. */
    @Test
    void givenNulCharacters_thenTheAnswerIs4xxNotA500() {
        OrgScim a = OrgScim.create(admin);
        String id = a.createUserId("nul.user", "nul.user@" + a.domain());
        JsonNode before = a.snapshot(id);
        assertScimError(a.patch("/Users/" + id, patchOp(op("replace", "title", "a\u0000b"))).send(), 400, "invalidValue");
        assertScimError(a.patch("/Users/" + id, patchOp(op("replace", "ti\u0000tle", "x"))).send(), 400, "invalidValue");
        assertScimError(a.post("/Users", map("schemas", List.of(USER), "userName", "nul\u0000name")).send(), 400, "invalidValue");
        // An encoded NUL in a query parameter never reaches SCIM: Keycloak's InvalidQueryParameterFilter answers 400.
        Http.Response nulFilter = a.get("/Users?filter=" + q("userName eq \"a\u0000\"")).send();
        assertThat(nulFilter.status()).as(nulFilter.toString()).isEqualTo(400);
        assertScimError(a.post("/Users/.search", map("filter", "userName eq \"a\u0000\"")).send(), 400, "invalidValue");
        Http.Response nulAttributes = a.get("/Users/" + id + "?attributes=" + q("user\u0000Name")).send();
        assertThat(nulAttributes.status()).as(nulAttributes.toString()).isEqualTo(400);
        // An encoded NUL in the path reaches the SCIM server, which answers before any database lookup.
        assertScimError(a.get("/Users/a%00b").send(), 404, null);
        assertThat(a.snapshot(id)).isEqualTo(before);
        assertThat(a.get("/Users").send().json().get("totalResults").asInt()).isEqualTo(1);
    }

    /** Item 12: errors never carry exception or database text. */
    @Test
    void givenFailures_thenErrorBodiesCarryNoExceptionText() {
        OrgScim a = OrgScim.create(admin);
        String id = a.createUserId("dup.one", "dup.one@" + a.domain());
        a.createUserId("dup.two", "dup.two@" + a.domain());
        List<Http.Response> answers = List.of(
                a.post("/Users", map("schemas", List.of(USER), "userName", "dup.one")).send(),
                a.patch("/Users/" + id, patchOp(op("replace", "userName", "dup.two"))).send(),
                a.patch("/Users/" + id, patchOp(op("replace", "emails[type eq \"work\"].value", "dup.two@" + a.domain()))).send(),
                a.post("/Users", map("schemas", List.of(USER), "userName", "ext.dup", "externalId", "e1")).send(),
                a.post("/Users", map("schemas", List.of(USER), "userName", "ext.dup2", "externalId", "e1")).send(),
                a.get("/Users?filter=" + q("userName eq")).send(),
                a.get("/Users?filter=" + q("unknownAttr eq \"x\"")).send());
        for (Http.Response r : answers) {
            assertThat(r.status()).as(r.toString()).isLessThan(500);
            assertThat(r.body()).doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("constraint")
                    .doesNotContainIgnoringCase("sql").doesNotContain("TNC_").doesNotContain("org.");
        }
        assertScimError(answers.get(0), 409, "uniqueness");
        assertScimError(answers.get(1), 409, "uniqueness");
        assertScimError(answers.get(2), 409, "uniqueness");
        assertScimError(answers.get(4), 409, "uniqueness");
    }
}
