package dev.tenancy.orgs.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a short time, that a presented credential was verified. Argon2id costs tens of
 * milliseconds by design and SCIM clients send bursts of requests, so a success is cached.
 *
 * <p>The key is an HMAC-SHA256 (with a random per-node key that never leaves memory) of the
 * organization id, the configuration's version and the credential: the credential itself is never
 * stored, and any configuration change on any node (which increments the version stored in the
 * database) makes every older entry unreachable at once on every node. Entries also expire.
 */
public final class VerificationCache {

    private final long ttlMillis;
    private final int maxEntries;
    private final byte[] key = new byte[32];
    private final Map<String, Long> entries = new ConcurrentHashMap<>();

    public VerificationCache(long ttlMillis, int maxEntries) {
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
        new SecureRandom().nextBytes(key);
    }

    public boolean isVerified(String organizationId, long configVersion, String credential) {
        if (ttlMillis <= 0) {
            return false;
        }
        String k = keyOf(organizationId, configVersion, credential);
        Long expires = entries.get(k);
        if (expires == null) {
            return false;
        }
        if (expires < System.currentTimeMillis()) {
            entries.remove(k, expires);
            return false;
        }
        return true;
    }

    public void markVerified(String organizationId, long configVersion, String credential) {
        if (ttlMillis <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(expires -> expires < now);
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(keyOf(organizationId, configVersion, credential), now + ttlMillis);
    }

    /** Drops everything (configuration changed on this node). */
    public void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private String keyOf(String organizationId, long configVersion, String credential) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(organizationId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(Long.toString(configVersion).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
