package dev.tenancy.provisioning.log;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.provisioning.store.EventEntity;
import dev.tenancy.provisioning.store.LogStateEntity;

/**
 * Gives committed events their place in the log, one node at a time.
 *
 * <p>A changing transaction writes its events without a position. This thread (one per node) runs
 * short transactions of its own: under the lock of the single {@code TNC_PE_LOG_STATE} row it takes
 * the events without a position that it can see — only committed ones — numbers them
 * {@code last + 1, last + 2, …} (in write time, then transaction, then order inside the
 * transaction), stores the new last position and commits. Positions are therefore dense and in the
 * order events became visible, so a reader paging by position never skips an event that commits
 * later with an earlier write time, and never sees one twice. The lock serializes every node's
 * sequencer; a reader takes the state row's {@code LAST_POSITION} as its upper bound.
 *
 * <p>It also runs retention: events older than {@code events-retention-days} are removed through the
 * largest such position (except the events a delivery still has to send, which stay, unseen by
 * readers, until their delivery finishes), and {@code PURGED_THROUGH} records it, so a cursor behind
 * it is known to be expired.
 */
public final class Sequencer implements Runnable {

    private static final Logger LOG = Logger.getLogger(Sequencer.class);
    private static final int BATCH = 1000;
    /** After a wake-up, commits arriving within this time share one round (fewer statements per change). */
    private static final long COALESCE_MILLIS = 20;

    private final KeycloakSessionFactory factory;
    private final EventLog log;
    private final Object wake = new Object();
    private volatile boolean running = true;
    private boolean woken;
    private long lastSeen = -1;
    private long lastPurge;

    public Sequencer(KeycloakSessionFactory factory, EventLog log) {
        this.factory = factory;
        this.log = log;
        log.onWake(this::wake);
    }

    public void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    public void stop() {
        running = false;
        wake();
    }

    @Override
    public void run() {
        boolean wokenUp = false;
        while (running) {
            try {
                if (wokenUp) {
                    Thread.sleep(COALESCE_MILLIS);
                }
                int assigned;
                boolean probe = !wokenUp;
                do {
                    assigned = round(probe);
                    probe = false;
                } while (running && assigned >= BATCH);
                purgeIfDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Event log sequencer round failed; retrying");
            }
            synchronized (wake) {
                if (!woken && running) {
                    try {
                        wake.wait(log.config().sequencerInterval().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                wokenUp = woken;
                woken = false;
            }
        }
    }

    /**
     * One round: number the visible unnumbered events; signal readers when the log grew (here or
     * elsewhere). An idle poll ({@code probe}) first looks without the lock, so a quiet log costs no lock.
     */
    int round(boolean probe) {
        int[] assigned = {0};
        long[] last = {0};
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            if (probe && em.createQuery("select e.id from TncPeEvent e where e.position is null", String.class)
                    .setMaxResults(1).getResultList().isEmpty()) {
                last[0] = ((Number) em.createQuery("select s.lastPosition from TncPeLogState s where s.id = :id")
                        .setParameter("id", LogStateEntity.ID).getSingleResult()).longValue();
                return;
            }
            LogStateEntity state = em.find(LogStateEntity.class, LogStateEntity.ID, LockModeType.PESSIMISTIC_WRITE);
            // Under the lock, a fresh statement sees every event committed so far (including by another node).
            List<EventEntity> batch = em.createNamedQuery("tncPeUnsequencedEvents", EventEntity.class)
                    .setMaxResults(BATCH).getResultList();
            long position = state.getLastPosition();
            for (EventEntity e : batch) {
                e.setPosition(++position);
            }
            state.setLastPosition(position);
            assigned[0] = batch.size();
            last[0] = position;
        });
        if (last[0] != lastSeen) {
            lastSeen = last[0];
            log.signal();
        }
        return assigned[0];
    }

    private void purgeIfDue() {
        long now = System.currentTimeMillis();
        if (now - lastPurge < log.config().purgeInterval().toMillis()) {
            return;
        }
        lastPurge = now;
        purge(now - log.config().retention().toMillis());
    }

    /**
     * Removes the events written before {@code before} and moves {@code PURGED_THROUGH}. An event a
     * delivery still has to send stays until a later run finds its delivery finished.
     */
    void purge(long before) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            Long max = em.createNamedQuery("tncPeMaxPositionBefore", Long.class).setParameter("before", before).getSingleResult();
            LogStateEntity state = em.find(LogStateEntity.class, LogStateEntity.ID, LockModeType.PESSIMISTIC_WRITE);
            long through = Math.max(max == null ? 0 : max, state.getPurgedThrough());
            if (through == 0) {
                return;
            }
            // Finished deliveries stay for their own retention (retention-hours, dead-retention-hours).
            int events = em.createNamedQuery("tncPeDeleteEventsThrough").setParameter("position", through).executeUpdate();
            state.setPurgedThrough(through);
            if (events > 0) {
                LOG.debugf("Event log retention: %d events through position %d removed", events, through);
            }
        });
    }
}
