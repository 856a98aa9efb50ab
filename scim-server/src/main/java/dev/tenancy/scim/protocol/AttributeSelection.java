package dev.tenancy.scim.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code attributes} and {@code excludedAttributes} (RFC 7644 §3.4.2.5): which attributes of a resource
 * to return. {@code id} and {@code schemas} are always returned.
 */
public final class AttributeSelection {

    /** An attribute name (RFC 7643 §2.1: ALPHA *(nameChar)). */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_$-]*");
    private static final java.util.regex.Pattern URN = java.util.regex.Pattern.compile("(?i)urn:[A-Za-z0-9][A-Za-z0-9.:_-]*");
    private static final int MAX_LENGTH = 4096;

    private final List<String[]> included;
    private final List<String[]> excluded;

    private AttributeSelection(List<String[]> included, List<String[]> excluded) {
        this.included = included;
        this.excluded = excluded;
    }

    public static AttributeSelection of(String attributes, String excludedAttributes) {
        return new AttributeSelection(parse(attributes), parse(excludedAttributes));
    }

    public static AttributeSelection all() {
        return new AttributeSelection(List.of(), List.of());
    }

    /** Whether the attribute (a top-level name, or a URN-qualified one) would be returned. */
    public boolean wants(String schema, String attribute) {
        if (!included.isEmpty()) {
            return included.stream().anyMatch(p -> matchesPrefix(p, schema, attribute));
        }
        return excluded.stream().noneMatch(p -> p.length == 1 + (schema == null ? 0 : 1) && matchesPrefix(p, schema, attribute));
    }

    public ObjectNode apply(ObjectNode resource, String coreSchema) {
        if (included.isEmpty() && excluded.isEmpty()) {
            return resource;
        }
        ObjectNode out = resource.deepCopy();
        if (!included.isEmpty()) {
            ObjectNode kept = Scim.NODES.objectNode();
            copyAlways(out, kept);
            for (String[] p : included) {
                copy(out, kept, p, coreSchema);
            }
            return kept;
        }
        for (String[] p : excluded) {
            remove(out, p, coreSchema);
        }
        return out;
    }

    private static void copyAlways(ObjectNode from, ObjectNode to) {
        for (String k : List.of("schemas", "id")) {
            if (from.has(k)) {
                to.set(k, from.get(k));
            }
        }
    }

    private static void copy(ObjectNode from, ObjectNode to, String[] path, String coreSchema) {
        String[] p = path;
        ObjectNode src = from;
        ObjectNode dst = to;
        if (p[0].startsWith("urn:")) {
            if (p[0].equalsIgnoreCase(coreSchema)) {
                p = Arrays.copyOfRange(p, 1, p.length);
            } else {
                JsonNode ext = from.get(p[0]);
                if (!(ext instanceof ObjectNode e)) {
                    return;
                }
                if (p.length == 1) {
                    to.set(p[0], e);
                    return;
                }
                src = e;
                dst = to.has(p[0]) ? (ObjectNode) to.get(p[0]) : to.putObject(p[0]);
                p = Arrays.copyOfRange(p, 1, p.length);
            }
        }
        if (p.length == 0) {
            return;
        }
        JsonNode v = src.get(p[0]);
        if (v == null) {
            return;
        }
        if (p.length == 1 || !(v.isObject() || v.isArray())) {
            dst.set(p[0], v);
        } else if (v instanceof ObjectNode o) {
            ObjectNode d = dst.has(p[0]) && dst.get(p[0]).isObject() ? (ObjectNode) dst.get(p[0]) : dst.putObject(p[0]);
            if (o.has(p[1])) {
                d.set(p[1], o.get(p[1]));
            }
        } else {
            var arr = dst.putArray(p[0]);
            for (JsonNode e : v) {
                if (e.has(p[1])) {
                    arr.addObject().set(p[1], e.get(p[1]));
                }
            }
        }
    }

    private static void remove(ObjectNode node, String[] path, String coreSchema) {
        String[] p = path;
        ObjectNode target = node;
        if (p[0].startsWith("urn:")) {
            if (p[0].equalsIgnoreCase(coreSchema)) {
                p = Arrays.copyOfRange(p, 1, p.length);
            } else if (p.length == 1) {
                node.remove(p[0]);
                return;
            } else if (node.get(p[0]) instanceof ObjectNode e) {
                target = e;
                p = Arrays.copyOfRange(p, 1, p.length);
            } else {
                return;
            }
        }
        if (p.length == 0 || p[0].equals("id") || p[0].equals("schemas")) {
            return;
        }
        if (p.length == 1) {
            target.remove(p[0]);
        } else if (target.get(p[0]) instanceof ObjectNode o) {
            o.remove(p[1]);
        } else if (target.get(p[0]) != null && target.get(p[0]).isArray()) {
            String sub = p[1];
            target.get(p[0]).forEach(e -> {
                if (e instanceof ObjectNode eo) {
                    eo.remove(sub);
                }
            });
        }
    }

    private static boolean matchesPrefix(String[] p, String schema, String attribute) {
        if (schema == null) {
            return p.length >= 1 && p[0].equals(attribute);
        }
        return p.length >= 1 && p[0].equalsIgnoreCase(schema) && (p.length == 1 || p[1].equals(attribute));
    }

    /** Splits "a.b, urn:x:y:User:c.d" into [a,b], [urn:x:y:User, c, d]. */
    private static List<String[]> parse(String list) {
        List<String[]> out = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return out;
        }
        if (list.length() > MAX_LENGTH) {
            throw ScimException.invalidPath("The attribute list is longer than " + MAX_LENGTH + " characters");
        }
        for (String raw : list.split(",")) {
            String a = raw.trim();
            if (a.isEmpty()) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            if (a.startsWith("urn:") || a.startsWith("URN:")) {
                String urn = matchUrn(a);
                parts.add(urn);
                if (a.length() > urn.length() && (a.charAt(urn.length()) != ':' || a.length() == urn.length() + 1)) {
                    throw ScimException.invalidPath("Invalid attribute path '" + raw.trim() + "'");
                }
                a = a.length() > urn.length() ? a.substring(urn.length() + 1) : "";
            }
            if (!a.isEmpty()) {
                String[] names = a.split("\\.", -1);
                if (names.length > 2) {
                    throw ScimException.invalidPath("Invalid attribute path '" + raw.trim() + "'");
                }
                for (String s : names) {
                    if (!NAME.matcher(s).matches()) {
                        throw ScimException.invalidPath("Invalid attribute path '" + raw.trim() + "'");
                    }
                    parts.add(Names.canonical(s));
                }
            } else if (parts.isEmpty()) {
                throw ScimException.invalidPath("Invalid attribute path '" + raw.trim() + "'");
            }
            out.add(parts.toArray(String[]::new));
        }
        return out;
    }

    private static String matchUrn(String a) {
        for (String s : List.of(Scim.ENTERPRISE_SCHEMA, Scim.USER_SCHEMA, Scim.GROUP_SCHEMA)) {
            if (a.regionMatches(true, 0, s, 0, s.length())) {
                return s;
            }
        }
        int i = a.lastIndexOf(':');
        if (i < 4 || !URN.matcher(a.substring(0, i)).matches()) {
            throw ScimException.invalidPath("Invalid attribute path '" + a + "'");
        }
        return a.substring(0, i);
    }
}
