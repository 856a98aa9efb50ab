package dev.tenancy.orgs.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed SCIM authentications per organization and per client address in fixed windows. Once
 * a counter has reached its limit, requests of that organization (or from that address) are refused
 * until the window ends — before any credential is verified, so a refused request costs nothing.
 * Per node, in memory; the maps are pruned so that a spray of addresses cannot grow them without bound.
 */
public final class AuthThrottle {

    private static final int MAX_TRACKED = 50_000;

    private static final class Window {
        long start;
        int failures;
    }

    private final int perOrganization;
    private final int perAddress;
    private final long windowMillis;
    private final Map<String, Window> organizations = new ConcurrentHashMap<>();
    private final Map<String, Window> addresses = new ConcurrentHashMap<>();

    /** A limit of 0 or less turns that limit off. */
    public AuthThrottle(int perOrganization, int perAddress, long windowMillis) {
        this.perOrganization = perOrganization;
        this.perAddress = perAddress;
        this.windowMillis = Math.max(1_000, windowMillis);
    }

    /** 0 when the request may try to authenticate; otherwise the seconds until it may (at least 1). */
    public long retryAfterSeconds(String organizationId, String address, long now) {
        long wait = Math.max(blocked(organizations, organizationId, perOrganization, now),
                address == null ? 0 : blocked(addresses, address, perAddress, now));
        return wait <= 0 ? 0 : Math.max(1, (wait + 999) / 1000);
    }

    /** Counts one failed authentication. */
    public void failed(String organizationId, String address, long now) {
        count(organizations, organizationId, perOrganization, now);
        if (address != null) {
            count(addresses, address, perAddress, now);
        }
    }

    private long blocked(Map<String, Window> map, String key, int limit, long now) {
        if (limit <= 0 || key == null) {
            return 0;
        }
        Window w = map.get(key);
        if (w == null) {
            return 0;
        }
        synchronized (w) {
            if (now - w.start >= windowMillis) {
                return 0;
            }
            return w.failures >= limit ? w.start + windowMillis - now : 0;
        }
    }

    private void count(Map<String, Window> map, String key, int limit, long now) {
        if (limit <= 0 || key == null) {
            return;
        }
        if (map.size() >= MAX_TRACKED) {
            prune(map, now);
        }
        Window w = map.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            if (w.failures == 0 || now - w.start >= windowMillis) {
                w.start = now;
                w.failures = 0;
            }
            w.failures++;
        }
    }

    private void prune(Map<String, Window> map, long now) {
        map.values().removeIf(w -> {
            synchronized (w) {
                return now - w.start >= windowMillis;
            }
        });
        if (map.size() >= MAX_TRACKED) {
            map.clear();
        }
    }
}
