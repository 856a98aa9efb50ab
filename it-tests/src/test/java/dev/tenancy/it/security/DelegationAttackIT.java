package dev.tenancy.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.ServerTest;

/**
 * The delegated-administration attacks of issue 8, replayed against the real server: each used to
 * succeed and must now be refused with nothing changed.
 */
class DelegationAttackIT extends ServerTest {

    static List<String> roleHolders(Fixture f, String role) {
        List<String> ids = new ArrayList<>();
        Http.get(f.rolesUrl() + "/" + role + "/users").bearer(admin.token()).send().json().forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }

    @Test
    void givenOnlyManageRoles_thenTheMemberCannotGrantItselfAnyOtherBuiltInRole() {
        Fixture f = Fixture.create(admin);
        Fixture.Member delegate = f.delegate("rolelead", "manage-roles");
        String lead = delegate.id();
        String token = delegate.token();
        String peer = f.member("rolepeer", "pw-rolepeer-1");

        for (String role : List.of("manage-members", "manage-scim", "manage-provisioning", "manage-organization",
                "view-members", "view-scim")) {
            Http.Response r = Http.put(f.rolesUrl() + "/" + role + "/users/" + lead).bearer(token).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(roleHolders(f, role)).as(role).doesNotContain(lead);
        }
        // custom roles: manage-roles suffices
        assertThat(Http.post(f.rolesUrl()).bearer(token).json(Map.of("name", "support")).send().status()).isEqualTo(201);
        assertThat(Http.put(f.rolesUrl() + "/support/users/" + peer).bearer(token).send().status()).isEqualTo(204);
        // manage-roles itself: held, so it may be passed on and taken back
        assertThat(Http.put(f.rolesUrl() + "/manage-roles/users/" + peer).bearer(token).send().status()).isEqualTo(204);
        assertThat(Http.delete(f.rolesUrl() + "/manage-roles/users/" + peer).bearer(token).send().status()).isEqualTo(204);
        // revoking a built-in role one does not hold is refused too
        f.grant("manage-scim", peer);
        assertThat(Http.delete(f.rolesUrl() + "/manage-scim/users/" + peer).bearer(token).send().status()).isEqualTo(403);
        assertThat(roleHolders(f, "manage-scim")).contains(peer);
    }

    @Test
    void givenManageRolesAndTheRole_thenTheMemberMayGrantAndRevokeIt() {
        Fixture f = Fixture.create(admin);
        String token = f.delegate("scimlead", "manage-roles", "manage-scim").token();
        String peer = f.member("scimpeer", "pw-scimpeer-1");
        assertThat(Http.put(f.rolesUrl() + "/manage-scim/users/" + peer).bearer(token).send().status()).isEqualTo(204);
        assertThat(roleHolders(f, "manage-scim")).contains(peer);
        assertThat(Http.delete(f.rolesUrl() + "/manage-scim/users/" + peer).bearer(token).send().status()).isEqualTo(204);
        assertThat(Http.put(f.rolesUrl() + "/manage-members/users/" + peer).bearer(token).send().status()).isEqualTo(403);
    }

    /** A realm user in a verified domain of the organization and in no organization: the attack's target. */
    static String target(Fixture f, String username) {
        Http.Response r = Http.post(admin.url() + "/admin/realms/" + f.realm + "/users").bearer(admin.token())
                .json(Map.of("username", username, "enabled", true, "email", username + "@" + f.alias + ".test", "emailVerified", true))
                .send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return Admin.idFromLocation(r);
    }

    String realmManagementRole(Fixture f, String role) {
        String clientUuid = Http.get(admin.url() + "/admin/realms/" + f.realm + "/clients?clientId=realm-management").bearer(admin.token())
                .send().json().get(0).get("id").asText();
        return Http.get(admin.url() + "/admin/realms/" + f.realm + "/clients/" + clientUuid + "/roles/" + role)
                .bearer(admin.token()).send().body();
    }

