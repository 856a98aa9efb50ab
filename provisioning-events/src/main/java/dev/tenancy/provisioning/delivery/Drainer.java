package dev.tenancy.provisioning.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.orgs.metrics.TenancyMetrics;
import dev.tenancy.provisioning.ProvisioningConfig;
import dev.tenancy.provisioning.store.DeliveryEntity;
import dev.tenancy.provisioning.store.EventEntity;
import dev.tenancy.provisioning.store.SubscriptionEntity;

/**
 * Delivers the outbox after commit, without ever waiting on one receiver. Each turn of the loop
 * records the attempts that finished since the last turn (one transaction), then claims due
 * deliveries with a lease (a conditional {@code UPDATE}, so that of several nodes sharing the
 * database exactly one wins each row) and hands them to their sinks, which answer asynchronously.
 * Only the earliest unfinished delivery per subscription and user is ever due, which keeps each
 * user's events in order per subscription; a subscription never has more than
 * {@code max-in-flight-per-subscription} attempts in flight on a node, and one whose attempts keep
 * failing is left alone by its {@link Gate circuit breaker} while everyone else is served.
 */
public final class Drainer implements Runnable {

    private static final Logger LOG = Logger.getLogger(Drainer.class);
    private static final long CLEANUP_EVERY_MILLIS = 5 * 60_000L;

    private final KeycloakSessionFactory factory;
    private final ProvisioningConfig config;
    private final DeliveryOptions options;
    private final Sinks sinks;
    private final TenancyMetrics metrics;
    private final Backoff backoff;
    private final Gate gate;
    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final Object signal = new Object();
    private final ConcurrentLinkedQueue<Result> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger webhooksInFlight = new AtomicInteger();
    private volatile boolean running = true;
    private boolean woken;
    private long lastCleanup;
    private long lastMetrics;
    private long rounds;

