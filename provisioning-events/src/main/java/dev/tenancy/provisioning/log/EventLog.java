package dev.tenancy.provisioning.log;

import java.util.concurrent.Semaphore;

/**
 * This node's side of the event log: the options, a signal that the sequencer raises whenever the
 * log grew (on any node: the sequencer also notices another node's positions), and the bound on
 * waiting readers. A reader waits on the signal with a deadline, never in a loop of queries.
 */
public final class EventLog {

    private final LogConfig config;
    private final Semaphore waiters;
    private final Object monitor = new Object();
    private long generation;
    private Runnable wake = () -> { };

    public EventLog(LogConfig config) {
        this.config = config;
        this.waiters = new Semaphore(Math.max(0, config.maxWaiters()));
    }

    public LogConfig config() {
        return config;
    }

    void onWake(Runnable value) {
        wake = value;
    }

    /** Asks this node's sequencer to run now (events were committed here). */
    public void wakeSequencer() {
        wake.run();
    }

    /** The log grew: wakes every waiting reader. */
    void signal() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    public long generation() {
        synchronized (monitor) {
            return generation;
        }
    }

    /** Waits until the log grows past {@code seen} or {@code millis} pass; false when interrupted. */
    public boolean await(long seen, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (monitor) {
            while (generation == seen) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return true;
                }
                try {
                    monitor.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** A permit to long-poll; false when this node already has {@code events-max-waiters} waiting. */
    public boolean tryWait() {
        return waiters.tryAcquire();
    }

    public void doneWaiting() {
        waiters.release();
    }
}
