package dev.tenancy.provisioning.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tenancy.provisioning.store.DeliveryEntity;
import dev.tenancy.provisioning.store.SubscriptionEntity;

/** JSON shapes of subscriptions and deliveries. A subscription's secret never leaves after creation. */
final class Representations {

    private Representations() {
    }

    static Map<String, Object> subscription(SubscriptionEntity s) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", s.getId());
        rep.put("url", s.getUrl());
        rep.put("events", Arrays.asList(s.getEvents().split(",")));
        rep.put("organizationId", s.getOrganizationId());
        rep.put("enabled", s.isEnabled());
        rep.put("disabledReason", s.getDisabledReason());
        rep.put("createdAt", time(s.getCreatedAt()));
        rep.put("updatedAt", time(s.getUpdatedAt()));
        return rep;
    }

    static Map<String, Object> delivery(DeliveryEntity d) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", d.getId());
        rep.put("eventId", d.getEventId());
        rep.put("type", d.getEventType());
        rep.put("userId", d.getUserId());
        rep.put("sequence", d.getSequence());
        rep.put("status", d.getStatus());
        rep.put("attempts", d.getAttempts());
        rep.put("nextAttemptAt", DeliveryEntity.PENDING.equals(d.getStatus()) || DeliveryEntity.FAILED.equals(d.getStatus())
                ? time(d.getNextAttemptAt()) : null);
        rep.put("lastAttemptAt", time(d.getLastAttemptAt()));
        rep.put("lastStatusCode", d.getLastStatusCode());
        rep.put("lastError", d.getLastError());
        rep.put("createdAt", time(d.getCreatedAt()));
        rep.put("deliveredAt", time(d.getDeliveredAt()));
        return rep;
    }

    static String time(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
