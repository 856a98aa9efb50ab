package dev.tenancy.provisioning.apps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * The settings of one connected app as stored (credentials included) and as shown (credentials
 * replaced by {@code tokenSet}, {@code passwordSet}, {@code clientSecretSet}). {@link #merge}
 * applies a {@code POST}/{@code PUT} body: absent fields keep their value, so a representation
 * sent back without its credentials keeps them; every bad value is a 400 naming the field.
 */
public record AppSettings(String name, String baseUrl, Auth auth, List<String> scopeGroups, Map<String, String> mapping,
                          boolean pushGroups, String deprovision, int maxRequestsPerSecond, boolean enabled) {

    public static final String DEACTIVATE = "DEACTIVATE";
    public static final String DELETE = "DELETE";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Credentials: one of the three types; secrets are never shown. */
    public record Auth(String type, String token, String username, String password, String tokenUrl, String clientId,
                       String clientSecret, String scope) {
        public static final String BEARER = "BEARER";
        public static final String BASIC = "BASIC";
        public static final String OAUTH2 = "OAUTH2_CLIENT_CREDENTIALS";
    }

    public static AppSettings empty() {
        return new AppSettings(null, null, null, List.of(), Mapping.DEFAULTS, false, DEACTIVATE, 10, true);
    }

    public Mapping parsedMapping() {
        return Mapping.of(mapping);
    }

    public static AppSettings read(String stored) {
        try {
            return JSON.readValue(stored, AppSettings.class);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable settings of a connected app", e);
        }
    }

    public String write() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parseBody(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw new InvalidSetting(null, "Malformed JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidSetting(null, "A JSON object is required");
        }
        return node;
    }

    /** This settings with the body's fields applied, validated as a whole. */
    public AppSettings merge(JsonNode body) {
        String n = body.has("name") ? text(body, "name", "name") : name;
        if (n == null || n.isBlank() || n.length() > 255) {
            throw new InvalidSetting("name", "name is required (at most 255 characters)");
        }
        String url = baseUrl;
        Auth a = auth;
        JsonNode scim = body.get("scim");
        if (scim != null && !scim.isNull()) {
            if (!scim.isObject()) {
                throw new InvalidSetting("scim", "scim must be an object");
            }
            if (scim.has("baseUrl")) {
                url = text(scim, "baseUrl", "scim.baseUrl");
            }
            JsonNode an = scim.get("auth");
            if (an != null && !an.isNull()) {
                a = mergeAuth(a, an);
            }
        }
        if (url == null || url.isBlank()) {
            throw new InvalidSetting("scim.baseUrl", "scim.baseUrl is required");
        }
        if (url.length() > 2048) {
            throw new InvalidSetting("scim.baseUrl", "scim.baseUrl is longer than 2048 characters");
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (a == null) {
            throw new InvalidSetting("scim.auth", "scim.auth is required");
        }
        List<String> groups = scopeGroups;
        JsonNode scope = body.get("scope");
        if (scope != null && !scope.isNull()) {
            JsonNode g = scope.get("groups");
            if (!scope.isObject() || (g != null && !g.isNull() && !g.isArray())) {
                throw new InvalidSetting("scope.groups", "scope.groups must be an array of group ids");
            }
            groups = new ArrayList<>();
            if (g != null) {
                for (JsonNode id : g) {
                    if (!id.isTextual()) {
                        throw new InvalidSetting("scope.groups", "scope.groups must be an array of group ids");
                    }
                    groups.add(id.asText());
                }
            }
        }
        Map<String, String> m = mapping;
        JsonNode mn = body.get("mapping");
        if (mn != null && !mn.isNull()) {
            if (!mn.isObject()) {
                throw new InvalidSetting("mapping", "mapping must be an object of target path to template");
            }
            m = new LinkedHashMap<>();
            for (var it = mn.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new InvalidSetting("mapping." + e.getKey(), "The template of " + e.getKey() + " must be a string");
                }
                m.put(e.getKey(), e.getValue().asText());
            }
            if (m.isEmpty()) {
                m = Mapping.DEFAULTS;
            }
        }
        m = Mapping.of(m).raw();
        boolean push = bool(body, "pushGroups", pushGroups);
        String dep = body.has("deprovision") ? text(body, "deprovision", "deprovision") : deprovision;
        if (!DEACTIVATE.equals(dep) && !DELETE.equals(dep)) {
            throw new InvalidSetting("deprovision", "deprovision must be DEACTIVATE or DELETE");
        }
        int rps = maxRequestsPerSecond;
        JsonNode r = body.get("maxRequestsPerSecond");
        if (r != null && !r.isNull()) {
            if (!r.canConvertToInt() || !r.isIntegralNumber() || r.asInt() < 0 || r.asInt() > 10_000) {
                throw new InvalidSetting("maxRequestsPerSecond", "maxRequestsPerSecond must be an integer from 0 (no limit) to 10000");
            }
            rps = r.asInt();
        }
        boolean en = bool(body, "enabled", enabled);
        return new AppSettings(n, url, a, List.copyOf(groups), m, push, dep, rps, en);
    }

    private static Auth mergeAuth(Auth old, JsonNode an) {
        if (!an.isObject()) {
            throw new InvalidSetting("scim.auth", "scim.auth must be an object");
        }
        String type = an.has("type") ? text(an, "type", "scim.auth.type") : old == null ? null : old.type();
        if (!Auth.BEARER.equals(type) && !Auth.BASIC.equals(type) && !Auth.OAUTH2.equals(type)) {
            throw new InvalidSetting("scim.auth.type", "scim.auth.type must be BEARER, BASIC or OAUTH2_CLIENT_CREDENTIALS");
        }
        boolean same = old != null && type.equals(old.type());
        String token = keep(an, "token", same ? old.token() : null);
        String username = keep(an, "username", same ? old.username() : null);
        String password = keep(an, "password", same ? old.password() : null);
        String tokenUrl = keep(an, "tokenUrl", same ? old.tokenUrl() : null);
        String clientId = keep(an, "clientId", same ? old.clientId() : null);
        String clientSecret = keep(an, "clientSecret", same ? old.clientSecret() : null);
        String scope = keep(an, "scope", same ? old.scope() : null);
        switch (type) {
            case Auth.BEARER -> require(token, "scim.auth.token");
            case Auth.BASIC -> {
                require(username, "scim.auth.username");
                require(password, "scim.auth.password");
            }
            default -> {
                require(tokenUrl, "scim.auth.tokenUrl");
                require(clientId, "scim.auth.clientId");
                require(clientSecret, "scim.auth.clientSecret");
                if (tokenUrl.length() > 2048) {
                    throw new InvalidSetting("scim.auth.tokenUrl", "scim.auth.tokenUrl is longer than 2048 characters");
                }
            }
        }
        return new Auth(type, token, username, password, tokenUrl, clientId, clientSecret, scope);
    }

    private static String keep(JsonNode n, String field, String old) {
        return n.has(field) ? text(n, field, "scim.auth." + field) : old;
    }

    private static void require(String v, String field) {
        if (v == null || v.isBlank()) {
            throw new InvalidSetting(field, field + " is required for this scim.auth.type");
        }
    }

    private static String text(JsonNode node, String key, String field) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidSetting(field, field + " must be a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode node, String key, boolean old) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return old;
        }
        if (!v.isBoolean()) {
            throw new InvalidSetting(key, key + " must be true or false");
        }
        return v.asBoolean();
    }

    /** The representation: everything but the credentials, which show as {@code …Set} flags. */
    public Map<String, Object> show() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", auth.type());
        switch (auth.type()) {
            case Auth.BEARER -> a.put("tokenSet", auth.token() != null);
            case Auth.BASIC -> {
                a.put("username", auth.username());
                a.put("passwordSet", auth.password() != null);
            }
            default -> {
                a.put("tokenUrl", auth.tokenUrl());
                a.put("clientId", auth.clientId());
                a.put("clientSecretSet", auth.clientSecret() != null);
                a.put("scope", auth.scope());
            }
        }
        Map<String, Object> scim = new LinkedHashMap<>();
        scim.put("baseUrl", baseUrl);
        scim.put("auth", a);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("scim", scim);
        out.put("scope", Map.of("groups", scopeGroups));
        out.put("mapping", mapping);
        out.put("pushGroups", pushGroups);
        out.put("deprovision", deprovision);
        out.put("maxRequestsPerSecond", maxRequestsPerSecond);
        out.put("enabled", enabled);
        return out;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
