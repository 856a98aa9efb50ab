package dev.tenancy.it.orgs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.scim.ScimClient;
import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** {@code /realms/{realm}/orgs/{orgId}/scim}: configuration, validation, secrets and permissions. */
class ScimConfigIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    @Test
    void givenExternalSecretWithoutSecret_thenOneIsGeneratedAndShownOnce() {
        Fixture f = Fixture.create(admin);
        Http.Response created = Http.post(f.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("enabled", true, "auth", Map.of("type", "EXTERNAL_SECRET"))).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().get("auth").get("secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
        assertThat(created.json().get("scimBaseUrl").asText()).endsWith("/realms/" + f.realm + "/scim/v2/organizations/" + f.orgId);

        Http.Response got = Http.get(f.scimConfigUrl()).bearer(admin.token()).send();
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        assertThat(got.json().get("auth").get("secretSet").asBoolean()).isTrue();
        assertThat(got.json().get("auth").has("secret")).isFalse();
        assertThat(got.body()).doesNotContain(secret).doesNotContain("argon2");
        assertThat(got.json().get("deprovision").asText()).isEqualTo("DISABLE");
        assertThat(got.json().get("adoptExistingUsers").asBoolean()).isFalse();
        assertThat(got.json().get("emailAsUsername").asBoolean()).isFalse();
        assertThat(got.json().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void givenAConfiguration_thenASecondPostIs409() {
        Fixture f = Fixture.create(admin);
        f.enableScimWithSecret();
        Http.Response again = Http.post(f.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"))).send();
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
    }

    @Test
    void givenAnUnknownOrganization_then404() {
        Fixture f = Fixture.create(admin);
        String url = f.orgsUrl() + "/00000000-0000-0000-0000-000000000000/scim";
        assertThat(Http.get(url).bearer(admin.token()).send().status()).isEqualTo(404);
        assertThat(Http.post(url).bearer(admin.token()).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"))).send().status()).isEqualTo(404);
        assertThat(Http.get(f.orgsUrl() + "/nope/roles").bearer(admin.token()).send().status()).isEqualTo(404);
    }

    @Test
    void givenAnOrganizationOfAnotherRealm_then404() {
        Fixture a = Fixture.create(admin);
        Fixture b = Fixture.create(admin);
        Http.Response r = Http.get(a.orgsUrl() + "/" + b.orgId + "/scim").bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
    }

    @Test
    void givenNoConfiguration_thenGetIs404() {
        Fixture f = Fixture.create(admin);
        assertThat(Http.get(f.scimConfigUrl()).bearer(admin.token()).send().status()).isEqualTo(404);
        assertThat(Http.get(f.scimConfigUrl() + "/status").bearer(admin.token()).send().status()).isEqualTo(404);
        assertThat(Http.put(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"))).send().status()).isEqualTo(404);
        assertThat(Http.delete(f.scimConfigUrl()).bearer(admin.token()).send().status()).isEqualTo(404);
    }

    @Test
    void givenTheRealmSwitchOff_thenEveryScimConfigurationEndpointIs404() {
        Fixture f = Fixture.create(admin);
        f.enableScimWithSecret();
        Http.put(f.orgsUrl() + "/config").bearer(admin.token()).json(Map.of("scimEnabled", false)).send();
        assertThat(Http.get(f.scimConfigUrl()).bearer(admin.token()).send().status()).isEqualTo(404);
        assertThat(Http.get(f.scimConfigUrl() + "/status").bearer(admin.token()).send().status()).isEqualTo(404);
        assertThat(Http.post(f.scimConfigUrl() + "/rotate-secret").bearer(admin.token()).send().status()).isEqualTo(404);
        assertThat(Http.post(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"))).send().status()).isEqualTo(404);
        // switching it back on shows the configuration again
        Http.put(f.orgsUrl() + "/config").bearer(admin.token()).json(Map.of("scimEnabled", true)).send();
        assertThat(Http.get(f.scimConfigUrl()).bearer(admin.token()).send().status()).isEqualTo(200);
    }

    @Test
    void givenInvalidBodies_then400NamingTheFieldAndNothingIsStored() {
        Fixture f = Fixture.create(admin);
        assertBadRequest(f, "{\"auth\": {\"type\": \"EXTERNAL_SECRET\"", null);
        assertBadRequest(f, "[]", null);
        assertBadRequest(f, Map.of("enabled", true), "auth");
        assertBadRequest(f, Map.of("auth", Map.of()), "auth.type");
        assertBadRequest(f, Map.of("auth", Map.of("type", "KERBEROS")), "auth.type");
        assertBadRequest(f, Map.of("auth", Map.of("type", 7)), "auth.type");
        assertBadRequest(f, Map.of("auth", Map.of("type", "KEYCLOAK")), "auth.clientId");
        assertBadRequest(f, Map.of("auth", Map.of("type", "KEYCLOAK", "clientId", "no-such-client")), "auth.clientId");
        assertBadRequest(f, Map.of("auth", Map.of("type", "KEYCLOAK", "clientId", Admin.TEST_CLIENT)), "auth.clientId"); // public client
        assertBadRequest(f, Map.of("auth", Map.of("type", "EXTERNAL_JWT", "audience", "a", "jwksUri", "https://idp.test/jwks")), "auth.issuer");
        assertBadRequest(f, Map.of("auth", Map.of("type", "EXTERNAL_JWT", "issuer", "i", "jwksUri", "https://idp.test/jwks")), "auth.audience");
        assertBadRequest(f, Map.of("auth", Map.of("type", "EXTERNAL_JWT", "issuer", "i", "audience", "a")), "auth.jwksUri");
        assertBadRequest(f, Map.of("auth", Map.of("type", "EXTERNAL_JWT", "issuer", "i", "audience", "a", "jwksUri", "ftp://x/y")), "auth.jwksUri");
        assertBadRequest(f, Map.of("auth", Map.of("type", "EXTERNAL_BASIC", "password", "p")), "auth.username");
        assertBadRequest(f, Map.of("auth", Map.of("type", "EXTERNAL_BASIC", "username", "okta")), "auth.password");
        assertBadRequest(f, Map.of("auth", Map.of("type", "EXTERNAL_SECRET"), "deprovision", "EXPLODE"), "deprovision");
        assertBadRequest(f, Map.of("auth", Map.of("type", "EXTERNAL_SECRET"), "enabled", "yes"), "enabled");
        assertBadRequest(f, Map.of("auth", Map.of("type", "EXTERNAL_SECRET"), "adoptExistingUsers", 1), "adoptExistingUsers");
        assertBadRequest(f, Map.of("auth", Map.of("type", "EXTERNAL_SECRET"), "identityProvider", "not-linked"), "identityProvider");
        assertThat(Http.get(f.scimConfigUrl()).bearer(admin.token()).send().status()).isEqualTo(404);
    }

    private static void assertBadRequest(Fixture f, Object body, String field) {
        Http.Response r = Http.post(f.scimConfigUrl()).bearer(admin.token()).json(body).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errorMessage").asText()).as(r.toString()).isNotBlank();
        if (field != null) {
            assertThat(r.json().get("field").asText()).as(r.toString()).isEqualTo(field);
            assertThat(r.json().get("errorMessage").asText()).as(r.toString()).contains(field);
        }
    }

    @Test
    void givenEachAuthType_thenItIsStoredAndShownWithoutCredentials() {
        Fixture f = Fixture.create(admin);
        admin.createClient(f.realm, Map.of("clientId", "scim-okta", "publicClient", false, "secret", "client-secret-123",
                "serviceAccountsEnabled", true, "standardFlowEnabled", false));
        Http.Response kc = Http.post(f.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("auth", Map.of("type", "KEYCLOAK", "clientId", "scim-okta"))).send();
        assertThat(kc.status()).as(kc.toString()).isEqualTo(201);
        assertThat(kc.json().get("auth").get("clientId").asText()).isEqualTo("scim-okta");
        assertThat(kc.json().get("auth").has("secret")).isFalse();

        Http.Response jwt = Http.put(f.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("auth", Map.of("type", "EXTERNAL_JWT", "issuer", "https://idp.test", "audience", "https://kc.test/scim",
                        "jwksUri", "https://idp.test/jwks"))).send();
        assertThat(jwt.status()).as(jwt.toString()).isEqualTo(200);
        assertThat(jwt.json().get("auth").get("issuer").asText()).isEqualTo("https://idp.test");
        assertThat(jwt.json().get("auth").get("jwksUri").asText()).isEqualTo("https://idp.test/jwks");

        Http.Response basic = Http.put(f.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("auth", Map.of("type", "EXTERNAL_BASIC", "username", "okta", "password", "p@ss-w0rd"),
                        "deprovision", "REMOVE_MEMBERSHIP", "adoptExistingUsers", true, "emailAsUsername", true)).send();
        assertThat(basic.status()).as(basic.toString()).isEqualTo(200);
        JsonNode got = Http.get(f.scimConfigUrl()).bearer(admin.token()).send().json();
        assertThat(got.get("auth").get("type").asText()).isEqualTo("EXTERNAL_BASIC");
        assertThat(got.get("auth").get("username").asText()).isEqualTo("okta");
        assertThat(got.get("auth").get("passwordSet").asBoolean()).isTrue();
        assertThat(got.toString()).doesNotContain("p@ss-w0rd");
        assertThat(got.get("deprovision").asText()).isEqualTo("REMOVE_MEMBERSHIP");
        assertThat(got.get("adoptExistingUsers").asBoolean()).isTrue();
        assertThat(got.get("emailAsUsername").asBoolean()).isTrue();

        // a PUT without the password keeps the stored one
        Http.Response keep = Http.put(f.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("auth", Map.of("type", "EXTERNAL_BASIC", "username", "okta2"))).send();
        assertThat(keep.status()).as(keep.toString()).isEqualTo(200);
        assertThat(keep.json().get("auth").get("passwordSet").asBoolean()).isTrue();
    }

    @Test
    void givenAPutWithoutSecret_thenTheStoredSecretIsKept() {
        Fixture f = Fixture.create(admin);
        f.enableScimWithSecret();
        Http.Response put = Http.put(f.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"), "deprovision", "DELETE")).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("auth").has("secret")).as("no new secret is generated").isFalse();
        assertThat(put.json().get("auth").get("secretSet").asBoolean()).isTrue();
        assertThat(put.json().get("deprovision").asText()).isEqualTo("DELETE");
    }

    @Test
    void givenRotation_thenANewSecretIsShownOnceAndThePreviousStaysValidFor24h() {
        Fixture f = Fixture.create(admin);
        String first = f.enableScimWithSecret();
        Http.Response rotated = Http.post(f.scimConfigUrl() + "/rotate-secret").bearer(admin.token()).send();
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String second = rotated.json().get("secret").asText();
        assertThat(second).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(first);
        assertThat(rotated.json().get("previousSecretValidUntil").isNull()).isFalse();
        JsonNode got = Http.get(f.scimConfigUrl()).bearer(admin.token()).send().json();
        assertThat(got.get("auth").has("previousSecretValidUntil")).isTrue();

        Http.Response revoked = Http.post(f.scimConfigUrl() + "/rotate-secret?revokePrevious=true").bearer(admin.token()).send();
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("previousSecretValidUntil").isNull()).isTrue();
        assertThat(Http.get(f.scimConfigUrl()).bearer(admin.token()).send().json().get("auth").has("previousSecretValidUntil")).isFalse();
    }

    @Test
    void givenANonSecretConfiguration_thenRotationIs400() {
        Fixture f = Fixture.create(admin);
        Http.post(f.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("auth", Map.of("type", "EXTERNAL_BASIC", "username", "u", "password", "p"))).send();
        Http.Response r = Http.post(f.scimConfigUrl() + "/rotate-secret").bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("auth.type");
    }

    @Test
    void givenAConfiguration_thenStatusCountsMembersAndGroups() {
        Fixture f = Fixture.create(admin);
        f.enableScimWithSecret();
        f.member(Admin.unique("m"), "pw-m-1");
        f.member(Admin.unique("m"), "pw-m-1");
        Http.Response r = Http.get(f.scimConfigUrl() + "/status").bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("users").asLong()).isEqualTo(2);
        assertThat(r.json().get("groups").asLong()).isZero();
        assertThat(r.json().get("provisionedUsers").asLong()).as("members added by an administrator").isZero();
        assertThat(r.json().get("lastRequestAt").isNull()).isTrue();
        assertThat(r.json().get("recentErrors").isArray()).isTrue();
    }

    @Test
    void givenAProvisionedAccountThatLeftTheOrganization_thenProvisionedUsersCountsOnlyMembers() {
        ScimClient scim = ScimClient.create(admin);
        Fixture f = scim.fixture;
        scim.createUser("stays", "stays@" + f.alias + ".test");
        String leaves = scim.createUser("leaves", "leaves@" + f.alias + ".test").get("id").asText();
        f.member(Admin.unique("m"), "pw-m-1");
        admin.removeMember(f.realm, f.orgId, leaves);
        JsonNode status = Http.get(f.scimConfigUrl() + "/status").bearer(admin.token()).send().json();
        assertThat(status.get("users").asLong()).isEqualTo(2);
        assertThat(status.get("provisionedUsers").asLong()).as("the owned account that left is not counted").isEqualTo(1);
        // the account still exists; added back to the organization, it counts again
        assertThat(Http.get(admin.url() + "/admin/realms/" + f.realm + "/users/" + leaves).bearer(admin.token()).send().status())
                .isEqualTo(200);
        admin.addMember(f.realm, f.orgId, leaves);
        assertThat(Http.get(f.scimConfigUrl() + "/status").bearer(admin.token()).send().json().get("provisionedUsers").asLong())
                .isEqualTo(2);
    }

    @Test
    void givenDelete_thenTheConfigurationIsGone() {
        Fixture f = Fixture.create(admin);
        f.enableScimWithSecret();
        assertThat(Http.delete(f.scimConfigUrl()).bearer(admin.token()).send().status()).isEqualTo(204);
        assertThat(Http.get(f.scimConfigUrl()).bearer(admin.token()).send().status()).isEqualTo(404);
        // and it can be created again
        assertThat(Http.post(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"))).send().status()).isEqualTo(201);
    }

    @Test
    void givenDelegatedMembers_thenViewScimReadsAndManageScimWrites() {
        Fixture f = Fixture.create(admin);
        String viewer = f.member("viewer", "pw-viewer-1");
        String manager = f.member("manager", "pw-manager-1");
        f.member("nobody", "pw-nobody-1");
        f.grant("view-scim", viewer);
        f.grant("manage-scim", manager);
        String viewerToken = admin.userToken(f.realm, "viewer", "pw-viewer-1");
        String managerToken = admin.userToken(f.realm, "manager", "pw-manager-1");
        String nobodyToken = admin.userToken(f.realm, "nobody", "pw-nobody-1");
        Map<String, Object> body = Map.of("auth", Map.of("type", "EXTERNAL_SECRET"));

        assertThat(Http.post(f.scimConfigUrl()).bearer(viewerToken).json(body).send().status()).isEqualTo(403);
        assertThat(Http.post(f.scimConfigUrl()).bearer(nobodyToken).json(body).send().status()).isEqualTo(403);
        Http.Response created = Http.post(f.scimConfigUrl()).bearer(managerToken).json(body).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        assertThat(Http.get(f.scimConfigUrl()).bearer(viewerToken).send().status()).isEqualTo(200);
        assertThat(Http.get(f.scimConfigUrl() + "/status").bearer(viewerToken).send().status()).isEqualTo(200);
        assertThat(Http.get(f.scimConfigUrl()).bearer(nobodyToken).send().status()).isEqualTo(403);
        assertThat(Http.post(f.scimConfigUrl() + "/rotate-secret").bearer(viewerToken).send().status()).isEqualTo(403);
        assertThat(Http.post(f.scimConfigUrl() + "/rotate-secret").bearer(managerToken).send().status()).isEqualTo(200);
        assertThat(Http.delete(f.scimConfigUrl()).bearer(viewerToken).send().status()).isEqualTo(403);
        // the realm switch stays a realm administrator's
        assertThat(Http.put(f.orgsUrl() + "/config").bearer(managerToken).json(Map.of("scimEnabled", false)).send().status()).isEqualTo(403);
    }

    @Test
    void givenAManagerOfAnotherOrganization_then403() {
        Fixture f = Fixture.create(admin);
        Fixture other = f.sibling();
        String id = other.member("other-manager", "pw-other-1");
        other.grant("manage-scim", id);
        String token = admin.userToken(f.realm, "other-manager", "pw-other-1");
        Http.Response r = Http.post(f.scimConfigUrl()).bearer(token).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"))).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(Http.post(other.scimConfigUrl()).bearer(token).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"))).send().status())
                .isEqualTo(201);
    }

    @Test
    void givenARealmUserManager_thenReadsOnly() {
        Fixture f = Fixture.create(admin);
        f.enableScimWithSecret();
        String id = admin.createUser(f.realm, "usermgr", "pw-usermgr-1");
        admin.grantRealmManagement(f.realm, id, "manage-users");
        String token = admin.userToken(f.realm, "usermgr", "pw-usermgr-1");
        assertThat(Http.get(f.scimConfigUrl()).bearer(token).send().status()).isEqualTo(200);
        assertThat(Http.put(f.scimConfigUrl()).bearer(token).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"))).send().status()).isEqualTo(403);
    }

    @Test
    void givenARealmAdministratorOfThisRealm_thenFullAccess() {
        Fixture f = Fixture.create(admin);
        String id = admin.createUser(f.realm, "realmadmin", "pw-realmadmin-1");
        admin.grantRealmManagement(f.realm, id, "manage-realm");
        String token = admin.userToken(f.realm, "realmadmin", "pw-realmadmin-1");
        assertThat(Http.post(f.scimConfigUrl()).bearer(token).json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET"))).send().status()).isEqualTo(201);
        assertThat(Http.get(f.scimConfigUrl()).bearer(token).send().status()).isEqualTo(200);
    }

    @Test
    void givenAnonymous_then401() {
        Fixture f = Fixture.create(admin);
        f.enableScimWithSecret();
        Http.Response r = Http.get(f.scimConfigUrl()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(Http.post(f.scimConfigUrl() + "/rotate-secret").send().status()).isEqualTo(401);
    }

    @Test
    void givenChanges_thenAdminEventsAreRecordedWithoutSecrets() {
        Fixture f = Fixture.create(admin);
        Http.Response cfg = Http.put(admin.url() + "/admin/realms/" + f.realm + "/events/config").bearer(admin.token())
                .json(Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true)).send();
        assertThat(cfg.status()).as(cfg.toString()).isEqualTo(204);
        Http.Response created = Http.post(f.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("auth", Map.of("type", "EXTERNAL_SECRET", "secret", "my-very-own-shared-secret-value"))).send();
        assertThat(created.status()).isEqualTo(201);
        String rotated = Http.post(f.scimConfigUrl() + "/rotate-secret").bearer(admin.token()).send().json().get("secret").asText();
        Http.Response events = Http.get(admin.url() + "/admin/realms/" + f.realm + "/admin-events?max=50").bearer(admin.token()).send();
        assertThat(events.status()).as(events.toString()).isEqualTo(200);
        assertThat(events.body()).contains("organizations/" + f.orgId + "/scim");
        assertThat(events.body()).doesNotContain("my-very-own-shared-secret-value").doesNotContain(rotated).doesNotContain("argon2");
        boolean hasCreate = false;
        for (JsonNode e : events.json()) {
            if ("CREATE".equals(e.get("operationType").asText()) && e.get("resourcePath").asText().equals("organizations/" + f.orgId + "/scim")) {
                hasCreate = true;
                assertThat(e.get("representation").asText()).contains("\"secretSet\":true");
            }
        }
        assertThat(hasCreate).as(events.body()).isTrue();
    }
}
