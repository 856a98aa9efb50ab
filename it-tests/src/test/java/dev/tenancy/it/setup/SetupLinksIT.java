package dev.tenancy.it.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * Setup links: the admin API ({@code …/orgs/{orgId}/setup-links}) and the public page
 * ({@code /realms/{realm}/tenancy/setup/{token}}), attacked from every side a link can be.
 */
class SetupLinksIT {

    static final String TOKEN_HEADER = "X-Tenancy-Setup-Token";
    static KeycloakServer server;
    static Admin admin;

    @BeforeAll
    static void start() {
        server = KeycloakServer.get();
        admin = Admin.of(server);
    }

    static String linksUrl(Fixture f) {
        return f.orgsUrl() + "/" + f.orgId + "/setup-links";
    }

    static JsonNode create(Fixture f, String token, Object body) {
        Http.Response r = Http.post(linksUrl(f)).bearer(token).json(body).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    static String tokenOf(JsonNode link) {
        String url = link.get("url").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    static Http.Response api(Fixture f, String action, String token) {
        return Http.post(admin.url() + "/realms/" + f.realm + "/tenancy/setup/api/" + action).header(TOKEN_HEADER, token).json("{}").send();
    }

    @Test
    void givenARealmAdmin_thenALinkIsCreatedListedWithoutItsTokenAndRevoked() throws Exception {
        Fixture f = Fixture.create(admin);
        JsonNode link = create(f, admin.token(), Map.of("expiresInSeconds", 3600, "note", "for Jo at acme IT"));
        String token = tokenOf(link);
        assertThat(link.get("url").asText()).isEqualTo(admin.url() + "/realms/" + f.realm + "/tenancy/setup/" + token);
        assertThat(token).as("256 random bits, URL-safe base64").matches("[A-Za-z0-9_-]{43}");
        assertThat(link.get("expiresAt").asText()).isNotBlank();
        assertThat(link.get("status").asText()).isEqualTo("ACTIVE");

        Http.Response list = Http.get(linksUrl(f)).bearer(admin.token()).send();
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).get("id").asText()).isEqualTo(link.get("id").asText());
        assertThat(list.json().get(0).get("note").asText()).isEqualTo("for Jo at acme IT");
        assertThat(list.body()).doesNotContain(token).doesNotContain("\"url\"");

        Optional<Connection> db = server.jdbc();
        if (db.isPresent()) {
            try (Connection c = db.get(); PreparedStatement s = c.prepareStatement("select TOKEN_HASH from TNC_SCIM_SETUP_LINK where ID = ?")) {
                s.setString(1, link.get("id").asText());
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("stored hashed").hasSize(64).doesNotContain(token);
                }
            }
        }

