package dev.tenancy.scim.patch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;

import dev.tenancy.scim.protocol.Names;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;

/**
 * Reads a PatchOp request (RFC 7644 §3.5.2) into {@link PatchOperation}s, accepting the shapes identity
 * providers send: {@code op} in any case, path-less operations whose value has dotted or URN-qualified
 * keys, and attribute names in any case. Paths are parsed by the SCIM SDK.
 */
public final class PatchParser {

    /** Single-valued complex attributes: a path-less value for them sets their sub-attributes one by one. */
    private static final Set<String> SINGLE_COMPLEX = Set.of("name", "manager");

    private PatchParser() {
    }

    public static List<PatchOperation> parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("A PatchOp request must be a JSON object");
        }
        JsonNode operations = Names.canonicalize(body).get("Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalidSyntax("Operations must be a non-empty array");
        }
        List<PatchOperation> out = new ArrayList<>();
        for (JsonNode o : operations) {
            if (!o.isObject()) {
                throw ScimException.invalidSyntax("Each operation must be a JSON object");
            }
            String op = o.path("op").asText("").toLowerCase(Locale.ROOT);
            if (!Set.of("add", "replace", "remove").contains(op)) {
                throw ScimException.invalidSyntax("Unknown op '" + o.path("op").asText("") + "'");
            }
            JsonNode value = o.get("value");
            String path = o.hasNonNull("path") ? o.get("path").asText().trim() : "";
            if (path.isEmpty()) {
                if ("remove".equals(op)) {
                    throw ScimException.noTarget("remove needs a path");
                }
                if (value == null || !value.isObject()) {
                    throw ScimException.invalidSyntax("An operation without a path needs an object value");
                }
                expand(op, (ObjectNode) value, out);
            } else {
                PatchOperation named = operation(op, path, value);
                if (readOnly(named)) {
                    // RFC 7643 §3.1, RFC 7644 §3.5.2: an explicit path naming a read-only attribute is refused.
                    throw ScimException.mutability("'" + named.attribute() + "' is read-only");
                }
                out.add(named);
            }
        }
        return out;
    }

    private static void expand(String op, ObjectNode value, List<PatchOperation> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            if ((key.equals(Scim.ENTERPRISE_SCHEMA) || key.equals(Scim.USER_SCHEMA) || key.equals(Scim.GROUP_SCHEMA)) && v.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> sub = v.fields(); sub.hasNext(); ) {
                    Map.Entry<String, JsonNode> s = sub.next();
                    addExpanded(op, key + ":" + s.getKey(), s.getValue(), out);
                }
            } else {
                addExpanded(op, key, v, out);
            }
        }
    }

    private static void addExpanded(String op, String key, JsonNode v, List<PatchOperation> out) {
        PatchOperation base = operation(op, key, v);
        if (readOnly(base)) {
            // A path-less value that echoes id or meta (Okta and Entra send the resource back in group
            // PATCHes) leaves them as they are, in any spelling of the key.
            return;
        }
        if (base.sub() == null && base.filter() == null && SINGLE_COMPLEX.contains(base.attribute()) && v != null && v.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> s = it.next();
                out.add(new PatchOperation(op, base.schema(), base.attribute(), null, Names.canonical(s.getKey()), s.getValue()));
            }
        } else {
            out.add(base);
        }
    }

    /** {@code id} and {@code meta} of the core schema: readOnly (RFC 7643 §3.1). Names are canonical here. */
    private static boolean readOnly(PatchOperation op) {
        return op.schema() == null && ("id".equals(op.attribute()) || "meta".equals(op.attribute()));
    }

    static PatchOperation operation(String op, String rawPath, JsonNode value) {
        dev.tenancy.scim.query.FilterLimits.check(rawPath, ScimException::invalidPath);
        Path path;
        try {
            path = Path.fromString(rawPath);
        } catch (BadRequestException | RuntimeException e) {
            throw ScimException.invalidPath("Invalid path '" + rawPath + "': " + e.getMessage());
        }
        String schema = path.getSchemaUrn();
        if (schema != null) {
            if (schema.equalsIgnoreCase(Scim.ENTERPRISE_SCHEMA)) {
                schema = Scim.ENTERPRISE_SCHEMA;
            } else if (schema.equalsIgnoreCase(Scim.USER_SCHEMA) || schema.equalsIgnoreCase(Scim.GROUP_SCHEMA)) {
                schema = null;
            } else {
                throw ScimException.invalidPath("Unknown schema " + schema);
            }
        }
        if (path.size() == 0) {
            if (schema != null && value != null && value.isObject()) {
                throw ScimException.invalidPath("Use one operation per extension attribute");
            }
            throw ScimException.invalidPath("Empty path '" + rawPath + "'");
        }
        if (path.size() > 2 || path.getElement(path.size() - 1).getValueFilter() != null && path.size() > 1) {
            throw ScimException.invalidPath("Unsupported path '" + rawPath + "'");
        }
        Path.Element first = path.getElement(0);
        String sub = path.size() == 2 ? Names.canonical(path.getElement(1).getAttribute()) : null;
        return new PatchOperation(op, schema, Names.canonical(first.getAttribute()), first.getValueFilter(), sub, value);
    }
}
