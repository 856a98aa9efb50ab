package dev.tenancy.provisioning.delivery;

import jakarta.persistence.EntityManager;

import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.provisioning.store.DeliveryEntity;
import dev.tenancy.provisioning.store.SubscriptionEntity;

/**
 * Test pings in the deliveries list: each {@code POST …/test} leaves a final delivery row
 * ({@code DELIVERED} or {@code DEAD}, never retried, no user, no outbox event) so the console shows
 * it next to the real deliveries. The subscription's health records the ping's outcome too.
 */
public final class Pings {

    public static final String TYPE = "dev.tenancy.ping";

    private Pings() {
    }

    public static boolean isPing(DeliveryEntity d) {
        return TYPE.equals(d.getEventType());
    }

    public static void record(EntityManager em, SubscriptionEntity s, String eventId, Attempt a) {
        long now = System.currentTimeMillis();
        DeliveryEntity d = new DeliveryEntity();
        d.setId(KeycloakModelUtils.generateId());
        d.setSubscriptionId(s.getId());
        d.setEventId(eventId);
        d.setRealmId(s.getRealmId());
        d.setUserId("");
        d.setEventType(TYPE);
        d.setSequence(0);
        d.setStatus(a.delivered() ? DeliveryEntity.DELIVERED : DeliveryEntity.DEAD);
        d.setAttempts(1);
        d.setNextAttemptAt(now);
        d.setLastAttemptAt(now);
        d.setLastStatusCode(a.statusCode());
        d.setLastError(a.error() == null ? null : a.error().substring(0, Math.min(1000, a.error().length())));
        d.setCreatedAt(now);
        d.setDeliveredAt(a.delivered() ? now : null);
        em.persist(d);
        if (a.delivered()) {
            s.setLastSuccessAt(now);
        } else {
            s.setLastErrorAt(now);
            s.setLastError(a.error() == null ? null : a.error().substring(0, Math.min(255, a.error().length())));
        }
    }
}
