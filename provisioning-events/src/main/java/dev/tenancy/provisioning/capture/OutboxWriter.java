package dev.tenancy.provisioning.capture;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.provisioning.ProvisioningConfig;
import dev.tenancy.provisioning.store.DeliveryEntity;
import dev.tenancy.provisioning.store.EventEntity;
import dev.tenancy.provisioning.store.SnapshotEntity;
import dev.tenancy.provisioning.store.SubscriptionEntity;

/** Diffs touched users against their snapshots and writes events and deliveries, in the caller's transaction. */
final class OutboxWriter {

    private static final Logger LOG = Logger.getLogger(OutboxWriter.class);
    /** A user without a snapshot created this recently is a joiner, even when no creation event was seen. */
    private static final long RECENTLY_CREATED_MILLIS = 60_000;

    private final KeycloakSession session;
    private final ProvisioningConfig config;
    private final EntityManager em;

    OutboxWriter(KeycloakSession session, ProvisioningConfig config) {
        this.session = session;
        this.config = config;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Returns the number of deliveries written. */
    int write(Map<String, Map<String, ChangeCollector.Touch>> touched) {
        int written = 0;
        for (Map.Entry<String, Map<String, ChangeCollector.Touch>> byRealm : touched.entrySet()) {
            RealmModel realm = session.realms().getRealm(byRealm.getKey());
            if (realm == null) {
                continue;
            }
            dev.tenancy.provisioning.apps.AppOutbox.enqueue(session, realm, byRealm.getValue().keySet()); // outbound SCIM work, same transaction
            List<SubscriptionEntity> all = em.createNamedQuery("tncPeSubscriptionsByRealm", SubscriptionEntity.class)
                    .setParameter("realmId", realm.getId()).getResultList();
            if (all.isEmpty()) {
                continue; // nobody listens: no snapshots either
            }
            List<SubscriptionEntity> enabled = all.stream().filter(SubscriptionEntity::isEnabled).toList();
            TrackedFields tracked = TrackedFields.of(realm, config);
            for (Map.Entry<String, ChangeCollector.Touch> user : byRealm.getValue().entrySet()) {
                written += writeUser(realm, user.getKey(), user.getValue(), tracked, enabled);
            }
        }
        return written;
    }

    private int writeUser(RealmModel realm, String userId, ChangeCollector.Touch touch, TrackedFields tracked,
                          List<SubscriptionEntity> subscriptions) {
        SnapshotEntity snapshot = em.find(SnapshotEntity.class, userId, LockModeType.PESSIMISTIC_WRITE);
        UserModel user = session.users().getUserById(realm, userId);
        UserState after = user == null ? null : UserStateReader.read(session, realm, user, tracked);
        UserState before = snapshot == null ? null : Snapshots.parse(snapshot.getState());
        if (before == null) {
            before = baseline(touch, after);
        }
        List<Draft> drafts = Classifier.classify(before, after, tracked);
        long now = System.currentTimeMillis();
        long sequence = snapshot == null ? 0 : snapshot.getSequence();
        UserState shown = after != null ? after : before;
        int written = 0;
        for (Draft draft : drafts) {
            List<SubscriptionEntity> targets = subscriptions.stream().filter(s -> receives(s, draft)).toList();
            if (targets.isEmpty() || shown == null) {
                continue;
            }
            sequence++;
            EventEntity event = new EventEntity();
            event.setId(KeycloakModelUtils.generateId());
            event.setRealmId(realm.getId());
            event.setUserId(userId);
            event.setOrganizationId(draft.organizationId());
            event.setType(CloudEvents.TYPE_PREFIX + draft.kind());
            event.setSequence(sequence);
            event.setCreatedAt(now);
            event.setPayload(CloudEvents.userEvent(event.getId(), Instant.ofEpochMilli(now), realm.getName(), draft,
                    shown, touch.cause, sequence));
            em.persist(event);
            for (SubscriptionEntity s : targets) {
                DeliveryEntity d = new DeliveryEntity();
                d.setId(KeycloakModelUtils.generateId());
                d.setSubscriptionId(s.getId());
                d.setEventId(event.getId());
                d.setRealmId(realm.getId());
                d.setUserId(userId);
                d.setEventType(event.getType());
                d.setSequence(sequence);
                d.setStatus(DeliveryEntity.PENDING);
                d.setNextAttemptAt(now);
                d.setCreatedAt(now);
                em.persist(d);
                written++;
            }
        }
        saveSnapshot(realm, userId, snapshot, after, sequence, now);
        LOG.debugf("User %s in realm %s: %d drafts, %d deliveries", userId, realm.getName(), drafts.size(), written);
        return written;
    }

    /**
     * The state to diff against when a user has no snapshot: none for a new user; otherwise (a user
     * that existed before any subscription) the current state, corrected by the memberships this
     * transaction is known to have changed, and assumed enabled so that a disabled user still yields a leaver.
     */
    private static UserState baseline(ChangeCollector.Touch touch, UserState after) {
        if (after == null) {
            return touch.beforeRemoval;
        }
        boolean recent = after.createdTimestamp() != null
                && after.createdTimestamp() >= System.currentTimeMillis() - RECENTLY_CREATED_MILLIS;
        if (touch.created || recent) {
            return null;
        }
        Map<String, UserState.Membership> orgs = new HashMap<>(after.organizations());
        touch.joined.keySet().forEach(orgs::remove);
        touch.left.forEach((id, alias) -> orgs.putIfAbsent(id, new UserState.Membership(alias, List.of(), List.of())));
        return after.withOrganizations(orgs).withEnabled(true);
    }

    static boolean receives(SubscriptionEntity s, Draft draft) {
        Set<String> kinds = Set.of(s.getEvents().split(","));
        if (!kinds.contains(draft.kind())) {
            return false;
        }
        if (s.getOrganizationId() == null) {
            return draft.audience().realmWide();
        }
        return draft.audience().organization() && s.getOrganizationId().equals(draft.organizationId());
    }

    private void saveSnapshot(RealmModel realm, String userId, SnapshotEntity snapshot, UserState after, long sequence, long now) {
        if (after == null) {
            if (snapshot != null) {
                em.remove(snapshot);
            }
            return;
        }
        String state;
        try {
            state = Snapshots.write(after);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the snapshot of user " + userId, e);
        }
        if (snapshot == null) {
            snapshot = new SnapshotEntity();
            snapshot.setUserId(userId);
            snapshot.setRealmId(realm.getId());
            snapshot.setSequence(sequence);
            snapshot.setUpdatedAt(now);
            snapshot.setState(state);
            em.persist(snapshot);
        } else {
            snapshot.setSequence(sequence);
            snapshot.setUpdatedAt(now);
            snapshot.setState(state);
        }
    }
}
