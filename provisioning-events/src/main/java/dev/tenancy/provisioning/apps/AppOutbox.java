package dev.tenancy.provisioning.apps;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.provisioning.apps.store.AppEntity;
import dev.tenancy.provisioning.apps.store.LinkEntity;
import dev.tenancy.provisioning.apps.store.WorkEntity;

/**
 * The capture path's one call into outbound SCIM: in the transaction of a change, a work item per
 * touched user and connected app that may concern them (a realm-wide app; the app of an
 * organization the user belongs to or was linked in). A user who already has an item waiting
 * (unclaimed, locked by this transaction until it commits) gets no second one: the pusher reads the
 * state current when it runs, which is then this transaction's.
 */
public final class AppOutbox {

    private static final AtomicLong COUNTER = new AtomicLong();

    private AppOutbox() {
    }

    public static void enqueue(KeycloakSession session, RealmModel realm, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<AppEntity> apps = em.createNamedQuery("tncPaEnabledAppsByRealm", AppEntity.class)
                .setParameter("realmId", realm.getId()).getResultList();
        if (apps.isEmpty()) {
            return;
        }
        int written = 0;
        for (String userId : userIds) {
            for (AppEntity app : apps) {
                if (app.getOrganizationId() != null && !concerns(session, realm, em, app, userId)) {
                    continue;
                }
                add(em, app, realm.getId(), userId, WorkEntity.USER);
                written++; // written or merged: either way a push is due
            }
        }
        if (written > 0) {
            // The capture path runs in the commit's prepare phase, too late to enlist an after-completion
            // action; the session closes after the commit, so waking then finds the committed items.
            AppsRuntime runtime = session.getProvider(AppsRuntime.class);
            session.enlistForClose(runtime::wakePusher);
        }
    }

    private static boolean concerns(KeycloakSession session, RealmModel realm, EntityManager em, AppEntity app, String userId) {
        // A membership row, not OrganizationProvider.isMember: that one also filters by the caller's
        // fine-grained admin permissions, and the capture path runs in the caller's request.
        if (OrgMembership.isMember(session, realm, app.getOrganizationId(), userId)) {
            return true;
        }
        return !em.createNamedQuery("tncPaLink", LinkEntity.class).setParameter("appId", app.getId())
                .setParameter("kind", LinkEntity.USER).setParameter("localId", userId).setMaxResults(1).getResultList().isEmpty();
    }

    /**
     * Group changes of the transaction (renamed, moved, deleted): a work item of kind GROUP for each
     * enabled app that has pushed the group (holds a link of it). Memberships are not here: they
     * touch the member, whose push brings them.
     */
    public static void enqueueGroups(KeycloakSession session, RealmModel realm, Collection<String> groupIds) {
        if (groupIds.isEmpty()) {
            return;
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<AppEntity> apps = em.createNamedQuery("tncPaEnabledAppsByRealm", AppEntity.class)
                .setParameter("realmId", realm.getId()).getResultList();
        int written = 0;
        for (AppEntity app : apps) {
            written += groupWork(em, app, groupIds);
        }
        if (written > 0) {
            AppsRuntime runtime = session.getProvider(AppsRuntime.class);
            session.enlistForClose(runtime::wakePusher);
        }
    }

    /** GROUP work for those of the groups the app has pushed (for a scope that no longer names them); the number written. */
    public static int groupWork(EntityManager em, AppEntity app, Collection<String> groupIds) {
        int written = 0;
        for (String groupId : groupIds) {
            boolean linked = !em.createNamedQuery("tncPaLink", LinkEntity.class).setParameter("appId", app.getId())
                    .setParameter("kind", LinkEntity.GROUP).setParameter("localId", groupId).setMaxResults(1).getResultList().isEmpty();
            if (linked) {
                add(em, app, app.getRealmId(), groupId, WorkEntity.GROUP);
                written++; // written or merged: either way a push is due
            }
        }
        return written;
    }

    /** Hibernate's lock timeout for {@code SKIP LOCKED} (PostgreSQL, and H2 from 2.2.220; a dialect without it waits for the lock). */
    static final int SKIP_LOCKED = -2;

    /**
     * Adds a work item (a user's or a group's) unless one is already waiting: the item written, or null
     * when a waiting one now covers this change (either way a push is due). The waiting item is locked
     * ({@code FOR UPDATE SKIP LOCKED}) until this transaction ends, so a pusher cannot claim it and push
     * the state from before this change: the claim locks the rows it takes the same way, skipping
     * locked ones until the next round. A waiting item that is locked is being claimed right now: its
     * push may read the state before this change, so a new item is written behind it.
     */
    static WorkEntity add(EntityManager em, AppEntity app, String realmId, String userId, String kind) {
        boolean waiting = !em.createNamedQuery("tncPaWaitingWork", WorkEntity.class).setParameter("appId", app.getId())
                .setParameter("subjectId", userId).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED).setMaxResults(1).getResultList().isEmpty();
        if (waiting) {
            return null;
        }
        long now = System.currentTimeMillis();
        WorkEntity w = new WorkEntity();
        w.setId(KeycloakModelUtils.generateId());
        w.setAppId(app.getId());
        w.setRealmId(realmId);
        w.setKind(kind);
        w.setSubjectId(userId);
        w.setStatus(WorkEntity.PENDING);
        w.setNextAttemptAt(now);
        w.setCreatedAt(now);
        w.setSequence(now * 1000 + COUNTER.incrementAndGet() % 1000);
        em.persist(w);
        return w;
    }

    private static final int SCOPE_PAGE = 500;

    /**
     * A change of an app's scope (its groups, its organization): a work item for every user who may
     * now be in scope (members of the new scope's groups and their subgroups; without groups, the
     * organization's members or the realm's users) and for every user linked so far (who may have
     * left it). Read in keyset pages of user ids; each page's items are flushed and detached, so
     * only one page is held. The pusher decides per user: joiner, leaver or nothing. Users of a
     * federation provider that does not import them are not listed (as in a sync).
     */
    public static int enqueueScope(KeycloakSession session, RealmModel realm, AppEntity app, AppSettings settings) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<String> groupIds = new java.util.ArrayList<>();
        for (String g : settings.scopeGroups()) {
            org.keycloak.models.GroupModel group = realm.getGroupById(g);
            if (group != null) {
                groupIds.addAll(Pusher.withSubgroups(group));
            }
        }
        int written = 0;
        for (int source = 0; source < 2; source++) {
            String after = "";
            while (true) {
                List<String> page;
                if (source == 1) {
                    page = em.createQuery("select l.localId from TncPaLink l where l.appId = :appId and l.kind = :kind"
                            + " and l.localId > :after order by l.localId", String.class).setParameter("appId", app.getId())
                            .setParameter("kind", LinkEntity.USER).setParameter("after", after).setMaxResults(SCOPE_PAGE).getResultList();
                } else if (!settings.scopeGroups().isEmpty()) {
                    page = groupIds.isEmpty() ? List.of() : Pusher.membersPage(em, groupIds, after, SCOPE_PAGE);
                } else {
                    page = SyncWorker.candidates(em, app, realm, after, SCOPE_PAGE);
                }
                List<WorkEntity> made = new java.util.ArrayList<>();
                for (String userId : page) {
                    WorkEntity w = add(em, app, realm.getId(), userId, WorkEntity.USER);
                    if (w != null) {
                        made.add(w);
                    }
                }
                written += made.size();
                em.flush();
                made.forEach(em::detach);
                if (page.size() < SCOPE_PAGE) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
        }
        return written;
    }
}
