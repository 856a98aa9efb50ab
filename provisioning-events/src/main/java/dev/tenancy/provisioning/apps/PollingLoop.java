package dev.tenancy.provisioning.apps;

import org.jboss.logging.Logger;

/**
 * The loop of a background worker of this node: {@link #work()} until it finds nothing to do, then
 * waits for the poll interval or a {@link #wake()}; a failed round is logged and waited out (at
 * least a second), never fatal.
 */
abstract class PollingLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(PollingLoop.class);

    private final Object signal = new Object();
    private final String what;
    private final long idleMillis;
    private volatile boolean running = true;
    private boolean woken;

    PollingLoop(String what, long idleMillis) {
        this.what = what;
        this.idleMillis = idleMillis;
    }

    /** One round; false when there was nothing to do (the loop then waits). */
    abstract boolean work();

    final boolean running() {
        return running;
    }

    final void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    final void stop() {
        running = false;
        wake();
    }

    @Override
    public final void run() {
        while (running) {
            try {
                if (!work()) {
                    pause(idleMillis);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s failed", what);
                pause(Math.max(1_000, idleMillis));
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
}
