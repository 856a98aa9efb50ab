package dev.tenancy.it.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;

/**
 * Raw SCIM requests to one organization's endpoint, with its credential, and the request bodies and
 * error checks the SCIM and security suites share. The one SCIM test client of the suite.
 */
public class ScimClient {

    public static final String SCIM_JSON = "application/scim+json";
    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public static final String BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

    public final Fixture fixture;
    public final String base;
    public final String authorization;

    public ScimClient(Fixture fixture, String authorization) {
        this.fixture = fixture;
        this.base = fixture.scimBaseUrl();
        this.authorization = authorization;
    }

    /** A new realm and organization with an EXTERNAL_SECRET configuration, and a client for it. */
    public static ScimClient create(Admin admin) {
        Fixture f = Fixture.create(admin);
        return new ScimClient(f, "Bearer " + f.enableScimWithSecret());
    }

    /** Another organization of the same realm, with its own configuration and secret. */
    public ScimClient sibling() {
        Fixture other = fixture.sibling();
        return new ScimClient(other, "Bearer " + other.enableScimWithSecret());
    }

    public Http get(String path) {
        return Http.get(base + path).header("Authorization", authorization);
    }

    public Http post(String path, Object body) {
        return Http.post(base + path).header("Authorization", authorization).body(SCIM_JSON, json(body));
    }

    public Http put(String path, Object body) {
        return Http.put(base + path).header("Authorization", authorization).body(SCIM_JSON, json(body));
    }

    public Http patch(String path, Object body) {
        return Http.patch(base + path).header("Authorization", authorization).body(SCIM_JSON, json(body));
    }

    public Http delete(String path) {
        return Http.delete(base + path).header("Authorization", authorization);
    }

    /** Creates a user and returns its representation. */
    public JsonNode createUser(String userName, String email) {
        return createUser(userName, email, null);
    }

    /** Creates a user, with an initial password unless it is null, and returns its representation. */
    public JsonNode createUser(String userName, String email, String password) {
        Map<String, Object> body = map("schemas", List.of(USER), "userName", userName,
                "name", Map.of("givenName", "Given", "familyName", "Family"),
                "emails", List.of(Map.of("value", email, "type", "work", "primary", true)));
        if (password != null) {
            body.put("password", password);
        }
        Http.Response r = post("/Users", body).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    public JsonNode createGroup(String displayName, String... memberIds) {
        List<Map<String, String>> members = Arrays.stream(memberIds).map(id -> Map.of("value", id)).toList();
        Http.Response r = post("/Groups", Map.of("schemas", List.of(GROUP), "displayName", displayName, "members", members)).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    /**
     * Checks that every item of a list page ({@code page} of {@code /{resourceType}}) is exactly what
     * a single {@code GET /{resourceType}/{id}} answers, its {@code meta.version} that answer's ETag;
     * returns the listed ids in page order.
     */
    public List<String> assertEveryItemIsItsSingleGet(String resourceType, JsonNode page) {
        List<String> listed = new ArrayList<>();
        for (JsonNode item : page.get("Resources")) {
            String id = item.get("id").asText();
            listed.add(id);
            Http.Response single = get("/" + resourceType + "/" + id).send();
            assertThat(single.status()).as(single.toString()).isEqualTo(200);
            assertThat(item).as("list item " + id).isEqualTo(single.json());
            assertThat(single.header("ETag")).isEqualTo(item.at("/meta/version").asText());
        }
        return listed;
    }

    // ---- bodies and checks -----------------------------------------------------------------------

    /** A query parameter value, URL-encoded (filters). */
    public static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static Map<String, Object> patchOp(Object... operations) {
        return Map.of("schemas", List.of(PATCH_OP), "Operations", List.of(operations));
    }

    public static Map<String, Object> op(String op, String path, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        if (path != null) {
            m.put("path", path);
        }
        if (value != null) {
            m.put("value", value);
        }
        return m;
    }

    /** An ordered, mutable map from alternating keys and values (Map.of stops at ten pairs). */
    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static String json(Object body) {
        try {
            return body instanceof String s ? s : Http.JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A SCIM error body with this status (in the body too) and, unless null, this scimType. */
    public static void assertScimError(Http.Response r, int status, String scimType) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        JsonNode body = r.json();
        assertThat(body.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.get("status").asText()).isEqualTo(String.valueOf(status));
        if (scimType != null) {
            assertThat(body.path("scimType").asText()).as(r.toString()).isEqualTo(scimType);
        }
    }

    /** A resource as GET returned it, made into a PUT body (meta and the read-only groups dropped). */
    public static ObjectNode asPut(JsonNode resource) {
        ObjectNode o = resource.deepCopy();
        o.remove("meta");
        o.remove("groups");
        return o;
    }
}
