package dev.tenancy.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One normalized PATCH operation: {@code op} lower-cased, a path broken into at most an attribute with
 * a value filter and a sub-attribute, names in canonical spelling.
 *
 * @param op        {@code add}, {@code replace} or {@code remove}
 * @param schema    the extension schema URN the attribute belongs to, or {@code null} for the core schema
 * @param attribute the top-level attribute
 * @param filter    the value filter of a value path ({@code emails[type eq "work"]}), or {@code null}
 * @param sub       the sub-attribute, or {@code null}
 * @param value     the value, or {@code null} (for {@code remove}, or a {@code replace} that removes)
 */
public record PatchOperation(
        String op,
        String schema,
        String attribute,
        com.unboundid.scim2.common.filters.Filter filter,
        String sub,
        JsonNode value) {

    public boolean isRemove() {
        return "remove".equals(op);
    }

    /** An {@code add} or {@code replace} whose value is {@code null} or {@code ""} removes the attribute. */
    public boolean removesValue() {
        return isRemove() ? false : value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty());
    }

    @Override
    public String toString() {
        return op + " " + (schema == null ? "" : schema + ":") + attribute + (filter == null ? "" : "[" + filter + "]")
                + (sub == null ? "" : "." + sub);
    }
}
