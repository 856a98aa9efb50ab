package dev.tenancy.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.apps.ScimmyAccess;
import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** The "Connected apps" section of the Provisioning page: create, test, dry run with its plan, sync with its progress. */
class ConnectedAppsConsoleIT {

    private static final String PASSWORD = "Console-pw-1";
    private static KeycloakServer server;
    private static Admin admin;

    @BeforeAll
    static void start() {
        BrowserTest.checkPrerequisites();
        server = KeycloakServer.get();
        admin = Admin.of(server);
    }

    @Test
    void givenARealmAdministrator_thenAnAppIsConnectedTestedDryRunAndSyncedFromTheConsole() throws Exception {
        String realm = admin.createRealm();
        Http.put(admin.url() + "/admin/realms/" + realm).bearer(admin.token()).json(Map.of("adminTheme", "tenancy")).send();
        String orgId = admin.createOrganization(realm, Admin.unique("org"));
        String realmAdmin = admin.createUser(realm, "console-admin", PASSWORD);
        admin.grantRealmManagement(realm, realmAdmin, "realm-admin");
        for (int i = 0; i < 3; i++) {
            admin.addMember(realm, orgId, admin.createUser(realm, "ui" + i, PASSWORD));
        }
        try (ScimmyAccess scim = ScimmyAccess.start()) {
            Path work = Path.of(System.getProperty("keycloak.work.dir", "target")).resolve("ui-apps-" + server.db());
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
