package dev.tenancy.provisioning.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import jakarta.persistence.EntityManager;

import org.apache.http.impl.client.CloseableHttpClient;
import org.jboss.logging.Logger;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.provisioning.ProvisioningConfig;
import dev.tenancy.provisioning.store.DeliveryEntity;
import dev.tenancy.provisioning.store.EventEntity;
import dev.tenancy.provisioning.store.SubscriptionEntity;

/**
 * Delivers the outbox after commit. Each round claims due deliveries with a lease (a conditional
 * {@code UPDATE}, so that of several nodes sharing the database exactly one wins each row), sends
 * them outside any transaction, and records the outcomes. Only the earliest unfinished delivery per
 * subscription and user is ever due, which keeps each user's events in order per subscription.
 */
public final class Drainer implements Runnable {

    private static final Logger LOG = Logger.getLogger(Drainer.class);
    private static final long CLEANUP_EVERY_MILLIS = 5 * 60_000L;

    private final KeycloakSessionFactory factory;
    private final ProvisioningConfig config;
    private final WebhookSender sender;
    private final ExecutorService senders;
    private final Backoff backoff;
    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final Object signal = new Object();
    private volatile boolean running = true;
    private boolean woken;
    private long lastCleanup;
    private long rounds;

    public Drainer(KeycloakSessionFactory factory, ProvisioningConfig config, WebhookSender sender, ExecutorService senders) {
        this.factory = factory;
        this.config = config;
        this.sender = sender;
        this.senders = senders;
        this.backoff = new Backoff(config.backoffInitial(), config.backoffMax(), new java.util.Random());
    }

    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    public void stop() {
        running = false;
        wake();
    }

    @Override
    public void run() {
        long failures = 0;
        while (running) {
            try {
                int sent = round();
                failures = 0;
                cleanupIfDue();
                if (sent < config.batchSize()) {
                    pause(config.pollInterval().toMillis());
                }
            } catch (RuntimeException e) {
                failures++;
                LOG.warnf(e, "Provisioning drainer round failed (%d in a row)", failures);
                pause(Math.min(30_000, config.pollInterval().toMillis() * (1L << Math.min(failures, 6))));
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

    /** One claim–send–record round; returns how many deliveries it attempted. */
    int round() {
        String token = node + ":" + (++rounds);
        List<Claim> claims = new ArrayList<>();
        CloseableHttpClient[] client = new CloseableHttpClient[1];
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            client[0] = session.getProvider(HttpClientProvider.class).getHttpClient();
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            long now = System.currentTimeMillis();
            List<String> due = em.createNamedQuery("tncPeDueDeliveryIds", String.class)
                    .setParameter("now", now).setMaxResults(config.batchSize()).getResultList();
            if (due.isEmpty()) {
                return;
            }
            // One conditional UPDATE: a row leased meanwhile by another node (or already finished) is skipped.
            em.createNamedQuery("tncPeClaimDeliveries")
                    .setParameter("until", now + leaseMillis(due.size())).setParameter("owner", token)
                    .setParameter("ids", due).setParameter("now", now).executeUpdate();
            em.clear();
            List<Object[]> won = em.createNamedQuery("tncPeClaimedDeliveries", Object[].class)
                    .setParameter("ids", due).setParameter("owner", token).getResultList();
            for (Object[] row : won) {
                DeliveryEntity d = (DeliveryEntity) row[0];
                EventEntity e = (EventEntity) row[1];
                SubscriptionEntity s = (SubscriptionEntity) row[2];
                claims.add(new Claim(d.getId(), s.getId(), s.getUrl(), s.getSecret(), e.getId(), e.getPayload()));
            }
        });
        if (claims.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Result>> futures = claims.stream()
                .map(c -> CompletableFuture.supplyAsync(
                        () -> new Result(c, sender.send(client[0], c.url, c.secret, c.eventId, c.body)), senders))
                .toList();
        List<Result> results = futures.stream().map(CompletableFuture::join).toList();
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            Map<String, DeliveryEntity> byId = new HashMap<>();
            em.createNamedQuery("tncPeDeliveriesByIds", DeliveryEntity.class)
                    .setParameter("ids", results.stream().map(r -> r.claim.deliveryId).toList())
                    .getResultList().forEach(d -> byId.put(d.getId(), d));
            for (Result r : results) {
                record(em, byId.get(r.claim.deliveryId), token, r);
            }
        });
        LOG.debugf("Drainer %s: %d claimed, %d delivered", token, claims.size(),
                results.stream().filter(r -> r.outcome.delivered()).count());
        return claims.size();
    }