    public Drainer(KeycloakSessionFactory factory, ProvisioningConfig config, DeliveryOptions options, Sinks sinks,
                   TenancyMetrics metrics) {
        this.factory = factory;
        this.config = config;
        this.options = options;
        this.sinks = sinks;
        this.metrics = metrics;
        this.backoff = new Backoff(config.backoffInitial(), config.backoffMax(), new java.util.Random());
        this.gate = new Gate(options.maxInFlightPerSubscription(), options.breakerFailures(), options.breakerOpen(),
                options.breakerMaxOpen(), System::currentTimeMillis);
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

    /** Whether this node's circuit breaker for the subscription is open (or half-open). */
    public boolean breakerOpen(String subscriptionId) {
        return gate.open(subscriptionId);
    }

    @Override
    public void run() {
        long failures = 0;
        while (running) {
            try {
                int recorded = recordFinished();
                int started = claim();
                failures = 0;
                cleanupIfDue();
                refreshGaugesIfDue();
                if (recorded == 0 && started < config.batchSize()) {
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

    /** Claims what may start now and hands it to the sinks; returns how many attempts it started. */
    int claim() {
        int webhookRoom = sinks.webhookCapacity() - webhooksInFlight.get();
        Set<String> blocked = gate.blocked();
        String token = node + ":" + (++rounds);
        List<Claim> claims = new ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            long now = System.currentTimeMillis();
            List<Object[]> due = em.createQuery(dueQuery(webhookRoom > 0), Object[].class)
                    .setParameter("now", now)
                    .setParameter("blocked", blocked.isEmpty() ? List.of("-") : List.copyOf(blocked))
                    .setMaxResults(config.batchSize() * 2).getResultList();
            List<String> chosen = choose(due, webhookRoom);
            if (chosen.isEmpty()) {
                return;
            }
            // One conditional UPDATE: a row leased meanwhile by another node (or already finished) is skipped.
            em.createNamedQuery("tncPeClaimDeliveries")
                    .setParameter("until", now + leaseMillis()).setParameter("owner", token)
                    .setParameter("ids", chosen).setParameter("now", now).executeUpdate();
            em.clear();
            List<Object[]> won = em.createNamedQuery("tncPeClaimedDeliveries", Object[].class)
                    .setParameter("ids", chosen).setParameter("owner", token).getResultList();
            for (Object[] row : won) {
                DeliveryEntity d = (DeliveryEntity) row[0];
                EventEntity e = (EventEntity) row[1];
                SubscriptionEntity s = (SubscriptionEntity) row[2];
                claims.add(new Claim(d.getId(), token, s.getType(), e.getCreatedAt(), new Message(s.getId(), s.getUrl(),
                        s.getSecret(), s.getTarget(), e.getId(), e.getType(), d.getUserId(), e.getPayload())));
            }
        });
        for (Claim c : claims) {
            start(c);
        }
        return claims.size();
    }

    /** Due heads, oldest first, of subscriptions that may start something (webhooks only when a sender thread is free). */
    static String dueQuery(boolean webhooks) {
        return "select d.id, d.subscriptionId, s.type from TncPeDelivery d, TncPeSubscription s"
                + " where s.id = d.subscriptionId and s.enabled = true"
                + (webhooks ? "" : " and s.type <> 'webhook'")
                + " and d.subscriptionId not in :blocked"
                + " and d.status in ('PENDING', 'FAILED') and d.nextAttemptAt <= :now"
                + " and (d.leaseUntil is null or d.leaseUntil < :now)"
                + " and not exists (select p.id from TncPeDelivery p where p.subscriptionId = d.subscriptionId"
                + "   and p.userId = d.userId and p.status in ('PENDING', 'FAILED') and p.sequence < d.sequence)"
                + " order by d.nextAttemptAt, d.sequence";
    }

    /** At most each subscription's free slots, at most the free sender threads for webhooks, at most a batch. */
    List<String> choose(List<Object[]> due, int webhookRoom) {
        Map<String, Integer> room = new HashMap<>();
        List<String> chosen = new ArrayList<>();
        int webhooks = 0;
        for (Object[] row : due) {
            if (chosen.size() >= config.batchSize()) {
                break;
            }
            String subscription = (String) row[1];
            boolean webhook = WebhookSink.TYPE.equals(row[2]);
            if (webhook && webhooks >= webhookRoom) {
                continue;
            }
            int left = room.computeIfAbsent(subscription, gate::slots);
            if (left <= 0) {
                continue;
            }
            room.put(subscription, left - 1);
            chosen.add((String) row[0]);
            if (webhook) {
                webhooks++;
            }
        }
        return chosen;
    }

    private void start(Claim c) {
        gate.started(c.message.subscriptionId());
        boolean webhook = WebhookSink.TYPE.equals(c.type);
        if (webhook) {
            webhooksInFlight.incrementAndGet();
        }
        Sink sink = sinks.get(c.type).orElse(null);
        var attempt = sink == null
                ? java.util.concurrent.CompletableFuture.completedFuture(Attempt.failed("sink-not-configured", 0))
                : sink.send(c.message);
        attempt.whenComplete((a, e) -> {
            if (webhook) {
                webhooksInFlight.decrementAndGet();
            }
            finished.add(new Result(c, a != null ? a : Attempt.failed("internal", 0)));
            wake();
        });
    }

    /** A lease outlives any attempt, so two nodes never send the same delivery at once. */
    long leaseMillis() {
        long longest = config.requestTimeout().toMillis();
        if (options.kafka() != null) {
            longest = Math.max(longest, options.kafka().sendTimeout().toMillis());
        }
        if (options.nats() != null) {
            longest = Math.max(longest, options.nats().publishTimeout().toMillis());
        }
        return Math.max(config.lease().toMillis(), longest + 10_000);
    }

    /** Records the attempts that finished, in one transaction; returns how many. */
    int recordFinished() {
        List<Result> results = new ArrayList<>();
        for (Result r; (r = finished.poll()) != null; ) {
            results.add(r);
        }
        if (results.isEmpty()) {
            return 0;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                Map<String, DeliveryEntity> byId = new HashMap<>();
                em.createNamedQuery("tncPeDeliveriesByIds", DeliveryEntity.class)
                        .setParameter("ids", results.stream().map(r -> r.claim.deliveryId).toList())
                        .getResultList().forEach(d -> byId.put(d.getId(), d));
                Map<String, SubscriptionEntity> subscriptions = new HashMap<>();
                for (Result r : results) {
                    SubscriptionEntity s = subscriptions.computeIfAbsent(r.claim.message.subscriptionId(),
                            id -> em.find(SubscriptionEntity.class, id));
                    record(byId.get(r.claim.deliveryId), s, r);
                }
            });
        } finally {
            Set<String> opened = new HashSet<>();
            for (Result r : results) {
                if (gate.finished(r.claim.message.subscriptionId(), r.attempt.delivered())) {
                    opened.add(r.claim.message.subscriptionId());
                }
            }
            opened.forEach(id -> LOG.infof("Provisioning subscription %s: circuit breaker open after repeated failures", id));
        }
        return results.size();
    }

    private void record(DeliveryEntity d, SubscriptionEntity s, Result r) {
        if (d == null || !r.claim.token.equals(d.getLeaseOwner())) {
            return; // deleted meanwhile, or the lease expired and another node took over
        }
        long now = System.currentTimeMillis();
        Attempt a = r.attempt;
        String type = r.claim.type;
        d.setAttempts(d.getAttempts() + 1);
        d.setLastAttemptAt(now);
        d.setLastStatusCode(a.statusCode());
        d.setLastError(a.error() == null ? null : truncate(a.error(), 1000));
        d.setLeaseOwner(null);
        d.setLeaseUntil(null);
        if (s != null) {
            if (a.delivered()) {
                s.setLastSuccessAt(now);
            } else {
                s.setLastErrorAt(now);
                s.setLastError(a.error() == null ? null : truncate(a.error(), 255));
            }
        }
        if (a.delivered()) {
            d.setStatus(DeliveryEntity.DELIVERED);
            d.setDeliveredAt(now);
            metrics.deliveryLag(type, now - r.claim.eventCreatedAt);
            return;
        }
        metrics.deliveryFailed(type);
        if (a.gone()) {
            d.setStatus(DeliveryEntity.DEAD);
            metrics.deliveryDead(type);
            if (s != null && s.isEnabled()) {
                s.setEnabled(false);
                s.setDisabledReason("410 Gone from the receiver");
                s.setUpdatedAt(now);
                LOG.infof("Webhook subscription %s disabled: the receiver answered 410 Gone", s.getId());
            }
        } else if (d.getAttempts() >= config.maxAttempts()) {
            d.setStatus(DeliveryEntity.DEAD);
            metrics.deliveryDead(type);
            LOG.warnf("Provisioning delivery %s of event %s (%s) is DEAD after %d attempts: %s", d.getId(),
                    d.getEventId(), type, d.getAttempts(), a.error());
        } else {
            d.setStatus(DeliveryEntity.FAILED);
            d.setNextAttemptAt(now + backoff.delayMillis(d.getAttempts(), a.retryAfterMillis()));
            LOG.debugf("Provisioning delivery %s failed (%s); attempt %d at %d", d.getId(), a.error(), d.getAttempts() + 1,
                    d.getNextAttemptAt());
        }
    }

    private void refreshGaugesIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastMetrics < options.metricsInterval().toMillis()) {
            return;
        }
        lastMetrics = now;
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            Map<String, long[]> byType = new HashMap<>();
            for (String t : Sinks.TYPES) {
                byType.put(t, new long[] {0, 0});
            }
            for (Object[] row : em.createQuery("select s.type, count(d), min(d.createdAt) from TncPeDelivery d,"
                    + " TncPeSubscription s where s.id = d.subscriptionId and d.status in ('PENDING', 'FAILED')"
                    + " group by s.type", Object[].class).getResultList()) {
                long oldest = row[2] == null ? now : ((Number) row[2]).longValue();
                byType.put((String) row[0], new long[] {((Number) row[1]).longValue(), Math.max(0, now - oldest)});
            }
            Map<String, Long> disabled = new HashMap<>();
            for (String t : Sinks.TYPES) {
                disabled.put(t, 0L);
            }
            for (Object[] row : em.createQuery("select s.type, count(s) from TncPeSubscription s where s.enabled = false"
                    + " group by s.type", Object[].class).getResultList()) {
                disabled.put((String) row[0], ((Number) row[1]).longValue());
            }
            byType.forEach((t, v) -> metrics.outbox(t, v[0], v[1] / 1000.0, disabled.getOrDefault(t, 0L)));
        });
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
            // Events stay for the event log's retention (the sequencer removes them), not only while a delivery refers to them.
            if (delivered + dead > 0) {
                LOG.debugf("Outbox cleanup: %d delivered, %d dead deliveries removed", delivered, dead);
            }
        });
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private record Claim(String deliveryId, String token, String type, long eventCreatedAt, Message message) {
    }

    private record Result(Claim claim, Attempt attempt) {
    }
}
