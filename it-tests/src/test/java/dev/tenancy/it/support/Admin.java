package dev.tenancy.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Administrator actions through Keycloak's own admin REST API, as a master-realm administrator,
 * plus the token grants the tests need. Every realm a test makes has a generated name.
 */
public final class Admin {

    /** A public client with direct grants, created in every test realm, for user tokens. */
    public static final String TEST_CLIENT = "tenancy-test";

    private final KeycloakServer server;
    private String token;
    private long tokenAt;

    public Admin(KeycloakServer server) {
        this.server = server;
    }

    public static Admin of(KeycloakServer server) {
        return new Admin(server);
    }

    public String url() {
        return server.baseUrl();
    }

    /** A master-realm admin access token (master tokens live 60 s: renewed every 30 s). */
    public synchronized String token() {
        if (token == null || System.currentTimeMillis() - tokenAt > 30_000) {
            token = password("master", "admin-cli", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
            tokenAt = System.currentTimeMillis();
        }
        return token;
    }

    /**
     * Empties this node's realm and user caches. The test nodes keep local caches (no cluster
     * transport), so a node that cached the master administrator before another node created a realm
     * does not know the roles that realm gave it; a node of a real cluster is told by invalidation.
     */
    public void clearLocalCaches() {
        for (String cache : new String[] {"clear-realm-cache", "clear-user-cache"}) {
            Http.Response r = Http.post(url() + "/admin/realms/master/" + cache).bearer(token()).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(204);
        }
    }

    /** Resource Owner Password grant; returns the access token. */
    public String password(String realm, String clientId, String username, String password) {
        Http.Response r = Http.post(url() + "/realms/" + realm + "/protocol/openid-connect/token")
                .form(Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password))
                .send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("access_token").asText();
    }

    public String clientCredentials(String realm, String clientId, String secret) {
        Http.Response r = Http.post(url() + "/realms/" + realm + "/protocol/openid-connect/token")
                .form(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret))
                .send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("access_token").asText();
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new realm with organizations on and the test client; returns its name. */
    public String createRealm() {
        String name = unique("r");
        Http.Response r = Http.post(url() + "/admin/realms").bearer(token())
                .json(Map.of("realm", name, "enabled", true, "organizationsEnabled", true))
                .send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        createClient(name, Map.of("clientId", TEST_CLIENT, "publicClient", true, "directAccessGrantsEnabled", true));
        return name;
    }

    public void deleteRealm(String realm) {
        Http.delete(url() + "/admin/realms/" + realm).bearer(token()).send();
    }

    /** Creates a client and returns its internal id. */
    public String createClient(String realm, Map<String, Object> rep) {
        Http.Response r = Http.post(url() + "/admin/realms/" + realm + "/clients").bearer(token()).json(rep).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return idFromLocation(r);
    }

    /** Creates an organization and returns its id. */
    public String createOrganization(String realm, String alias, String... domains) {
        List<Map<String, Object>> ds = java.util.Arrays.stream(domains.length == 0 ? new String[] {alias + ".test"} : domains)
                .map(d -> Map.<String, Object>of("name", d, "verified", true)).toList();
        Http.Response r = Http.post(url() + "/admin/realms/" + realm + "/organizations").bearer(token())
                .json(Map.of("name", alias, "alias", alias, "domains", ds))
                .send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return idFromLocation(r);
    }

    /** Creates a user with a password and returns its id. */
    public String createUser(String realm, String username, String password) {
        Http.Response r = Http.post(url() + "/admin/realms/" + realm + "/users").bearer(token())
                .json(Map.of("username", username, "enabled", true, "email", username + "@example.test",
                        "firstName", "Test", "lastName", "User", "emailVerified", true,
                        "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))))
                .send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return idFromLocation(r);
    }

    public void addMember(String realm, String orgId, String userId) {
        Http.Response r = Http.post(url() + "/admin/realms/" + realm + "/organizations/" + orgId + "/members")
                .bearer(token()).json("\"" + userId + "\"").send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    public void removeMember(String realm, String orgId, String userId) {
        Http.Response r = Http.delete(url() + "/admin/realms/" + realm + "/organizations/" + orgId + "/members/" + userId)
                .bearer(token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    /** Grants a realm-management client role (for example {@code manage-realm}) to a user. */
    public void grantRealmManagement(String realm, String userId, String role) {
        String clientUuid = Http.get(url() + "/admin/realms/" + realm + "/clients?clientId=realm-management").bearer(token())
                .send().json().get(0).get("id").asText();
        JsonNode roleRep = Http.get(url() + "/admin/realms/" + realm + "/clients/" + clientUuid + "/roles/" + role)
                .bearer(token()).send().json();
        Http.Response r = Http.post(url() + "/admin/realms/" + realm + "/users/" + userId + "/role-mappings/clients/" + clientUuid)
                .bearer(token()).json(List.of(roleRep)).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    /** A user token from the realm's test client. */
    public String userToken(String realm, String username, String password) {
        return password(realm, TEST_CLIENT, username, password);
    }

    public static String idFromLocation(Http.Response r) {
        String location = r.header("Location");
        assertThat(location).as(r.toString()).isNotNull();
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
