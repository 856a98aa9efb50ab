package dev.tenancy.it.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;

/** Raw SCIM requests to one organization's endpoint, with its credential. */
final class ScimClient {

    static final String SCIM_JSON = "application/scim+json";
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    final Fixture fixture;
    final String base;
    final String authorization;

    ScimClient(Fixture fixture, String authorization) {
        this.fixture = fixture;
        this.base = fixture.scimBaseUrl();
        this.authorization = authorization;
    }

    /** A new realm and organization with an EXTERNAL_SECRET configuration, and a client for it. */
    static ScimClient create(Admin admin) {
        Fixture f = Fixture.create(admin);
        return new ScimClient(f, "Bearer " + f.enableScimWithSecret());
    }

    /** Another organization of the same realm, with its own configuration and secret. */
    ScimClient sibling() {
        Fixture other = fixture.sibling();
        return new ScimClient(other, "Bearer " + other.enableScimWithSecret());
    }

    Http get(String path) {
        return Http.get(base + path).header("Authorization", authorization);
    }

    Http post(String path, Object body) {
        return Http.post(base + path).header("Authorization", authorization).body(SCIM_JSON, json(body));
    }

    Http put(String path, Object body) {
        return Http.put(base + path).header("Authorization", authorization).body(SCIM_JSON, json(body));
    }

    Http patch(String path, Object body) {
        return Http.patch(base + path).header("Authorization", authorization).body(SCIM_JSON, json(body));
    }

    Http delete(String path) {
        return Http.delete(base + path).header("Authorization", authorization);
    }

    /** Creates a user and returns its representation. */
    JsonNode createUser(String userName, String email) {
        Http.Response r = post("/Users", Map.of("schemas", List.of(USER), "userName", userName,
                "name", Map.of("givenName", "Given", "familyName", "Family"),
                "emails", List.of(Map.of("value", email, "type", "work", "primary", true)))).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    JsonNode createGroup(String displayName, String... memberIds) {
        List<Map<String, String>> members = java.util.Arrays.stream(memberIds).map(id -> Map.of("value", id)).toList();
        Http.Response r = post("/Groups", Map.of("schemas", List.of(GROUP), "displayName", displayName, "members", members)).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    static Map<String, Object> patchOp(Object... operations) {
        return Map.of("schemas", List.of(PATCH_OP), "Operations", List.of(operations));
    }

    static Map<String, Object> op(String op, String path, Object value) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("op", op);
        if (path != null) {
            m.put("path", path);
        }
        if (value != null) {
            m.put("value", value);
        }
        return m;
    }

    /** An ordered map from alternating keys and values (Map.of stops at ten pairs). */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String json(Object body) {
        try {
            return body instanceof String s ? s : Http.JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void assertScimError(Http.Response r, int status, String scimType) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        JsonNode body = r.json();
        assertThat(body.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.get("status").asText()).isEqualTo(String.valueOf(status));
        if (scimType != null) {
            assertThat(body.path("scimType").asText()).as(r.toString()).isEqualTo(scimType);
        }
    }
}
