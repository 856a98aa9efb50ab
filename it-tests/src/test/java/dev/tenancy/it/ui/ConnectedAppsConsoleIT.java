package dev.tenancy.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.apps.ScimmyAccess;
import dev.tenancy.it.support.Admin;

/** The "Connected apps" section of the Provisioning page: create, test, dry run with its plan, sync with its progress. */
class ConnectedAppsConsoleIT extends BrowserTestBase {

    private static final String PASSWORD = "Console-pw-1";
    @Test
    void givenARealmAdministrator_thenAnAppIsConnectedTestedDryRunAndSyncedFromTheConsole() throws Exception {
        String realm = admin.createRealm();
        useTenancyTheme(realm);
        String orgId = admin.createOrganization(realm, Admin.unique("org"));
        realmAdministrator(realm, "console-admin", PASSWORD);
        for (int i = 0; i < 3; i++) {
            admin.addMember(realm, orgId, admin.createUser(realm, "ui" + i, PASSWORD));
        }
        try (ScimmyAccess scim = ScimmyAccess.start()) {
            Path work = workDir("ui-apps");
            JsonNode result = BrowserTest.run("src/test/browser/connected-apps.test.mjs", Map.of(
                    "baseUrl", server.baseUrl(), "realm", realm, "orgId", orgId, "username", "console-admin",
                    "password", PASSWORD, "scimUrl", scim.scimUrl(), "scimToken", scim.token(),
                    "shotDir", work.resolve("screenshots").toString()), work);
            assertThat(result.path("test").asText()).contains("Connected to scimmy");
            assertThat(result.path("plan").asInt()).isEqualTo(3);
            assertThat(result.path("counts").asText()).contains("DONE");
            assertThat(scim.userCount()).isEqualTo(3);
        }
    }
}
