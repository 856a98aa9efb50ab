package dev.tenancy.it.scim;

import static dev.tenancy.it.scim.ScimClient.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** EXTERNAL_JWT against a JWKS this test serves on the loopback interface. */
class ScimJwtAuthIT {

    static final String ISSUER = "https://idp.example.test";
    static final String AUDIENCE = "https://kc.example.test/scim";

    static Admin admin;
    static HttpServer jwksServer;
    static final List<Map<String, Object>> published = new ArrayList<>();
    static final AtomicInteger fetches = new AtomicInteger();

    @BeforeAll
    static void server() throws IOException {
        admin = Admin.of(KeycloakServer.get());
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body;
            synchronized (published) {
                body = Http.JSON.writeValueAsBytes(Map.of("keys", published));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwksServer.start();
    }

    @AfterAll
    static void stop() {
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
    }

    record Key(String kid, KeyPair pair) {
        Map<String, Object> jwk() {
            RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
            return Map.of("kty", "RSA", "kid", kid, "use", "sig", "alg", "RS256",
                    "n", b64(unsigned(pub.getModulus())), "e", b64(unsigned(pub.getPublicExponent())));
        }
    }

    static Key key(String kid) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return new Key(kid, g.generateKeyPair());
    }

    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String claims(String iss, String aud, long expOffset, long nbfOffset) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return Http.JSON.writeValueAsString(Map.of("iss", iss, "aud", aud, "sub", "entra-provisioning",
                "iat", now, "exp", now + expOffset, "nbf", now + nbfOffset));
    }

    static String rs256(Key key, String kid, String claims) throws Exception {
        String header = b64(Http.JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", kid)));
        String input = header + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign((PrivateKey) key.pair().getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(s.sign());
    }

    static Http.Response call(Fixture f, String token) {
        return Http.get(f.scimBaseUrl() + "/Users").header("Authorization", "Bearer " + token).send();
    }

    @Test
    void givenExternalJwt_thenOnlyValidTokensSignedByThePublishedKeysPass() throws Exception {
        Key k1 = key("k1");
        synchronized (published) {
            published.clear();
            published.add(k1.jwk());
        }
        Fixture f = Fixture.create(admin);
        String jwks = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks";
        Http.Response cfg = Http.post(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("enabled", true,
                "auth", Map.of("type", "EXTERNAL_JWT", "issuer", ISSUER, "audience", AUDIENCE, "jwksUri", jwks))).send();
        assertThat(cfg.status()).as(cfg.toString()).isEqualTo(201);

        Http.Response ok = call(f, rs256(k1, "k1", claims(ISSUER, AUDIENCE, 300, -10)));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);

        Http.Response wrongIssuer = call(f, rs256(k1, "k1", claims("https://evil.example", AUDIENCE, 300, -10)));
        assertScimError(wrongIssuer, 401, null);
        assertThat(wrongIssuer.header("WWW-Authenticate")).startsWith("Bearer");
        assertScimError(call(f, rs256(k1, "k1", claims(ISSUER, "https://other.example", 300, -10))), 401, null);
        assertScimError(call(f, rs256(k1, "k1", claims(ISSUER, AUDIENCE, -120, -600))), 401, null);
        assertScimError(call(f, rs256(k1, "k1", claims(ISSUER, AUDIENCE, 600, 300))), 401, null);

        // alg none
        String none = b64(Http.JSON.writeValueAsBytes(Map.of("alg", "none", "typ", "JWT", "kid", "k1"))) + "."
                + b64(claims(ISSUER, AUDIENCE, 300, -10).getBytes(StandardCharsets.UTF_8)) + ".";
        assertScimError(call(f, none), 401, null);

        // HMAC keyed with the public key
        String hsHeader = b64(Http.JSON.writeValueAsBytes(Map.of("alg", "HS256", "typ", "JWT", "kid", "k1")));
        String hsInput = hsHeader + "." + b64(claims(ISSUER, AUDIENCE, 300, -10).getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(k1.pair().getPublic().getEncoded(), "HmacSHA256"));
        assertScimError(call(f, hsInput + "." + b64(mac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII)))), 401, null);

        // a key the JWKS does not hold yet: one refresh finds it after rotation
        Key k2 = key("k2");
        String withK2 = rs256(k2, "k2", claims(ISSUER, AUDIENCE, 300, -10));
        synchronized (published) {
            published.add(k2.jwk());
        }
        Thread.sleep(10_500); // the server refreshes a key set at most every 10 s (jwks-min-refresh-seconds)
        int before = fetches.get();
        Http.Response rotated = call(f, withK2);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(fetches.get() - before).isEqualTo(1);

        // a token signed by a key nobody published
        Key rogue = key("k3");
        assertScimError(call(f, rs256(rogue, "k1", claims(ISSUER, AUDIENCE, 300, -10))), 401, null);
    }
}
