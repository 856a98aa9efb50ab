package dev.tenancy.it.events;

import static dev.tenancy.it.events.EventsFixture.change;
import static dev.tenancy.it.events.EventsFixture.ofUser;
import static dev.tenancy.it.events.EventsFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;

/** Changes made by an identity provider through the organization's SCIM endpoint. */
class ScimChangePathIT extends ReceiverTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SCIM = "application/scim+json";
    @Test
    void givenScimCreatesChangesAndDeactivatesAUser_thenJoinerMoverLeaverWithCauseScim() {
        Fixture f = Fixture.create(admin);
        EventsFixture.allowUnmanagedAttributes(admin, f.realm);
        String secret = f.enableScimWithSecret();
        String path = "/" + Admin.unique("scim");
        JsonNode sub = EventsFixture.subscribe(admin, f.realm, receiver.url(path), f.orgId);

        Http.Response created = Http.post(f.scimBaseUrl() + "/Users").bearer(secret).body(SCIM, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "userName": "Lena.Scim@%s.test", "externalId": "ext-lena",
                 "name": {"givenName": "Lena", "familyName": "Scim"},
                 "emails": [{"value": "lena.scim@%s.test", "type": "work", "primary": true}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales"}}
                """.formatted(f.alias, f.alias)).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String userId = created.json().get("id").asText();

        Http.Response moved = Http.patch(f.scimBaseUrl() + "/Users/" + userId).bearer(secret).body(SCIM, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Marketing"}]}
                """).send();
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

        Http.Response disabled = Http.patch(f.scimBaseUrl() + "/Users/" + userId).bearer(secret).body(SCIM, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}
                """).send();
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);

        receiver.awaitCount(path, 3, WAIT);
        Receiver.sleep(1500);
        List<JsonNode> events = ofUser(receiver.accepted(path), userId);
        assertThat(types(events)).containsExactly("joiner", "mover", "leaver");
        for (JsonNode e : events) {
            assertThat(e.path("data").path("cause").asText()).isEqualTo("SCIM");
            assertThat(e.path("data").path("organization").path("id").asText()).isEqualTo(f.orgId);
            assertThat(e.path("source").asText()).isEqualTo("/realms/" + f.realm + "/organizations/" + f.orgId);
        }
        JsonNode department = change(events.get(1), "attributes.department");
        assertThat(department.path("old").toString()).isEqualTo("[\"Sales\"]");
        assertThat(department.path("new").toString()).isEqualTo("[\"Marketing\"]");
        for (Receiver.Request r : receiver.accepted(path)) {
            EventsFixture.verify(r, sub.path("secret").asText());
        }
    }

    /**
     * A member SCIM creates is captured from what the request knows (its organization, its roles, no
     * groups) instead of being read back; a later role grant is read from the database. The two must
     * agree: the grant's event carries the role change alone, no membership or group difference.
     */
    @Test
    void givenScimCreatesAMemberWithARole_thenALaterGrantReportsOnlyTheRoleChange() {
        Fixture f = Fixture.create(admin);
        String secret = f.enableScimWithSecret();
        for (String role : List.of("sales", "finance")) {
            Http.Response r = Http.post(f.rolesUrl()).bearer(admin.token()).json(java.util.Map.of("name", role)).send();
            assertThat(r.status()).as(r.toString()).isBetween(200, 204);
        }
        String path = "/" + Admin.unique("scim-roles");
        EventsFixture.subscribe(admin, f.realm, receiver.url(path), f.orgId);

        Http.Response created = Http.post(f.scimBaseUrl() + "/Users").bearer(secret).body(SCIM, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                 "userName": "rolf.roles@%s.test", "roles": [{"value": "sales"}]}
                """.formatted(f.alias)).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String userId = created.json().get("id").asText();
        Http.Response granted = Http.patch(f.scimBaseUrl() + "/Users/" + userId).bearer(secret).body(SCIM, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "add", "path": "roles", "value": [{"value": "finance"}]}]}
                """).send();
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);

        receiver.awaitCount(path, 2, WAIT);
        Receiver.sleep(1500);
        List<JsonNode> events = ofUser(receiver.accepted(path), userId);
        assertThat(types(events)).containsExactly("joiner", "mover");
        JsonNode mover = events.get(1);
        assertThat(mover.path("data").path("changes")).as(mover.toString()).hasSize(1);
        JsonNode roles = change(mover, "organization.roles");
        assertThat(roles).as(mover.toString()).isNotNull();
        assertThat(roles.path("old").toString()).isEqualTo("[\"sales\"]");
        assertThat(roles.path("new").toString()).isEqualTo("[\"finance\",\"sales\"]");
    }

    /**
     * An access rule gives a role when SCIM creates the account and takes it when SCIM changes the
     * department: the SCIM answers show the roles the member holds after the rules (and their ETag is
     * the resource's), and the mover reports the rule's revocation against the state the creation
     * left, including the role the rule gave.
     */
    @Test
    void givenADepartmentRule_thenScimAnswersAndEventsIncludeTheRulesRoleChanges() {
        Fixture f = Fixture.create(admin);
        EventsFixture.allowUnmanagedAttributes(admin, f.realm);
        String secret = f.enableScimWithSecret();
        Http.Response role = Http.post(f.rolesUrl()).bearer(admin.token()).json(java.util.Map.of("name", "sales")).send();
        assertThat(role.status()).as(role.toString()).isBetween(200, 204);
        Http.Response rule = Http.post(f.orgsUrl() + "/" + f.orgId + "/access-rules").bearer(admin.token()).json(java.util.Map.of(
                "name", "sales", "when", java.util.Map.of("attribute", "department", "op", "eq", "value", "Sales"),
                "grant", java.util.Map.of("roles", List.of("sales")))).send();
        assertThat(rule.status()).as(rule.toString()).isEqualTo(201);
        String path = "/" + Admin.unique("scim-rule");
        EventsFixture.subscribe(admin, f.realm, receiver.url(path), f.orgId);

        Http.Response created = Http.post(f.scimBaseUrl() + "/Users").bearer(secret).body(SCIM, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "userName": "sam.sales@%s.test",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales"}}
                """.formatted(f.alias)).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("roles").toString()).as(created.toString()).contains("\"sales\"");
        String userId = created.json().get("id").asText();
        Http.Response read = Http.get(f.scimBaseUrl() + "/Users/" + userId).bearer(secret).send();
        assertThat(created.json().path("meta").path("version").asText()).isEqualTo(read.json().path("meta").path("version").asText());

        Http.Response moved = Http.patch(f.scimBaseUrl() + "/Users/" + userId).bearer(secret).body(SCIM, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Marketing"}]}
                """).send();
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().path("roles").toString()).as(moved.toString()).doesNotContain("sales");
        Http.Response after = Http.get(f.scimBaseUrl() + "/Users/" + userId).bearer(secret).send();
        assertThat(moved.json().path("meta").path("version").asText()).isEqualTo(after.json().path("meta").path("version").asText());

        receiver.awaitCount(path, 2, WAIT);
        Receiver.sleep(1500);
        List<JsonNode> events = ofUser(receiver.accepted(path), userId);
        assertThat(types(events)).containsExactly("joiner", "mover");
        JsonNode roles = change(events.get(1), "organization.roles");
        assertThat(roles).as(events.get(1).toString()).isNotNull();
        assertThat(roles.path("old").toString()).isEqualTo("[\"sales\"]");
        assertThat(roles.path("new").toString()).isEqualTo("[]");
    }

    /** Creations of a Bulk (run on the server's Bulk workers) are reported like single requests: cause SCIM, the organization. */
    @Test
    void givenBulkCreations_thenEachIsAJoinerWithCauseScim() {
        Fixture f = Fixture.create(admin);
        String secret = f.enableScimWithSecret();
        String path = "/" + Admin.unique("scim-bulk");
        EventsFixture.subscribe(admin, f.realm, receiver.url(path), f.orgId);
        List<Object> ops = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ops.add(java.util.Map.of("method", "POST", "path", "/Users", "bulkId", "b" + i, "data", java.util.Map.of(
                    "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", "bulk" + i + "@" + f.alias + ".test")));
        }
        Http.Response r = Http.post(f.scimBaseUrl() + "/Bulk").bearer(secret).json(java.util.Map.of(
                "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:BulkRequest"), "Operations", ops)).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        r.json().get("Operations").forEach(o -> {
            assertThat(o.path("status").asText()).as(o.toString()).isEqualTo("201");
            String location = o.path("location").asText();
            ids.add(location.substring(location.lastIndexOf('/') + 1));
        });
        receiver.awaitCount(path, 6, WAIT);
        Receiver.sleep(1500);
        for (String id : ids) {
            List<JsonNode> events = ofUser(receiver.accepted(path), id);
            assertThat(types(events)).as(id).containsExactly("joiner");
            assertThat(events.get(0).path("data").path("cause").asText()).isEqualTo("SCIM");
            assertThat(events.get(0).path("data").path("organization").path("id").asText()).isEqualTo(f.orgId);
        }
    }
}
