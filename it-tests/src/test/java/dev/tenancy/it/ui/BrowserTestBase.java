package dev.tenancy.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;

import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;
import dev.tenancy.it.support.ServerTest;

/** A browser test class: chromium and playwright-core checked first, the shared server, and the set-up steps the console tests share. */
abstract class BrowserTestBase extends ServerTest {

    static KeycloakServer server;

    @BeforeAll
    static void checkBrowserAndServer() {
        BrowserTest.checkPrerequisites();
        server = KeycloakServer.get();
    }

    /** A user of the realm with realm-management's {@code realm-admin}; returns its id. */
    static String realmAdministrator(String realm, String username, String password) {
        String id = admin.createUser(realm, username, password);
        admin.grantRealmManagement(realm, id, "realm-admin");
        return id;
    }

    /** Switches the realm's admin console to the tenancy theme. */
    static void useTenancyTheme(String realm) {
        Http.Response r = Http.put(admin.url() + "/admin/realms/" + realm).bearer(admin.token())
                .json(Map.of("adminTheme", "tenancy")).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    /** The working directory of one browser test on this server's database. */
    static Path workDir(String name) {
        return Path.of(System.getProperty("keycloak.work.dir", "target")).resolve(name + "-" + server.db());
    }
}
