package dev.tenancy.provisioning.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import dev.tenancy.provisioning.ProvisioningProvider;
import dev.tenancy.provisioning.delivery.Pings;
import dev.tenancy.provisioning.store.DeliveryEntity;
import dev.tenancy.provisioning.store.SubscriptionEntity;

/** JSON shapes of subscriptions and deliveries. A subscription's secret never leaves after creation. */
final class Representations {

    private Representations() {
    }

    /**
     * A subscription with its sink and health: last success, last error (a short category), the
     * backlog (deliveries still to send; null when not computed) and whether this node's circuit
     * breaker holds it back.
     */
    static Map<String, Object> subscription(KeycloakSession session, RealmModel realm, SubscriptionEntity s, Long backlog) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", s.getId());
        rep.put("type", s.getType());
        rep.put("url", s.getUrl());
        if ("kafka".equals(s.getType())) {
            rep.put("topic", s.getTarget());
        } else if ("nats".equals(s.getType())) {
            rep.put("subject", s.getTarget());
        }
        rep.put("events", Arrays.asList(s.getEvents().split(",")));
        rep.put("organizationId", s.getOrganizationId());
        rep.put("organization", organization(session, realm, s.getOrganizationId()));
        rep.put("enabled", s.isEnabled());
        rep.put("disabledReason", s.getDisabledReason());
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("lastSuccessAt", time(s.getLastSuccessAt()));
        health.put("lastErrorAt", time(s.getLastErrorAt()));
        health.put("lastError", s.getLastError());
        health.put("backlog", backlog);
        health.put("breakerOpen", session.getProvider(ProvisioningProvider.class).breakerOpen(s.getId()));
        rep.put("health", health);
        rep.put("createdAt", time(s.getCreatedAt()));
        rep.put("updatedAt", time(s.getUpdatedAt()));
        return rep;
    }

    /** {@code {id, name, alias}} of the subscription's organization, or null for realm-wide ones. */
    private static Map<String, Object> organization(KeycloakSession session, RealmModel realm, String organizationId) {
        if (organizationId == null) {
            return null;
        }
        Map<String, Object> org = new LinkedHashMap<>();
        org.put("id", organizationId);
        OrganizationProvider orgs = realm.isOrganizationsEnabled() ? session.getProvider(OrganizationProvider.class) : null;
        OrganizationModel o = orgs == null ? null : orgs.getById(organizationId);
        org.put("name", o == null ? null : o.getName());
        org.put("alias", o == null ? null : o.getAlias());
        return org;
    }

    /** Usernames by user id, looked up once per page. */
    static final class Users {
        private final KeycloakSession session;
        private final RealmModel realm;
        private final Map<String, String> names = new HashMap<>();

        Users(KeycloakSession session, RealmModel realm) {
            this.session = session;
            this.realm = realm;
        }

        String username(String userId) {
            if (userId == null || userId.isEmpty()) {
                return null;
            }
            return names.computeIfAbsent(userId, id -> {
                UserModel u = session.users().getUserById(realm, id);
                return u == null ? null : u.getUsername();
            });
        }
    }

    static Map<String, Object> delivery(DeliveryEntity d, Users users) {
        boolean ping = Pings.isPing(d);
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", d.getId());
        rep.put("eventId", d.getEventId());
        rep.put("type", d.getEventType());
        rep.put("test", ping);
        rep.put("userId", ping ? null : d.getUserId());
        rep.put("username", ping ? null : users.username(d.getUserId()));
        rep.put("sequence", ping ? null : d.getSequence());
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
