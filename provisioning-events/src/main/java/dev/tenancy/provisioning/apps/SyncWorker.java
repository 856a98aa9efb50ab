package dev.tenancy.provisioning.apps;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

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
final class SyncWorker implements Runnable {

    static final String QUEUED = "QUEUED";
    static final String RUNNING = "RUNNING";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";
    static final String LOCAL = "LOCAL";
    static final String REMOTE = "REMOTE";
    static final int MAX_PLAN = 1000;

    private static final Logger LOG = Logger.getLogger(SyncWorker.class);

    private final KeycloakSessionFactory factory;
    private final AppsConfig config;
    private final String node = "sync-" + UUID.randomUUID().toString().substring(0, 8);
    private final Object signal = new Object();
    private volatile boolean running = true;
    private boolean woken;

    SyncWorker(KeycloakSessionFactory factory, AppsConfig config) {
        this.factory = factory;
        this.config = config;
    }

    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    void stop() {
        running = false;
        wake();
    }

    @Override
    public void run() {
        while (running) {
            try {
                String runId = claim();
                if (runId == null) {
                    pause(config.syncPollInterval().toMillis());
                    continue;
                }
                while (running && page(runId)) {
                    // one page per transaction, lease renewed each time
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Reconciliation round failed");
                pause(Math.max(1_000, config.syncPollInterval().toMillis()));
            }
        }
    }

    private void pause(long millis) {
        synchronized (signal) {
            if (!woken && running) {
                try {
                    signal.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
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
                    List<String> ids = candidates(session, realm, app, run.getCursor(), config.syncPageSize());
                    for (String id : ids) {
                        apply(run, pusher, id, plan);
                    }
                    run.setCursor(run.getCursor() + ids.size());
                    if (ids.size() < config.syncPageSize()) {
                        run.setPhase(REMOTE);
                        run.setCursor(1);
                    }
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
                    int total = page.path("totalResults").asInt(0);
                    if (resources.isEmpty() || run.getCursor() > total) {
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

    private void apply(RunEntity run, Pusher pusher, String userId, PlanWriter plan) {
        try {
            Pusher.Action a = pusher.push(userId, true, plan);
            switch (a) {
                case CREATE -> run.setToCreate(run.getToCreate() + 1);
                case UPDATE -> run.setToUpdate(run.getToUpdate() + 1);
                case DEACTIVATE -> run.setToDeactivate(run.getToDeactivate() + 1);
                default -> { }
            }
            if (plan == null && a != Pusher.Action.NONE) {
                run.setDone(run.getDone() + 1);
            }
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

    /** One page of local candidates, in a stable order. */
    static List<String> candidates(KeycloakSession session, RealmModel realm, AppEntity app, int first, int max) {
        Stream<UserModel> users;
        if (app.getOrganizationId() != null) {
            OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
            OrganizationModel org = orgs == null ? null : orgs.getById(app.getOrganizationId());
            if (org == null) {
                return List.of();
            }
            users = orgs.getMembersStream(org, Map.of(), Boolean.FALSE, first, max);
        } else {
            users = session.users().searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"), first, max);
        }
        try (users) {
            return users.map(UserModel::getId).toList();
        }
    }

    private static boolean isCandidate(KeycloakSession session, RealmModel realm, AppEntity app, String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return false;
        }
        if (app.getOrganizationId() == null) {
            return user.getServiceAccountClientLink() == null;
        }
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        OrganizationModel org = orgs.getById(app.getOrganizationId());
        return org != null && orgs.isMember(org, user);
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

        void save() {
            run.setPlan(entries.toString());
        }
    }
}
