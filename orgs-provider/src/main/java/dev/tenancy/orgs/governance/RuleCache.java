package dev.tenancy.orgs.governance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

import org.keycloak.models.KeycloakSession;

/**
 * This node's parsed copy of each organization's enabled access rules. Every use first reads one
 * aggregate over the organization's rule rows — count, sum of {@code GENERATION} and sum of
 * {@code UPDATED} (an index range read on {@code UK_TNC_GOV_RULE_NAME}, whose first column is the
 * organization) — and reuses the copy only when that stamp is the one it was read with. Every rule
 * change (create, edit, enable, disable: the generation grows and {@code UPDATED} moves; delete: the
 * count drops) changes the stamp, so a rule changed on node A is seen by node B at its next
 * evaluation after A's commit, with no cluster message. The stamp is read before the rules, so a copy
 * is never older than its stamp.
 *
 * <p>Within one transaction (one Keycloak session) the stamp is read once per organization and
 * remembered ({@link Transaction}). The reads run with {@link FlushModeType#COMMIT}: they read only
 * {@code TNC_GOV_RULE}, so the pending changes of the transaction (a SCIM change of the member, say)
 * need not be flushed — nor dirty-checked — first. The one pending change that would matter is a rule
 * written in this very transaction: {@link #ruleWritten} (called by every rule write) drops the
 * remembered stamps and makes the later reads of the transaction flush first, so they see it.
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

    /**
     * What one transaction remembers: the stamps it read, and whether it wrote a rule (then every
     * later read flushes first and nothing is remembered).
     */
    static final class Transaction {
        private final Map<String, Stamp> stamps = new HashMap<>();
        private boolean wroteRules;

        /** Called before a rule of this transaction is created, changed or deleted. */
        void ruleWritten() {
            wroteRules = true;
            stamps.clear();
        }

        boolean wroteRules() {
            return wroteRules;
        }

        /** The stamp remembered for the organization, else read by {@code read} (with whether to flush first). */
        Stamp stamp(String organizationId, java.util.function.Function<Boolean, Stamp> read) {
            if (wroteRules) {
                return read.apply(true);
            }
            return stamps.computeIfAbsent(organizationId, k -> read.apply(false));
        }
    }

    private static final String TRANSACTION = RuleCache.class.getName() + ".transaction";

    static Transaction transaction(KeycloakSession session) {
        Transaction t = session.getAttribute(TRANSACTION, Transaction.class);
        if (t == null) {
            t = new Transaction();
            session.setAttribute(TRANSACTION, t);
        }
        return t;
    }

    /** Notes that this transaction writes a rule: its later evaluations read the rules with that change. */
    static void ruleWritten(KeycloakSession session) {
        transaction(session).ruleWritten();
    }

    /** The organization's enabled rules from the database. */
    List<RulePlanner.Rule> enabledRules(KeycloakSession session, EntityManager em, String organizationId) {
        Transaction tx = transaction(session);
        return enabledRules(organizationId, () -> tx.stamp(organizationId, flush -> stamp(em, organizationId, flush)),
                () -> load(em, organizationId, tx.wroteRules()));
    }

    /**
     * Whether the organization may hold rule provenance rows: it has a rule, enabled or not (the
     * stamp's count, remembered for the transaction, so after {@link #enabledRules} it costs no
     * query), or this transaction wrote one.
     */
    boolean anyRule(KeycloakSession session, EntityManager em, String organizationId) {
        Transaction tx = transaction(session);
        // a transaction that wrote a rule (deleting the last one, say) still has that rule's rows to clean up
        return tx.wroteRules() || tx.stamp(organizationId, flush -> stamp(em, organizationId, flush)).count() > 0;
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

    private static FlushModeType flushMode(boolean flush) {
        return flush ? FlushModeType.AUTO : FlushModeType.COMMIT;
    }

    private static Stamp stamp(EntityManager em, String organizationId, boolean flush) {
        Object[] row = em.createNamedQuery("tnc.govRule.stamp", Object[].class).setParameter("orgId", organizationId)
                .setFlushMode(flushMode(flush)).getSingleResult();
        return new Stamp(number(row[0]), number(row[1]), number(row[2]));
    }

    private static long number(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static List<RulePlanner.Rule> load(EntityManager em, String organizationId, boolean flush) {
        // A projection, not entities: nothing joins the persistence context (nor its flush-time dirty check).
        return em.createNamedQuery("tnc.govRule.enabledDefinitions", Object[].class).setParameter("orgId", organizationId)
                .setFlushMode(flushMode(flush))
                .getResultStream().map(row -> RuleEngine.toRule((String) row[0], (String) row[1])).toList();
    }
}
