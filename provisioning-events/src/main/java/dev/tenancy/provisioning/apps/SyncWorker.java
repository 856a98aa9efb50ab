package dev.tenancy.provisioning.apps;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.provisioning.apps.store.AppEntity;
import dev.tenancy.provisioning.apps.store.LinkEntity;
import dev.tenancy.provisioning.apps.store.RunEntity;

/**
 * Runs reconciliations, one page per transaction. Phase {@code LOCAL} walks the app's local
 * candidates (the organization's members, or the realm's users) page by page and brings each into
 * agreement with what the app holds; phase {@code REMOTE} pages through the app's users and
 * deactivates (or deletes) those this app created whose user is no longer a candidate. The phase,
 * cursor and counts are saved with every page under a lease renewed every page, so a run resumes
 * where it stopped after a restart and only one node works on it.
 */
final class SyncWorker extends PollingLoop {

    static final String QUEUED = "QUEUED";
    static final String RUNNING = "RUNNING";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";
    static final String LOCAL = "LOCAL";
    static final String GROUPS = "GROUPS";
    static final String GROUP_LINKS = "GROUP_LINKS";
    static final String REMOTE = "REMOTE";
    static final int MAX_PLAN = 1000;

    private static final Logger LOG = Logger.getLogger(SyncWorker.class);

    private final KeycloakSessionFactory factory;
    private final AppsConfig config;
    private final String node = "sync-" + UUID.randomUUID().toString().substring(0, 8);

    SyncWorker(KeycloakSessionFactory factory, AppsConfig config) {
        super("Reconciliation round", config.syncPollInterval().toMillis());
        this.factory = factory;
        this.config = config;
    }

    @Override
    boolean work() {
        String runId = claim();
        if (runId == null) {
            return false;
        }
        while (running() && page(runId)) {
            // one page per transaction, lease renewed each time
        }
        return true;
    }

