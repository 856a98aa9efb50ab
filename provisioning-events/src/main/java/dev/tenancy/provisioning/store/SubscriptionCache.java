package dev.tenancy.provisioning.store;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.persistence.EntityManager;

/**
 * This node's copy of each realm's enabled subscriptions, as the capture needs them. Every use checks
 * one aggregate over the realm's subscription rows (count and sum of {@code UPDATED_AT}, an index
 * range read): a subscription created, changed or deleted on any node — by the REST API, or by a
 * drainer disabling it after a {@code 410} — changes that key, so no node keeps a stale copy past
 * the change's commit. No cluster messages are needed (nodes with local caches on one database agree).
 */
public final class SubscriptionCache {

    /** What the capture needs of one enabled subscription. */
    public record Target(String id, String organizationId, Set<String> kinds) {
    }

    private record Entry(long count, long sum, List<Target> targets) {
    }

    private final Map<String, Entry> byRealm = new ConcurrentHashMap<>();

    /** The realm's enabled subscriptions, read again only when they changed. */
    public List<Target> enabled(EntityManager em, String realmId) {
        Object[] key = em.createNamedQuery("tncPeSubscriptionsVersion", Object[].class)
                .setParameter("realmId", realmId).getSingleResult();
        long count = ((Number) key[0]).longValue();
        long sum = key[1] == null ? 0 : ((Number) key[1]).longValue();
        Entry cached = byRealm.get(realmId);
        if (cached != null && cached.count == count && cached.sum == sum) {
            return cached.targets;
        }
        List<Target> targets = List.of();
        if (count > 0) {
            List<SubscriptionEntity> rows = em.createNamedQuery("tncPeEnabledSubscriptionsByRealm", SubscriptionEntity.class)
                    .setParameter("realmId", realmId).getResultList();
            targets = rows.stream().map(s -> new Target(s.getId(), s.getOrganizationId(), Set.of(s.getEvents().split(","))))
                    .toList();
            rows.forEach(em::detach); // not kept managed: the flush need not dirty-check them
        }
        byRealm.put(realmId, new Entry(count, sum, targets));
        return targets;
    }

    public void forget(String realmId) {
        byRealm.remove(realmId);
    }
}
