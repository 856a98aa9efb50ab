package dev.tenancy.provisioning.apps;

import java.util.concurrent.ConcurrentHashMap;

/** OAuth2 access tokens per app and settings version, until shortly before they expire (per node). */
final class TokenCache {

    private record Entry(String token, long expiresAt) { }

    private final ConcurrentHashMap<String, Entry> tokens = new ConcurrentHashMap<>();

    String get(String key) {
        Entry e = tokens.get(key);
        return e != null && e.expiresAt > System.currentTimeMillis() ? e.token : null;
    }

    void put(String key, String token, long expiresInSeconds) {
        long margin = Math.min(30, expiresInSeconds / 10);
        tokens.put(key, new Entry(token, System.currentTimeMillis() + (expiresInSeconds - margin) * 1000));
    }

    void invalidate(String key) {
        tokens.remove(key);
    }
}
