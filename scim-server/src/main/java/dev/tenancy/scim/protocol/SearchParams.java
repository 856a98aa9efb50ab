package dev.tenancy.scim.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A list or search request (RFC 7644 §3.4.2, §3.4.3): query parameters or a SearchRequest body.
 * {@code startIndex} below 1 is 1; a negative {@code count} is 0; {@code count} is capped at
 * {@link Scim#MAX_RESULTS}.
 */
public record SearchParams(
        String filter,
        String sortBy,
        boolean descending,
        int startIndex,
        int count,
        AttributeSelection selection) {

    public static SearchParams of(String filter, String sortBy, String sortOrder, String startIndex, String count,
                                  String attributes, String excludedAttributes) {
        return new SearchParams(blankToNull(filter), blankToNull(sortBy), descending(sortOrder),
                Math.max(1, number(startIndex, 1, "startIndex")),
                Math.min(Scim.MAX_RESULTS, Math.max(0, number(count, Scim.DEFAULT_COUNT, "count"))),
                AttributeSelection.of(attributes, excludedAttributes));
    }

    public static SearchParams of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("A SearchRequest must be a JSON object");
        }
        JsonNode b = Names.canonicalize(body);
        return of(text(b, "filter"), text(b, "sortBy"), text(b, "sortOrder"), text(b, "startIndex"), text(b, "count"),
                list(b, "attributes"), list(b, "excludedAttributes"));
    }

    private static boolean descending(String sortOrder) {
        if (sortOrder == null || sortOrder.isBlank() || sortOrder.equalsIgnoreCase("ascending")) {
            return false;
        }
        if (sortOrder.equalsIgnoreCase("descending")) {
            return true;
        }
        throw ScimException.invalidValue("sortOrder must be ascending or descending");
    }

    private static int number(String raw, int fallback, String name) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(raw.trim());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be an integer");
        }
    }

    private static String text(JsonNode b, String field) {
        JsonNode v = b.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String list(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            v.forEach(e -> sb.append(sb.length() == 0 ? "" : ",").append(e.asText()));
            return sb.toString();
        }
        return v.asText();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
