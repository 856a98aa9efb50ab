package dev.tenancy.orgs.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;

import dev.tenancy.orgs.auth.Argon2id;
import dev.tenancy.orgs.jpa.ScimConfigEntity;

class ScimConfigRequestTest {

    private static ScimConfigEntity stored(String type) {
        ScimConfigEntity e = new ScimConfigEntity();
        e.setAuthType(type);
        e.setSecretHash(Argon2id.hash("current"));
        e.setPreviousSecretHash(Argon2id.hash("previous"));
        e.setPreviousSecretExpires(System.currentTimeMillis() + 60_000);
        e.setPasswordHash(Argon2id.hash("password"));
        e.setDeprovision("DISABLE");
        return e;
    }

    @Test
    void givenAnAuthTypeSwitch_thenEveryCredentialOfThePreviousTypeIsRemoved() {
        ScimConfigEntity e = stored("EXTERNAL_SECRET");
        ScimConfigRequest.parse("{\"auth\": {\"type\": \"EXTERNAL_BASIC\", \"username\": \"okta\", \"password\": \"pw-123456\"}}").applyTo(e);
        assertThat(e.getSecretHash()).isNull();
        assertThat(e.getPreviousSecretHash()).isNull();
        assertThat(e.getPreviousSecretExpires()).isNull();
        assertThat(Argon2id.verify("pw-123456", e.getPasswordHash())).isTrue();

        String generated = ScimConfigRequest.parse("{\"auth\": {\"type\": \"EXTERNAL_SECRET\"}}").applyTo(e);
        assertThat(generated).as("a new secret, shown once").isNotNull();
        assertThat(Argon2id.verify(generated, e.getSecretHash())).isTrue();
        assertThat(Argon2id.verify("current", e.getSecretHash())).isFalse();
        assertThat(e.getPasswordHash()).isNull();
    }

    @Test
    void givenTheSameType_thenAPutWithoutSecretKeepsIt() {
        ScimConfigEntity e = stored("EXTERNAL_SECRET");
        String before = e.getSecretHash();
        assertThat(ScimConfigRequest.parse("{\"auth\": {\"type\": \"EXTERNAL_SECRET\"}}").applyTo(e)).isNull();
        assertThat(e.getSecretHash()).isEqualTo(before);
        assertThat(e.getPreviousSecretHash()).isNotNull();
    }

    @Test
    void givenRealmAdministratorSettings_thenOnlyRealChangesCount() {
        ScimConfigEntity e = stored("EXTERNAL_SECRET");
        e.setAdoptExistingUsers(true);
        e.setIdentityProvider("corp");
        assertThat(ScimConfigRequest.parse("{\"auth\": {\"type\": \"EXTERNAL_SECRET\"}}").changesRealmAdminSettings(e)).isFalse();
        assertThat(ScimConfigRequest.parse("{\"auth\": {\"type\": \"EXTERNAL_SECRET\"}, \"adoptExistingUsers\": true, \"identityProvider\": \"corp\"}")
                .changesRealmAdminSettings(e)).isFalse();
        assertThat(ScimConfigRequest.parse("{\"auth\": {\"type\": \"EXTERNAL_SECRET\"}, \"adoptExistingUsers\": false}")
                .changesRealmAdminSettings(e)).isTrue();
        assertThat(ScimConfigRequest.parse("{\"auth\": {\"type\": \"EXTERNAL_SECRET\"}, \"identityProvider\": null}")
                .changesRealmAdminSettings(e)).isTrue();
        assertThat(ScimConfigRequest.parse("{\"auth\": {\"type\": \"EXTERNAL_SECRET\"}, \"adoptExistingUsers\": true}")
                .changesRealmAdminSettings(null)).as("a new configuration").isTrue();
        assertThat(ScimConfigRequest.parse("{\"auth\": {\"type\": \"EXTERNAL_SECRET\"}, \"adoptExistingUsers\": false, \"identityProvider\": null}")
                .changesRealmAdminSettings(null)).isFalse();
    }

    @Test
    void givenAPutWithoutTheRealmAdministratorSettings_thenTheStoredValuesStay() {
        ScimConfigEntity e = stored("EXTERNAL_SECRET");
        e.setAdoptExistingUsers(true);
        e.setIdentityProvider("corp");
        ScimConfigRequest.parse("{\"auth\": {\"type\": \"EXTERNAL_SECRET\"}, \"deprovision\": \"DELETE\"}").applyTo(e);
        assertThat(e.isAdoptExistingUsers()).isTrue();
        assertThat(e.getIdentityProvider()).isEqualTo("corp");
        assertThat(e.getDeprovision()).isEqualTo("DELETE");
    }

    @Test
    void givenTheGrantRule_thenBuiltInRolesNeedTheRoleItself() {
        assertThat(OrgRolesResource.mayAssign(false, true, false)).isFalse();
        assertThat(OrgRolesResource.mayAssign(false, true, true)).isTrue();
        assertThat(OrgRolesResource.mayAssign(false, false, false)).as("custom role").isTrue();
        assertThat(OrgRolesResource.mayAssign(true, true, false)).as("realm administrator").isTrue();
    }

    @Test
    void givenDatabaseErrors_thenTheSqlStateIsFoundAmongTheCauses() {
        PersistenceException e = new PersistenceException("x", new RuntimeException(new SQLException("value too long", "22001")));
        assertThat(Errors.sqlState(e)).isEqualTo("22001");
        assertThat(Errors.sqlState(new PersistenceException("x"))).isNull();
    }
}
