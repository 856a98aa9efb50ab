package dev.tenancy.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tenancy.it.scim.ScimClient;
import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;

/**
 * One organization's SCIM endpoint with its credential ({@link ScimClient}), plus the admin REST reads
 * the security suites compare before and after an attack.
 */
final class OrgScim extends ScimClient {

    /** The initial password of every user {@link #createUserId} makes. */
    static final String INITIAL_PASSWORD = "Initial-pw-1";

    final Admin admin;

    private OrgScim(Fixture fixture, String secret) {
        super(fixture, "Bearer " + secret);
        this.admin = fixture.admin;
    }

    /**
     * A new realm and organization with a secret. The realm's user profile lets administrators see
     * unmanaged attributes, so that {@link #snapshot} shows every attribute SCIM stores.
     */
    public static OrgScim create(Admin admin) {
        Fixture f = Fixture.create(admin);
        String profileUrl = admin.url() + "/admin/realms/" + f.realm + "/users/profile";
        ObjectNode profile = (ObjectNode) Http.get(profileUrl).bearer(admin.token()).send().json();
        profile.put("unmanagedAttributePolicy", "ADMIN_VIEW");
        Http.Response r = Http.put(profileUrl).bearer(admin.token()).json(profile).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new OrgScim(f, f.enableScimWithSecret());
    }

    @Override
    public OrgScim sibling() {
        Fixture other = fixture.sibling();
        return new OrgScim(other, other.enableScimWithSecret());
    }

    /** Changes the configuration as the master administrator; the secret stays. */
    void configure(Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", true);
        body.put("auth", Map.of("type", "EXTERNAL_SECRET"));
        body.putAll(extra);
        Http.Response r = Http.put(fixture.scimConfigUrl()).bearer(admin.token()).json(body).send();
        assertThat(r.status()).as(r.toString()).isIn(200, 204);
    }

    String domain() {
        return fixture.alias + ".test";
    }

    /** Creates a user through this organization's SCIM (so it owns it) and returns its id. */
    String createUserId(String userName, String email) {
        return createUser(userName, email, INITIAL_PASSWORD).get("id").asText();
    }

    // ---- admin REST ------------------------------------------------------------------------------

    String realmUrl() {
        return admin.url() + "/admin/realms/" + fixture.realm;
    }

    /** A realm account made through the admin REST (no owner), with a verified email and a password. */
    String account(String username, String email, String password) {
        Http.Response r = Http.post(realmUrl() + "/users").bearer(admin.token())
                .json(map("username", username, "enabled", true, "email", email, "emailVerified", true,
                        "firstName", "Real", "lastName", "Person",
                        "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))))
                .send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return Admin.idFromLocation(r);
    }

    void addMember(String userId) {
        admin.addMember(fixture.realm, fixture.orgId, userId);
    }

    boolean isMember(String userId) {
        return Http.get(realmUrl() + "/organizations/" + fixture.orgId + "/members/" + userId).bearer(admin.token()).send().status() == 200;
    }

    JsonNode user(String userId) {
        Http.Response r = Http.get(realmUrl() + "/users/" + userId).bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /**
     * Everything of the account an organization's SCIM could touch outside the organization: the
     * representation, the credentials, the federated identities and the groups.
     */
    JsonNode snapshot(String userId) {
        ObjectNode o = Http.JSON.createObjectNode();
        ObjectNode rep = (ObjectNode) user(userId);
        rep.remove("access");
        o.set("user", rep);
        o.set("credentials", Http.get(realmUrl() + "/users/" + userId + "/credentials").bearer(admin.token()).send().json());
        o.set("federated", Http.get(realmUrl() + "/users/" + userId + "/federated-identity").bearer(admin.token()).send().json());
        o.set("groups", Http.get(realmUrl() + "/users/" + userId + "/groups?briefRepresentation=false").bearer(admin.token()).send().json());
        return o;
    }

    /** Makes the account privileged the direct way: a realm-management client role. */
    void grantRealmManagement(String userId, String role) {
        admin.grantRealmManagement(fixture.realm, userId, role);
    }

    /** Makes the account privileged through a group that holds a realm-management role. */
    void privilegedThroughGroup(String userId) {
        String clientUuid = Http.get(realmUrl() + "/clients?clientId=realm-management").bearer(admin.token()).send().json()
                .get(0).get("id").asText();
        JsonNode role = Http.get(realmUrl() + "/clients/" + clientUuid + "/roles/view-users").bearer(admin.token()).send().json();
        Http.Response g = Http.post(realmUrl() + "/groups").bearer(admin.token()).json(Map.of("name", Admin.unique("ops"))).send();
        assertThat(g.status()).as(g.toString()).isEqualTo(201);
        String groupId = Admin.idFromLocation(g);
        assertThat(Http.post(realmUrl() + "/groups/" + groupId + "/role-mappings/clients/" + clientUuid).bearer(admin.token())
                .json(List.of(role)).send().status()).isEqualTo(204);
        assertThat(Http.put(realmUrl() + "/users/" + userId + "/groups/" + groupId).bearer(admin.token()).send().status()).isEqualTo(204);
    }

    /** Makes the account privileged through a composite realm role that includes a realm-management role. */
    void privilegedThroughComposite(String userId) {
        String clientUuid = Http.get(realmUrl() + "/clients?clientId=realm-management").bearer(admin.token()).send().json()
                .get(0).get("id").asText();
        JsonNode role = Http.get(realmUrl() + "/clients/" + clientUuid + "/roles/query-users").bearer(admin.token()).send().json();
        String name = Admin.unique("helpdesk");
        assertThat(Http.post(realmUrl() + "/roles").bearer(admin.token()).json(Map.of("name", name)).send().status()).isEqualTo(201);
        assertThat(Http.post(realmUrl() + "/roles/" + name + "/composites").bearer(admin.token()).json(List.of(role)).send().status())
                .isEqualTo(204);
        JsonNode composite = Http.get(realmUrl() + "/roles/" + name).bearer(admin.token()).send().json();
        assertThat(Http.post(realmUrl() + "/users/" + userId + "/role-mappings/realm").bearer(admin.token()).json(List.of(composite))
                .send().status()).isEqualTo(204);
    }

    /** Whether the password signs the user in (a direct grant through the realm's test client). */
    boolean signsIn(String username, String password) {
        return Http.post(admin.url() + "/realms/" + fixture.realm + "/protocol/openid-connect/token")
                .form(Map.of("grant_type", "password", "client_id", Admin.TEST_CLIENT, "username", username, "password", password))
                .send().status() == 200;
    }
}
