package dev.tenancy.orgs.setup;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed-window counter per key: at most {@code limit} hits per window. Bounded: when more than
 * {@link #MAX_KEYS} keys are tracked, windows that have ended are dropped; if that is not enough,
 * new keys share one overflow window (so flooding with new keys never resets anyone's limit).
 */
final class RateLimiter {

    static final int MAX_KEYS = 10_000;
    private static final String OVERFLOW = "\u0000overflow";

    private record Window(long start, int count) {
    }

    private final int limit;
    private final long windowMillis;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimiter(int limit, long windowMillis) {
        this.limit = limit;
        this.windowMillis = windowMillis;
    }

    /** Counts a hit; false when the key is over its limit in the current window. */
    boolean tryAcquire(String key, long now) {
        String k = key;
        if (windows.size() > MAX_KEYS && !windows.containsKey(key)) {
            windows.values().removeIf(w -> now - w.start() >= windowMillis);
            if (windows.size() > MAX_KEYS) {
                k = OVERFLOW;
            }
        }
        Window w = windows.compute(k, (ignored, old) -> old == null || now - old.start() >= windowMillis
                ? new Window(now, 1) : new Window(old.start(), old.count() + 1));
        return w.count() <= limit;
    }

    /** Whether the key is already over its limit in the current window (counts nothing). */
    boolean isOver(String key, long now) {
        Window w = windows.get(key);
        return w != null && now - w.start() < windowMillis && w.count() >= limit;
    }

    /** Seconds until the key's window ends (for {@code Retry-After}), at least 1. */
    long retryAfterSeconds(String key, long now) {
        Window w = windows.getOrDefault(key, windows.get(OVERFLOW));
        return w == null ? 1 : Math.max(1, (w.start() + windowMillis - now + 999) / 1000);
    }
}
