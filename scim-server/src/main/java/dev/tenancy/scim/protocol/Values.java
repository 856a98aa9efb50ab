package dev.tenancy.scim.protocol;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Values as identity providers send them, made strict once for every write path (POST, PUT, PATCH,
 * Bulk) and every resource type: booleans sent as strings, a manager sent as a plain string, empty
 * strings meaning "no value".
 */
public final class Values {

    /**
     * Top-level attributes whose value is a string: an empty object there is a type error for
     * {@link #externalId} and friends to refuse, not "no value" to drop.
     */
    private static final java.util.Set<String> SIMPLE = java.util.Set.of("externalId", "userName", "displayName",
            "nickName", "title", "userType", "preferredLanguage", "locale", "timezone", "profileUrl", "password");

    private Values() {
    }

    /**
     * The {@code externalId} of a User, Group or Role representation: {@code null} when absent,
     * {@code null} or empty; a 400 {@code invalidValue} when it is not a string ({@code {}}, an array)
     * or longer than a column holds. One rule for every resource type.
     */
    public static String externalId(ObjectNode rep) {
        JsonNode v = rep.get("externalId");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw ScimException.invalidValue("externalId must be a string");
        }
        String s = v.asText();
        if (s.length() > Scim.MAX_COLUMN) {
            throw ScimException.invalidValue("externalId is longer than " + Scim.MAX_COLUMN + " characters");
        }
        return s.isEmpty() ? null : s;
    }

    /** {@code true}, or the string {@code "true"} in any case. */
    public static boolean truthy(JsonNode n) {
        return n != null && (n.isBoolean() ? n.asBoolean() : n.isTextual() && n.asText().equalsIgnoreCase("true"));
    }

    /**
     * What identity providers send loosely, made strict: booleans sent as {@code "True"}/{@code "False"},
     * a manager sent as a plain string, empty strings meaning "no value".
     */
    public static void normalize(ObjectNode resource) {
        strictBoolean(resource, "active");
        for (String multi : List.of("emails", "phoneNumbers", "addresses")) {
            if (resource.get(multi) instanceof ArrayNode arr) {
                ObjectNode primary = null;
                for (JsonNode e : arr) {
                    if (e instanceof ObjectNode o) {
                        coerceBoolean(o, "primary");
                        dropEmpty(o);
                        if (o.path("primary").asBoolean(false)) {
                            if (primary != null) {
                                primary.remove("primary");
                            }
                            primary = o;
                        }
                    }
                }
            }
        }
        if (resource.get(Scim.ENTERPRISE_SCHEMA) instanceof ObjectNode ent) {
            JsonNode m = ent.get("manager");
            if (m != null && m.isArray()) {
                m = m.isEmpty() ? null : m.get(0);
                if (m == null) {
                    ent.remove("manager");
                } else {
                    ent.set("manager", m);
                }
            }
            if (m != null && (m.isTextual() || m.isNumber())) {
                ObjectNode mo = ent.putObject("manager");
                mo.put("value", m.asText());
            }
            dropEmpty(ent);
        }
        if (resource.get("name") instanceof ObjectNode n) {
            dropEmpty(n);
        }
        dropEmpty(resource);
    }

    /**
     * A boolean, or the strings {@code "True"}/{@code "False"} in any case, made a boolean; {@code null}
     * removed; anything else ({@code "yes"}, {@code 1}, {@code {}}, {@code ""}) a 400 {@code invalidValue}.
     */
    private static void strictBoolean(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isBoolean()) {
            return;
        }
        if (v.isNull()) {
            o.remove(field);
            return;
        }
        String s = v.isTextual() ? v.asText().trim().toLowerCase(Locale.ROOT) : "";
        if (!s.equals("true") && !s.equals("false")) {
            throw ScimException.invalidValue(field + " must be a boolean (true or false)");
        }
        o.set(field, BooleanNode.valueOf(s.equals("true")));
    }

    private static void coerceBoolean(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v != null && v.isTextual()) {
            String s = v.asText().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                o.set(field, BooleanNode.valueOf(s.equals("true")));
            }
        }
    }

    private static void dropEmpty(ObjectNode o) {
        List<String> empty = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            boolean emptyComplex = v.isObject() && v.isEmpty() && !e.getKey().startsWith("urn:")
                    && !SIMPLE.contains(e.getKey());
            if (v.isNull() || (v.isTextual() && v.asText().isEmpty()) || emptyComplex) {
                empty.add(e.getKey());
            }
        }
        empty.forEach(o::remove);
    }
}
