package dev.tenancy.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;

/**
 * The setup link flow end to end in Chromium: an operator creates a link in the console, a second
 * browser context without a session opens it, generates the secret, makes a SCIM request with it
 * and sees it in the live panel; the operator revokes the link and the page refuses. Then checked
 * over HTTP: the secret the page showed works, the link is revoked, the page answers 404.
 */
class SetupLinkBrowserIT extends BrowserTestBase {

    private static final String PASSWORD = "Setup-test-1";

    @Test
    void givenAnOperatorAndACustomerWithoutAccount_thenScimIsConnectedFromTheLinkAlone() throws Exception {
        Fixture f = Fixture.create(admin);
        useTenancyTheme(f.realm);
        realmAdministrator(f.realm, "operator", PASSWORD);
        try {
            JsonNode result = BrowserTest.run("src/test/browser/setup-link.test.mjs", Map.of(
                    "baseUrl", server.baseUrl(),
                    "realm", f.realm,
                    "orgId", f.orgId,
                    "orgName", f.alias,
                    "username", "operator",
                    "password", PASSWORD),
                    workDir("ui-setup"));

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
