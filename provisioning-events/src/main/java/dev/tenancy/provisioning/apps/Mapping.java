package dev.tenancy.provisioning.apps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * Which SCIM attribute gets which Keycloak value: target path → template with {@code ${…}}
 * placeholders. Targets are core User attributes ({@code userName}, {@code name.givenName}), a
 * typed multi-valued attribute ({@code emails[type eq "work"].value}) or an enterprise extension
 * attribute ({@code urn:…:enterprise:2.0:User:department}). A value that renders empty is omitted.
 */
public final class Mapping {

    public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";

    public static final Map<String, String> DEFAULTS = defaults();

    private static final Set<String> SIMPLE = Set.of("userName", "externalId", "displayName", "nickName", "profileUrl",
            "title", "userType", "preferredLanguage", "locale", "timezone");
    private static final Set<String> NAME = Set.of("formatted", "familyName", "givenName", "middleName", "honorificPrefix",
            "honorificSuffix");
    private static final Map<String, Set<String>> MULTI = Map.of(
            "emails", Set.of("work", "home", "other"),
            "phoneNumbers", Set.of("work", "home", "mobile", "fax", "pager", "other"));
    private static final Set<String> ENTERPRISE_ATTRS = Set.of("employeeNumber", "costCenter", "organization", "division",
            "department", "manager.value");
    private static final Set<String> PLACEHOLDERS = Set.of("id", "username", "email", "firstName", "lastName");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern TYPED = Pattern.compile("([A-Za-z]+)\\[type eq \"([a-z]+)\"]\\.value");

    private final Map<String, Target> targets;

    private Mapping(Map<String, Target> targets) {
        this.targets = targets;
    }

    /** One parsed target path and its template. */
    record Target(String path, String schema, String attribute, String sub, String type, String template) {
        boolean multi() {
            return type != null;
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("userName", "${username}");
        m.put("externalId", "${id}");
        m.put("emails[type eq \"work\"].value", "${email}");
        m.put("name.givenName", "${firstName}");
        m.put("name.familyName", "${lastName}");
        return m;
    }

    /** Parses and validates; 400 naming {@code mapping.<target>} for an unknown target or placeholder. */
    public static Mapping of(Map<String, String> raw) {
        Map<String, String> source = raw == null || raw.isEmpty() ? DEFAULTS : raw;
        Map<String, Target> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : source.entrySet()) {
            String path = e.getKey();
            String template = e.getValue();
            String field = "mapping." + path;
            if (template == null) {
                throw new InvalidSetting(field, "The template of " + path + " must be a string");
            }
            Matcher m = PLACEHOLDER.matcher(template);
            while (m.find()) {
                String name = m.group(1);
                if (!PLACEHOLDERS.contains(name) && !(name.startsWith("attributes.") && name.length() > "attributes.".length())) {
                    throw new InvalidSetting(field, "Unknown placeholder ${" + name + "} in " + path
                            + " (known: id, username, email, firstName, lastName, attributes.<name>)");
                }
            }
            parsed.put(path, target(path, template, field));
        }
        if (!parsed.containsKey("userName")) {
            throw new InvalidSetting("mapping.userName", "The mapping must set userName");
        }
        return new Mapping(parsed);
    }

    private static Target target(String path, String template, String field) {
        if (path.startsWith(ENTERPRISE + ":")) {
            String attr = path.substring(ENTERPRISE.length() + 1);
            if (!ENTERPRISE_ATTRS.contains(attr)) {
                throw new InvalidSetting(field, "Unknown target path " + path);
            }
            int dot = attr.indexOf('.');
            return new Target(path, ENTERPRISE, dot < 0 ? attr : attr.substring(0, dot), dot < 0 ? null : attr.substring(dot + 1), null, template);
        }
        if (SIMPLE.contains(path)) {
            return new Target(path, null, path, null, null, template);
        }
        if (path.startsWith("name.") && NAME.contains(path.substring(5))) {
            return new Target(path, null, "name", path.substring(5), null, template);
        }
        Matcher typed = TYPED.matcher(path);
        if (typed.matches() && MULTI.containsKey(typed.group(1)) && MULTI.get(typed.group(1)).contains(typed.group(2))) {
            return new Target(path, null, typed.group(1), "value", typed.group(2), template);
        }
        throw new InvalidSetting(field, "Unknown target path " + path);
    }

    public Map<String, String> raw() {
        Map<String, String> m = new LinkedHashMap<>();
        targets.forEach((k, v) -> m.put(k, v.template()));
        return m;
    }

