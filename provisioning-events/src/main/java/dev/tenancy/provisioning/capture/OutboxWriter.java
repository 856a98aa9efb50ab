package dev.tenancy.provisioning.capture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.provisioning.ProvisioningProvider;
import dev.tenancy.provisioning.store.DeliveryEntity;
import dev.tenancy.provisioning.store.EventEntity;
import dev.tenancy.provisioning.store.SnapshotEntity;
import dev.tenancy.provisioning.store.SubscriptionCache;

/**
 * Turns a transaction's touched users and group changes into event rows (the event log, always)
 * and delivery rows (one per matching enabled subscription), in the caller's transaction.
 *
 * <p>Each user is diffed against its snapshot. A user without one (it existed before this module
 * recorded it) is diffed against its committed state, read in a separate short transaction: the
 * changing transaction's writes are not visible there, so that is the state before the change.
 * Events keep the transaction's order (group and user events interleaved as they happened); all
 * event rows are written before all delivery rows so that each table gets one JDBC batch.
 */
final class OutboxWriter {

    private static final Logger LOG = Logger.getLogger(OutboxWriter.class);

    private final KeycloakSession session;
    private final ProvisioningProvider runtime;
    private final EntityManager em;
    private final String txnId = KeycloakModelUtils.generateId();
    private final List<EventEntity> events = new ArrayList<>();
    private final List<DeliveryEntity> deliveries = new ArrayList<>();
    /** Per user: the last sequence given in this transaction, and the snapshot that keeps it. */
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, SnapshotEntity> kept = new HashMap<>();

    OutboxWriter(KeycloakSession session, ProvisioningProvider runtime) {
        this.session = session;
        this.runtime = runtime;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** The number of event rows written. */
    int events() {
        return events.size();
    }

    /** Returns the number of deliveries written. */
    int write(Map<String, Map<String, ChangeCollector.Touch>> touched, Map<String, List<GroupChange>> groups) {
        Set<String> realmIds = new LinkedHashSet<>(touched.keySet());
        realmIds.addAll(groups.keySet());
        for (String realmId : realmIds) {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                continue;
            }
            Map<String, ChangeCollector.Touch> users = touched.getOrDefault(realmId, Map.of());
            dev.tenancy.provisioning.apps.AppOutbox.enqueue(session, realm, users.keySet()); // outbound SCIM work, same transaction
            dev.tenancy.provisioning.apps.AppOutbox.enqueueGroups(session, realm, groups.getOrDefault(realmId, List.of()).stream()
                    .filter(g -> GroupChange.UPDATED.equals(g.kind()) || GroupChange.DELETED.equals(g.kind()))
                    .map(GroupChange::groupId).distinct().toList());
            writeRealm(realm, users, groups.getOrDefault(realmId, List.of()));
        }
        events.forEach(em::persist);
        deliveries.forEach(em::persist);
        return deliveries.size();
    }

    private void writeRealm(RealmModel realm, Map<String, ChangeCollector.Touch> users, List<GroupChange> groupChanges) {
        List<SubscriptionCache.Target> targets = runtime.subscriptions().enabled(em, realm.getId());
        TrackedFields tracked = TrackedFields.of(realm, runtime.config());
        // A user created by this transaction has no earlier state: skip the committed-state read. Its
        // snapshot row is still looked up (one primary-key read), because "created" is inferred from a
        // CREATE admin event, which SCIM also emits when it adopts or re-provisions an existing account.
        // An account whose id this transaction created (its creator said so) has no snapshot row: not looked up.
        Set<String> lookUp = new LinkedHashSet<>();
        users.forEach((id, touch) -> {
            if (!touch.newAccount) {
                lookUp.add(id);
            }
        });
        Map<String, SnapshotEntity> snapshots = lockSnapshots(lookUp);
        Set<String> existing = new LinkedHashSet<>();
        users.forEach((id, touch) -> {
            if (!touch.created || snapshots.containsKey(id)) {
                existing.add(id);
            }
        });
        Map<String, UserState> committed = committedStates(realm, existing, snapshots, tracked);

        record Item(int ordinal, Runnable write) {
        }
        List<Item> items = new ArrayList<>();
        users.forEach((userId, touch) -> items.add(new Item(touch.ordinal,
                () -> writeUser(realm, userId, touch, tracked, targets, snapshots.get(userId), committed.get(userId)))));
        snapshots.forEach((id, snapshot) -> sequences.put(id, snapshot.getSequence()));
        for (GroupChange change : groupChanges) {
            items.add(new Item(change.ordinal(), () -> writeGroup(realm, change, targets)));
        }
        items.sort(Comparator.comparingInt(Item::ordinal));
        items.forEach(i -> i.write().run());
    }