    /**
     * The configured lease, or longer when the round cannot finish within it: every claimed request
     * may take the full request timeout, {@code senders} at a time. A lease never expires under a
     * live node, so two nodes never send the same delivery at once.
     */
    long leaseMillis(int claimed) {
        long waves = (claimed + config.senders() - 1) / config.senders();
        return Math.max(config.lease().toMillis(), waves * config.requestTimeout().toMillis() + 10_000);
    }

    private void record(EntityManager em, DeliveryEntity d, String token, Result r) {
        if (d == null || !token.equals(d.getLeaseOwner())) {
            return; // deleted meanwhile, or the lease expired and another node took over
        }
        long now = System.currentTimeMillis();
        WebhookSender.Outcome o = r.outcome;
        d.setAttempts(d.getAttempts() + 1);
        d.setLastAttemptAt(now);
        d.setLastStatusCode(o.status() == 0 ? null : o.status());
        d.setLastError(o.error() == null ? null : truncate(o.error()));
        d.setLeaseOwner(null);
        d.setLeaseUntil(null);
        if (o.delivered()) {
            d.setStatus(DeliveryEntity.DELIVERED);
            d.setDeliveredAt(now);
        } else if (o.gone()) {
            d.setStatus(DeliveryEntity.DEAD);
            SubscriptionEntity s = em.find(SubscriptionEntity.class, r.claim.subscriptionId);
            if (s != null && s.isEnabled()) {
                s.setEnabled(false);
                s.setDisabledReason("410 Gone from the receiver");
                s.setUpdatedAt(now);
                LOG.infof("Webhook subscription %s disabled: the receiver answered 410 Gone", s.getId());
            }
        } else if (d.getAttempts() >= config.maxAttempts()) {
            d.setStatus(DeliveryEntity.DEAD);
            LOG.warnf("Webhook delivery %s of event %s is DEAD after %d attempts: %s", d.getId(), d.getEventId(),
                    d.getAttempts(), o.error());
        } else {
            d.setStatus(DeliveryEntity.FAILED);
            d.setNextAttemptAt(now + backoff.delayMillis(d.getAttempts(), o.retryAfterMillis()));
            LOG.debugf("Webhook delivery %s failed (%s); attempt %d at %d", d.getId(), o.error(), d.getAttempts() + 1,
                    d.getNextAttemptAt());
        }
    }

    private void cleanupIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastCleanup < CLEANUP_EVERY_MILLIS) {
            return;
        }
        lastCleanup = now;
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            int delivered = em.createNamedQuery("tncPeDeleteFinishedDeliveries").setParameter("status", DeliveryEntity.DELIVERED)
                    .setParameter("before", now - config.retention().toMillis()).executeUpdate();
            int dead = em.createNamedQuery("tncPeDeleteFinishedDeliveries").setParameter("status", DeliveryEntity.DEAD)
                    .setParameter("before", now - config.deadRetention().toMillis()).executeUpdate();
            int events = em.createNamedQuery("tncPeDeleteOrphanEvents").setParameter("before", now).executeUpdate();
            if (delivered + dead + events > 0) {
                LOG.debugf("Outbox cleanup: %d delivered, %d dead deliveries, %d events removed", delivered, dead, events);
            }
        });
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private record Claim(String deliveryId, String subscriptionId, String url, String secret, String eventId, String body) {
    }

    private record Result(Claim claim, WebhookSender.Outcome outcome) {
    }
}
