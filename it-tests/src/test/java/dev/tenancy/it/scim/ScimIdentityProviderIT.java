package dev.tenancy.it.scim;

import static dev.tenancy.it.scim.ScimClient.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** {@code identityProvider}: provisioned users are linked to it and become managed members; {@code emailAsUsername}. */
class ScimIdentityProviderIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    @Test
    void givenAnIdentityProvider_thenProvisionedUsersAreLinkedManagedMembersAndDisableKeepsTheAccount() {
        ScimClient scim = ScimClient.create(admin);
        String realm = scim.fixture.realm;
        Http.Response idp = Http.post(admin.url() + "/admin/realms/" + realm + "/identity-provider/instances").bearer(admin.token())
                .json(Map.of("alias", "corp-idp", "providerId", "oidc", "enabled", true, "config", Map.of(
                        "clientId", "kc", "clientSecret", "secret", "authorizationUrl", "https://idp.example.test/auth",
                        "tokenUrl", "https://idp.example.test/token", "clientAuthMethod", "client_secret_post"))).send();
        assertThat(idp.status()).as(idp.toString()).isEqualTo(201);
        Http.Response link = Http.post(admin.url() + "/admin/realms/" + realm + "/organizations/" + scim.fixture.orgId + "/identity-providers")
                .bearer(admin.token()).json("\"corp-idp\"").send();
        assertThat(link.status()).as(link.toString()).isEqualTo(204);
        Http.Response cfg = Http.put(scim.fixture.scimConfigUrl()).bearer(admin.token()).json(Map.of("enabled", true,
                "auth", Map.of("type", "EXTERNAL_SECRET"), "identityProvider", "corp-idp")).send();
        assertThat(cfg.status()).as(cfg.toString()).isIn(200, 204);

        String id = scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "Fed.User", "externalId", "idp-subject-1",
                "emails", List.of(Map.of("value", "fed.user@example.com", "primary", true)))).send().json().get("id").asText();
        JsonNode federated = Http.get(admin.url() + "/admin/realms/" + realm + "/users/" + id + "/federated-identity")
                .bearer(admin.token()).send().json();
        assertThat(federated).hasSize(1);
        assertThat(federated.get(0).get("identityProvider").asText()).isEqualTo("corp-idp");
        assertThat(federated.get(0).get("userId").asText()).isEqualTo("idp-subject-1");
        JsonNode members = Http.get(admin.url() + "/admin/realms/" + realm + "/organizations/" + scim.fixture.orgId + "/members")
                .bearer(admin.token()).send().json();
        assertThat(members.toString()).contains(id).contains("MANAGED");

        assertThat(scim.delete("/Users/" + id).send().status()).isEqualTo(204);
        JsonNode account = Http.get(admin.url() + "/admin/realms/" + realm + "/users/" + id).bearer(admin.token()).send().json();
        assertThat(account.get("enabled").asBoolean()).isFalse();
        assertThat(scim.get("/Users/" + id).send().status()).isEqualTo(404);
    }

    @Test
    void givenEmailAsUsername_thenTheUsernameIsThePrimaryEmail() {
        ScimClient scim = ScimClient.create(admin);
        Http.Response cfg = Http.put(scim.fixture.scimConfigUrl()).bearer(admin.token()).json(Map.of("enabled", true,
                "auth", Map.of("type", "EXTERNAL_SECRET"), "emailAsUsername", true)).send();
        assertThat(cfg.status()).as(cfg.toString()).isIn(200, 204);
        Http.Response r = scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "EmpNo-77",
                "emails", List.of(Map.of("value", "Mail.User@Example.com", "primary", true)))).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("userName").asText()).isEqualTo("EmpNo-77");
        JsonNode kc = Http.get(admin.url() + "/admin/realms/" + scim.fixture.realm + "/users/" + r.json().get("id").asText())
                .bearer(admin.token()).send().json();
        assertThat(kc.get("username").asText()).isEqualTo("mail.user@example.com");
    }
}
