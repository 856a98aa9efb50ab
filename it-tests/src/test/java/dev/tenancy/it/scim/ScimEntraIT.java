package dev.tenancy.it.scim;

import static dev.tenancy.it.scim.ScimClient.ENTERPRISE;
import static dev.tenancy.it.scim.ScimClient.GROUP;
import static dev.tenancy.it.scim.ScimClient.USER;
import static dev.tenancy.it.scim.ScimClient.map;
import static dev.tenancy.it.scim.ScimClient.op;
import static dev.tenancy.it.scim.ScimClient.patchOp;
import static dev.tenancy.it.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.ServerTest;

/**
 * The request sequence Microsoft Entra ID's provisioning service sends, written from Microsoft's
 * "Tutorial: Develop a sample SCIM endpoint" / "Build a SCIM endpoint" request examples and the
 * {@code aadOptscim062020} compatibility notes: raw HTTP, exactly the shapes Entra uses.
 */
class ScimEntraIT extends ServerTest {

    @Test
    void givenEntrasUserLifecycle_thenEveryStepAnswersAsEntraExpects() {
        ScimClient scim = ScimClient.create(admin);
        String userName = "Test_User_" + UUID.randomUUID();
        String externalId = UUID.randomUUID().toString();

        // 1. Entra checks the user does not exist yet
        JsonNode none = scim.get("/Users?filter=" + q("userName eq \"" + userName + "\"")).send().json();
        assertThat(none.get("totalResults").asInt()).isZero();
        assertThat(none.get("Resources")).isEmpty();

        // 2. create
        Http.Response created = scim.post("/Users", map(
                "schemas", List.of(USER, ENTERPRISE),
                "externalId", externalId,
                "userName", userName,
                "active", true,
                "emails", List.of(Map.of("primary", true, "type", "work", "value", "Test_User_" + externalId + "@testuser.com")),
                "meta", Map.of("resourceType", "User"),
                "name", Map.of("formatted", "givenName familyName", "familyName", "familyName", "givenName", "givenName"),
                "roles", List.of())).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();

        // 3. get by id and by filter
        assertThat(scim.get("/Users/" + id).send().json().get("userName").asText()).isEqualTo(userName);
        JsonNode byName = scim.get("/Users?filter=" + q("userName eq \"" + userName.toUpperCase() + "\"")).send().json();
        assertThat(byName.get("totalResults").asInt()).isEqualTo(1);
        assertThat(byName.at("/Resources/0/id").asText()).isEqualTo(id);
        JsonNode byExternal = scim.get("/Users?filter=" + q("externalId eq \"" + externalId + "\"")).send().json();
        assertThat(byExternal.get("totalResults").asInt()).isEqualTo(1);

        // 4. update attributes [multi-valued attribute value path, sub-attribute]
        Http.Response updated = scim.patch("/Users/" + id, patchOp(
                op("Replace", "emails[type eq \"work\"].value", "updatedEmail@microsoft.com"),
                op("Replace", "name.familyName", "updatedFamilyName"))).send();
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().at("/emails/0/value").asText()).isEqualTo("updatedEmail@microsoft.com");

