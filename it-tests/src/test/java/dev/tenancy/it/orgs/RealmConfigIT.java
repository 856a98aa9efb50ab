package dev.tenancy.it.orgs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** {@code /realms/{realm}/orgs/config}: the realm switch. */
@Tag("h2")
class RealmConfigIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    @Test
    void givenANewRealm_thenScimIsOffAndAnAdminCanTurnItOn() {
        String realm = admin.createRealm();
        String url = admin.url() + "/realms/" + realm + "/orgs/config";

        Http.Response initial = Http.get(url).bearer(admin.token()).send();
        assertThat(initial.status()).as(initial.toString()).isEqualTo(200);
        assertThat(initial.json().get("scimEnabled").asBoolean()).isFalse();

        Http.Response put = Http.put(url).bearer(admin.token()).json(Map.of("scimEnabled", true)).send();
        assertThat(put.status()).as(put.toString()).isIn(200, 204);

        Http.Response after = Http.get(url).bearer(admin.token()).send();
        assertThat(after.json().get("scimEnabled").asBoolean()).as(after.toString()).isTrue();
    }

    @Test
    void givenNoToken_then401WithChallenge() {
        String realm = admin.createRealm();
        Http.Response r = Http.get(admin.url() + "/realms/" + realm + "/orgs/config").send();
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void givenAGarbageToken_then401() {
        String realm = admin.createRealm();
        Http.Response r = Http.get(admin.url() + "/realms/" + realm + "/orgs/config").bearer("not-a-jwt").send();
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
    }

    @Test
    void givenARealmUserWithoutRoles_then403() {
        String realm = admin.createRealm();
        admin.createUser(realm, "plain", "pw-plain-1");
        String token = admin.userToken(realm, "plain", "pw-plain-1");
        assertThat(Http.get(admin.url() + "/realms/" + realm + "/orgs/config").bearer(token).send().status()).isEqualTo(403);
        Http.Response put = Http.put(admin.url() + "/realms/" + realm + "/orgs/config").bearer(token).json(Map.of("scimEnabled", true)).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(403);
    }

    @Test
    void givenARealmAdminOfThisRealm_thenAllowed() {
        String realm = admin.createRealm();
        String userId = admin.createUser(realm, "realmadm", "pw-ra-1");
        admin.grantRealmManagement(realm, userId, "manage-realm");
        String token = admin.userToken(realm, "realmadm", "pw-ra-1");
        Http.Response put = Http.put(admin.url() + "/realms/" + realm + "/orgs/config").bearer(token).json(Map.of("scimEnabled", true)).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
    }

    @Test
    void givenATokenOfAnotherRealm_then401() {
        String realm = admin.createRealm();
        String other = admin.createRealm();
        String userId = admin.createUser(other, "realmadm", "pw-ra-1");
        admin.grantRealmManagement(other, userId, "manage-realm");
        String token = admin.userToken(other, "realmadm", "pw-ra-1");
        Http.Response r = Http.get(admin.url() + "/realms/" + realm + "/orgs/config").bearer(token).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
    }

    @Test
    void givenBadBodies_then400NamingTheField() {
        String realm = admin.createRealm();
        String url = admin.url() + "/realms/" + realm + "/orgs/config";
        Http.Response malformed = Http.put(url).bearer(admin.token()).json("{\"scimEnabled\": tru").send();
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        Http.Response wrongType = Http.put(url).bearer(admin.token()).json(Map.of("scimEnabled", "yes")).send();
        assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(400);
        assertThat(wrongType.json().get("field").asText()).isEqualTo("scimEnabled");
        Http.Response missing = Http.put(url).bearer(admin.token()).json(Map.of()).send();
        assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("scimEnabled");
    }
}
