package dev.tenancy.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/** A realm with organizations and the SCIM switch on, and one organization in it. */
public final class Fixture {

    public final Admin admin;
    public final String realm;
    public final String orgId;
    public final String alias;

    private Fixture(Admin admin, String realm, String orgId, String alias) {
        this.admin = admin;
        this.realm = realm;
        this.orgId = orgId;
        this.alias = alias;
    }

    /** A new realm (SCIM switch on) with one new organization. */
    public static Fixture create(Admin admin) {
        String realm = admin.createRealm();
        Http.Response r = Http.put(admin.url() + "/realms/" + realm + "/orgs/config").bearer(admin.token())
                .json(Map.of("scimEnabled", true)).send();
        assertThat(r.status()).as(r.toString()).isIn(200, 204);
        String alias = Admin.unique("org");
        String orgId = admin.createOrganization(realm, alias);
        return new Fixture(admin, realm, orgId, alias);
    }

    /** Another organization in the same realm. */
    public Fixture sibling() {
        String other = Admin.unique("org");
        return new Fixture(admin, realm, admin.createOrganization(realm, other), other);
    }

    public String orgsUrl() {
        return admin.url() + "/realms/" + realm + "/orgs";
    }

    public String scimConfigUrl() {
        return orgsUrl() + "/" + orgId + "/scim";
    }

    public String rolesUrl() {
        return orgsUrl() + "/" + orgId + "/roles";
    }

    public String scimBaseUrl() {
        return admin.url() + "/realms/" + realm + "/scim/v2/organizations/" + orgId;
    }

    /** A member of this organization with a password; returns the user id. */
    public String member(String username, String password) {
        String id = admin.createUser(realm, username, password);
        admin.addMember(realm, orgId, id);
        return id;
    }

    /** A signed-in member: its user id and an access token. */
    public record Member(String id, String token) {
    }

    /**
     * A member (password {@code pw-<username>-1}) holding these organization roles, granted by the
     * master administrator, and signed in.
     */
    public Member delegate(String username, String... roles) {
        String password = "pw-" + username + "-1";
        String id = member(username, password);
        for (String role : roles) {
            grant(role, id);
        }
        return new Member(id, admin.userToken(realm, username, password));
    }

    /** Grants an organization role through the API as the master administrator. */
    public void grant(String role, String userId) {
        Http.Response r = Http.put(rolesUrl() + "/" + role + "/users/" + userId).bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    /** Creates an EXTERNAL_SECRET configuration and returns the generated secret. */
    public String enableScimWithSecret() {
        Http.Response r = Http.post(scimConfigUrl()).bearer(admin.token())
                .json(Map.of("enabled", true, "auth", Map.of("type", "EXTERNAL_SECRET"))).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("auth").get("secret").asText();
    }

    /** Creates an EXTERNAL_JWT configuration for tokens of {@link Jwks#ISSUER} for {@link Jwks#AUDIENCE}. */
    public void enableScimWithJwt(String jwksUri) {
        Http.Response r = Http.post(scimConfigUrl()).bearer(admin.token()).json(Map.of("enabled", true,
                "auth", Map.of("type", "EXTERNAL_JWT", "issuer", Jwks.ISSUER, "audience", Jwks.AUDIENCE, "jwksUri", jwksUri))).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
}
