package dev.tenancy.provisioning.apps;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code maxRequestsPerSecond} requests per app from this node: each request takes the next
 * free slot, 1/rate seconds after the previous one, and waits for it. 0 is no limit.
 */
final class RateLimiter {

    private final ConcurrentHashMap<String, long[]> next = new ConcurrentHashMap<>();

    void acquire(String appId, int perSecond) {
        if (perSecond <= 0) {
            return;
        }
        long interval = 1_000_000_000L / perSecond;
        long[] slot = next.computeIfAbsent(appId, k -> new long[1]);
        long wait;
        synchronized (slot) {
            long now = System.nanoTime();
            long at = Math.max(now, slot[0]);
            slot[0] = at + interval;
            wait = at - now;
        }
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
