package dev.tenancy.it.scim;

import static dev.tenancy.it.scim.ScimClient.GROUP;
import static dev.tenancy.it.scim.ScimClient.USER;
import static dev.tenancy.it.scim.ScimClient.assertScimError;
import static dev.tenancy.it.scim.ScimClient.op;
import static dev.tenancy.it.scim.ScimClient.patchOp;
import static dev.tenancy.it.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.ServerTest;

/** Two organizations of one realm: nothing of one is visible or changeable through the other. */
class ScimIsolationIT extends ServerTest {

    @Test
    void givenTwoOrganizations_thenEveryEndpointAnswers404ForTheOthersResources() {
        ScimClient a = ScimClient.create(admin);
        ScimClient b = a.sibling();
        String userA = a.createUser("iso.a", "iso.a@example.com").get("id").asText();
        String groupA = a.createGroup("GroupA", userA).get("id").asText();
        String userB = b.createUser("iso.b", "iso.b@example.com").get("id").asText();
        String realmUser = admin.createUser(a.fixture.realm, "plain", "pw-123456");

        for (String foreign : List.of(userA, realmUser, "00000000-0000-0000-0000-000000000000")) {
            assertScimError(b.get("/Users/" + foreign).send(), 404, null);
            assertScimError(b.put("/Users/" + foreign, Map.of("schemas", List.of(USER), "userName", "hijack")).send(), 404, null);
            assertScimError(b.patch("/Users/" + foreign, patchOp(op("replace", "active", false))).send(), 404, null);
            assertScimError(b.delete("/Users/" + foreign).send(), 404, null);
        }
        assertScimError(b.get("/Groups/" + groupA).send(), 404, null);
        assertScimError(b.patch("/Groups/" + groupA, patchOp(op("add", "members", List.of(Map.of("value", userB))))).send(), 404, null);
        assertScimError(b.put("/Groups/" + groupA, Map.of("schemas", List.of(GROUP), "displayName", "x")).send(), 404, null);
        assertScimError(b.delete("/Groups/" + groupA).send(), 404, null);
        // the organization's internal membership group is not a SCIM group either
        assertThat(b.get("/Users?filter=" + q("userName eq \"iso.b\"")).send().json().at("/Resources/0/groups").isMissingNode()).isTrue();

        assertThat(b.get("/Users").send().json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(b.get("/Users?filter=" + q("userName eq \"iso.a\"")).send().json().get("totalResults").asInt()).isZero();
        assertThat(b.get("/Groups").send().json().get("totalResults").asInt()).isZero();
        assertThat(b.get("/Users?filter=" + q("groups eq \"" + groupA + "\"")).send().json().get("totalResults").asInt()).isZero();
        // a member of B cannot be put into A's group, nor can A's user be put into B's group
        assertScimError(a.patch("/Groups/" + groupA, patchOp(op("add", "members", List.of(Map.of("value", userB))))).send(), 400, "invalidValue");
        Http.Response groupB = b.post("/Groups", Map.of("schemas", List.of(GROUP), "displayName", "GroupB", "members", List.of(Map.of("value", userA)))).send();
        assertScimError(groupB, 400, "invalidValue");

        // A's user is unchanged by all of B's attempts
        var still = a.get("/Users/" + userA).send().json();
        assertThat(still.get("active").asBoolean()).isTrue();
        assertThat(still.get("userName").asText()).isEqualTo("iso.a");
        assertThat(a.get("/Groups/" + groupA).send().json().get("members")).hasSize(1);
    }

    @Test
    void givenAUserOfAnotherOrganization_thenCreateIs409AndRevealsNothingAndNoAdoption() {
        ScimClient a = ScimClient.create(admin);
        ScimClient b = a.sibling();
        Http.Response put = Http.put(b.fixture.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("enabled", true, "auth", Map.of("type", "EXTERNAL_SECRET"), "adoptExistingUsers", true)).send();
        assertThat(put.status()).isIn(200, 204);
        // B's new secret replaced the old one? keep using A for the first user
        a.createUser("shared.name", "shared@" + b.fixture.alias + ".test");
        Http.Response conflict = Http.post(b.base + "/Users").header("Authorization", b.authorization)
                .body(ScimClient.SCIM_JSON, ScimClient.json(Map.of("schemas", List.of(USER), "userName", "Shared.Name",
                        "emails", List.of(Map.of("value", "shared@" + b.fixture.alias + ".test", "primary", true))))).send();
        assertScimError(conflict, 409, "uniqueness");
        assertThat(conflict.body()).doesNotContain(a.fixture.orgId).doesNotContain(a.fixture.alias);
        assertThat(b.get("/Users").send().json().get("totalResults").asInt()).isZero();
    }

    @Test
    void givenTheSameExternalIdInTwoOrganizations_thenEachKeepsItsOwn() {
        ScimClient a = ScimClient.create(admin);
        ScimClient b = a.sibling();
        a.post("/Users", Map.of("schemas", List.of(USER), "userName", "ext.a", "externalId", "same")).send();
        Http.Response rb = b.post("/Users", Map.of("schemas", List.of(USER), "userName", "ext.b", "externalId", "same")).send();
        assertThat(rb.status()).as(rb.toString()).isEqualTo(201);
        assertScimError(a.post("/Users", Map.of("schemas", List.of(USER), "userName", "ext.a2", "externalId", "same")).send(), 409, "uniqueness");
        assertThat(a.get("/Users?filter=" + q("externalId eq \"same\"")).send().json().at("/Resources/0/userName").asText()).isEqualTo("ext.a");
        assertThat(b.get("/Users?filter=" + q("externalId eq \"same\"")).send().json().at("/Resources/0/userName").asText()).isEqualTo("ext.b");
    }
}