    /** The value of every target for a user; {@code values} answers a placeholder name (null when the user has none). */
    public Map<String, String> render(Function<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Target t : targets.values()) {
            Matcher m = PLACEHOLDER.matcher(t.template());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = values.apply(m.group(1));
                m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v));
            }
            m.appendTail(sb);
            String value = sb.toString().trim();
            out.put(t.path(), value.isEmpty() ? null : value);
        }
        return out;
    }

    boolean usesEnterprise() {
        return targets.values().stream().anyMatch(t -> ENTERPRISE.equals(t.schema()));
    }

    /** A full SCIM User built from rendered values (for POST and PUT). */
    public ObjectNode resource(Map<String, String> values, boolean active) {
        ObjectNode user = JsonNodeFactory.instance.objectNode();
        ArrayNode schemas = user.putArray("schemas").add(CORE_USER);
        if (usesEnterprise()) {
            schemas.add(ENTERPRISE);
        }
        for (String attr : attributes()) {
            JsonNode v = attributeValue(attr, values);
            if (v != null) {
                String[] parts = splitAttr(attr);
                ObjectNode parent = parts[0] == null ? user : user.with(parts[0]);
                parent.set(parts[1], v);
            }
        }
        user.put("active", active);
        return user;
    }

    /** The top-level attributes the mapping touches, as {@code attr} or {@code urn:…:attr}. */
    List<String> attributes() {
        List<String> out = new ArrayList<>();
        for (Target t : targets.values()) {
            String a = t.schema() == null ? t.attribute() : t.schema() + ":" + t.attribute();
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The top-level attributes whose rendered values differ between two renders. */
    List<String> changedAttributes(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        for (Target t : targets.values()) {
            String a = t.schema() == null ? t.attribute() : t.schema() + ":" + t.attribute();
            if (!java.util.Objects.equals(before == null ? null : before.get(t.path()), after.get(t.path())) && !out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The SCIM value of one top-level attribute (null when every mapped part of it is empty). */
    JsonNode attributeValue(String attr, Map<String, String> values) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<Target> parts = targets.values().stream()
                .filter(t -> attr.equals(t.schema() == null ? t.attribute() : t.schema() + ":" + t.attribute())).toList();
        if (parts.get(0).multi()) {
            ArrayNode array = f.arrayNode();
            boolean first = true;
            for (Target t : parts) {
                String v = values.get(t.path());
                if (v != null) {
                    ObjectNode item = array.addObject().put("value", v).put("type", t.type());
                    if (first) {
                        item.put("primary", true);
                        first = false;
                    }
                }
            }
            return array.isEmpty() ? null : array;
        }
        if (parts.get(0).sub() != null) {
            ObjectNode complex = f.objectNode();
            for (Target t : parts) {
                String v = values.get(t.path());
                if (v != null) {
                    complex.put(t.sub(), v);
                }
            }
            return complex.isEmpty() ? null : complex;
        }
        String v = values.get(parts.get(0).path());
        return v == null ? null : f.textNode(v);
    }

    /** The rendered values found in a remote resource, for comparing with the desired ones. */
    Map<String, String> read(JsonNode remote) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Target t : targets.values()) {
            JsonNode base = t.schema() == null ? remote : remote.path(t.schema());
            JsonNode node = base.path(t.attribute());
            String v = null;
            if (t.multi()) {
                for (JsonNode item : node) {
                    if (t.type().equals(item.path("type").asText(null))) {
                        v = item.path("value").asText(null);
                        break;
                    }
                }
            } else if (t.sub() != null) {
                v = node.path(t.sub()).isValueNode() ? node.path(t.sub()).asText() : null;
            } else {
                v = node.isValueNode() && !node.isNull() ? node.asText() : null;
            }
            out.put(t.path(), v == null || v.isEmpty() ? null : v);
        }
        return out;
    }

    /** Differences that matter: userName compares case-insensitively (SCIM's caseExact=false). */
    static boolean same(String path, String a, String b) {
        if ("userName".equals(path) && a != null && b != null) {
            return a.equalsIgnoreCase(b);
        }
        return java.util.Objects.equals(a, b);
    }

    static String[] splitAttr(String attr) {
        if (attr.startsWith("urn:")) {
            int i = attr.lastIndexOf(':');
            return new String[] {attr.substring(0, i), attr.substring(i + 1)};
        }
        return new String[] {null, attr};
    }
}
