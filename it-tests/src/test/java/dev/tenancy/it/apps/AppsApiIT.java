package dev.tenancy.it.apps;

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

/** The connected-apps API: validation, write-only credentials, admin events, and who may see and change what. */
class AppsApiIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    private static Map<String, Object> app(String orgId) {
        return new HashMap<>(Apps.bearerApp("app", orgId, "http://127.0.0.1:9/scim/v2", "super-secret-token-1"));
    }

    @Test
    void givenBadMappingsOrSettings_then400NamingTheField() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        Map<String, Object> a = app(f.orgId);
        a.put("mapping", Map.of("userName", "${username}", "name.givenName", "${nope}"));
        assertBadRequest(Http.post(apps.url()).bearer(admin.token()).json(a).send(), "mapping.name.givenName", "${nope}");
        a.put("mapping", Map.of("userName", "${username}", "name.shoeSize", "${firstName}"));
        assertBadRequest(Http.post(apps.url()).bearer(admin.token()).json(a).send(), "mapping.name.shoeSize", "name.shoeSize");
        a.put("mapping", Map.of("emails[type eq \"work\"].value", "${email}"));
        assertBadRequest(Http.post(apps.url()).bearer(admin.token()).json(a).send(), "mapping.userName", null);
        Map<String, Object> b = app(f.orgId);
        b.put("scim", Map.of("baseUrl", "ftp://example.test/scim", "auth", Map.of("type", "BEARER", "token", "x")));
        assertBadRequest(Http.post(apps.url()).bearer(admin.token()).json(b).send(), "scim.baseUrl", null);
        b.put("scim", Map.of("baseUrl", "https://example.test/scim", "auth", Map.of("type", "BEARER")));
        assertBadRequest(Http.post(apps.url()).bearer(admin.token()).json(b).send(), "scim.auth.token", null);
        b.put("scim", Map.of("baseUrl", "https://example.test/scim", "auth", Map.of("type", "KERBEROS")));
        assertBadRequest(Http.post(apps.url()).bearer(admin.token()).json(b).send(), "scim.auth.type", null);
        Map<String, Object> c = app(f.orgId);
        c.put("deprovision", "EXPLODE");
        assertBadRequest(Http.post(apps.url()).bearer(admin.token()).json(c).send(), "deprovision", null);
        c = app(f.orgId);
        c.put("scope", Map.of("groups", List.of("no-such-group")));
        assertBadRequest(Http.post(apps.url()).bearer(admin.token()).json(c).send(), "scope.groups", null);
        c = app("not-an-org");
        assertBadRequest(Http.post(apps.url()).bearer(admin.token()).json(c).send(), "organizationId", null);
        assertBadRequest(Http.post(apps.url()).bearer(admin.token()).body("application/json", "{oops").send(), null, null);
        assertThat(Http.get(apps.url()).bearer(admin.token()).send().json()).as("nothing half-created").isEmpty();
    }

    private static void assertBadRequest(Http.Response r, String field, String inMessage) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        if (field != null) {
            assertThat(r.json().path("field").asText()).as(r.toString()).isEqualTo(field);
        }
        if (inMessage != null) {
            assertThat(r.json().path("errorMessage").asText()).contains(inMessage);
        }
    }

    @Test
    void givenCredentials_thenWriteOnly_keptWhenAbsent_andNeverInAdminEvents() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        Http.put(admin.url() + "/admin/realms/" + f.realm).bearer(admin.token())
                .json(Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true)).send();
        Http.Response created = Http.post(apps.url()).bearer(admin.token()).json(app(f.orgId)).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("super-secret-token-1");
        String id = created.json().get("id").asText();
        JsonNode got = apps.get(id);
        assertThat(got.at("/scim/auth/tokenSet").asBoolean()).isTrue();
        assertThat(got.at("/scim/auth/token").isMissingNode()).isTrue();
        assertThat(got.path("mapping").path("userName").asText()).isEqualTo("${username}");
        assertThat(got.path("mapping").has("name.givenName")).as("default mapping").isTrue();
        assertThat(got.path("deprovision").asText()).isEqualTo("DEACTIVATE");
        assertThat(got.has("organizationId")).isTrue();

        // sending the representation back (without the token) keeps the token
        Map<String, Object> back = Http.JSON.convertValue(got, Map.class);
        back.put("name", "renamed");
        Http.Response put = Http.put(apps.url() + "/" + id).bearer(admin.token()).json(back).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().at("/scim/auth/tokenSet").asBoolean()).isTrue();
        assertThat(put.json().path("name").asText()).isEqualTo("renamed");

        // switching to OAuth2 needs its own secret; then only clientSecretSet shows
        Http.Response noSecret = Http.put(apps.url() + "/" + id).bearer(admin.token()).json(Map.of("scim", Map.of("auth",
                Map.of("type", "OAUTH2_CLIENT_CREDENTIALS", "tokenUrl", "http://127.0.0.1:9/token", "clientId", "c")))).send();
        assertBadRequest(noSecret, "scim.auth.clientSecret", null);
        Http.Response oauth = Http.put(apps.url() + "/" + id).bearer(admin.token()).json(Map.of("scim", Map.of("auth",
                Map.of("type", "OAUTH2_CLIENT_CREDENTIALS", "tokenUrl", "http://127.0.0.1:9/token", "clientId", "c",
                        "clientSecret", "super-secret-client-2")))).send();
        assertThat(oauth.status()).as(oauth.toString()).isEqualTo(200);
        assertThat(oauth.json().at("/scim/auth/clientSecretSet").asBoolean()).isTrue();
        assertThat(oauth.body()).doesNotContain("super-secret-client-2");
        Http.Response basic = Http.put(apps.url() + "/" + id).bearer(admin.token()).json(Map.of("scim", Map.of("auth",
                Map.of("type", "BASIC", "username", "u", "password", "super-secret-password-3")))).send();
        assertThat(basic.json().at("/scim/auth/passwordSet").asBoolean()).as(basic.toString()).isTrue();

        assertThat(Http.delete(apps.url() + "/" + id).bearer(admin.token()).send().status()).isEqualTo(204);
        assertThat(Http.get(apps.url() + "/" + id).bearer(admin.token()).send().status()).isEqualTo(404);

        String events = Http.get(admin.url() + "/admin/realms/" + f.realm + "/admin-events?max=100").bearer(admin.token()).send().body();
        assertThat(events).contains("TENANCY_CONNECTED_APP", "provisioning/apps/" + id);
        assertThat(events).doesNotContain("super-secret-token-1", "super-secret-client-2", "super-secret-password-3");
        JsonNode list = Http.get(admin.url() + "/admin/realms/" + f.realm + "/admin-events?max=100").bearer(admin.token()).send().json();
        long appEvents = 0;
        for (JsonNode e : list) {
            if ("TENANCY_CONNECTED_APP".equals(e.path("resourceType").asText())) {
                appEvents++;
            }
        }
        assertThat(appEvents).as("create, three updates, delete").isGreaterThanOrEqualTo(5);
    }

    @Test
    void givenADelegateOfOneOrganization_thenOnlyItsOwnAppsExist() {
        Fixture a = Fixture.create(admin);
        Fixture b = a.sibling();
        Apps apps = new Apps(admin, a.realm);
        String realmWide = apps.create(app(null));
        String ofB = apps.create(app(b.orgId));
        String ofA = apps.create(app(a.orgId));
        String delegate = a.member("delegate", "pw-123456");
        a.grant("manage-provisioning", delegate);
        String token = admin.userToken(a.realm, "delegate", "pw-123456");

        JsonNode list = Http.get(apps.url()).bearer(token).send().json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("id").asText()).isEqualTo(ofA);
        for (String foreign : List.of(realmWide, ofB)) {
            assertThat(Http.get(apps.url() + "/" + foreign).bearer(token).send().status()).isEqualTo(404);
            assertThat(Http.put(apps.url() + "/" + foreign).bearer(token).json(Map.of("name", "mine")).send().status()).isEqualTo(404);
            assertThat(Http.delete(apps.url() + "/" + foreign).bearer(token).send().status()).isEqualTo(404);
            assertThat(Http.get(apps.url() + "/" + foreign + "/status").bearer(token).send().status()).isEqualTo(404);
            assertThat(Http.post(apps.url() + "/" + foreign + "/sync").bearer(token).send().status()).isEqualTo(404);
            assertThat(Http.post(apps.url() + "/" + foreign + "/test").bearer(token).send().status()).isEqualTo(404);
        }
        assertThat(Http.post(apps.url()).bearer(token).json(app(b.orgId)).send().status()).isEqualTo(403);
        assertThat(Http.post(apps.url()).bearer(token).json(app(null)).send().status()).isEqualTo(403);
        Http.Response own = Http.post(apps.url()).bearer(token).json(app(a.orgId)).send();
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        String ownId = own.json().get("id").asText();
        assertThat(Http.put(apps.url() + "/" + ownId).bearer(token).json(Map.of("organizationId", b.orgId)).send().status()).isEqualTo(403);
        Map<String, Object> realmWideAgain = new HashMap<>();
        realmWideAgain.put("organizationId", null);
        assertThat(Http.put(apps.url() + "/" + ownId).bearer(token).json(realmWideAgain).send().status()).isEqualTo(403);
        assertThat(Http.get(apps.url() + "/" + ofA + "/status").bearer(token).send().status()).isEqualTo(200);
        assertThat(Http.get(apps.url() + "/" + ofA + "/sync/nope").bearer(token).send().status()).isEqualTo(404);
        assertThat(apps.get(ofB).path("organizationId").asText()).as("unchanged").isEqualTo(b.orgId);

        // a member without provisioning roles, and nobody at all
        a.member("plain", "pw-123456");
        String plain = admin.userToken(a.realm, "plain", "pw-123456");
        assertThat(Http.get(apps.url()).bearer(plain).send().status()).isEqualTo(403);
        assertThat(Http.get(apps.url() + "/" + ofA).bearer(plain).send().status()).isEqualTo(404);
        assertThat(Http.get(apps.url()).send().status()).isEqualTo(401);
    }
}
