package dev.tenancy.provisioning.apps;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.provisioning.apps.store.RateEntity;

/**
 * At most {@code maxRequestsPerSecond} requests per app, cluster-wide. Two layers:
 * <ul>
 * <li>on this node, each request takes the next free slot, 1/rate seconds after the previous one
 *     (no bursts from one node);</li>
 * <li>across nodes, the app's budget of the current one-second window lives in one database row
 *     ({@code TNC_PA_RATE}); a node takes a share of it — a tenth of the limit, at least one request —
 *     in a short transaction of its own under a row lock, spends it locally, and takes more when it
 *     is used up. When the window's budget is gone, the node waits for the next window.</li>
 * </ul>
 * So N nodes together send at most the limit in any window (windows follow the nodes' clocks, which
 * are assumed to be NTP-synchronised; a node whose clock runs ahead joins the later window instead of
 * resetting it), and a single node costs one small transaction per {@code limit/10} requests.
 * A share not spent when its window ends is dropped (the limit errs on the low side). 0 is no limit.
 */
final class RateLimiter {

    static final long WINDOW_MILLIS = 1_000;

    private final ConcurrentHashMap<String, long[]> next = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Share> shares = new ConcurrentHashMap<>();
    private volatile KeycloakSessionFactory factory;

    /** From then on the budget is shared through the database (without it, per node only: unit tests). */
    void cluster(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    void acquire(String appId, int perSecond) {
        if (perSecond <= 0) {
            return;
        }
        space(appId, perSecond);
        KeycloakSessionFactory f = factory;
        if (f != null) {
            shared(f, appId, perSecond);
        }
    }

    private void space(String appId, int perSecond) {
        long interval = 1_000_000_000L / perSecond;
        long[] slot = next.computeIfAbsent(appId, k -> new long[1]);
        long wait;
        synchronized (slot) {
            long now = System.nanoTime();
            long at = Math.max(now, slot[0]);
            slot[0] = at + interval;
            wait = at - now;
        }
        sleepNanos(wait);
    }

    private static final class Share {
        long window = -1;
        int left;
    }

    private void shared(KeycloakSessionFactory f, String appId, int limit) {
        Share share = shares.computeIfAbsent(appId, k -> new Share());
        synchronized (share) { // the app's other threads on this node wait here, as they would for the budget
            while (true) {
                long now = System.currentTimeMillis();
                long window = now - now % WINDOW_MILLIS;
                if (share.window >= window && share.left > 0) {
                    share.left--;
                    return;
                }
                long[] got = take(f, appId, window, Math.max(1, limit / 10), limit);
                if (got[1] > 0) {
                    share.window = got[0];
                    share.left = (int) got[1] - 1;
                    return;
                }
                sleepNanos((got[0] + WINDOW_MILLIS - System.currentTimeMillis()) * 1_000_000L + 1_000_000L);
            }
        }
    }

    /** Takes up to {@code want} requests of the window's budget; {window, granted}. */
    static long[] take(KeycloakSessionFactory f, String appId, long window, int want, int limit) {
        long[] out = {window, 0};
        for (int attempt = 0; ; attempt++) {
            try {
                KeycloakModelUtils.runJobInTransaction(f, session -> {
                    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                    RateEntity r = em.find(RateEntity.class, appId, LockModeType.PESSIMISTIC_WRITE);
                    if (r == null) {
                        r = new RateEntity();
                        r.setAppId(appId);
                        r.setWindowStart(window);
                        r.setUsed(0);
                        em.persist(r);
                        em.flush(); // two nodes inserting at once: one fails here and tries again
                    }
                    if (r.getWindowStart() < window) {
                        r.setWindowStart(window);
                        r.setUsed(0);
                    }
                    int granted = Math.max(0, Math.min(want, limit - r.getUsed()));
                    r.setUsed(r.getUsed() + granted);
                    out[0] = r.getWindowStart();
                    out[1] = granted;
                });
                return out;
            } catch (RuntimeException e) {
                if (attempt >= 2) {
                    throw e;
                }
            }
        }
    }

    private static void sleepNanos(long wait) {
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
