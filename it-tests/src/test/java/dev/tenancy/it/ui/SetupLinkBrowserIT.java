package dev.tenancy.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * The setup link flow end to end in Chromium: an operator creates a link in the console, a second
 * browser context without a session opens it, generates the secret, makes a SCIM request with it
 * and sees it in the live panel; the operator revokes the link and the page refuses. Then checked
 * over HTTP: the secret the page showed works, the link is revoked, the page answers 404.
 */
class SetupLinkBrowserIT {

    private static final String PASSWORD = "Setup-test-1";

    private static KeycloakServer server;
    private static Admin admin;

    @BeforeAll
    static void start() {
        BrowserTest.checkPrerequisites();
        server = KeycloakServer.get();
        admin = Admin.of(server);
    }

    @Test
    void givenAnOperatorAndACustomerWithoutAccount_thenScimIsConnectedFromTheLinkAlone() throws Exception {
        Fixture f = Fixture.create(admin);
        Http.Response theme = Http.put(admin.url() + "/admin/realms/" + f.realm).bearer(admin.token())
                .json(Map.of("adminTheme", "tenancy")).send();
        assertThat(theme.status()).as(theme.toString()).isEqualTo(204);
        String operator = admin.createUser(f.realm, "operator", PASSWORD);
        admin.grantRealmManagement(f.realm, operator, "realm-admin");
        try {
            JsonNode result = BrowserTest.run("src/test/browser/setup-link.test.mjs", Map.of(
                    "baseUrl", server.baseUrl(),
                    "realm", f.realm,
                    "orgId", f.orgId,
                    "orgName", f.alias,
                    "username", "operator",
                    "password", PASSWORD),
                    Path.of(System.getProperty("keycloak.work.dir", "target")).resolve("ui-setup-" + server.db()));

            String secret = result.get("secret").asText();
            Http.Response scim = Http.get(f.scimBaseUrl() + "/Users").bearer(secret).send();
            assertThat(scim.status()).as("the secret generated on the page: " + scim).isEqualTo(200);
            JsonNode links = Http.get(f.orgsUrl() + "/" + f.orgId + "/setup-links").bearer(admin.token()).send().json();
            assertThat(links).hasSize(1);
            assertThat(links.get(0).get("status").asText()).isEqualTo("REVOKED");
            assertThat(links.get(0).get("note").asText()).isEqualTo("For the IT team of the customer");
            assertThat(Http.get(result.get("url").asText()).send().status()).isEqualTo(404);
        } finally {
            admin.deleteRealm(f.realm);
        }
    }
}
