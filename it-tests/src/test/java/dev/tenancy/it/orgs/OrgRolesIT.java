package dev.tenancy.it.orgs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** {@code /realms/{realm}/orgs/{orgId}/roles}: roles, members, delegation, tokens. */
@Tag("h2")
class OrgRolesIT {

    static final List<String> BUILT_IN = List.of("view-organization", "manage-organization", "view-members", "manage-members",
            "view-roles", "manage-roles", "view-scim", "manage-scim", "view-provisioning", "manage-provisioning");

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    @Test
    void givenANewOrganization_thenItHasTheDelegatedAdministrationRoles() {
        Fixture f = Fixture.create(admin);
        Http.Response r = Http.get(f.rolesUrl()).bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.json().forEach(n -> names.add(n.get("name").asText()));
        assertThat(names).containsAll(BUILT_IN);
        r.json().forEach(n -> assertThat(n.get("builtIn").asBoolean()).isTrue());
    }

    @Test
    void givenACustomRole_thenItCanBeCreatedReadUpdatedAndDeleted() {
        Fixture f = Fixture.create(admin);
        Http.Response created = Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", "sales", "description", "Sales team")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/roles/sales");
        assertThat(created.json().get("builtIn").asBoolean()).isFalse();

        Http.Response got = Http.get(f.rolesUrl() + "/sales").bearer(admin.token()).send();
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("description").asText()).isEqualTo("Sales team");

        Http.Response updated = Http.put(f.rolesUrl() + "/sales").bearer(admin.token()).json(Map.of("description", "Sellers")).send();
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(Http.get(f.rolesUrl() + "/sales").bearer(admin.token()).send().json().get("description").asText()).isEqualTo("Sellers");

        assertThat(Http.delete(f.rolesUrl() + "/sales").bearer(admin.token()).send().status()).isEqualTo(204);
        assertThat(Http.get(f.rolesUrl() + "/sales").bearer(admin.token()).send().status()).isEqualTo(404);
    }

    @Test
    void givenBadInput_thenClearErrors() {
        Fixture f = Fixture.create(admin);
        Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", "sales")).send();
        Http.Response dup = Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", "sales")).send();
        assertThat(dup.status()).as(dup.toString()).isEqualTo(409);
        assertThat(Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", "manage-scim")).send().status()).isEqualTo(409);
        Http.Response noName = Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("description", "x")).send();
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("field").asText()).isEqualTo("name");
        Http.Response slash = Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", "a/b")).send();
        assertThat(slash.status()).isEqualTo(400);
        assertThat(slash.json().get("field").asText()).isEqualTo("name");
        assertThat(Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", "x".repeat(256))).send().status()).isEqualTo(400);
        assertThat(Http.post(f.rolesUrl()).bearer(admin.token()).json("{\"name\":").send().status()).isEqualTo(400);
        assertThat(Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", 5)).send().status()).isEqualTo(400);
        assertThat(Http.get(f.rolesUrl() + "/nope").bearer(admin.token()).send().status()).isEqualTo(404);
        assertThat(Http.put(f.rolesUrl() + "/nope").bearer(admin.token()).json(Map.of("description", "d")).send().status()).isEqualTo(404);
        assertThat(Http.delete(f.rolesUrl() + "/nope").bearer(admin.token()).send().status()).isEqualTo(404);
        assertThat(Http.delete(f.rolesUrl() + "/manage-scim").bearer(admin.token()).send().status()).isEqualTo(400);
        assertThat(Http.put(f.rolesUrl() + "/manage-scim").bearer(admin.token()).json(Map.of("description", "d")).send().status()).isEqualTo(400);
        Http.Response rename = Http.put(f.rolesUrl() + "/sales").bearer(admin.token()).json(Map.of("name", "other")).send();
        assertThat(rename.status()).isEqualTo(400);
        assertThat(rename.json().get("field").asText()).isEqualTo("name");
    }

    @Test
    void givenAMember_thenRolesCanBeAssignedAndUnassigned() {
        Fixture f = Fixture.create(admin);
        Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", "sales")).send();
        String alice = f.member("alice", "pw-alice-1");
        assertThat(Http.put(f.rolesUrl() + "/sales/users/" + alice).bearer(admin.token()).send().status()).isEqualTo(204);
        assertThat(Http.put(f.rolesUrl() + "/sales/users/" + alice).bearer(admin.token()).send().status()).as("idempotent").isEqualTo(204);
        Http.Response holders = Http.get(f.rolesUrl() + "/sales/users").bearer(admin.token()).send();
        assertThat(holders.status()).isEqualTo(200);
        assertThat(holders.json()).hasSize(1);
        assertThat(holders.json().get(0).get("id").asText()).isEqualTo(alice);
        assertThat(holders.json().get(0).get("username").asText()).isEqualTo("alice");

        assertThat(Http.delete(f.rolesUrl() + "/sales/users/" + alice).bearer(admin.token()).send().status()).isEqualTo(204);
        assertThat(Http.get(f.rolesUrl() + "/sales/users").bearer(admin.token()).send().json()).isEmpty();
    }

    @Test
    void givenANonMember_thenAssignmentIs400() {
        Fixture f = Fixture.create(admin);
        String outsider = admin.createUser(f.realm, "outsider", "pw-outsider-1");
        Http.Response r = Http.put(f.rolesUrl() + "/view-scim/users/" + outsider).bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("userId");
        assertThat(Http.put(f.rolesUrl() + "/view-scim/users/no-such-user").bearer(admin.token()).send().status()).isEqualTo(400);
        assertThat(Http.delete(f.rolesUrl() + "/view-scim/users/" + outsider).bearer(admin.token()).send().status()).isEqualTo(400);
        assertThat(Http.put(f.rolesUrl() + "/no-such-role/users/" + outsider).bearer(admin.token()).send().status()).isEqualTo(404);
    }

    @Test
    void givenAMemberLeavesTheOrganization_thenTheirRolesAreDropped() {
        Fixture f = Fixture.create(admin);
        String bob = f.member("bob", "pw-bob-1");
        f.grant("view-scim", bob);
        f.grant("manage-roles", bob);
        admin.removeMember(f.realm, f.orgId, bob);
        assertThat(Http.get(f.rolesUrl() + "/view-scim/users").bearer(admin.token()).send().json()).isEmpty();
        assertThat(Http.get(f.rolesUrl() + "/manage-roles/users").bearer(admin.token()).send().json()).isEmpty();
        // joining again does not bring them back
        admin.addMember(f.realm, f.orgId, bob);
        assertThat(Http.get(f.rolesUrl() + "/view-scim/users").bearer(admin.token()).send().json()).isEmpty();
    }

    @Test
    void givenDelegation_thenManageRolesMembersAdministerRolesOfTheirOwnOrganizationOnly() {
        Fixture f = Fixture.create(admin);
        Fixture other = f.sibling();
        String lead = f.member("teamlead", "pw-teamlead-1");
        String viewer = f.member("roleviewer", "pw-roleviewer-1");
        String peer = f.member("peer", "pw-peer-1");
        f.grant("manage-roles", lead);
        f.grant("view-roles", viewer);
        String leadToken = admin.userToken(f.realm, "teamlead", "pw-teamlead-1");
        String viewerToken = admin.userToken(f.realm, "roleviewer", "pw-roleviewer-1");
        String peerToken = admin.userToken(f.realm, "peer", "pw-peer-1");

        assertThat(Http.post(f.rolesUrl()).bearer(leadToken).json(Map.of("name", "support")).send().status()).isEqualTo(201);
        assertThat(Http.put(f.rolesUrl() + "/support/users/" + peer).bearer(leadToken).send().status()).isEqualTo(204);
        assertThat(Http.get(f.rolesUrl()).bearer(viewerToken).send().status()).isEqualTo(200);
        assertThat(Http.get(f.rolesUrl() + "/support/users").bearer(viewerToken).send().status()).isEqualTo(200);
        assertThat(Http.post(f.rolesUrl()).bearer(viewerToken).json(Map.of("name", "x1")).send().status()).isEqualTo(403);
        assertThat(Http.put(f.rolesUrl() + "/support/users/" + viewer).bearer(viewerToken).send().status()).isEqualTo(403);
        assertThat(Http.get(f.rolesUrl()).bearer(peerToken).send().status()).as("holding a custom role grants nothing").isEqualTo(403);
        // the same people have no say over the sibling organization
        assertThat(Http.get(other.rolesUrl()).bearer(leadToken).send().status()).isEqualTo(403);
        assertThat(Http.post(other.rolesUrl()).bearer(leadToken).json(Map.of("name", "x2")).send().status()).isEqualTo(403);
        assertThat(Http.get(f.rolesUrl()).send().status()).isEqualTo(401);
    }

    @Test
    void givenTheMapper_thenTokensCarryRolesPerOrganization() {
        Fixture f = Fixture.create(admin);
        Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", "sales")).send();
        String carol = f.member("carol", "pw-carol-1");
        f.grant("sales", carol);
        f.grant("view-scim", carol);
        String clientUuid = Http.get(admin.url() + "/admin/realms/" + f.realm + "/clients?clientId=" + Admin.TEST_CLIENT)
                .bearer(admin.token()).send().json().get(0).get("id").asText();
        Http.Response mapper = Http.post(admin.url() + "/admin/realms/" + f.realm + "/clients/" + clientUuid + "/protocol-mappers/models")
                .bearer(admin.token())
                .json(Map.of("name", "org roles", "protocol", "openid-connect", "protocolMapper", "tenancy-organization-roles-mapper",
                        "config", Map.of("claim.name", "organization_roles", "access.token.claim", "true", "id.token.claim", "true",
                                "userinfo.token.claim", "true")))
                .send();
        assertThat(mapper.status()).as(mapper.toString()).isEqualTo(201);

        JsonNode claims = claims(admin.userToken(f.realm, "carol", "pw-carol-1"));
        JsonNode entry = claims.get("organization_roles").get(f.alias);
        assertThat(entry.get("id").asText()).isEqualTo(f.orgId);
        List<String> roles = new ArrayList<>();
        entry.get("roles").forEach(n -> roles.add(n.asText()));
        assertThat(roles).containsExactly("sales", "view-scim");
    }

    static JsonNode claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        try {
            return Http.JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
