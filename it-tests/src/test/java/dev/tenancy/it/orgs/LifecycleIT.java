package dev.tenancy.it.orgs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * Deleting an organization, a user or a realm removes our rows. The rows are counted in the
 * database directly, so these tests run on PostgreSQL (the H2 run has no second connection).
 */
@Tag("h2")
class LifecycleIT {

    static KeycloakServer server;
    static Admin admin;

    @BeforeAll
    static void server() {
        server = KeycloakServer.get();
        admin = Admin.of(server);
    }

    /**
     * Keycloak warns (KC-SERVICES0047) about a provider of an SPI marked internal. Its own SPIs that our
     * factories implement (realm REST extensions, event listeners, JPA entities, a protocol mapper) are
     * Keycloak's to mark; our own SPIs must not be, so none of the warnings may name one of them.
     */
    @Test
    void atStartUp_thenKeycloakDoesNotWarnAboutOurOwnSpisAsInternal() throws java.io.IOException {
        java.util.List<String> warnings = java.nio.file.Files.readAllLines(server.consoleLog()).stream()
                .filter(l -> l.contains("KC-SERVICES0047")).toList();
        assertThat(warnings).as("the start-up must have been logged").isNotEmpty();
        assertThat(warnings).noneMatch(l -> l.matches(".*implementing the internal SPI tenancy-.*"));
    }

    @Test
    void givenAnOrganizationIsDeleted_thenItsConfigurationAndRolesAreGone() throws SQLException {
        Fixture f = Fixture.create(admin);
        f.enableScimWithSecret();
        Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", "sales")).send();
        f.grant("sales", f.member("dora", "pw-dora-1"));
        try (Connection c = jdbc()) {
            assertThat(count(c, "TNC_SCIM_CONFIG", "ORG_ID", f.orgId)).isEqualTo(1);
            assertThat(count(c, "TNC_ORG_ROLE", "ORG_ID", f.orgId)).isEqualTo(1);
            assertThat(count(c, "TNC_ORG_ROLE_MEMBER", "ORG_ID", f.orgId)).isEqualTo(1);
            Http.Response r = Http.delete(admin.url() + "/admin/realms/" + f.realm + "/organizations/" + f.orgId).bearer(admin.token()).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(204);
            assertThat(count(c, "TNC_SCIM_CONFIG", "ORG_ID", f.orgId)).isZero();
            assertThat(count(c, "TNC_ORG_ROLE", "ORG_ID", f.orgId)).isZero();
            assertThat(count(c, "TNC_ORG_ROLE_MEMBER", "ORG_ID", f.orgId)).isZero();
        }
    }

    @Test
    void givenAUserIsDeleted_thenTheirRoleRowsAreGone() throws SQLException {
        Fixture f = Fixture.create(admin);
        String erin = f.member("erin", "pw-erin-1");
        f.grant("view-scim", erin);
        try (Connection c = jdbc()) {
            assertThat(count(c, "TNC_ORG_ROLE_MEMBER", "USER_ID", erin)).isEqualTo(1);
            assertThat(Http.delete(admin.url() + "/admin/realms/" + f.realm + "/users/" + erin).bearer(admin.token()).send().status()).isEqualTo(204);
            assertThat(count(c, "TNC_ORG_ROLE_MEMBER", "USER_ID", erin)).isZero();
        }
    }

    @Test
    void givenARealmIsDeleted_thenAllItsRowsAreGone() throws SQLException {
        Fixture f = Fixture.create(admin);
        f.enableScimWithSecret();
        Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", "sales")).send();
        f.grant("sales", f.member("fred", "pw-fred-1"));
        try (Connection c = jdbc()) {
            String realmId = Http.get(admin.url() + "/admin/realms/" + f.realm).bearer(admin.token()).send().json().get("id").asText();
            assertThat(count(c, "TNC_SCIM_CONFIG", "REALM_ID", realmId)).isEqualTo(1);
            admin.deleteRealm(f.realm);
            for (String table : new String[] {"TNC_SCIM_CONFIG", "TNC_ORG_ROLE", "TNC_ORG_ROLE_MEMBER", "TNC_SCIM_USER_LINK", "TNC_SCIM_GROUP_LINK", "TNC_SCIM_ERROR"}) {
                assertThat(count(c, table, "REALM_ID", realmId)).as(table).isZero();
            }
        }
    }

    private static Connection jdbc() throws SQLException {
        Optional<Connection> c = server.jdbc();
        assumeTrue(c.isPresent(), "rows are counted on the PostgreSQL run");
        return c.get();
    }

    private static long count(Connection c, String table, String column, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from " + table + " where " + column + " = ?")) {
            s.setString(1, value);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
