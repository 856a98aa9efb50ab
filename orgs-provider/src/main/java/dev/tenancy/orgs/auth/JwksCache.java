package dev.tenancy.orgs.auth;

import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;

/**
 * Signing keys of external identity providers, by JWKS URI.
 *
 * <p>Keys are kept as immutable {@link Key} values: nothing a request carries ever changes a cached
 * key (a verification builds its own {@link KeyWrapper} from one). A set is kept for
 * {@code ttlMillis}; a token naming an unknown {@code kid}, an expired set, or a failed fetch leads to
 * at most one fetch per {@code minRefreshMillis} per URI, however many requests arrive — concurrent
 * requests never wait for one another's refresh, they use what is cached. A failed refresh keeps the
 * previous set. Fetching goes through the {@link Fetcher}, in production the address-policy client.
 */
public final class JwksCache {

    /** Reads the JWKS document at a URI. */
    @FunctionalInterface
    public interface Fetcher {
        String fetch(String uri) throws IOException;
    }

    /**
     * One published verification key.
     *
     * @param kty {@code RSA} or {@code EC}
     * @param crv for EC keys the curve of the key itself ({@code P-256}, {@code P-384}, {@code P-521})
     * @param alg the JWK's {@code alg}, null when it publishes none (as Entra ID does)
     */
    public record Key(String kid, String kty, String crv, String alg, PublicKey publicKey) {
    }

    private record Entry(List<Key> keys, long fetchedAt) {
    }

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile Entry entry;
        volatile long lastAttempt = Long.MIN_VALUE;
    }

    private static final int MIN_RSA_BITS = 2048;

    private final Map<String, Slot> byUri = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final long minRefreshMillis;
    private final Fetcher fetcher;
    private final LongSupplier clock;

    public JwksCache(long ttlMillis, long minRefreshMillis, Fetcher fetcher, LongSupplier clock) {
        this.ttlMillis = ttlMillis;
        this.minRefreshMillis = minRefreshMillis;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /**
     * The published keys with that {@code kid} (every key when {@code kid} is null).
     *
     * @throws IOException when no key set could be fetched yet
     */
    public List<Key> keys(String jwksUri, String kid) throws IOException {
        Slot slot = byUri.computeIfAbsent(jwksUri, u -> new Slot());
        long now = clock.getAsLong();
        Entry entry = slot.entry;
        if (entry == null || now - entry.fetchedAt() > ttlMillis) {
            refresh(slot, jwksUri, now, entry == null);
            entry = slot.entry;
        }
        List<Key> found = entry == null ? List.of() : matching(entry.keys(), kid);
        if (found.isEmpty() && entry != null && refresh(slot, jwksUri, now, false)) {
            entry = slot.entry;
            found = matching(entry.keys(), kid);
        }
        if (entry == null) {
            throw new IOException("JWKS unavailable");
        }
        return found;
    }

    /** Forgets every key set (configuration changed). */
    public void clear() {
        byUri.clear();
    }

    /** Fetches unless another request is fetching or one was attempted less than minRefresh ago; true when it fetched a set. */
    private boolean refresh(Slot slot, String uri, long now, boolean waitForFirst) {
        boolean locked;
        try {
            locked = waitForFirst ? slot.lock.tryLock(10, TimeUnit.SECONDS) : slot.lock.tryLock();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!locked) {
            return false;
        }
        try {
            if (slot.lastAttempt != Long.MIN_VALUE && now - slot.lastAttempt < minRefreshMillis) {
                return false;
            }
            slot.lastAttempt = now;
            try {
                slot.entry = new Entry(parse(fetcher.fetch(uri)), now);
                return true;
            } catch (IOException | RuntimeException e) {
                return false; // keep the previous set; the next attempt waits for minRefresh
            }
        } finally {
            slot.lock.unlock();
        }
    }

    private static List<Key> matching(List<Key> keys, String kid) {
        return kid == null ? keys : keys.stream().filter(k -> kid.equals(k.kid())).toList();
    }

    /** The usable signature keys of a JWKS document: RSA (at least 2048 bits) and EC; anything else is skipped. */
    static List<Key> parse(String body) throws IOException {
        JSONWebKeySet set = JsonSerialization.readValue(body, JSONWebKeySet.class);
        List<Key> keys = new ArrayList<>();
        if (set == null || set.getKeys() == null) {
            return keys;
        }
        for (JWK jwk : set.getKeys()) {
            if (jwk == null || (jwk.getPublicKeyUse() != null && !JWK.Use.SIG.asString().equals(jwk.getPublicKeyUse()))) {
                continue;
            }
            PublicKey pub;
            try {
                KeyWrapper w = JWKSUtils.getKeyWrapper(jwk);
                pub = w == null || !(w.getPublicKey() instanceof PublicKey p) ? null : p;
            } catch (RuntimeException e) {
                pub = null;
            }
            if (pub instanceof RSAPublicKey rsa && "RSA".equals(jwk.getKeyType())) {
                if (rsa.getModulus().bitLength() >= MIN_RSA_BITS) {
                    keys.add(new Key(jwk.getKeyId(), "RSA", null, jwk.getAlgorithm(), rsa));
                }
            } else if (pub instanceof ECPublicKey ec && "EC".equals(jwk.getKeyType())) {
                String crv = curve(ec);
                Object declared = jwk.getOtherClaims().get("crv");
                if (crv != null && (declared == null || crv.equals(declared))) {
                    keys.add(new Key(jwk.getKeyId(), "EC", crv, jwk.getAlgorithm(), ec));
                }
            }
        }
        return List.copyOf(keys);
    }

    private static String curve(ECPublicKey key) {
        return switch (key.getParams().getCurve().getField().getFieldSize()) {
            case 256 -> "P-256";
            case 384 -> "P-384";
            case 521 -> "P-521";
            default -> null;
        };
    }
}
