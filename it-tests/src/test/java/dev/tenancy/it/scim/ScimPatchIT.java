package dev.tenancy.it.scim;

import static dev.tenancy.it.scim.ScimClient.ENTERPRISE;
import static dev.tenancy.it.scim.ScimClient.assertScimError;
import static dev.tenancy.it.scim.ScimClient.op;
import static dev.tenancy.it.scim.ScimClient.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** PATCH shapes of RFC 7644 §3.5.2 and the ones identity providers send. */
class ScimPatchIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    private static JsonNode patchOk(ScimClient scim, String id, Object body) {
        Http.Response r = scim.patch("/Users/" + id, body).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void givenEntraLegacyShapes_thenEachApplies() {
        ScimClient scim = ScimClient.create(admin);
        String id = scim.createUser("Entra.User", "entra@example.com").get("id").asText();

        JsonNode u = patchOk(scim, id, patchOp(
                op("Replace", "emails[type eq \"work\"].value", "updated@example.com"),
                op("Replace", "name.familyName", "UpdatedFamily"),
                op("Add", "title", "Manager"),
                op("Add", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "Finance"),
                op("Add", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "mgr-1"),
                op("Add", "phoneNumbers[type eq \"mobile\"].value", "+1 555 0199")));
        assertThat(u.at("/emails/0/value").asText()).isEqualTo("updated@example.com");
        assertThat(u.at("/name/familyName").asText()).isEqualTo("UpdatedFamily");
        assertThat(u.get("title").asText()).isEqualTo("Manager");
        assertThat(u.get(ENTERPRISE).get("department").asText()).isEqualTo("Finance");
        assertThat(u.get(ENTERPRISE).at("/manager/value").asText()).isEqualTo("mgr-1");
        assertThat(u.at("/phoneNumbers/0/type").asText()).isEqualTo("mobile");
        assertThat(u.at("/phoneNumbers/0/value").asText()).isEqualTo("+1 555 0199");

        // booleans as strings, op in any case
        assertThat(patchOk(scim, id, patchOp(op("Replace", "active", "False"))).get("active").asBoolean()).isFalse();
        assertThat(patchOk(scim, id, patchOp(op("REPLACE", "active", "True"))).get("active").asBoolean()).isTrue();

        // userName change keeps the spelling
        assertThat(patchOk(scim, id, patchOp(op("Replace", "userName", "Renamed.User@Contoso.com"))).get("userName").asText())
                .isEqualTo("Renamed.User@Contoso.com");

        // replace with "" removes an optional attribute; remove of an absent one is fine
        JsonNode removed = patchOk(scim, id, patchOp(op("Replace", "title", ""),
                op("Remove", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", null),
                op("Remove", "nickName", null)));
        assertThat(removed.has("title")).isFalse();
        assertThat(removed.path(ENTERPRISE).has("manager")).isFalse();

        JsonNode fromDb = scim.get("/Users/" + id).send().json();
        assertThat(fromDb.get("userName").asText()).isEqualTo("Renamed.User@Contoso.com");
        assertThat(fromDb.at("/emails/0/value").asText()).isEqualTo("updated@example.com");
    }

    @Test
    void givenEntraAadOptscim062020Shapes_thenEachApplies() {
        ScimClient scim = ScimClient.create(admin);
        String id = scim.createUser("Entra.Flag", "flag@example.com").get("id").asText();
        JsonNode u = patchOk(scim, id, patchOp(op("replace", null, ScimClient.map(
                "displayName", "Flag User",
                "name.givenName", "Flagged",
                "emails[type eq \"work\"].value", "flag2@example.com",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "E-7",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", Map.of("value", "mgr-2"),
                "active", false))));
        assertThat(u.get("displayName").asText()).isEqualTo("Flag User");
        assertThat(u.at("/name/givenName").asText()).isEqualTo("Flagged");
        assertThat(u.at("/name/familyName").asText()).isEqualTo("Family");
        assertThat(u.at("/emails/0/value").asText()).isEqualTo("flag2@example.com");
        assertThat(u.get(ENTERPRISE).get("employeeNumber").asText()).isEqualTo("E-7");
        assertThat(u.get(ENTERPRISE).at("/manager/value").asText()).isEqualTo("mgr-2");
        assertThat(u.get("active").asBoolean()).isFalse();
    }

    @Test
    void givenOktaPathlessReplace_thenOnlyTheNamedAttributesChange() {
        ScimClient scim = ScimClient.create(admin);
        String id = scim.createUser("okta.user@example.com", "okta.user@example.com").get("id").asText();
        JsonNode u = patchOk(scim, id, patchOp(op("replace", null, Map.of("active", false))));
        assertThat(u.get("active").asBoolean()).isFalse();
        assertThat(u.at("/name/givenName").asText()).isEqualTo("Given");
        u = patchOk(scim, id, patchOp(op("replace", null, Map.of("name", Map.of("familyName", "Okta")))));
        assertThat(u.at("/name/givenName").asText()).isEqualTo("Given");
        assertThat(u.at("/name/familyName").asText()).isEqualTo("Okta");
        u = patchOk(scim, id, patchOp(op("replace", null, Map.of("password", "N3w-Passw0rd!", "active", true))));
        assertThat(u.has("password")).isFalse();
        admin.userToken(scim.fixture.realm, "okta.user@example.com", "N3w-Passw0rd!");
    }

    @Test
    void givenCaseInsensitiveNamesAndFilteredPathsThatMatchNothing_thenValuesAreCreated() {
        ScimClient scim = ScimClient.create(admin);
        String id = scim.createUser("case.user", "case@example.com").get("id").asText();
        JsonNode u = patchOk(scim, id, patchOp(
                op("add", "DISPLAYNAME", "Shouty"),
                op("replace", "Emails[Type eq \"home\"].Value", "home@example.com"),
                op("add", "addresses[type eq \"work\"].locality", "Utrecht")));
        assertThat(u.get("displayName").asText()).isEqualTo("Shouty");
        assertThat(u.get("emails")).hasSize(2);
        assertThat(u.at("/addresses/0/locality").asText()).isEqualTo("Utrecht");
        assertThat(u.at("/addresses/0/type").asText()).isEqualTo("work");
        u = patchOk(scim, id, patchOp(op("remove", "emails[type eq \"home\"]", null)));
        assertThat(u.get("emails")).hasSize(1);
    }

    @Test
    void givenAttributesNamingNothing_thenPatchIs204() {
        ScimClient scim = ScimClient.create(admin);
        String id = scim.createUser("quiet", "quiet@example.com").get("id").asText();
        Http.Response r = Http.patch(scim.base + "/Users/" + id + "?attributes=").header("Authorization", scim.authorization)
                .body(ScimClient.SCIM_JSON, ScimClient.json(patchOp(op("replace", "title", "x")))).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    @Test
    void givenBadPatches_then400AndNothingChanges() {
        ScimClient scim = ScimClient.create(admin);
        String id = scim.createUser("bad.patch", "bad@example.com").get("id").asText();
        String before = scim.get("/Users/" + id).send().json().get("meta").get("version").asText();
        assertScimError(scim.patch("/Users/" + id, patchOp(op("frobnicate", "title", "x"))).send(), 400, "invalidSyntax");
        assertScimError(scim.patch("/Users/" + id, Map.of("schemas", List.of(ScimClient.PATCH_OP))).send(), 400, "invalidSyntax");
        assertScimError(scim.patch("/Users/" + id, patchOp(op("add", "emails[type eq", "x"))).send(), 400, "invalidPath");
        assertScimError(scim.patch("/Users/" + id, patchOp(op("remove", null, null))).send(), 400, "noTarget");
        assertScimError(scim.patch("/Users/" + id, patchOp(op("replace", "title", "ok"), op("replace", "userName", "u".repeat(300)))).send(),
                400, "invalidValue");
        JsonNode after = scim.get("/Users/" + id).send().json();
        assertThat(after.has("title")).isFalse();
        assertThat(after.get("meta").get("version").asText()).isEqualTo(before);
    }
}