    /** The touched users' snapshot rows, locked (one query), so concurrent changes of a user are diffed in turn. */
    private Map<String, SnapshotEntity> lockSnapshots(Set<String> userIds) {
        Map<String, SnapshotEntity> result = new HashMap<>();
        if (userIds.isEmpty()) {
            return result;
        }
        // The change's own rows (USER_ENTITY) first, then the snapshots: a change not yet flushed would
        // take the user row after the snapshot, the reverse order of a concurrent change of the same
        // user that flushed earlier - a deadlock (seen in OutboundConsistencyIT as a 500 / 400).
        em.flush();
        if (userIds.size() == 1) {
            String id = userIds.iterator().next();
            SnapshotEntity s = em.find(SnapshotEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (s != null) {
                result.put(id, s);
            }
            return result;
        }
        em.createQuery("select s from TncPeSnapshot s where s.userId in :ids order by s.userId", SnapshotEntity.class)
                .setParameter("ids", userIds).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream()
                .forEach(s -> result.put(s.getUserId(), s));
        return result;
    }

    /**
     * The committed state of the users without a snapshot, read in one separate transaction (which
     * does not see this transaction's uncommitted writes): their state before this change, or absent
     * when this transaction created them.
     */
    private Map<String, UserState> committedStates(RealmModel realm, Set<String> userIds, Map<String, SnapshotEntity> snapshots,
                                                   TrackedFields tracked) {
        List<String> missing = userIds.stream().filter(id -> !snapshots.containsKey(id)).toList();
        if (missing.isEmpty()) {
            return Map.of();
        }
        String realmId = realm.getId();
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), other -> {
            RealmModel r = other.realms().getRealm(realmId);
            Map<String, UserState> states = new HashMap<>();
            if (r == null) {
                return states;
            }
            other.getContext().setRealm(r);
            for (String id : missing) {
                UserModel u = other.users().getUserById(r, id);
                if (u != null) {
                    states.put(id, UserStateReader.read(other, r, u, tracked));
                }
            }
            return states;
        });
    }

    private void writeUser(RealmModel realm, String userId, ChangeCollector.Touch touch, TrackedFields tracked,
                           List<SubscriptionCache.Target> targets, SnapshotEntity snapshot, UserState committed) {
        UserState before = snapshot == null ? committed : Snapshots.parse(snapshot.getState());
        UserModel user = session.users().getUserById(realm, userId);
        UserState after = user == null ? null
                : UserStateReader.read(session, realm, user, tracked, snapshot == null ? UserStateReader.ALL : touch.scope, before,
                        snapshot == null ? touch.knownOrganizations : null);
        List<Draft> drafts = Classifier.classify(before, after, tracked);
        UserState shown = after != null ? after : before;
        long sequence = sequences.getOrDefault(userId, 0L);
        // Per user, times only grow (even across nodes whose clocks differ): the sequencer orders by them.
        long now = Math.max(System.currentTimeMillis(), snapshot == null ? 0 : snapshot.getUpdatedAt() + 1);
        int written = 0;
        for (Draft draft : drafts) {
            if (shown == null) {
                break;
            }
            sequence++;
            EventEntity event = event(realm, userId, draft.organizationId(), CloudEvents.TYPE_PREFIX + draft.kind(),
                    draft.audience(), sequence, now);
            event.setPayload(CloudEvents.userEvent(event.getId(), Instant.ofEpochMilli(now), realm.getName(), draft,
                    shown, touch.cause, sequence));
            for (SubscriptionCache.Target s : targets) {
                if (receives(s, draft.kind(), draft.audience(), draft.organizationId())) {
                    delivery(s, event);
                    written++;
                }
            }
        }
        sequences.put(userId, sequence);
        saveSnapshot(realm, userId, snapshot, before, after, sequence, now, !drafts.isEmpty());
        LOG.debugf("User %s in realm %s: %d drafts, %d deliveries", userId, realm.getName(), drafts.size(), written);
    }

    private void writeGroup(RealmModel realm, GroupChange change, List<SubscriptionCache.Target> targets) {
        GroupChange.GroupView view = change.group();
        if (view == null) {
            GroupModel group = session.groups().getGroupById(realm, change.groupId());
            if (group == null) {
                return;
            }
            view = GroupViews.of(group);
        }
        long now = System.currentTimeMillis();
        Draft.Audience audience = view.organizationId() == null ? Draft.Audience.REALM : Draft.Audience.BOTH;
        String kind = "group." + change.kind();
        String key;
        long sequence;
        if (change.member() != null) {
            // A membership event is ordered with the member's own events: the member's key and counter.
            key = change.member().id();
            sequence = sequences.merge(key, 1L, Long::sum);
            SnapshotEntity snapshot = kept.get(key);
            if (snapshot != null) {
                snapshot.setSequence(Math.max(snapshot.getSequence(), sequence));
            }
        } else {
            // Other group events: the group's key, and a time-based counter that keeps its deliveries in order.
            key = change.groupId();
            sequence = now * 1000 + (events.size() % 1000);
        }
        EventEntity event = event(realm, key, view.organizationId(), GroupChange.TYPE_PREFIX + change.kind(),
                audience, sequence, now);
        event.setPayload(CloudEvents.groupEvent(event.getId(), Instant.ofEpochMilli(now), realm.getName(), change.kind(),
                view, change.member(), change.cause(), change.member() == null ? null : sequence));
        for (SubscriptionCache.Target s : targets) {
            if (receives(s, kind, audience, view.organizationId())) {
                delivery(s, event);
            }
        }
    }

    private EventEntity event(RealmModel realm, String subjectId, String organizationId, String type, Draft.Audience audience,
                              long sequence, long now) {
        EventEntity event = new EventEntity();
        event.setId(KeycloakModelUtils.generateId());
        event.setRealmId(realm.getId());
        event.setUserId(subjectId);
        event.setOrganizationId(organizationId);
        event.setType(type);
        event.setSequence(sequence);
        event.setCreatedAt(now);
        event.setAudience(audience.name());
        event.setTxnId(txnId);
        event.setOrdinal(events.size());
        events.add(event);
        return event;
    }

    private void delivery(SubscriptionCache.Target s, EventEntity event) {
        DeliveryEntity d = new DeliveryEntity();
        d.setId(KeycloakModelUtils.generateId());
        d.setSubscriptionId(s.id());
        d.setEventId(event.getId());
        d.setRealmId(event.getRealmId());
        d.setUserId(event.getUserId());
        d.setEventType(event.getType());
        d.setSequence(event.getSequence());
        d.setStatus(DeliveryEntity.PENDING);
        d.setNextAttemptAt(event.getCreatedAt());
        d.setCreatedAt(event.getCreatedAt());
        deliveries.add(d);
    }

    /**
     * Whether a subscription (its kinds and organization) receives an event of this kind and audience.
     * Group events go to subscriptions that name those group kinds; a subscription that names no
     * group kind gets every group event when it takes movers (group changes move their members).
     */
    static boolean receives(SubscriptionCache.Target s, String kind, Draft.Audience audience, String organizationId) {
        if (kind.startsWith("group.")) {
            boolean namesGroups = s.kinds().stream().anyMatch(k -> k.startsWith("group."));
            if (namesGroups ? !s.kinds().contains(kind) : !s.kinds().contains(Draft.MOVER)) {
                return false;
            }
        } else if (!s.kinds().contains(kind)) {
            return false;
        }
        if (s.organizationId() == null) {
            return audience.realmWide();
        }
        return audience.organization() && s.organizationId().equals(organizationId);
    }

    private void saveSnapshot(RealmModel realm, String userId, SnapshotEntity snapshot, UserState before, UserState after,
                              long sequence, long now, boolean reported) {
        if (after == null) {
            if (snapshot != null) {
                em.remove(snapshot);
            }
            return;
        }
        if (snapshot != null) {
            kept.put(userId, snapshot);
        }
        if (snapshot != null && !reported && after.equals(before)) {
            return; // nothing changed: no write
        }
        String state;
        try {
            state = Snapshots.write(after);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the snapshot of user " + userId, e);
        }
        if (snapshot == null) {
            snapshot = new SnapshotEntity();
            kept.put(userId, snapshot);
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
        kept.put(userId, snapshot);
    }
}
