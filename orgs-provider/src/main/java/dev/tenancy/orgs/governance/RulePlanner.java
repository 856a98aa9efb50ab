package dev.tenancy.orgs.governance;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, for one member, what the organization's rules change: the pure part of rule
 * application, shared by the preview and the effect so that the two cannot differ.
 *
 * <p>A grant a rule gives is held while some rule gives it. It is removed only when no rule gives it
 * any more and it was made by a rule ({@code grantedBy} {@code rule:…}): a manual grant, a SCIM one
 * or an approved request's is never removed by a rule.
 */
final class RulePlanner {

    /** A role ({@code kind} {@code role}, target its name) or an organization group (target its id). */
    record Target(String kind, String target) implements Comparable<Target> {
        @Override
        public int compareTo(Target o) {
            int c = kind.compareTo(o.kind);
            return c != 0 ? c : target.compareTo(o.target);
        }
    }

    /** A rule as evaluated: enabled rules only. */
    record Rule(String id, Condition when, List<String> roles, List<String> groups) {
    }

    /**
     * What changes: grants gained (with the rule that gives them), grants lost, grants that stay but
     * change to another rule as their origin, and the provenance rows to add and remove.
     */
    record Plan(Map<Target, String> gains, Set<Target> losses, Map<Target, String> relabels,
                Map<Target, Set<String>> sourcesToAdd, Map<Target, Set<String>> sourcesToRemove) {

        /** Whether an organization-group membership is gained or lost (which conditions can read). */
        boolean changesGroups() {
            return losses.stream().anyMatch(t -> t.kind().equals("group")) || gains.keySet().stream().anyMatch(t -> t.kind().equals("group"));
        }

        boolean changesGrants() {
            return !gains.isEmpty() || !losses.isEmpty();
        }

        boolean isEmpty() {
            return gains.isEmpty() && losses.isEmpty() && relabels.isEmpty() && sourcesToAdd.isEmpty() && sourcesToRemove.isEmpty();
        }
    }

    private RulePlanner() {
    }

    /**
     * @param subject  the member's attributes and organization groups now
     * @param rules    the organization's enabled rules
     * @param sources  which rules are recorded as giving each grant now
     * @param held     each grant the member holds now, with its {@code grantedBy} (null: unknown, counts as manual)
     */
    static Plan plan(Condition.Subject subject, List<Rule> rules, Map<Target, Set<String>> sources, Map<Target, String> held) {
        Map<Target, Set<String>> desired = new LinkedHashMap<>();
        for (Rule rule : rules) {
            if (!rule.when().matches(subject)) {
                continue;
            }
            rule.roles().forEach(r -> desired.computeIfAbsent(new Target(Grants.ROLE, r), k -> new TreeSet<>()).add(rule.id()));
            rule.groups().forEach(g -> desired.computeIfAbsent(new Target(Grants.GROUP, g), k -> new TreeSet<>()).add(rule.id()));
        }
        Map<Target, Set<String>> add = new LinkedHashMap<>();
        desired.forEach((t, ids) -> {
            Set<String> now = sources.getOrDefault(t, Set.of());
            Set<String> missing = new TreeSet<>(ids);
            missing.removeAll(now);
            if (!missing.isEmpty()) {
                add.put(t, missing);
            }
        });
        Map<Target, Set<String>> remove = new LinkedHashMap<>();
        sources.forEach((t, ids) -> {
            Set<String> keep = desired.getOrDefault(t, Set.of());
            Set<String> gone = new LinkedHashSet<>(ids);
            gone.removeAll(keep);
            if (!gone.isEmpty()) {
                remove.put(t, gone);
            }
        });
        Map<Target, String> gains = new LinkedHashMap<>();
        Map<Target, String> relabels = new LinkedHashMap<>();
        desired.forEach((t, ids) -> {
            String first = "rule:" + ids.iterator().next();
            if (!held.containsKey(t)) {
                gains.put(t, first);
            } else {
                String by = held.get(t);
                if (by != null && by.startsWith("rule:") && !ids.contains(by.substring(5))) {
                    relabels.put(t, first);
                }
            }
        });
        Set<Target> losses = new TreeSet<>();
        held.forEach((t, by) -> {
            if (!Grants.manual(by) && !desired.containsKey(t)) {
                losses.add(t);
            }
        });
        return new Plan(gains, losses, relabels, add, remove);
    }
}