        Http.Response page = Http.get(link.get("url").asText()).send();
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.body()).contains(f.alias).contains(f.scimBaseUrl());

        Http.Response revoke = Http.delete(linksUrl(f) + "/" + link.get("id").asText()).bearer(admin.token()).send();
        assertThat(revoke.status()).as(revoke.toString()).isEqualTo(204);
        assertThat(Http.get(linksUrl(f)).bearer(admin.token()).send().json().get(0).get("status").asText()).isEqualTo("REVOKED");
        assertInvalid(Http.get(link.get("url").asText()).send());
        assertThat(api(f, "status", token).status()).isEqualTo(404);
        assertThat(api(f, "secret", token).status()).isEqualTo(404);
        assertThat(Files.readString(server.logFile())).as("the token is never logged").doesNotContain(token);
    }

    @Test
    void givenAnExpiryOutOfBounds_then400NamingIt() {
        Fixture f = Fixture.create(admin);
        for (Object bad : new Object[] {0, -5, 7 * 24 * 3600 + 1, "soon", 1.5}) {
            Http.Response r = Http.post(linksUrl(f)).bearer(admin.token()).json(Map.of("expiresInSeconds", bad)).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("expiresInSeconds");
        }
        Http.Response note = Http.post(linksUrl(f)).bearer(admin.token()).json(Map.of("note", "x".repeat(256))).send();
        assertThat(note.status()).as(note.toString()).isEqualTo(400);
        assertThat(Http.post(linksUrl(f)).bearer(admin.token()).json("{nope").send().status()).isEqualTo(400);
        assertThat(Http.get(linksUrl(f)).bearer(admin.token()).send().json()).as("nothing half-created").isEmpty();
        JsonNode week = create(f, admin.token(), Map.of("expiresInSeconds", 7 * 24 * 3600));
        assertThat(week.get("status").asText()).isEqualTo("ACTIVE");
    }

    /**
     * Input the endpoint's own checks let through but the database may refuse (PostgreSQL refuses a
     * NUL in text), wrong JSON shapes and absurd ids: a 4xx in the /orgs error format, never a 5xx,
     * and nothing half-created.
     */
    @Test
    void givenBadInput_thenA4xxInTheOrgsFormatNeverA5xx() {
        Fixture f = Fixture.create(admin);
        Http.Response nul = Http.post(linksUrl(f)).bearer(admin.token()).json(Map.of("note", "for\u0000Jo")).send();
        assertThat(nul.status()).as(nul.toString()).isIn(201, 400);
        if ("postgres".equals(server.db())) {
            assertThat(nul.status()).as("PostgreSQL refuses a NUL in text: " + nul).isEqualTo(400);
        }
        if (nul.status() == 400) {
            assertThat(nul.json().get("error").asText()).as(nul.toString()).isNotBlank();
            assertThat(nul.body()).doesNotContainIgnoringCase("sql").doesNotContainIgnoringCase("exception");
            assertThat(Http.get(linksUrl(f)).bearer(admin.token()).send().json()).as("nothing half-created").isEmpty();
        }
        for (String body : new String[] {"[]", "\"note\"", "{\"note\": {\"a\": 1}}", "{\"expiresInSeconds\": 1e400}",
                "{\"expiresInSeconds\": 99999999999999999999999}"}) {
            Http.Response r = Http.post(linksUrl(f)).bearer(admin.token()).json(body).send();
            assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(r.toString()).isNotBlank();
        }
        String huge = "x".repeat(5000);
        for (Http.Response r : List.of(Http.get(linksUrl(f) + "/" + huge).bearer(admin.token()).send(),
                Http.delete(linksUrl(f) + "/" + huge).bearer(admin.token()).send())) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.json().get("error").asText()).as(r.toString()).isNotBlank();
        }
    }

    @Test
    void givenAManageScimMemberOfA_thenOrganizationBIsNotFoundAndAViewerIsForbidden() {
        Fixture a = Fixture.create(admin);
        Fixture b = a.sibling();
        String manager = a.member("scimmgr", "pw-scimmgr-1");
        a.grant("manage-scim", manager);
        String viewer = a.member("scimviewer", "pw-scimviewer-1");
        a.grant("view-scim", viewer);
        String managerToken = admin.userToken(a.realm, "scimmgr", "pw-scimmgr-1");
        String viewerToken = admin.userToken(a.realm, "scimviewer", "pw-scimviewer-1");

        JsonNode own = create(a, managerToken, Map.of("expiresInSeconds", 600));
        assertThat(Http.get(linksUrl(a)).bearer(managerToken).send().status()).isEqualTo(200);
        JsonNode ofB = create(b, admin.token(), Map.of("expiresInSeconds", 600));

        assertThat(Http.post(linksUrl(b)).bearer(managerToken).json(Map.of()).send().status()).isEqualTo(404);
        assertThat(Http.get(linksUrl(b)).bearer(managerToken).send().status()).isEqualTo(404);
        assertThat(Http.delete(linksUrl(b) + "/" + ofB.get("id").asText()).bearer(managerToken).send().status()).isEqualTo(404);
        assertThat(Http.delete(linksUrl(a) + "/" + ofB.get("id").asText()).bearer(managerToken).send().status())
                .as("B's link through A's path").isEqualTo(404);
        assertThat(Http.get(linksUrl(b)).bearer(admin.token()).send().json().get(0).get("status").asText()).isEqualTo("ACTIVE");

        assertThat(Http.get(linksUrl(a)).bearer(viewerToken).send().status()).isEqualTo(403);
        assertThat(Http.post(linksUrl(a)).bearer(viewerToken).json(Map.of()).send().status()).isEqualTo(403);
        assertThat(Http.delete(linksUrl(a) + "/" + own.get("id").asText()).bearer(viewerToken).send().status()).isEqualTo(403);
        assertThat(Http.get(linksUrl(a)).send().status()).isEqualTo(401);

        assertThat(Http.delete(linksUrl(a) + "/" + own.get("id").asText()).bearer(managerToken).send().status()).isEqualTo(204);
    }

    @Test
    void givenALinkOfA_thenItSetsOnlyAsSecretAndBIsUntouched() {
        Fixture a = Fixture.create(admin);
        Fixture b = a.sibling();
        String secretOfB = b.enableScimWithSecret();
        String token = tokenOf(create(a, admin.token(), Map.of("expiresInSeconds", 600)));

        Http.Response status = api(a, "status", token);
        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        assertThat(status.json().get("scimBaseUrl").asText()).isEqualTo(a.scimBaseUrl());
        assertThat(status.json().get("configured").asBoolean()).isFalse();

        Http.Response generated = api(a, "secret", token);
        assertThat(generated.status()).as(generated.toString()).isEqualTo(200);
        String secret = generated.json().get("secret").asText();
        assertThat(Http.get(a.scimBaseUrl() + "/Users").bearer(secret).send().status()).isEqualTo(200);
        assertThat(Http.get(b.scimBaseUrl() + "/Users").bearer(secret).send().status()).as("A's secret is not B's").isEqualTo(401);
        assertThat(Http.get(b.scimBaseUrl() + "/Users").bearer(secretOfB).send().status()).as("B's secret unchanged").isEqualTo(200);

        // The link names its organization; nothing in the request can point it at another one.
        Http.Response other = Http.post(admin.url() + "/realms/" + a.realm + "/tenancy/setup/api/status?orgId=" + b.orgId)
                .header(TOKEN_HEADER, token).json(Map.of("organizationId", b.orgId)).send();
        assertThat(other.json().get("scimBaseUrl").asText()).isEqualTo(a.scimBaseUrl());

        // Rotating from the page: the new secret works, the previous one is in its grace period.
        String rotated = api(a, "secret", token).json().get("secret").asText();
        assertThat(rotated).isNotEqualTo(secret);
        assertThat(Http.get(a.scimBaseUrl() + "/Users").bearer(rotated).send().status()).isEqualTo(200);
        assertThat(Http.get(a.scimBaseUrl() + "/Users").bearer(secret).send().status()).isEqualTo(200);
        assertThat(api(a, "status", token).json().get("previousSecretValidUntil").asText()).isNotBlank();

        // A token of another realm is unknown here.
        Fixture elsewhere = Fixture.create(admin);
        assertInvalid(Http.get(admin.url() + "/realms/" + elsewhere.realm + "/tenancy/setup/" + token).send());
    }

    @Test
    void givenAnOrganizationWithAnotherAuthType_thenTheLinkCannotSwitchIt() {
        Fixture f = Fixture.create(admin);
        Http.Response basic = Http.post(f.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("enabled", true, "auth", Map.of("type", "EXTERNAL_BASIC", "username", "okta", "password", "Basic-pass-123"))).send();
        assertThat(basic.status()).as(basic.toString()).isEqualTo(201);
        String token = tokenOf(create(f, admin.token(), Map.of("expiresInSeconds", 600)));
        Http.Response r = api(f, "secret", token);
        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(Http.get(f.scimConfigUrl()).bearer(admin.token()).send().json().get("auth").get("type").asText()).isEqualTo("EXTERNAL_BASIC");
    }

    @Test
    void givenThePage_thenStrictHeadersAndActionsNeedTheHeaderFromTheSameSite() {
        Fixture f = Fixture.create(admin);
        // A delegated administrator may name the organization: the page escapes it.
        Http.Response renamed = Http.put(f.orgsUrl() + "/" + f.orgId).bearer(admin.token())
                .json(Map.of("name", "Acme <img src=x onerror=alert(1)>")).send();
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        JsonNode link = create(f, admin.token(), Map.of("expiresInSeconds", 600));
        String token = tokenOf(link);
        Http.Response page = Http.get(link.get("url").asText()).send();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Acme &lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x");
        assertStrictHeaders(page);
        assertStrictHeaders(api(f, "status", token));

        String apiUrl = admin.url() + "/realms/" + f.realm + "/tenancy/setup/api/secret";
        assertThat(Http.post(apiUrl).json("{}").send().status()).as("no token header").isEqualTo(404);
        assertThat(Http.post(apiUrl).header(TOKEN_HEADER, token).header("Sec-Fetch-Site", "cross-site").json("{}").send().status())
                .as("a cross-site request").isEqualTo(403);
        assertThat(Http.get(apiUrl).header(TOKEN_HEADER, token).send().status()).as("actions are POST only").isIn(404, 405);
        assertThat(Http.get(f.scimConfigUrl()).bearer(admin.token()).send().status()).as("nothing configured by the refused calls").isEqualTo(404);
    }

    @Test
    void givenAnExpiredLink_thenThePlainPage() throws Exception {
        Fixture f = Fixture.create(admin);
        JsonNode link = create(f, admin.token(), Map.of("expiresInSeconds", 1));
        long deadline = System.currentTimeMillis() + 15_000;
        Http.Response page;
        do {
            Thread.sleep(300);
            page = Http.get(link.get("url").asText()).send();
        } while (page.status() == 200 && System.currentTimeMillis() < deadline);
        assertInvalid(page);
        assertThat(page.body()).doesNotContain(f.alias).doesNotContain(f.orgId);
        assertThat(Http.get(linksUrl(f)).bearer(admin.token()).send().json().get(0).get("status").asText()).isEqualTo("EXPIRED");
        assertInvalid(Http.get(admin.url() + "/realms/" + f.realm + "/tenancy/setup/not-a-token").send());
    }

    @Test
    void givenManyRequestsThroughOneLink_thenTooManyRequests() {
        Fixture f = Fixture.create(admin);
        String token = tokenOf(create(f, admin.token(), Map.of("expiresInSeconds", 600)));
        int limited = 0;
        Http.Response last = null;
        for (int i = 0; i < 200 && limited == 0; i++) {
            last = api(f, "status", token);
            if (last.status() == 429) {
                limited = i;
            } else {
                assertThat(last.status()).as(last.toString()).isEqualTo(200);
            }
        }
        assertThat(limited).as("a link is rate-limited").isPositive();
        assertThat(last.header("Retry-After")).isNotBlank();
        String other = tokenOf(create(f, admin.token(), Map.of("expiresInSeconds", 600)));
        assertThat(api(f, "status", other).status()).as("another link has its own budget").isEqualTo(200);
    }

    @Test
    void givenActionsThroughALink_thenAdminEventsNameIt() {
        Fixture f = Fixture.create(admin);
        Http.Response on = Http.put(admin.url() + "/admin/realms/" + f.realm).bearer(admin.token())
                .json(Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true)).send();
        assertThat(on.status()).as(on.toString()).isEqualTo(204);
        JsonNode link = create(f, admin.token(), Map.of("expiresInSeconds", 600));
        String id = link.get("id").asText();
        String token = tokenOf(link);
        assertThat(Http.get(link.get("url").asText()).send().status()).isEqualTo(200);
        String secret = api(f, "secret", token).json().get("secret").asText();
        assertThat(Http.delete(linksUrl(f) + "/" + id).bearer(admin.token()).send().status()).isEqualTo(204);

        Http.Response events = Http.get(admin.url() + "/admin/realms/" + f.realm + "/admin-events?max=100").bearer(admin.token()).send();
        String paths = events.json().findValuesAsText("resourcePath").toString();
        String base = "organizations/" + f.orgId + "/setup-links/" + id;
        assertThat(paths).contains(base + "/opened").contains(base + "/create-secret").contains(base);
        assertThat(events.body()).doesNotContain(token).doesNotContain(secret);
    }

    static void assertInvalid(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).contains("no longer valid").doesNotContain("<script");
        assertStrictHeaders(r);
    }

    static void assertStrictHeaders(Http.Response r) {
        String csp = r.header("Content-Security-Policy");
        assertThat(csp).as(r.toString()).contains("default-src 'none'").contains("script-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Cache-Control")).contains("no-store");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
}
