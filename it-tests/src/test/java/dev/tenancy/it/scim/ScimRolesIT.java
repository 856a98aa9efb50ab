package dev.tenancy.it.scim;

import static dev.tenancy.it.scim.ScimClient.USER;
import static dev.tenancy.it.scim.ScimClient.assertScimError;
import static dev.tenancy.it.scim.ScimClient.map;
import static dev.tenancy.it.scim.ScimClient.op;
import static dev.tenancy.it.scim.ScimClient.patchOp;
import static dev.tenancy.it.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.ServerTest;

/** Roles (custom organization roles) through SCIM, root search across resource types, Entra's last filter shape. */
class ScimRolesIT extends ServerTest {

    static void role(ScimClient scim, String name) {
        Http.Response r = Http.post(scim.fixture.rolesUrl()).bearer(admin.token()).json(Map.of("name", name, "description", name + " role")).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    static List<String> holders(ScimClient scim, String role) {
        List<String> out = new ArrayList<>();
        Http.get(scim.fixture.rolesUrl() + "/" + role + "/users").bearer(admin.token()).send().json().forEach(u -> out.add(u.get("id").asText()));
        return out;
    }

    @Test
    void givenCustomRoles_thenTheyAreDiscoverableAndListedButBuiltInOnesAreNot() {
        ScimClient scim = ScimClient.create(admin);
        role(scim, "sales");
        role(scim, "support desk");
        JsonNode types = scim.get("/ResourceTypes").send().json();
        assertThat(types.toString()).contains("\"endpoint\":\"/Roles\"").contains("urn:okta:scim:schemas:core:1.0:Role");
        assertThat(scim.get("/Schemas/urn:okta:scim:schemas:core:1.0:Role").send().status()).isEqualTo(200);
        JsonNode list = scim.get("/Roles").send().json();
        assertThat(list.get("totalResults").asInt()).isEqualTo(2);
        assertThat(list.toString()).doesNotContain("manage-scim").doesNotContain("view-members");
        JsonNode one = scim.get("/Roles/" + q("support desk").replace("+", "%20")).send().json();
        assertThat(one.get("displayName").asText()).isEqualTo("support desk");
        assertThat(one.get("description").asText()).isEqualTo("support desk role");
        assertThat(scim.get("/Roles?filter=" + q("displayName eq \"sales\"")).send().json().get("totalResults").asInt()).isEqualTo(1);
        assertScimError(scim.get("/Roles/manage-scim").send(), 404, null);
        assertThat(scim.post("/Roles", Map.of("displayName", "x")).send().status()).isEqualTo(405);
        assertThat(scim.delete("/Roles/sales").send().status()).isEqualTo(405);
    }

    @Test
    void givenRolesOnAUser_thenTheyAreGrantedAndRevokedAsOrganizationRoles() {
        ScimClient scim = ScimClient.create(admin);
        role(scim, "sales");
        role(scim, "finance");
        String id = scim.createUser("role.user", "role.user@example.com").get("id").asText();

        // Entra's app-role assignment shape
        Http.Response add = scim.patch("/Users/" + id, patchOp(op("add", "roles", List.of(
                map("primary", true, "type", "WindowsAzureActiveDirectoryRole", "value", "sales"))))).send();
        assertThat(add.status()).as(add.toString()).isEqualTo(200);
        assertThat(add.json().get("roles").toString()).contains("sales");
        assertThat(holders(scim, "sales")).containsExactly(id);

        Http.Response put = scim.put("/Users/" + id, map("schemas", List.of(USER), "userName", "role.user",
                "name", Map.of("givenName", "Given", "familyName", "Family"),
                "emails", List.of(Map.of("value", "role.user@example.com", "type", "work", "primary", true)),
                "roles", List.of(Map.of("value", "finance")))).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(holders(scim, "sales")).isEmpty();
        assertThat(holders(scim, "finance")).containsExactly(id);

        assertThat(scim.patch("/Users/" + id, patchOp(op("remove", "roles[value eq \"finance\"]", null))).send().status()).isEqualTo(200);
        assertThat(holders(scim, "finance")).isEmpty();
        assertThat(scim.get("/Users/" + id).send().json().has("roles")).isFalse();

        // never the built-in roles, never an unknown one; nothing of the request applied
        for (String bad : List.of("manage-scim", "manage-roles", "no-such-role")) {
            assertScimError(scim.patch("/Users/" + id, patchOp(op("replace", "displayName", "changed"),
                    op("add", "roles", List.of(Map.of("value", bad))))).send(), 400, "invalidValue");
        }
        assertThat(holders(scim, "manage-scim")).isEmpty();
        assertThat(scim.get("/Users/" + id).send().json().has("displayName")).isFalse();

        // roles belong to the organization: also on a member it does not own
        String shared = admin.createUser(scim.fixture.realm, "role.shared", "pw-123456");
        admin.addMember(scim.fixture.realm, scim.fixture.orgId, shared);
        Http.Response sharedAdd = scim.patch("/Users/" + shared, patchOp(op("add", "roles", List.of(Map.of("value", "sales"))))).send();
        assertThat(sharedAdd.status()).as(sharedAdd.toString()).isEqualTo(200);
        assertThat(holders(scim, "sales")).containsExactly(shared);
        // POST with roles
        Http.Response created = scim.post("/Users", map("schemas", List.of(USER), "userName", "role.new", "roles", List.of("finance"))).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(holders(scim, "finance")).containsExactly(created.json().get("id").asText());
    }

    @Test
    void givenTheRootSearch_thenEveryResourceTypeIsSearchedWithOnePaging() {
        ScimClient scim = ScimClient.create(admin);
        role(scim, "sales");
        String u1 = scim.createUser("root.a", "root.a@example.com").get("id").asText();
        scim.createUser("root.b", "root.b@example.com");
        scim.createGroup("Root Group", u1);
        JsonNode all = scim.post("/.search", Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"))).send().json();
        assertThat(all.get("totalResults").asInt()).isEqualTo(4);
        List<String> types = new ArrayList<>();
        all.get("Resources").forEach(r -> types.add(r.at("/meta/resourceType").asText()));
        assertThat(types).containsExactly("User", "User", "Group", "Role");

        JsonNode page = scim.post("/.search", Map.of("startIndex", 2, "count", 2)).send().json();
        assertThat(page.get("totalResults").asInt()).isEqualTo(4);
        assertThat(page.get("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(page.at("/Resources/0/meta/resourceType").asText()).isEqualTo("User");
        assertThat(page.at("/Resources/1/meta/resourceType").asText()).isEqualTo("Group");
        JsonNode last = scim.post("/.search", Map.of("startIndex", 4, "count", 10)).send().json();
        assertThat(last.get("Resources")).hasSize(1);
        assertThat(last.at("/Resources/0/meta/resourceType").asText()).isEqualTo("Role");

        JsonNode byName = scim.post("/.search", Map.of("filter", "displayName eq \"Root Group\"")).send().json();
        assertThat(byName.get("totalResults").asInt()).isEqualTo(1);
        JsonNode users = scim.post("/.search", Map.of("filter", "userName sw \"root.\"")).send().json();
        assertThat(users.get("totalResults").asInt()).isEqualTo(2);
        assertScimError(scim.post("/.search", Map.of("filter", "userName eq")).send(), 400, "invalidFilter");
    }

    @Test
    void givenEntrasValuePathComparison_andTheBareBaseUrl_thenBothAnswerAsScimClientsExpect() {
        ScimClient scim = ScimClient.create(admin);
        scim.createUser("entra.user", "entra.user@example.com");
        JsonNode found = scim.get("/Users?filter=" + q("emails[type eq \"work\"].value eq \"entra.user@example.com\"")).send().json();
        assertThat(found.get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Users?filter=" + q("emails[type eq \"work\"].value eq \"other@example.com\"")).send().json()
                .get("totalResults").asInt()).isZero();
        Http.Response base = scim.get("").send();
        assertScimError(base, 404, null);
        assertThat(base.json().get("detail").asText()).contains("/ServiceProviderConfig").contains("/ResourceTypes").contains("/Schemas");
    }
}