    @Test
    void givenManageMembers_thenPrivilegedAccountsCannotBeAddedDirectlyViaGroupsOrComposites() throws Exception {
        Fixture f = Fixture.create(admin);
        String token = f.delegate("memberlead", "manage-members").token();
        String base = admin.url() + "/admin/realms/" + f.realm;
        String clientUuid = Http.get(base + "/clients?clientId=realm-management").bearer(admin.token()).send().json().get(0).get("id").asText();
        JsonNode viewUsers = Http.JSON.readTree(realmManagementRole(f, "view-users"));

        String direct = target(f, "direct-admin");
        admin.grantRealmManagement(f.realm, direct, "realm-admin");

        String viaGroup = target(f, "group-admin");
        Http.Response g = Http.post(base + "/groups").bearer(admin.token()).json(Map.of("name", "helpdesk")).send();
        String groupId = Admin.idFromLocation(g);
        assertThat(Http.post(base + "/groups/" + groupId + "/role-mappings/clients/" + clientUuid).bearer(admin.token())
                .json(List.of(viewUsers)).send().status()).isEqualTo(204);
        assertThat(Http.put(base + "/users/" + viaGroup + "/groups/" + groupId).bearer(admin.token()).send().status()).isEqualTo(204);

        String viaComposite = target(f, "composite-admin");
        assertThat(Http.post(base + "/roles").bearer(admin.token()).json(Map.of("name", "ops")).send().status()).isEqualTo(201);
        assertThat(Http.post(base + "/roles/ops/composites").bearer(admin.token()).json(List.of(viewUsers)).send().status()).isEqualTo(204);
        JsonNode ops = Http.get(base + "/roles/ops").bearer(admin.token()).send().json();
        assertThat(Http.post(base + "/users/" + viaComposite + "/role-mappings/realm").bearer(admin.token())
                .json(List.of(ops)).send().status()).isEqualTo(204);

        String plain = target(f, "plain-user");
        String url = f.orgsUrl() + "/" + f.orgId + "/members/";
        for (String id : List.of(direct, viaGroup, viaComposite)) {
            Http.Response r = Http.put(url + id).bearer(token).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("userId");
            assertThat(Http.get(base + "/organizations/" + f.orgId + "/members/" + id).bearer(admin.token()).send().status())
                    .as("not a member").isEqualTo(404);
        }
        assertThat(Http.put(url + plain).bearer(token).send().status()).isEqualTo(204);
        // a realm administrator may still add a privileged account, and a delegate may not remove it
        assertThat(Http.put(url + direct).bearer(admin.token()).send().status()).isEqualTo(204);
        Http.Response removal = Http.delete(url + direct).bearer(token).send();
        assertThat(removal.status()).as(removal.toString()).isEqualTo(400);
        assertThat(Http.get(base + "/users/" + direct).bearer(admin.token()).send().status()).isEqualTo(200);
    }

