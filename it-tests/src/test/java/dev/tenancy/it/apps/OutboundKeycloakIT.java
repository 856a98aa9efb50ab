package dev.tenancy.it.apps;

import static dev.tenancy.it.apps.Apps.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * Keycloak-to-Keycloak: an organization's members pushed into another realm's own SCIM API
 * (feature {@code scim-api}, realm flag {@code scimApiEnabled}) with an OAuth2 client-credentials token.
 */
class OutboundKeycloakIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    /** A realm whose SCIM API accepts tokens of its client {@code outbound}; returns the app's scim settings. */
    static Map<String, Object> targetRealm(String realm) {
        Http.Response enable = Http.put(admin.url() + "/admin/realms/" + realm).bearer(admin.token())
                .json(Map.of("scimApiEnabled", true)).send();
        assertThat(enable.status()).as(enable.toString()).isEqualTo(204);
        String base = admin.url() + "/realms/" + realm + "/scim/v2";
        String clientUuid = admin.createClient(realm, Map.of("clientId", "outbound", "secret", "outbound-secret",
                "publicClient", false, "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "protocolMappers", List.of(Map.of("name", "scim-audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.custom.audience", base, "access.token.claim", "true")))));
        String sa = Http.get(admin.url() + "/admin/realms/" + realm + "/clients/" + clientUuid + "/service-account-user")
                .bearer(admin.token()).send().json().get("id").asText();
        for (String role : List.of("manage-users", "view-users", "query-groups")) {
            admin.grantRealmManagement(realm, sa, role);
        }
        return Map.of("baseUrl", base, "auth", Map.of("type", "OAUTH2_CLIENT_CREDENTIALS",
                "tokenUrl", admin.url() + "/realms/" + realm + "/protocol/openid-connect/token",
                "clientId", "outbound", "clientSecret", "outbound-secret"));
    }

    static JsonNode targetUser(String realm, String username) {
        JsonNode list = Http.get(admin.url() + "/admin/realms/" + realm + "/users?exact=true&briefRepresentation=false&username=" + username)
                .bearer(admin.token()).send().json();
        return list.path(0);
    }

    @Test
    void givenAnOrganizationsApp_thenJoinersMoversGroupsAndLeaversReachTheOtherRealm() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        String target = admin.createRealm();
        String sales = apps.createGroup("sales");
        Map<String, Object> app = new HashMap<>();
        app.put("name", "other keycloak");
        app.put("organizationId", f.orgId);
        app.put("scim", targetRealm(target));
        app.put("pushGroups", true);
        app.put("scope", Map.of("groups", List.of(sales)));
        app.put("maxRequestsPerSecond", 0);
        String appId = apps.create(app);
        JsonNode test = Http.post(apps.url() + "/" + appId + "/test").bearer(admin.token()).send().json();
        assertThat(test.path("ok").asBoolean()).as(test.toString()).isTrue();

        String ivan = f.member("ivan", "pw-123456");
        apps.joinGroup(ivan, sales);
        await("ivan in the other realm", () -> targetUser(target, "ivan").isObject(), () -> apps.status(appId).toString());
        JsonNode there = targetUser(target, "ivan");
        assertThat(there.path("email").asText()).isEqualTo("ivan@example.test");
        assertThat(there.path("firstName").asText()).isEqualTo("Test");
        assertThat(there.path("enabled").asBoolean()).isTrue();
        await("ivan in sales there", () -> groupsOf(target, there.path("id").asText()).contains("sales"), () -> apps.status(appId).toString());

        apps.updateUser(ivan, Map.of("lastName", "Petrov"));
        await("the new last name there", () -> "Petrov".equals(targetUser(target, "ivan").path("lastName").asText()),
                () -> apps.status(appId).toString());

        apps.renameGroup(sales, "sales-emea");
        await("the group renamed there", () -> groupsOf(target, there.path("id").asText()).contains("sales-emea"),
                () -> apps.status(appId).toString());

        admin.removeMember(f.realm, f.orgId, ivan);
        await("ivan disabled there", () -> !targetUser(target, "ivan").path("enabled").asBoolean(true), () -> apps.status(appId).toString());
        assertThat(apps.status(appId).path("lastError").isNull()).as(apps.status(appId).toString()).isTrue();

        apps.deleteGroup(sales);
        await("the group deleted there", () -> groupNames(target).isEmpty(), () -> apps.status(appId).toString());
        assertThat(apps.status(appId).path("lastError").isNull()).as(apps.status(appId).toString()).isTrue();
    }

    @Test
    void givenExistingMembers_thenSyncBringsThemIn() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        String target = admin.createRealm();
        for (int i = 0; i < 6; i++) {
            f.member("kc" + i, "pw-123456");
        }
        Map<String, Object> app = new HashMap<>();
        app.put("name", "other keycloak");
        app.put("organizationId", f.orgId);
        app.put("scim", targetRealm(target));
        String appId = apps.create(app);
        JsonNode dry = apps.awaitRun(appId, apps.sync(appId, true));
        assertThat(dry.path("toCreate").asInt()).as(dry.toString()).isEqualTo(6);
        assertThat(targetUser(target, "kc0").isMissingNode()).isTrue();
        JsonNode run = apps.awaitRun(appId, apps.sync(appId, false));
        assertThat(run.path("done").asInt()).as(run.toString()).isEqualTo(6);
        for (int i = 0; i < 6; i++) {
            assertThat(targetUser(target, "kc" + i).path("enabled").asBoolean()).isTrue();
        }
        JsonNode again = apps.awaitRun(appId, apps.sync(appId, true));
        assertThat(again.path("planned")).as(again.toString()).isEmpty();
    }

    private static List<String> groupNames(String realm) {
        List<String> out = new java.util.ArrayList<>();
        Http.get(admin.url() + "/admin/realms/" + realm + "/groups?briefRepresentation=true").bearer(admin.token()).send().json()
                .forEach(g -> out.add(g.path("name").asText()));
        return out;
    }

    private static List<String> groupsOf(String realm, String userId) {
        List<String> out = new java.util.ArrayList<>();
        Http.get(admin.url() + "/admin/realms/" + realm + "/users/" + userId + "/groups").bearer(admin.token()).send().json()
                .forEach(g -> out.add(g.path("name").asText()));
        return out;
    }
}
