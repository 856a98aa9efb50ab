package dev.tenancy.orgs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class JwksCacheTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger fetches = new AtomicInteger();

    private static String b64(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(b.length, len);
        System.arraycopy(b, b.length - copy, out, len - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    static String rsaJwk(String kid, String alg) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        RSAPublicKey k = (RSAPublicKey) g.generateKeyPair().getPublic();
        return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\"" + (alg == null ? "" : ",\"alg\":\"" + alg + "\"")
                + ",\"n\":\"" + b64(k.getModulus(), 256) + "\",\"e\":\"AQAB\"}";
    }

    /** EC JWKs are parsed through Keycloak's crypto provider, which only the server initialises: built directly here. */
    static JwksCache.Key ecKey(String kid) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return new JwksCache.Key(kid, "EC", "P-256", null, (ECPublicKey) g.generateKeyPair().getPublic());
    }

    @Test
    void givenAnUnknownKid_thenAtMostOneFetchPerRefreshInterval() throws Exception {
        String set = "{\"keys\":[" + rsaJwk("k1", null) + "]}";
        JwksCache cut = new JwksCache(600_000, 30_000, uri -> {
            fetches.incrementAndGet();
            return set;
        }, now::get);
        assertThat(cut.keys("https://idp/jwks", "k1")).hasSize(1);
        assertThat(fetches).hasValue(1);
        for (int i = 0; i < 100; i++) {
            now.addAndGet(100);
            assertThat(cut.keys("https://idp/jwks", "nope")).isEmpty();
        }
        assertThat(fetches).as("the first unknown kid 10 s later is still within 30 s of the fetch").hasValue(1);
        now.addAndGet(30_000);
        cut.keys("https://idp/jwks", "nope");
        cut.keys("https://idp/jwks", "nope");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void givenAFailingJwksUri_thenItIsFetchedOncePerRefreshInterval() {
        JwksCache cut = new JwksCache(600_000, 30_000, uri -> {
            fetches.incrementAndGet();
            throw new IOException("down");
        }, now::get);
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> cut.keys("https://idp/jwks", "k1")).isInstanceOf(IOException.class);
        }
        assertThat(fetches).hasValue(1);
        now.addAndGet(30_001);
        assertThatThrownBy(() -> cut.keys("https://idp/jwks", "k1")).isInstanceOf(IOException.class);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void givenKeysWithoutAlg_thenTheAlgMustFitTheKeyTypeAndCurve() throws Exception {
        String set = "{\"keys\":[" + rsaJwk("r", null) + "," + rsaJwk("rs384", "RS384") + "]}";
        JwksCache cut = new JwksCache(600_000, 30_000, uri -> set, now::get);
        JwksCache.Key rsa = cut.keys("u", "r").get(0);
        JwksCache.Key ec = ecKey("e");
        JwksCache.Key pinned = cut.keys("u", "rs384").get(0);
        assertThat(rsa.alg()).isNull();
        assertThat(JwtVerifier.fits(rsa, "RS256")).isTrue();
        assertThat(JwtVerifier.fits(rsa, "PS512")).isTrue();
        assertThat(JwtVerifier.fits(rsa, "ES256")).isFalse();
        assertThat(JwtVerifier.fits(rsa, "HS256")).isFalse();
        assertThat(JwtVerifier.fits(ec, "ES256")).isTrue();
        assertThat(JwtVerifier.fits(ec, "ES384")).as("P-256 key, ES384 token").isFalse();
        assertThat(JwtVerifier.fits(ec, "RS256")).isFalse();
        assertThat(JwtVerifier.fits(pinned, "RS384")).isTrue();
        assertThat(JwtVerifier.fits(pinned, "RS256")).as("the JWK's alg decides").isFalse();
        // Nothing about a check changes the cached key: the same immutable value comes back.
        List<JwksCache.Key> again = cut.keys("u", "r");
        assertThat(again.get(0)).isSameAs(rsa);
        assertThat(again.get(0).alg()).isNull();
    }
}
