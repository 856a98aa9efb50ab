package dev.tenancy.orgs.auth;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.PublicKeysWrapper;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;

/**
 * Signing keys of external identity providers, by JWKS URI: fetched through Keycloak's HTTP client,
 * kept for {@code ttlMillis}, refreshed once when a token names an unknown {@code kid} (at most once
 * per {@code minRefreshMillis}, so a flood of bad tokens cannot hammer the identity provider).
 */
public final class JwksCache {

    private record Entry(PublicKeysWrapper keys, long fetchedAt) {
    }

    private final Map<String, Entry> byUri = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final long minRefreshMillis;

    public JwksCache(long ttlMillis, long minRefreshMillis) {
        this.ttlMillis = ttlMillis;
        this.minRefreshMillis = minRefreshMillis;
    }

    /** The key for {@code kid}, refreshing the set once if it is unknown; null when there is none. */
    public KeyWrapper key(KeycloakSession session, String jwksUri, String kid, String alg) throws IOException {
        long now = System.currentTimeMillis();
        Entry entry = byUri.get(jwksUri);
        if (entry == null || now - entry.fetchedAt() > ttlMillis) {
            entry = fetch(session, jwksUri, now);
        }
        KeyWrapper key = find(entry.keys(), kid, alg);
        if (key == null && now - entry.fetchedAt() >= minRefreshMillis) {
            entry = fetch(session, jwksUri, now);
            key = find(entry.keys(), kid, alg);
        }
        return key;
    }

    /** Forgets every key set (configuration changed). */
    public void clear() {
        byUri.clear();
    }

    private Entry fetch(KeycloakSession session, String jwksUri, long now) throws IOException {
        String body = session.getProvider(HttpClientProvider.class).getString(jwksUri);
        JSONWebKeySet set = JsonSerialization.readValue(body, JSONWebKeySet.class);
        Entry entry = new Entry(JWKSUtils.getKeyWrappersForUse(set, JWK.Use.SIG, true), now);
        byUri.put(jwksUri, entry);
        return entry;
    }

    private static KeyWrapper find(PublicKeysWrapper keys, String kid, String alg) {
        return keys.getKeyByPredicate(k -> (kid == null || kid.equals(k.getKid()))
                && (k.getAlgorithm() == null || k.getAlgorithm().equals(alg)));
    }
}
