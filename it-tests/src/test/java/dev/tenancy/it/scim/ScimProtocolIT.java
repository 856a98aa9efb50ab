package dev.tenancy.it.scim;

import static dev.tenancy.it.scim.ScimClient.USER;
import static dev.tenancy.it.scim.ScimClient.assertScimError;
import static dev.tenancy.it.scim.ScimClient.op;
import static dev.tenancy.it.scim.ScimClient.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** Discovery, the realm switch, authentication failures, media types, limits, ETags, Bulk and audit. */
class ScimProtocolIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    @Test
    void givenDiscoveryEndpoints_thenTheyDescribeWhatIsSupported() {
        ScimClient scim = ScimClient.create(admin);
        JsonNode spc = scim.get("/ServiceProviderConfig").send().json();
        assertThat(spc.at("/patch/supported").asBoolean()).isTrue();
        assertThat(spc.at("/bulk/maxOperations").asInt()).isEqualTo(1000);
        assertThat(spc.at("/bulk/maxPayloadSize").asInt()).isEqualTo(4 * 1024 * 1024);
        assertThat(spc.at("/filter/maxResults").asInt()).isEqualTo(1000);
        assertThat(spc.at("/etag/supported").asBoolean()).isTrue();
        assertThat(spc.at("/authenticationSchemes/0/type").asText()).isEqualTo("oauthbearertoken");
        JsonNode types = scim.get("/ResourceTypes").send().json();
        assertThat(types.get("totalResults").asInt()).isEqualTo(3);
        assertThat(scim.get("/ResourceTypes/User").send().json().at("/schemaExtensions/0/schema").asText())
                .isEqualTo(ScimClient.ENTERPRISE);
        JsonNode schemas = scim.get("/Schemas").send().json();
        assertThat(schemas.get("totalResults").asInt()).isEqualTo(4);
        assertThat(scim.get("/Schemas/" + ScimClient.ENTERPRISE).send().json().get("name").asText()).isEqualTo("EnterpriseUser");
        assertScimError(scim.get("/Schemas/urn:nope").send(), 404, null);
    }

    @Test
    void givenTheRealmSwitchOffOrNoConfiguration_thenEverythingIs404() {
        ScimClient scim = ScimClient.create(admin);
        Http.Response off = Http.put(admin.url() + "/realms/" + scim.fixture.realm + "/orgs/config").bearer(admin.token())
                .json(Map.of("scimEnabled", false)).send();
        assertThat(off.status()).isIn(200, 204);
        assertScimError(scim.get("/Users").send(), 404, null);
        assertScimError(scim.get("/ServiceProviderConfig").send(), 404, null);

        Fixture noConfig = Fixture.create(admin);
        assertScimError(Http.get(noConfig.scimBaseUrl() + "/Users").header("Authorization", scim.authorization).send(), 404, null);
        assertScimError(Http.get(admin.url() + "/realms/" + noConfig.realm + "/scim/v2/organizations/nope/Users")
                .header("Authorization", scim.authorization).send(), 404, null);
    }

    @Test
    void givenMissingOrWrongCredentials_then401WithWwwAuthenticate() {
        ScimClient scim = ScimClient.create(admin);
        Http.Response none = Http.get(scim.base + "/Users").send();
        assertScimError(none, 401, null);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        Http.Response wrong = Http.get(scim.base + "/Users").header("Authorization", "Bearer not-the-secret").send();
        assertScimError(wrong, 401, null);
        assertThat(wrong.header("WWW-Authenticate")).isNotNull();
        // another organization's secret
        ScimClient other = scim.sibling();
        assertScimError(Http.get(scim.base + "/Users").header("Authorization", other.authorization).send(), 401, null);
    }

    @Test
    void givenBasicAuthentication_thenOnlyTheRightPasswordIsAccepted() {
        Fixture f = Fixture.create(admin);
        Http.Response cfg = Http.post(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("enabled", true,
                "auth", Map.of("type", "EXTERNAL_BASIC", "username", "okta", "password", "correct-horse-battery"))).send();
        assertThat(cfg.status()).as(cfg.toString()).isEqualTo(201);
        String good = "Basic " + java.util.Base64.getEncoder().encodeToString("okta:correct-horse-battery".getBytes());
        String bad = "Basic " + java.util.Base64.getEncoder().encodeToString("okta:wrong".getBytes());
        assertThat(Http.get(f.scimBaseUrl() + "/Users").header("Authorization", good).send().status()).isEqualTo(200);
        Http.Response r = Http.get(f.scimBaseUrl() + "/Users").header("Authorization", bad).send();
        assertScimError(r, 401, null);
        assertThat(r.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(new ScimClient(f, good).get("/ServiceProviderConfig").send().json().at("/authenticationSchemes/0/type").asText())
                .isEqualTo("httpbasic");
    }

    @Test
    void givenKeycloakAuthentication_thenOnlyTheConfiguredClientsTokensAreAccepted() {
        Fixture f = Fixture.create(admin);
        admin.createClient(f.realm, Map.of("clientId", "scim-okta", "secret", "s3cret-okta", "publicClient", false,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false));
        admin.createClient(f.realm, Map.of("clientId", "other", "secret", "s3cret-other", "publicClient", false,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false));
        Http.Response events = Http.put(admin.url() + "/admin/realms/" + f.realm).bearer(admin.token())
                .json(Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true)).send();
        assertThat(events.status()).as(events.toString()).isEqualTo(204);
        Http.Response cfg = Http.post(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("enabled", true,
                "auth", Map.of("type", "KEYCLOAK", "clientId", "scim-okta"))).send();
        assertThat(cfg.status()).as(cfg.toString()).isEqualTo(201);
        String token = admin.clientCredentials(f.realm, "scim-okta", "s3cret-okta");
        String otherToken = admin.clientCredentials(f.realm, "other", "s3cret-other");
        ScimClient scim = new ScimClient(f, "Bearer " + token);
        Http.Response created = scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "kc.user")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertScimError(Http.get(f.scimBaseUrl() + "/Users").header("Authorization", "Bearer " + otherToken).send(), 401, null);

        // the admin event names the organization and the client
        String id = created.json().get("id").asText();
        JsonNode list = Http.get(admin.url() + "/admin/realms/" + f.realm + "/admin-events?resourceTypes=USER&operationTypes=CREATE")
                .bearer(admin.token()).send().json();
        JsonNode event = null;
        for (JsonNode e : list) {
            if (("users/" + id).equals(e.path("resourcePath").asText())) {
                event = e;
            }
        }
        assertThat(event).as(list.toString()).isNotNull();
        assertThat(event.at("/details/organization_id").asText()).isEqualTo(f.orgId);
        assertThat(event.at("/details/scim_client").asText()).isEqualTo("scim-okta");
        assertThat(event.path("representation").asText()).contains("kc.user").doesNotContain("password");
    }

    @Test
    void givenBadBodies_thenTheRightErrors() {
        ScimClient scim = ScimClient.create(admin);
        assertScimError(Http.post(scim.base + "/Users").header("Authorization", scim.authorization)
                .body("application/scim+json", "{\"userName\": ").send(), 400, "invalidSyntax");
        assertScimError(Http.post(scim.base + "/Users").header("Authorization", scim.authorization)
                .body("text/plain", "{\"userName\":\"x\"}").send(), 415, null);
        assertScimError(Http.post(scim.base + "/Users").header("Authorization", scim.authorization)
                .body("application/scim+json", "[1,2]").send(), 400, "invalidSyntax");
        String big = "{\"userName\":\"big\",\"displayName\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        assertScimError(Http.post(scim.base + "/Users").header("Authorization", scim.authorization)
                .body("application/scim+json", big).send(), 413, null);
        String deep = "[".repeat(5000) + "]".repeat(5000);
        Http.Response r = Http.post(scim.base + "/Users").header("Authorization", scim.authorization).body("application/json", deep).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "plain-json")).send().status()).isEqualTo(201);
    }

    @Test
    void givenETags_thenIfMatchAndIfNoneMatchAreHonoured() {
        ScimClient scim = ScimClient.create(admin);
        JsonNode u = scim.createUser("etag", "etag@example.com");
        String id = u.get("id").asText();
        String version = scim.get("/Users/" + id).send().header("ETag");
        assertThat(version).isEqualTo(u.at("/meta/version").asText());
        assertThat(scim.get("/Users/" + id).header("If-None-Match", version).send().status()).isEqualTo(304);
        assertScimError(scim.patch("/Users/" + id, patchOp(op("replace", "title", "x"))).header("If-Match", "W/\"999\"").send(), 412, null);
        Http.Response ok = scim.patch("/Users/" + id, patchOp(op("replace", "title", "x"))).header("If-Match", version).send();
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.header("ETag")).isNotEqualTo(version);
        assertScimError(scim.delete("/Users/" + id).header("If-Match", version).send(), 412, null);
        assertThat(scim.delete("/Users/" + id).header("If-Match", ok.header("ETag")).send().status()).isEqualTo(204);
    }

    @Test
    void givenBulk_thenBulkIdsResolveAndFailOnErrorsStops() {
        ScimClient scim = ScimClient.create(admin);
        Map<String, Object> request = Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
                "Operations", List.of(
                        Map.of("method", "POST", "path", "/Users", "bulkId", "u1",
                                "data", Map.of("schemas", List.of(USER), "userName", "bulk.one")),
                        Map.of("method", "POST", "path", "/Groups", "bulkId", "g1",
                                "data", Map.of("schemas", List.of(ScimClient.GROUP), "displayName", "BulkGroup",
                                        "members", List.of(Map.of("value", "bulkId:u1")))),
                        Map.of("method", "PATCH", "path", "/Users/bulkId:u1",
                                "data", patchOp(op("replace", "title", "Bulked"))),
                        Map.of("method", "POST", "path", "/Users", "bulkId", "dup",
                                "data", Map.of("schemas", List.of(USER), "userName", "BULK.ONE"))));
        Http.Response r = scim.post("/Bulk", request).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode ops = r.json().get("Operations");
        assertThat(ops.get(0).get("status").asText()).isEqualTo("201");
        assertThat(ops.get(1).get("status").asText()).isEqualTo("201");
        assertThat(ops.get(2).get("status").asText()).isEqualTo("200");
        assertThat(ops.get(3).get("status").asText()).isEqualTo("409");
        assertThat(ops.get(3).at("/response/scimType").asText()).isEqualTo("uniqueness");
        String userLocation = ops.get(0).get("location").asText();
        JsonNode user = Http.get(userLocation).header("Authorization", scim.authorization).send().json();
        assertThat(user.get("title").asText()).isEqualTo("Bulked");
        assertThat(user.at("/groups/0/display").asText()).isEqualTo("BulkGroup");

        Map<String, Object> failing = Map.of("failOnErrors", 1, "Operations", List.of(
                Map.of("method", "POST", "path", "/Users", "bulkId", "a", "data", Map.of("userName", "")),
                Map.of("method", "POST", "path", "/Users", "bulkId", "b", "data", Map.of("userName", "never.created"))));
        JsonNode stopped = scim.post("/Bulk", failing).send().json();
        assertThat(stopped.get("Operations")).hasSize(1);
        assertThat(scim.get("/Users?filter=userName%20eq%20%22never.created%22").send().json().get("totalResults").asInt()).isZero();

        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("method", "DELETE", "path", "/Users/x" + i));
        }
        assertScimError(scim.post("/Bulk", Map.of("Operations", tooMany)).send(), 413, null);
    }

    /**
     * Independent creations of a Bulk run at the same time on the server's workers; the answer must be
     * that of one after the other: results in request order, a duplicate of an earlier name a 409
     * (never a 5xx), a reference resolved after its definer committed.
     */
    @Test
    void givenBulkOfIndependentCreations_thenTheOutcomeIsThatOfOneAfterTheOther() {
        ScimClient scim = ScimClient.create(admin);
        List<Object> ops = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ops.add(Map.of("method", "POST", "path", "/Users", "bulkId", "c" + i,
                    "data", Map.of("schemas", List.of(USER), "userName", "bulk.c" + i, "externalId", "ext-c" + i,
                            "emails", List.of(Map.of("value", "bulk.c" + i + "@example.test")))));
        }
        ops.add(Map.of("method", "POST", "path", "/Users", "bulkId", "dupName",
                "data", Map.of("schemas", List.of(USER), "userName", "BULK.C3")));
        ops.add(Map.of("method", "POST", "path", "/Users", "bulkId", "dupExt",
                "data", Map.of("schemas", List.of(USER), "userName", "bulk.other", "externalId", "ext-c5")));
        ops.add(Map.of("method", "DELETE", "path", "/Users/bulkId:c1"));
        ops.add(Map.of("method", "POST", "path", "/Users", "bulkId", "last",
                "data", Map.of("schemas", List.of(USER), "userName", "bulk.last")));
        Http.Response r = scim.post("/Bulk", Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
                "Operations", ops)).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode out = r.json().get("Operations");
        assertThat(out).hasSize(16);
        for (int i = 0; i < 12; i++) {
            assertThat(out.get(i).get("bulkId").asText()).isEqualTo("c" + i);
            assertThat(out.get(i).get("status").asText()).as(out.get(i).toString()).isEqualTo("201");
            JsonNode user = Http.get(out.get(i).get("location").asText()).header("Authorization", scim.authorization).send().json();
            if (i != 1) {
                assertThat(user.get("userName").asText()).isEqualTo("bulk.c" + i);
                assertThat(user.get("externalId").asText()).isEqualTo("ext-c" + i);
            }
        }
        assertThat(out.get(12).get("status").asText()).as(out.get(12).toString()).isEqualTo("409");
        assertThat(out.get(13).get("status").asText()).as(out.get(13).toString()).isEqualTo("409");
        assertThat(out.get(14).get("status").asText()).as(out.get(14).toString()).isEqualTo("204");
        assertThat(out.get(15).get("status").asText()).as(out.get(15).toString()).isEqualTo("201");
        JsonNode listed = scim.get("/Users?filter=userName%20sw%20%22bulk.%22&count=100").send().json();
        java.util.Set<String> names = new java.util.TreeSet<>();
        listed.get("Resources").forEach(u -> names.add(u.get("userName").asText()));
        assertThat(names).contains("bulk.c0", "bulk.c2", "bulk.c11", "bulk.last").doesNotContain("bulk.c1", "bulk.other");
    }

    @Test
    void givenCoexistence_thenKeycloaksRealmScimStillAnswers() {
        Fixture f = Fixture.create(admin);
        Http.Response enable = Http.put(admin.url() + "/admin/realms/" + f.realm).bearer(admin.token())
                .json(Map.of("scimApiEnabled", true)).send();
        assertThat(enable.status()).as(enable.toString()).isEqualTo(204);
        String secret = f.enableScimWithSecret();
        f.member("both.see.me", "pw-123456");
        String audience = admin.url() + "/realms/" + f.realm + "/scim/v2";
        String clientUuid = admin.createClient(f.realm, Map.of("clientId", "realm-scim", "secret", "realm-scim-secret",
                "publicClient", false, "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "protocolMappers", List.of(Map.of("name", "scim-audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.custom.audience", audience, "access.token.claim", "true")))));
        String serviceAccount = Http.get(admin.url() + "/admin/realms/" + f.realm + "/clients/" + clientUuid + "/service-account-user")
                .bearer(admin.token()).send().json().get("id").asText();
        admin.grantRealmManagement(f.realm, serviceAccount, "manage-users");
        admin.grantRealmManagement(f.realm, serviceAccount, "view-users");
        String token = admin.clientCredentials(f.realm, "realm-scim", "realm-scim-secret");

        Http.Response realmUsers = Http.get(admin.url() + "/realms/" + f.realm + "/scim/v2/Users").bearer(token).send();
        assertThat(realmUsers.status()).as(realmUsers.toString()).isEqualTo(200);
        assertThat(realmUsers.json().get("totalResults").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(realmUsers.body()).contains("both.see.me");

        Http.Response ours = Http.get(f.scimBaseUrl() + "/Users").header("Authorization", "Bearer " + secret).send();
        assertThat(ours.status()).as(ours.toString()).isEqualTo(200);
        assertThat(ours.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(ours.json().at("/Resources/0/userName").asText()).isEqualTo("both.see.me");

        // without the realm flag, Keycloak's realm SCIM is off while ours keeps answering
        Fixture g = Fixture.create(admin);
        String s2 = g.enableScimWithSecret();
        assertThat(Http.get(admin.url() + "/realms/" + g.realm + "/scim/v2/Users").bearer(token).send().status()).isIn(401, 404);
        assertThat(Http.get(g.scimBaseUrl() + "/Users").header("Authorization", "Bearer " + s2).send().status()).isEqualTo(200);
    }
}
