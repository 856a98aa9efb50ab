package dev.tenancy.orgs.governance;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;

/**
 * This node's parsed copy of each organization's enabled access rules. Every use first reads one
 * aggregate over the organization's rule rows — count, sum of {@code GENERATION} and sum of
 * {@code UPDATED} (an index range read on {@code UK_TNC_GOV_RULE_NAME}, whose first column is the
 * organization) — and reuses the copy only when that stamp is the one it was read with. Every rule
 * change (create, edit, enable, disable: the generation grows and {@code UPDATED} moves; delete: the
 * count drops) changes the stamp, so a rule changed on node A is seen by node B at its next
 * evaluation after A's commit, with no cluster message. The stamp is read before the rules, so a copy
 * is never older than its stamp. The JPQL read flushes first: a change earlier in the same
 * transaction is seen too.
 */
final class RuleCache {

    /** Bounds the memory: past this many organizations the copies are dropped and read again on use. */
    static final int MAX_ORGANIZATIONS = 10_000;

    record Stamp(long count, long generations, long updated) {
    }

    private record Entry(Stamp stamp, List<RulePlanner.Rule> rules) {
    }

    private final Map<String, Entry> byOrganization = new ConcurrentHashMap<>();
    private final int maxOrganizations;

    RuleCache() {
        this(MAX_ORGANIZATIONS);
    }

    RuleCache(int maxOrganizations) {
        this.maxOrganizations = maxOrganizations;
    }

    /** The organization's enabled rules from the database. */
    List<RulePlanner.Rule> enabledRules(EntityManager em, String organizationId) {
        return enabledRules(organizationId, () -> stamp(em, organizationId), () -> load(em, organizationId));
    }

    /** The rules read by {@code load}, or the copy read under the same {@code stamp}. */
    List<RulePlanner.Rule> enabledRules(String organizationId, Supplier<Stamp> stamp, Supplier<List<RulePlanner.Rule>> load) {
        Stamp now = stamp.get();
        Entry cached = byOrganization.get(organizationId);
        if (cached != null && cached.stamp.equals(now)) {
            return cached.rules;
        }
        List<RulePlanner.Rule> rules = now.count() == 0 ? List.of() : List.copyOf(load.get());
        if (byOrganization.size() >= maxOrganizations && !byOrganization.containsKey(organizationId)) {
            byOrganization.clear();
        }
        byOrganization.put(organizationId, new Entry(now, rules));
        return rules;
    }

    void forget(String organizationId) {
        byOrganization.remove(organizationId);
    }

    private static Stamp stamp(EntityManager em, String organizationId) {
        Object[] row = em.createNamedQuery("tnc.govRule.stamp", Object[].class).setParameter("orgId", organizationId).getSingleResult();
        return new Stamp(number(row[0]), number(row[1]), number(row[2]));
    }

    private static long number(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static List<RulePlanner.Rule> load(EntityManager em, String organizationId) {
        // A projection, not entities: nothing joins the persistence context (nor its flush-time dirty check).
        return em.createNamedQuery("tnc.govRule.enabledDefinitions", Object[].class).setParameter("orgId", organizationId)
                .getResultStream().map(row -> RuleEngine.toRule((String) row[0], (String) row[1])).toList();
    }
}
