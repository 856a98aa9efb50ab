package dev.tenancy.provisioning.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * This node's fairness bookkeeping, per subscription: how many of its deliveries are in flight
 * (never more than {@code perSubscription}), and a circuit breaker that stops claiming for a
 * subscription whose receiver failed {@code threshold} times in a row. An open breaker lets one
 * probe through after its cool-down (half-open); the probe's success closes it, its failure opens
 * it again for twice as long, up to {@code maxOpen}. Thread-safe; one instance per drainer.
 */
final class Gate {

    private final int perSubscription;
    private final int threshold;
    private final Duration initialOpen;
    private final Duration maxOpen;
    private final LongSupplier clock;
    private final Map<String, State> states = new HashMap<>();

    Gate(int perSubscription, int threshold, Duration initialOpen, Duration maxOpen, LongSupplier clock) {
        this.perSubscription = Math.max(1, perSubscription);
        this.threshold = Math.max(1, threshold);
        this.initialOpen = initialOpen;
        this.maxOpen = maxOpen;
        this.clock = clock;
    }

    private static final class State {
        int inFlight;
        int failures;
        long openUntil;
        long openMillis;
    }

    /** How many more deliveries of this subscription may start now (0 while its breaker is open). */
    synchronized int slots(String subscriptionId) {
        State s = states.get(subscriptionId);
        if (s == null) {
            return perSubscription;
        }
        if (s.openMillis > 0) {
            if (clock.getAsLong() < s.openUntil) {
                return 0;
            }
            return s.inFlight == 0 ? 1 : 0; // half-open: one probe at a time
        }
        return Math.max(0, perSubscription - s.inFlight);
    }

    /** Subscriptions that may not start anything now: at their bound, or their breaker open. */
    synchronized Set<String> blocked() {
        Set<String> result = new HashSet<>();
        for (String id : states.keySet()) {
            if (slots(id) == 0) {
                result.add(id);
            }
        }
        return result;
    }

    synchronized void started(String subscriptionId) {
        states.computeIfAbsent(subscriptionId, k -> new State()).inFlight++;
    }

    /** Records an attempt's end; returns true when this failure opened (or re-opened) the breaker. */
    synchronized boolean finished(String subscriptionId, boolean delivered) {
        State s = states.computeIfAbsent(subscriptionId, k -> new State());
        s.inFlight = Math.max(0, s.inFlight - 1);
        if (delivered) {
            s.failures = 0;
            s.openMillis = 0;
            s.openUntil = 0;
            if (s.inFlight == 0) {
                states.remove(subscriptionId);
            }
            return false;
        }
        s.failures++;
        long now = clock.getAsLong();
        boolean halfOpen = s.openMillis > 0 && now >= s.openUntil;
        if (halfOpen || (s.openMillis == 0 && s.failures >= threshold)) {
            s.openMillis = s.openMillis == 0 ? initialOpen.toMillis() : Math.min(maxOpen.toMillis(), s.openMillis * 2);
            s.openUntil = now + s.openMillis;
            return true;
        }
        return false;
    }

    /** Whether the subscription's breaker is open (or half-open) on this node. */
    synchronized boolean open(String subscriptionId) {
        State s = states.get(subscriptionId);
        return s != null && s.openMillis > 0;
    }

    synchronized int inFlight(String subscriptionId) {
        State s = states.get(subscriptionId);
        return s == null ? 0 : s.inFlight;
    }
}
