package dev.tenancy.provisioning.apps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.provisioning.apps.store.AppEntity;
import dev.tenancy.provisioning.apps.store.WorkEntity;
import dev.tenancy.provisioning.delivery.Backoff;

/**
 * Pushes committed work items. Each round claims due items with a lease (a conditional
 * {@code UPDATE}: of several nodes exactly one wins each row) for apps this node is not already
 * busy with, and hands each app's items, in order, to one worker thread; an app that is slow or
 * failing therefore never holds up another. A failure is retried with backoff (honouring
 * {@code Retry-After}); a 401/403 pauses the app with a reason until its settings are saved again.
 */
final class PushWorker extends PollingLoop {

    private static final Logger LOG = Logger.getLogger(PushWorker.class);

    private final KeycloakSessionFactory factory;
    private final AppsConfig config;
    private final ExecutorService workers;
    private final Backoff backoff;
    private final String node = "apps-" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private long rounds;

    PushWorker(KeycloakSessionFactory factory, AppsConfig config, ExecutorService workers) {
        super("Outbound SCIM round", config.pollInterval().toMillis());
        this.factory = factory;
        this.config = config;
        this.workers = workers;
        this.backoff = new Backoff(config.backoffInitial(), config.backoffMax(), new Random());
    }

    @Override
    boolean work() {
        return round() > 0;
    }