    private String claim() {
        String[] won = {null};
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = em(session);
            long now = System.currentTimeMillis();
            for (String id : em.createNamedQuery("tncPaDueRunIds", String.class).setParameter("now", now).setMaxResults(5).getResultList()) {
                int n = em.createNamedQuery("tncPaClaimRun").setParameter("owner", node).setParameter("until", now + config.lease().toMillis())
                        .setParameter("id", id).setParameter("now", now).executeUpdate();
                if (n == 1) {
                    won[0] = id;
                    return;
                }
            }
        });
        return won[0];
    }

    /** Works on one page; false when the run is finished or no longer ours. */
    private boolean page(String runId) {
        boolean[] more = {false};
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = em(session);
            RunEntity run = em.find(RunEntity.class, runId);
            long now = System.currentTimeMillis();
            if (run == null || !node.equals(run.getLeaseOwner()) || !(QUEUED.equals(run.getStatus()) || RUNNING.equals(run.getStatus()))) {
                return;
            }
            AppEntity app = em.find(AppEntity.class, run.getAppId());
            RealmModel realm = app == null ? null : session.realms().getRealm(app.getRealmId());
            if (realm == null) {
                finish(run, FAILED, "app-removed");
                return;
            }
            if (!app.isEnabled() || app.getPausedReason() != null) {
                finish(run, FAILED, app.getPausedReason() != null ? "app-paused" : "app-disabled");
                return;
            }
            session.getContext().setRealm(realm);
            if (QUEUED.equals(run.getStatus())) {
                run.setStatus(RUNNING);
                run.setStartedAt(now);
            }
            run.setLeaseUntil(now + config.lease().toMillis());
            AppSettings settings = AppSettings.read(app.getConfig());
            AppsRuntime runtime = session.getProvider(AppsRuntime.class);
            ScimRemote remote = runtime.remote(session, app, settings);
            Links links = new Links(em, app.getId());
            PlanWriter plan = run.isDryRun() ? new PlanWriter(run) : null;
            try {
                Pusher pusher = new Pusher(session, realm, app, settings, remote, links, runtime.patchSupported(app, remote));
                if (LOCAL.equals(run.getPhase())) {
                    List<String> ids = candidates(em, app, realm, run.getCursorKey(), config.syncPageSize());
                    for (String id : ids) {
                        apply(run, pusher, id, plan);
                    }
                    run.setCursor(run.getCursor() + ids.size());
                    if (!ids.isEmpty()) {
                        run.setCursorKey(ids.get(ids.size() - 1));
                    }
                    if (ids.size() < config.syncPageSize()) {
                        run.setPhase(settings.pushGroups() ? GROUPS : REMOTE);
                        run.setCursor(settings.pushGroups() ? 0 : 1);
                        run.setCursorKey(null);
                    }
                } else if (GROUPS.equals(run.getPhase()) || GROUP_LINKS.equals(run.getPhase())) {
                    groupsPage(em, run, app, realm, settings, pusher, plan);
                } else {
                    JsonNode page = remote.page("Users", run.getCursor(), config.syncPageSize());
                    JsonNode resources = page.path("Resources");
                    for (JsonNode r : resources) {
                        LinkEntity link = links.byRemote(LinkEntity.USER, r.path("id").asText());
                        if (link != null && link.isCreatedByUs() && !isCandidate(session, realm, app, link.getLocalId())) {
                            apply(run, pusher, link.getLocalId(), plan);
                        }
                    }
                    run.setCursor(run.getCursor() + resources.size());
                    // an app may leave out totalResults (or startIndex/itemsPerPage): then a short page is the last
                    boolean last = page.path("totalResults").isNumber() ? run.getCursor() > page.path("totalResults").asInt()
                            : resources.size() < config.syncPageSize();
                    if (resources.isEmpty() || last) {
                        finish(run, DONE, null);
                        if (plan != null) {
                            plan.save();
                        }
                        return;
                    }
                }
                if (plan != null) {
                    plan.save();
                }
                more[0] = true;
            } catch (RemoteFailure f) {
                app.setLastError(f.category());
                app.setLastErrorAt(now);
                if (f.pause()) {
                    app.setPausedReason("The app answered " + f.category() + " during a sync: check its credentials, then save the app again");
                    finish(run, FAILED, f.category());
                } else {
                    // the page is tried again after the lease; counts of this page are not saved
                    throw new RetryLater(f.category());
                }
            }
        });
        return more[0];
    }

    /**
     * One group per page. {@code GROUPS}: the groups in scope ({@code scope.groups} by index, or for a
     * realm-wide app without them the realm's groups by keyset), each brought in line with its local
     * members; {@code GROUP_LINKS}: the groups the app holds a link of, by keyset, so that a deleted
     * group or one out of scope is deleted remotely.
     */
    private void groupsPage(EntityManager em, RunEntity run, AppEntity app, RealmModel realm, AppSettings settings, Pusher pusher,
                            PlanWriter plan) {
        String after = run.getCursorKey() == null ? "" : run.getCursorKey();
        String next;
        if (GROUPS.equals(run.getPhase())) {
            if (!settings.scopeGroups().isEmpty()) {
                next = run.getCursor() < settings.scopeGroups().size() ? settings.scopeGroups().get(run.getCursor()) : null;
                run.setCursor(run.getCursor() + 1);
            } else if (app.getOrganizationId() == null) {
                next = first(em.createQuery("select g.id from GroupEntity g where g.realm = :realmId and g.type = 0 and g.id > :after"
                        + " order by g.id", String.class).setParameter("realmId", realm.getId()).setParameter("after", after));
                run.setCursorKey(next);
            } else {
                next = null; // an organization's app pushes only the groups named in its scope
            }
            if (next == null) {
                run.setPhase(GROUP_LINKS);
                run.setCursor(0);
                run.setCursorKey(null);
                return;
            }
        } else {
            next = first(em.createQuery("select l.localId from TncPaLink l where l.appId = :appId and l.kind = 'GROUP'"
                    + " and l.localId > :after order by l.localId", String.class).setParameter("appId", app.getId()).setParameter("after", after));
            if (next == null) {
                run.setPhase(REMOTE);
                run.setCursor(1);
                run.setCursorKey(null);
                return;
            }
            run.setCursorKey(next);
            org.keycloak.models.GroupModel group = realm.getGroupById(next);
            if (group != null && pusher.groupInScope(group)) {
                return; // reconciled in the GROUPS phase
            }
        }
        try {
            count(run, pusher.reconcileGroup(next, plan), plan);
        } catch (RemoteFailure f) {
            if (f.pause() || f.status() == 429 || f.status() >= 500 || f.status() == 0) {
                throw f;
            }
            run.setFailed(run.getFailed() + 1);
            run.setError(f.category());
        }
    }

    private static String first(jakarta.persistence.TypedQuery<String> q) {
        List<String> one = q.setMaxResults(1).getResultList();
        return one.isEmpty() ? null : one.get(0);
    }

    private static void count(RunEntity run, Pusher.Action a, PlanWriter plan) {
        switch (a) {
            case CREATE -> run.setToCreate(run.getToCreate() + 1);
            case UPDATE -> run.setToUpdate(run.getToUpdate() + 1);
            case DEACTIVATE -> run.setToDeactivate(run.getToDeactivate() + 1);
            default -> { }
        }
        if (plan == null && a != Pusher.Action.NONE) {
            run.setDone(run.getDone() + 1);
        }
    }

    private void apply(RunEntity run, Pusher pusher, String userId, PlanWriter plan) {
        try {
            count(run, pusher.push(userId, true, plan), plan);
        } catch (RemoteFailure f) {
            if (f.pause() || f.status() == 429 || f.status() >= 500 || f.status() == 0) {
                throw f;
            }
            run.setFailed(run.getFailed() + 1);
            run.setError(f.category());
        }
    }

    private static void finish(RunEntity run, String status, String error) {
        run.setStatus(status);
        run.setFinishedAt(System.currentTimeMillis());
        run.setLeaseOwner(null);
        run.setLeaseUntil(null);
        if (error != null) {
            run.setError(error);
        }
    }

    /**
     * One page of local candidates after {@code afterId} (keyset paging in user-id order, so a page
     * costs the same at the end of 100,000 members as at the start): the organization's members (rows
     * of its membership group), or the realm's users without service accounts.
     */
    static List<String> candidates(EntityManager em, AppEntity app, RealmModel realm, String afterId, int max) {
        String after = afterId == null ? "" : afterId;
        if (app.getOrganizationId() != null) {
            List<String> group = em.createQuery("select o.groupId from OrganizationEntity o where o.id = :id and o.realmId = :realmId",
                    String.class).setParameter("id", app.getOrganizationId()).setParameter("realmId", realm.getId()).getResultList();
            if (group.isEmpty()) {
                return List.of();
            }
            return em.createQuery("select m.user.id from UserGroupMembershipEntity m where m.groupId = :groupId and m.user.id > :after"
                    + " order by m.user.id", String.class).setParameter("groupId", group.get(0)).setParameter("after", after)
                    .setMaxResults(max).getResultList();
        }
        return em.createQuery("select u.id from UserEntity u where u.realmId = :realmId and u.serviceAccountClientLink is null"
                + " and u.id > :after order by u.id", String.class).setParameter("realmId", realm.getId()).setParameter("after", after)
                .setMaxResults(max).getResultList();
    }

    private static boolean isCandidate(KeycloakSession session, RealmModel realm, AppEntity app, String userId) {
        if (app.getOrganizationId() != null) {
            return OrgMembership.isMember(session, realm, app.getOrganizationId(), userId);
        }
        UserModel user = Committed.user(session, realm, userId);
        return user != null && user.getServiceAccountClientLink() == null;
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** A transient remote failure: the transaction rolls back and the run is resumed after its lease. */
    static final class RetryLater extends RuntimeException {
        RetryLater(String category) {
            super(category, null, false, false);
        }
    }

    /** The planned changes of a dry run, kept in the run (at most {@value #MAX_PLAN}). */
    static final class PlanWriter implements Pusher.Plan {
        private final RunEntity run;
        private final ArrayNode entries;

        PlanWriter(RunEntity run) {
            this.run = run;
            ArrayNode existing;
            try {
                existing = run.getPlan() == null ? AppSettings.JSON.createArrayNode() : (ArrayNode) AppSettings.JSON.readTree(run.getPlan());
            } catch (IOException | ClassCastException e) {
                existing = AppSettings.JSON.createArrayNode();
            }
            this.entries = existing;
        }

        @Override
        public void planned(Pusher.Action action, String userId, String userName, List<String> attributes) {
            if (action == Pusher.Action.NONE || entries.size() >= MAX_PLAN) {
                return;
            }
            var e = entries.addObject().put("action", action.name()).put("userId", userId).put("userName", userName);
            if (!attributes.isEmpty()) {
                attributes.forEach(e.putArray("attributes")::add);
            }
        }

        @Override
        public void plannedGroup(Pusher.Action action, String groupId, String displayName, List<String> attributes,
                                 int membersToAdd, int membersToRemove) {
            if (action == Pusher.Action.NONE || entries.size() >= MAX_PLAN) {
                return;
            }
            var e = entries.addObject().put("action", switch (action) {
                case DEACTIVATE -> "DELETE_GROUP";
                case CREATE -> "CREATE_GROUP";
                default -> "UPDATE_GROUP";
            })
                    .put("groupId", groupId).put("displayName", displayName);
            if (!attributes.isEmpty()) {
                attributes.forEach(e.putArray("attributes")::add);
            }
            if (membersToAdd > 0 || membersToRemove > 0) {
                e.put("membersToAdd", membersToAdd).put("membersToRemove", membersToRemove);
            }
        }

        void save() {
            run.setPlan(entries.toString());
        }
    }
}