        // 5. enterprise attributes, manager as a plain string (legacy) and as an object (aadOptscim062020)
        String managerId = scim.createUser("manager." + externalId, "mgr." + externalId + "@testuser.com").get("id").asText();
        Http.Response manager = scim.patch("/Users/" + id, patchOp(
                op("Add", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", managerId),
                op("Add", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "Sales"))).send();
        assertThat(manager.json().get(ENTERPRISE).at("/manager/value").asText()).isEqualTo(managerId);
        Http.Response manager2 = scim.patch("/Users/" + id, patchOp(
                op("replace", null, Map.of("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", Map.of("value", managerId))))).send();
        assertThat(manager2.json().get(ENTERPRISE).at("/manager/value").asText()).isEqualTo(managerId);
        assertThat(scim.get("/Users?filter=" + q("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"" + managerId + "\""))
                .send().json().get("totalResults").asInt()).isEqualTo(1);

        // 6. rename
        String newName = UUID.randomUUID() + "@contoso.com";
        assertThat(scim.patch("/Users/" + id, patchOp(op("Replace", "userName", newName))).send().json().get("userName").asText())
                .isEqualTo(newName);

        // 7. disable: legacy string boolean, then the aadOptscim062020 boolean
        assertThat(scim.patch("/Users/" + id, patchOp(op("Replace", "active", "False"))).send().json().get("active").asBoolean()).isFalse();
        assertThat(scim.patch("/Users/" + id, patchOp(op("replace", "active", true))).send().json().get("active").asBoolean()).isTrue();
        assertThat(scim.patch("/Users/" + id, patchOp(op("replace", null, Map.of("active", false)))).send().json().get("active").asBoolean()).isFalse();

        // 8. delete
        assertThat(scim.delete("/Users/" + id).send().status()).isEqualTo(204);
        assertThat(scim.get("/Users/" + id).send().status()).isEqualTo(404);
        // Entra then probes for a random user that must not exist
        assertThat(scim.get("/Users/" + UUID.randomUUID()).send().status()).isEqualTo(404);
    }

    @Test
    void givenEntrasGroupLifecycle_thenMembersAreAddedAndRemovedOneByOne() {
        ScimClient scim = ScimClient.create(admin);
        String u1 = scim.createUser("e.member1", "e.member1@example.com").get("id").asText();
        String u2 = scim.createUser("e.member2", "e.member2@example.com").get("id").asText();
        String displayName = "Group_" + UUID.randomUUID();
        String externalId = UUID.randomUUID().toString();

        assertThat(scim.get("/Groups?excludedAttributes=members&filter=" + q("displayName eq \"" + displayName + "\"")).send().json()
                .get("totalResults").asInt()).isZero();
        Http.Response created = scim.post("/Groups", map("externalId", externalId, "schemas", List.of(GROUP),
                "displayName", displayName, "meta", Map.of("resourceType", "Group"))).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(scim.get("/Groups/" + id + "?excludedAttributes=members").send().json().has("members")).isFalse();
        assertThat(scim.get("/Groups?excludedAttributes=members&filter=" + q("displayName eq \"" + displayName + "\"")).send().json()
                .get("totalResults").asInt()).isEqualTo(1);

        // legacy member add and remove with a value list
        assertThat(scim.patch("/Groups/" + id, patchOp(op("Add", "members", List.of(Map.of("$ref", "", "value", u1))))).send().status()).isEqualTo(200);
        assertThat(scim.patch("/Groups/" + id, patchOp(op("Add", "members", List.of(Map.of("value", u2))))).send().status()).isEqualTo(200);
        assertThat(scim.get("/Groups?filter=" + q("id eq \"" + id + "\" and members[value eq \"" + u1 + "\"]") + "&excludedAttributes=members")
                .send().json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.patch("/Groups/" + id, patchOp(op("Remove", "members", List.of(Map.of("value", u1))))).send().status()).isEqualTo(200);
        JsonNode members = scim.get("/Groups/" + id).send().json().get("members");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("value").asText()).isEqualTo(u2);

        // aadOptscim062020: remove through a value filter, rename path-less
        assertThat(scim.patch("/Groups/" + id, patchOp(op("remove", "members[value eq \"" + u2 + "\"]", null))).send().status()).isEqualTo(200);
        assertThat(scim.patch("/Groups/" + id, patchOp(op("Replace", "displayName", "Renamed " + displayName))).send().status()).isEqualTo(200);
        assertThat(scim.patch("/Groups/" + id, patchOp(op("replace", null, Map.of("id", id, "displayName", "Again " + displayName)))).send()
                .json().get("displayName").asText()).isEqualTo("Again " + displayName);
        assertThat(scim.get("/Groups/" + id).send().json().path("members")).isEmpty();
        assertThat(scim.delete("/Groups/" + id).send().status()).isEqualTo(204);
    }
}
