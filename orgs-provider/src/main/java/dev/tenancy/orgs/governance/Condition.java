package dev.tenancy.orgs.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;


/**
 * The {@code when} of an access rule: attribute tests, organization-group membership and boolean
 * combinations. Attribute comparisons ignore case; a multi-valued attribute matches when any value
 * does ({@code ne}: when none does).
 */
sealed interface Condition {

    int MAX_DEPTH = 8;
    int MAX_VALUES = 100;

    boolean matches(Subject subject);

    /** Calls back with every organization group id the condition names. */
    void groups(Consumer<String> sink);

    /** What a condition is evaluated against: a user's attribute values and their organization groups. */
    record Subject(Function<String, List<String>> attributes, Set<String> groupIds) {
    }

    enum Op {
        EQ, NE, IN, SW, EW, CO, PR;

        static Op of(String s, String path) {
            if (s == null) {
                throw new BadInput(path, path + " is required (eq, ne, in, sw, ew, co, pr)");
            }
            return switch (s) {
                case "eq" -> EQ; case "ne" -> NE; case "in" -> IN; case "sw" -> SW;
                case "ew" -> EW; case "co" -> CO; case "pr" -> PR;
                default -> throw new BadInput(path, "Unknown operator '" + s + "' (eq, ne, in, sw, ew, co, pr)");
            };
        }
    }

    record Attribute(String name, Op op, List<String> values) implements Condition {
        @Override
        public boolean matches(Subject subject) {
            List<String> actual = subject.attributes().apply(name);
            List<String> have = actual == null ? List.of() : actual.stream().filter(v -> v != null && !v.isEmpty()).toList();
            return switch (op) {
                case PR -> !have.isEmpty();
                case NE -> have.stream().noneMatch(v -> v.equalsIgnoreCase(values.get(0)));
                case EQ -> have.stream().anyMatch(v -> v.equalsIgnoreCase(values.get(0)));
                case IN -> have.stream().anyMatch(v -> values.stream().anyMatch(v::equalsIgnoreCase));
                case SW -> have.stream().anyMatch(v -> lower(v).startsWith(lower(values.get(0))));
                case EW -> have.stream().anyMatch(v -> lower(v).endsWith(lower(values.get(0))));
                case CO -> have.stream().anyMatch(v -> lower(v).contains(lower(values.get(0))));
            };
        }

        @Override
        public void groups(Consumer<String> sink) {
        }

        private static String lower(String s) {
            return s.toLowerCase(Locale.ROOT);
        }
    }

    record Group(String groupId) implements Condition {
        @Override
        public boolean matches(Subject subject) {
            return subject.groupIds().contains(groupId);
        }

        @Override
        public void groups(Consumer<String> sink) {
            sink.accept(groupId);
        }
    }

    record All(List<Condition> of) implements Condition {
        @Override
        public boolean matches(Subject subject) {
            return of.stream().allMatch(c -> c.matches(subject));
        }

        @Override
        public void groups(Consumer<String> sink) {
            of.forEach(c -> c.groups(sink));
        }
    }

    record Any(List<Condition> of) implements Condition {
        @Override
        public boolean matches(Subject subject) {
            return of.stream().anyMatch(c -> c.matches(subject));
        }

        @Override
        public void groups(Consumer<String> sink) {
            of.forEach(c -> c.groups(sink));
        }
    }

    record Not(Condition of) implements Condition {
        @Override
        public boolean matches(Subject subject) {
            return !of.matches(subject);
        }

        @Override
        public void groups(Consumer<String> sink) {
            of.groups(sink);
        }
    }

    /** Parses a {@code when}; every error is a 400 naming the offending field (for example {@code when.all[1].op}). */
    static Condition parse(JsonNode node, String path) {
        return parse(node, path, 0);
    }

    private static Condition parse(JsonNode node, String path, int depth) {
        if (node == null || node.isNull()) {
            throw new BadInput(path, path + " is required");
        }
        if (!node.isObject()) {
            throw new BadInput(path, path + " must be an object");
        }
        if (depth > MAX_DEPTH) {
            throw new BadInput(path, path + " is nested more than " + MAX_DEPTH + " levels deep");
        }
        if (node.has("all") || node.has("any")) {
            String key = node.has("all") ? "all" : "any";
            only(node, path, key);
            JsonNode list = node.get(key);
            if (!list.isArray() || list.isEmpty()) {
                throw new BadInput(path + "." + key, path + "." + key + " must be a non-empty array");
            }
            List<Condition> parts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                parts.add(parse(list.get(i), path + "." + key + "[" + i + "]", depth + 1));
            }
            return key.equals("all") ? new All(List.copyOf(parts)) : new Any(List.copyOf(parts));
        }
        if (node.has("not")) {
            only(node, path, "not");
            return new Not(parse(node.get("not"), path + ".not", depth + 1));
        }
        if (node.has("group")) {
            only(node, path, "group");
            JsonNode g = node.get("group");
            if (!g.isTextual() || g.asText().isBlank()) {
                throw new BadInput(path + ".group", path + ".group must be an organization group id");
            }
            return new Group(g.asText());
        }
        if (node.has("attribute")) {
            JsonNode a = node.get("attribute");
            if (!a.isTextual() || a.asText().isBlank() || a.asText().length() > 255) {
                throw new BadInput(path + ".attribute", path + ".attribute must be an attribute name");
            }
            JsonNode opNode = node.get("op");
            if (opNode != null && !opNode.isTextual()) {
                throw new BadInput(path + ".op", path + ".op must be a string");
            }
            Op op = Op.of(opNode == null ? null : opNode.asText(), path + ".op");
            node.fieldNames().forEachRemaining(f -> {
                if (!Set.of("attribute", "op", "value", "values").contains(f)) {
                    throw new BadInput(path + "." + f, "Unknown field " + path + "." + f);
                }
            });
            List<String> values = new ArrayList<>();
            if (op == Op.PR) {
                if (node.has("value") || node.has("values")) {
                    throw new BadInput(path + ".value", "pr takes no value");
                }
            } else if (op == Op.IN) {
                JsonNode vs = node.get("values");
                if (vs == null || !vs.isArray() || vs.isEmpty() || vs.size() > MAX_VALUES) {
                    throw new BadInput(path + ".values", path + ".values must be an array of 1 to " + MAX_VALUES + " strings");
                }
                for (JsonNode v : vs) {
                    if (!v.isTextual()) {
                        throw new BadInput(path + ".values", path + ".values must hold strings");
                    }
                    values.add(v.asText());
                }
            } else {
                JsonNode v = node.get("value");
                if (v == null || !v.isTextual() || v.asText().isEmpty()) {
                    throw new BadInput(path + ".value", path + ".value must be a non-empty string");
                }
                if (node.has("values")) {
                    throw new BadInput(path + ".values", "values is only for op in");
                }
                values.add(v.asText());
            }
            return new Attribute(a.asText(), op, List.copyOf(values));
        }
        throw new BadInput(path, path + " must have one of attribute, group, all, any, not");
    }

    private static void only(JsonNode node, String path, String key) {
        node.fieldNames().forEachRemaining(f -> {
            if (!f.equals(key)) {
                throw new BadInput(path + "." + f, path + " has both " + key + " and " + f);
            }
        });
    }
}
