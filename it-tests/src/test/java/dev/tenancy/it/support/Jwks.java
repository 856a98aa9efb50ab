package dev.tenancy.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An identity provider's key set for EXTERNAL_JWT tests: a JWKS served on the loopback interface
 * ({@link #uri()}, fetches counted), a URI that always answers 500 ({@link #failingUri()}), and
 * the RSA keys and signed tokens to go with them. A test class registers one
 * ({@code @RegisterExtension static final Jwks jwks = new Jwks();}): it serves from before the first
 * test to after the last.
 */
public final class Jwks implements BeforeAllCallback, AfterAllCallback {

    public static final String ISSUER = "https://idp.example.test";
    public static final String AUDIENCE = "https://kc.example.test/scim";

    private HttpServer server;
    private final List<Map<String, Object>> published = new ArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger failingFetches = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
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
        server.createContext("/failing", exchange -> {
            failingFetches.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    public String failingUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/failing";
    }

    /** Replaces the published keys by this one. */
    public void publishOnly(Map<String, Object> key) {
        synchronized (published) {
            published.clear();
            published.add(key);
        }
    }

    /** Adds a key to the published ones (a rotation). */
    public void publish(Map<String, Object> key) {
        synchronized (published) {
            published.add(key);
        }
    }

    /** How often {@link #uri()} was fetched. */
    public int fetches() {
        return fetches.get();
    }

    /** How often {@link #failingUri()} was fetched. */
    public int failingFetches() {
        return failingFetches.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop(0);
        }
    }

    // ---- keys and tokens -------------------------------------------------------------------------

    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK of an RSA key pair, with {@code alg} unless it is null (Entra ID publishes none). */
    public static Map<String, Object> rsaJwk(KeyPair pair, String kid, String alg) {
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        if (alg != null) {
            jwk.put("alg", alg);
        }
        jwk.put("n", b64(unsigned(pub.getModulus())));
        jwk.put("e", b64(unsigned(pub.getPublicExponent())));
        return jwk;
    }

    /** Claims for {@link #ISSUER}-style tokens: expiry and not-before as offsets in seconds from now. */
    public static String claims(String iss, String aud, long expOffset, long nbfOffset) {
        long now = System.currentTimeMillis() / 1000;
        return json(Map.of("iss", iss, "aud", aud, "sub", "entra-provisioning",
                "iat", now, "exp", now + expOffset, "nbf", now + nbfOffset));
    }

    /** A valid token of {@link #ISSUER} for {@link #AUDIENCE}, for five minutes. */
    public static String claims() {
        return claims(ISSUER, AUDIENCE, 300, -10);
    }

    /** A compact JWS: the header names {@code alg} and {@code kid}, the signature is {@code javaAlg} with the private key. */
    public static String sign(KeyPair pair, String alg, String kid, String javaAlg, String claims) {
        String input = b64(json(Map.of("alg", alg, "typ", "JWT", "kid", kid)).getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance(javaAlg);
            s.initSign(pair.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RS256 token with these claims. */
    public static String rs256(KeyPair pair, String kid, String claims) {
        return sign(pair, "RS256", kid, "SHA256withRSA", claims);
    }

    public static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String json(Object o) {
        try {
            return Http.JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