    @Test
    void givenManageScim_thenAdoptionAndIdentityProviderStayRealmAdministratorSettings() {
        Fixture f = Fixture.create(admin);
        String token = f.delegate("scimmgr", "manage-scim").token();
        String base = admin.url() + "/admin/realms/" + f.realm;
        assertThat(Http.post(base + "/identity-provider/instances").bearer(admin.token()).json(Map.of("alias", "corp-idp",
                "providerId", "oidc", "config", Map.of("clientId", "x", "clientSecret", "y",
                        "authorizationUrl", "https://idp.example.test/auth", "tokenUrl", "https://idp.example.test/token"))).send().status())
                .isEqualTo(201);
        assertThat(Http.post(base + "/organizations/" + f.orgId + "/identity-providers").bearer(admin.token())
                .json("\"corp-idp\"").send().status()).isIn(201, 204);

        Http.Response adopt = Http.post(f.scimConfigUrl()).bearer(token)
                .json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"), "adoptExistingUsers", true)).send();
        assertThat(adopt.status()).as(adopt.toString()).isEqualTo(403);
        Http.Response idp = Http.post(f.scimConfigUrl()).bearer(token)
                .json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"), "identityProvider", "corp-idp")).send();
        assertThat(idp.status()).as(idp.toString()).isEqualTo(403);
        assertThat(Http.get(f.scimConfigUrl()).bearer(admin.token()).send().status()).as("nothing was created").isEqualTo(404);

        // sending the defaults is no change
        Http.Response plain = Http.post(f.scimConfigUrl()).bearer(token)
                .json("{\"auth\": {\"type\": \"EXTERNAL_SECRET\"}, \"adoptExistingUsers\": false, \"identityProvider\": null}").send();
        assertThat(plain.status()).as(plain.toString()).isEqualTo(201);
        Http.Response put = Http.put(f.scimConfigUrl()).bearer(token)
                .json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"), "adoptExistingUsers", true)).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(403);
        assertThat(Http.put(f.scimConfigUrl()).bearer(token).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"),
                "identityProvider", "corp-idp")).send().status()).isEqualTo(403);
        JsonNode stored = Http.get(f.scimConfigUrl()).bearer(admin.token()).send().json();
        assertThat(stored.get("adoptExistingUsers").asBoolean()).isFalse();
        assertThat(stored.get("identityProvider").isNull()).isTrue();

        // the realm administrator sets them; the member's later PUT without them keeps them
        Http.Response byAdmin = Http.put(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"),
                "adoptExistingUsers", true, "identityProvider", "corp-idp")).send();
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
        assertThat(Http.put(f.scimConfigUrl()).bearer(token).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"),
                "deprovision", "DELETE")).send().status()).isEqualTo(200);
        assertThat(Http.put(f.scimConfigUrl()).bearer(token).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"),
                "adoptExistingUsers", false)).send().status()).as("turning it off is a change too").isEqualTo(403);
        stored = Http.get(f.scimConfigUrl()).bearer(admin.token()).send().json();
        assertThat(stored.get("adoptExistingUsers").asBoolean()).isTrue();
        assertThat(stored.get("identityProvider").asText()).isEqualTo("corp-idp");
        assertThat(stored.get("deprovision").asText()).isEqualTo("DELETE");
        // an identity provider not linked to the organization
        Http.Response foreign = Http.put(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"),
                "identityProvider", "nobody")).send();
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().get("field").asText()).isEqualTo("identityProvider");
    }

    @Test
    void givenBadOrganizationInput_then400NamingTheFieldNever500() {
        Fixture f = Fixture.create(admin);
        String token = f.delegate("orgmgr", "manage-organization", "manage-members").token();
        String url = f.orgsUrl() + "/" + f.orgId;
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("redirectUrl", "javascript:alert(document.cookie)"),
                Map.of("redirectUrl", "data:text/html,<script>alert(1)</script>"),
                Map.of("redirectUrl", "https://example.test/" + "a".repeat(3000)),
                Map.of("name", "n".repeat(300)), Map.of("description", "d".repeat(5000)))) {
            Http.Response r = Http.put(url).bearer(token).json(body).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo(body.keySet().iterator().next());
        }
        JsonNode stored = Http.get(admin.url() + "/admin/realms/" + f.realm + "/organizations/" + f.orgId).bearer(admin.token()).send().json();
        assertThat(stored.path("redirectUrl").asText("")).isEmpty();
        assertThat(Http.put(url).bearer(token).json(Map.of("redirectUrl", "https://app.example.test/welcome")).send().status()).isEqualTo(200);

        Fixture other = f.sibling();
        Http.Response dup = Http.put(url).bearer(token).json(Map.of("name", other.alias)).send();
        assertThat(dup.status()).as(dup.toString()).isEqualTo(409);

        String huge = "x".repeat(5000);
        for (Http.Response r : List.of(Http.put(url + "/members/" + huge).bearer(token).send(),
                Http.delete(url + "/members/" + huge).bearer(token).send(),
                Http.get(url + "/members?search=" + huge).bearer(token).send(),
                Http.put(url + "/roles/view-members/users/" + huge).bearer(admin.token()).send(),
                Http.get(url + "/roles/" + huge).bearer(admin.token()).send(),
                Http.post(url + "/roles").bearer(admin.token()).json("{\"name\": ").send())) {
            assertThat(r.status()).as(r.toString()).isBetween(400, 499);
            assertThat(r.body()).as(r.toString()).doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("sql");
        }
    }
}
