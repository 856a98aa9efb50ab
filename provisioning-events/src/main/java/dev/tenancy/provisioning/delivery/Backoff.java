package dev.tenancy.provisioning.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Retry delays: exponential from the initial delay, capped, with ±20 % jitter; a receiver's
 * {@code Retry-After} is honoured as a lower bound (still capped).
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The delay before the next attempt after {@code attempts} failed ones (attempts ≥ 1). */
    public long delayMillis(int attempts, Long retryAfterMillis) {
        int exponent = Math.min(Math.max(attempts - 1, 0), 40);
        double base = Math.min((double) max.toMillis(), initial.toMillis() * Math.pow(2, exponent));
        double jittered = base * (0.8 + 0.4 * random.nextDouble());
        long delay = (long) Math.min(jittered, max.toMillis());
        if (retryAfterMillis != null && retryAfterMillis > delay) {
            delay = Math.min(retryAfterMillis, max.toMillis());
        }
        return Math.max(delay, 0);
    }
}
