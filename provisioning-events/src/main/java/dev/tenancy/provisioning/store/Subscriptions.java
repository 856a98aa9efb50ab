package dev.tenancy.provisioning.store;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Subscriptions and their deliveries, always scoped to one realm. */
public final class Subscriptions {

    private final EntityManager em;
    private final String realmId;

    public Subscriptions(KeycloakSession session, String realmId) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realmId = realmId;
    }

    public List<SubscriptionEntity> list() {
        return em.createNamedQuery("tncPeSubscriptionsByRealm", SubscriptionEntity.class)
                .setParameter("realmId", realmId).getResultList();
    }

    public Optional<SubscriptionEntity> get(String id) {
        SubscriptionEntity s = em.find(SubscriptionEntity.class, id);
        return s != null && realmId.equals(s.getRealmId()) ? Optional.of(s) : Optional.empty();
    }

    public void add(SubscriptionEntity s) {
        s.setRealmId(realmId);
        em.persist(s);
    }

    /**
     * Removes the subscription and its deliveries. The events stay: they are the realm's event log
     * (Events API), kept for its retention whether or not anyone subscribes.
     */
    public void remove(SubscriptionEntity s) {
        em.createNamedQuery("tncPeDeleteDeliveriesBySubscription").setParameter("subscriptionId", s.getId()).executeUpdate();
        em.remove(s);
    }

    public List<DeliveryEntity> deliveries(String subscriptionId, String status, int first, int max) {
        var query = status == null
                ? em.createNamedQuery("tncPeDeliveriesBySubscription", DeliveryEntity.class)
                : em.createNamedQuery("tncPeDeliveriesBySubscriptionAndStatus", DeliveryEntity.class).setParameter("status", status);
        return query.setParameter("subscriptionId", subscriptionId).setFirstResult(first).setMaxResults(max).getResultList();
    }

    public Optional<DeliveryEntity> delivery(String subscriptionId, String deliveryId) {
        DeliveryEntity d = em.find(DeliveryEntity.class, deliveryId);
        return d != null && subscriptionId.equals(d.getSubscriptionId()) ? Optional.of(d) : Optional.empty();
    }

    /** Deliveries still to send (PENDING or FAILED), per subscription of the realm. */
    public java.util.Map<String, Long> backlog() {
        java.util.Map<String, Long> result = new java.util.HashMap<>();
        for (Object[] row : em.createQuery("select d.subscriptionId, count(d) from TncPeDelivery d where d.realmId = :realmId"
                + " and d.status in ('PENDING', 'FAILED') group by d.subscriptionId", Object[].class)
                .setParameter("realmId", realmId).getResultList()) {
            result.put((String) row[0], ((Number) row[1]).longValue());
        }
        return result;
    }

    public EntityManager entityManager() {
        return em;
    }

    public Optional<EventEntity> event(String eventId) {
        return Optional.ofNullable(em.find(EventEntity.class, eventId));
    }
}
