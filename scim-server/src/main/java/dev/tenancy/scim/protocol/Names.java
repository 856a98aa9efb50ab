package dev.tenancy.scim.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * SCIM attribute names are case-insensitive (RFC 7643 §2.1): this spells every known name the one
 * way the rest of the module uses, so that no other class compares names ignoring case.
 */
public final class Names {

    private static final Map<String, String> CANONICAL = new TreeMap<>();

    static {
        for (String n : List.of("schemas", "id", "externalId", "meta", "resourceType", "created", "lastModified",
                "location", "version", "userName", "name", "formatted", "givenName", "familyName", "middleName",
                "honorificPrefix", "honorificSuffix", "displayName", "nickName", "profileUrl", "title", "userType",
                "preferredLanguage", "locale", "timezone", "active", "password", "emails", "phoneNumbers", "addresses",
                "value", "display", "type", "primary", "streetAddress", "locality", "region", "postalCode", "country",
                "groups", "members", "$ref", "employeeNumber", "costCenter", "organization", "division", "department",
                "manager", "Operations", "op", "path", "startIndex", "count", "itemsPerPage", "totalResults",
                "Resources", "filter", "sortBy", "sortOrder", "attributes", "excludedAttributes", "failOnErrors",
                "bulkId", "method", "data", "ims", "photos", "entitlements", "roles", "x509Certificates")) {
            CANONICAL.put(n.toLowerCase(Locale.ROOT), n);
        }
    }

    private Names() {
    }

    /** The canonical spelling of a known attribute name; an unknown name as it is. */
    public static String canonical(String name) {
        String c = CANONICAL.get(name.toLowerCase(Locale.ROOT));
        return c == null ? name : c;
    }

    /** A copy of the node with every key of every object spelled canonically; URN keys are matched case-insensitively. */
    public static JsonNode canonicalize(JsonNode node) {
        if (node instanceof ObjectNode o) {
            ObjectNode out = Scim.NODES.objectNode();
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                String key = canonicalKey(k);
                out.set(key, canonicalize(o.get(k)));
            }
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = Scim.NODES.arrayNode();
            a.forEach(e -> out.add(canonicalize(e)));
            return out;
        }
        return node;
    }

    private static String canonicalKey(String k) {
        if (k.regionMatches(true, 0, Scim.ENTERPRISE_SCHEMA, 0, Scim.ENTERPRISE_SCHEMA.length())) {
            String rest = k.substring(Scim.ENTERPRISE_SCHEMA.length());
            return Scim.ENTERPRISE_SCHEMA + (rest.isEmpty() ? "" : rest.charAt(0) + dotted(rest.substring(1)));
        }
        if (k.regionMatches(true, 0, Scim.USER_SCHEMA, 0, Scim.USER_SCHEMA.length())) {
            String rest = k.substring(Scim.USER_SCHEMA.length());
            return Scim.USER_SCHEMA + (rest.isEmpty() ? "" : rest.charAt(0) + dotted(rest.substring(1)));
        }
        if (k.regionMatches(true, 0, Scim.GROUP_SCHEMA, 0, Scim.GROUP_SCHEMA.length())) {
            String rest = k.substring(Scim.GROUP_SCHEMA.length());
            return Scim.GROUP_SCHEMA + (rest.isEmpty() ? "" : rest.charAt(0) + dotted(rest.substring(1)));
        }
        return dotted(k);
    }

    private static String dotted(String k) {
        if (k.indexOf('.') < 0) {
            return canonical(k);
        }
        String[] parts = k.split("\\.", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(canonical(parts[i]));
        }
        return sb.toString();
    }
}
