package dev.tenancy.orgs.auth;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the concurrent Argon2id verifications of a node (each costs tens of milliseconds of CPU and
 * 19 MiB). A request that finds every slot taken waits at most {@code waitMillis}, then fails fast
 * instead of queueing; valid requests that hit the verification cache never come here.
 */
public final class VerificationGate {

    private final Semaphore slots;
    private final long waitMillis;

    public VerificationGate(int maxConcurrent, long waitMillis) {
        this.slots = new Semaphore(Math.max(1, maxConcurrent));
        this.waitMillis = Math.max(0, waitMillis);
    }

    /** Whether a slot was taken; the caller then must {@link #release()} it. */
    public boolean acquire() {
        try {
            return slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void release() {
        slots.release();
    }

    int available() {
        return slots.availablePermits();
    }
}
