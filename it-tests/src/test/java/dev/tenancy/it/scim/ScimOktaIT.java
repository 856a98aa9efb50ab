package dev.tenancy.it.scim;

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
 * The requests Okta's SCIM 2.0 provisioning sends, written from Okta's SCIM 2.0 reference and the
 * checks of its SCIM spec test: lookup by userName with paging parameters, create, path-less
 * replace to deactivate and reactivate, PUT profile updates, and group pushes.
 */
class ScimOktaIT extends ServerTest {

    @Test
    void givenOktasUserLifecycle_thenEveryStepAnswersAsOktaExpects() {
        ScimClient scim = ScimClient.create(admin);
        // spec test: list with count=1 and a random userName that does not exist
        JsonNode page = scim.get("/Users?count=1&startIndex=1").send().json();
        assertThat(page.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(page.has("totalResults")).isTrue();
        String random = UUID.randomUUID() + "@atko.com";
        assertThat(scim.get("/Users?filter=" + q("userName eq \"" + random + "\"") + "&startIndex=1&count=100").send().json()
                .get("totalResults").asInt()).isZero();

        Http.Response created = scim.post("/Users", map(
                "schemas", List.of(USER),
                "userName", "Test.User@Okta.Local",
                "name", Map.of("givenName", "Test", "familyName", "User"),
                "emails", List.of(Map.of("primary", true, "value", "test.user@okta.local", "type", "work")),
                "displayName", "Test User",
                "locale", "en-US",
                "externalId", "00ujl29u0le5T6Aj10h7",
                "groups", List.of(),
                "password", "1mz050nq",
                "active", true)).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.json().get("userName").asText()).isEqualTo("Test.User@Okta.Local");

        // a second create with the same userName: 409
        Http.Response duplicate = scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "test.user@okta.local")).send();
        assertThat(duplicate.status()).isEqualTo(409);

        JsonNode byName = scim.get("/Users?filter=" + q("userName eq \"test.user@okta.local\"") + "&startIndex=1&count=100").send().json();
        assertThat(byName.get("totalResults").asInt()).isEqualTo(1);
        assertThat(byName.at("/Resources/0/userName").asText()).isEqualTo("Test.User@Okta.Local");

        // profile update through PUT
        JsonNode full = scim.get("/Users/" + id).send().json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) full.get("name")).put("familyName", "Changed");
        Http.Response put = scim.put("/Users/" + id, full).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().at("/name/familyName").asText()).isEqualTo("Changed");

        // deactivate and reactivate with path-less replace
        assertThat(scim.patch("/Users/" + id, patchOp(op("replace", null, Map.of("active", false)))).send().json().get("active").asBoolean()).isFalse();
        assertThat(scim.get("/Users/" + id).send().json().get("active").asBoolean()).isFalse();
        assertThat(scim.patch("/Users/" + id, patchOp(op("replace", null, Map.of("active", true)))).send().json().get("active").asBoolean()).isTrue();
        // password change
        assertThat(scim.patch("/Users/" + id, patchOp(op("replace", null, Map.of("password", "N3w-0kta-pw")))).send().status()).isEqualTo(200);
        admin.userToken(scim.fixture.realm, "test.user@okta.local", "N3w-0kta-pw");
    }

    @Test
    void givenOktaGroupPush_thenGroupsAndMembershipsFollow() {
        ScimClient scim = ScimClient.create(admin);
        String u1 = scim.createUser("okta.g1@example.com", "okta.g1@example.com").get("id").asText();
        String u2 = scim.createUser("okta.g2@example.com", "okta.g2@example.com").get("id").asText();
        Http.Response created = scim.post("/Groups", Map.of("schemas", List.of(GROUP), "displayName", "Okta Push",
                "members", List.of(Map.of("value", u1, "display", "okta.g1@example.com")))).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();

        assertThat(scim.patch("/Groups/" + id, patchOp(op("replace", null, Map.of("id", id, "displayName", "Okta Push Renamed"))))
                .send().json().get("displayName").asText()).isEqualTo("Okta Push Renamed");
        assertThat(scim.patch("/Groups/" + id, patchOp(op("add", "members", List.of(Map.of("value", u2, "display", "okta.g2@example.com")))))
                .send().json().get("members")).hasSize(2);
        assertThat(scim.patch("/Groups/" + id, patchOp(op("remove", "members[value eq \"" + u1 + "\"]", null)))
                .send().json().get("members")).hasSize(1);
        assertThat(scim.get("/Groups?filter=" + q("displayName eq \"Okta Push Renamed\"") + "&startIndex=1&count=100").send().json()
                .get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.delete("/Groups/" + id).send().status()).isEqualTo(204);
        assertThat(scim.get("/Groups/" + id).send().status()).isEqualTo(404);
    }
}