    int round() {
        String token = node + ":" + (++rounds);
        Map<String, List<String>> byApp = new LinkedHashMap<>();
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = em(session);
            long now = System.currentTimeMillis();
            List<Object[]> due = em.createNamedQuery("tncPaDueWorkIds", Object[].class).setParameter("now", now)
                    .setMaxResults(config.batchSize() * 2).getResultList();
            List<String> ids = new ArrayList<>();
            for (Object[] row : due) {
                if (!busy.contains((String) row[1]) && ids.size() < config.batchSize()) {
                    ids.add((String) row[0]);
                }
            }
            if (ids.isEmpty()) {
                return;
            }
            // Lock the rows first, skipping those a changing transaction holds (AppOutbox.add merges its
            // change into a waiting item under that lock): they are claimed in a later round, after that
            // commit, so their push reads the change.
            ids = em.createNamedQuery("tncPaLockWork", WorkEntity.class).setParameter("ids", ids).setParameter("now", now)
                    .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                    .setHint("jakarta.persistence.lock.timeout", AppOutbox.SKIP_LOCKED).getResultStream()
                    .map(WorkEntity::getId).toList();
            if (ids.isEmpty()) {
                return;
            }
            em.createNamedQuery("tncPaClaimWork").setParameter("owner", token)
                    .setParameter("until", now + config.lease().toMillis()).setParameter("ids", ids).setParameter("now", now)
                    .executeUpdate();
            em.clear();
            for (WorkEntity w : em.createNamedQuery("tncPaClaimedWork", WorkEntity.class).setParameter("ids", ids)
                    .setParameter("owner", token).getResultList()) {
                byApp.computeIfAbsent(w.getAppId(), k -> new ArrayList<>()).add(w.getId());
            }
        });
        for (Map.Entry<String, List<String>> e : byApp.entrySet()) {
            dispatch(e.getKey(), e.getValue(), token);
        }
        return byApp.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Pushes one app's claimed items on up to {@code threads-per-app} worker threads. The claim holds
     * at most one item per user (only a user's oldest unfinished item is due), so items run in
     * parallel only across users; one user's items stay in order. The app stays busy (not claimed
     * again by this node) until all its threads are done; a pause stops them all.
     */
    private void dispatch(String appId, List<String> ids, String token) {
        busy.add(appId);
        java.util.concurrent.ConcurrentLinkedQueue<String> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(ids);
        int threads = Math.min(config.threadsPerApp(), ids.size());
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(threads);
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        for (int i = 0; i < threads; i++) {
            workers.execute(() -> {
                try {
                    String id;
                    while (!stopped.get() && (id = queue.poll()) != null) {
                        if (!process(id, token)) {
                            stopped.set(true);
                        }
                    }
                } finally {
                    if (left.decrementAndGet() == 0) {
                        release(ids, token);
                        busy.remove(appId);
                        wake();
                    }
                }
            });
        }
    }

    /** Pushes one item; false when the app's remaining items should wait (paused, disabled, gone). */
    private boolean process(String workId, String token) {
        boolean[] more = {true};
        String[] crashed = {null};
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                EntityManager em = em(session);
                WorkEntity w = em.find(WorkEntity.class, workId);
                if (w == null || !token.equals(w.getLeaseOwner())) {
                    return;
                }
                AppEntity app = em.find(AppEntity.class, w.getAppId());
                if (app == null || !app.isEnabled() || app.getPausedReason() != null) {
                    more[0] = false;
                    return;
                }
                RealmModel realm = session.realms().getRealm(app.getRealmId());
                if (realm == null) {
                    em.remove(w);
                    return;
                }
                session.getContext().setRealm(realm);
                AppSettings settings = AppSettings.read(app.getConfig());
                AppsRuntime runtime = session.getProvider(AppsRuntime.class);
                ScimRemote remote = runtime.remote(session, app, settings);
                try {
                    Pusher pusher = new Pusher(session, realm, app, settings, remote, new Links(em, app.getId()),
                            runtime.patchSupported(app, remote));
                    if (WorkEntity.GROUP.equals(w.getKind())) {
                        pusher.pushGroup(w.getSubjectId(), null);
                    } else {
                        pusher.push(w.getSubjectId(), false, null);
                    }
                    em.remove(w);
                    if (app.getLastError() != null) {
                        app.setLastError(null);
                    }
                } catch (RemoteFailure f) {
                    more[0] = !f.pause();
                    failed(app, w, f.category(), f.retryAfterMillis(), f.pause() ? pauseReason(f) : null);
                }
            });
        } catch (RuntimeException e) {
            crashed[0] = e.getClass().getSimpleName();
            LOG.warnf(e, "Outbound SCIM work item %s failed", workId);
        }
        if (crashed[0] != null) {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                EntityManager em = em(session);
                WorkEntity w = em.find(WorkEntity.class, workId);
                AppEntity app = w == null ? null : em.find(AppEntity.class, w.getAppId());
                if (w != null && app != null && token.equals(w.getLeaseOwner())) {
                    failed(app, w, "internal", null, null);
                }
            });
        }
        return more[0];
    }

    private static String pauseReason(RemoteFailure f) {
        if (f.category().equals("address-policy")) {
            return "The app's address is refused by the outbound address policy";
        }
        return "The app answered " + f.category() + ": check its credentials and permissions, then save the app again";
    }

    private void failed(AppEntity app, WorkEntity w, String category, Long retryAfter, String pauseReason) {
        long now = System.currentTimeMillis();
        app.setLastError(category);
        app.setLastErrorAt(now);
        w.setLeaseOwner(null);
        w.setLeaseUntil(null);
        w.setLastError(category);
        if (pauseReason != null) {
            app.setPausedReason(pauseReason);
            LOG.infof("Connected app %s paused: %s", app.getId(), category);
            return; // the item waits, unchanged, for the app to be fixed
        }
        w.setAttempts(w.getAttempts() + 1);
        if (w.getAttempts() >= config.maxAttempts()) {
            w.setStatus(WorkEntity.DEAD);
            LOG.warnf("Outbound SCIM work for user %s in app %s is DEAD after %d attempts (%s)", w.getSubjectId(),
                    app.getId(), w.getAttempts(), category);
        } else {
            w.setNextAttemptAt(now + backoff.delayMillis(w.getAttempts(), retryAfter));
        }
    }

    /** Items of a round that were not processed (the app paused meanwhile) go back to the pool. */
    private void release(List<String> ids, String token) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> em(session)
                .createQuery("update TncPaWork w set w.leaseOwner = null, w.leaseUntil = null where w.id in :ids and w.leaseOwner = :owner")
                .setParameter("ids", ids).setParameter("owner", token).executeUpdate());
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
