package dev.tenancy.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.Jwks;
import dev.tenancy.it.support.ServerTest;

/**
 * The credential attacks of issue 8 against the real server. The server runs with
 * {@code auth-failures-per-organization=10}, {@code auth-failures-per-address=100} and
 * {@code jwks-min-refresh-seconds=10} (it-tests/pom.xml).
 */
class CredentialAttackIT extends ServerTest {

    @RegisterExtension
    static final Jwks jwks = new Jwks();

    static Http.Response users(Fixture f, String authorization) {
        return Http.get(f.scimBaseUrl() + "/Users").header("Authorization", authorization).send();
    }

    @Test
    void givenAnAuthTypeSwitch_thenThePreviousCredentialsAreRevokedAndNeverRevived() {
        Fixture f = Fixture.create(admin);
        String first = f.enableScimWithSecret();
        Http.Response rotated = Http.post(f.scimConfigUrl() + "/rotate-secret").bearer(admin.token()).send();
        String second = rotated.json().get("secret").asText();
        assertThat(users(f, "Bearer " + first).status()).as("the previous secret is in its grace period").isEqualTo(200);

        Http.Response basic = Http.put(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("enabled", true,
                "auth", Map.of("type", "EXTERNAL_BASIC", "username", "okta", "password", "pw-basic-123456"))).send();
        assertThat(basic.status()).as(basic.toString()).isEqualTo(200);
        assertThat(basic.json().get("auth").get("secretSet").asBoolean()).isFalse();
        assertThat(users(f, "Bearer " + second).status()).isEqualTo(401);

        Http.Response back = Http.put(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("enabled", true,
                "auth", Map.of("type", "EXTERNAL_SECRET"))).send();
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        String fresh = back.json().get("auth").get("secret").asText();
        assertThat(fresh).isNotIn(first, second);
        assertThat(back.json().get("auth").get("passwordSet").asBoolean()).isFalse();
        assertThat(users(f, "Bearer " + first).status()).isEqualTo(401);
        assertThat(users(f, "Bearer " + second).status()).isEqualTo(401);
        assertThat(users(f, "Bearer " + fresh).status()).isEqualTo(200);
        assertThat(Http.get(f.scimConfigUrl()).bearer(admin.token()).send().json().get("auth").has("secret"))
                .as("shown once").isFalse();
        // and back to Basic: the old password is gone too, so one is required again
        Http.Response noPassword = Http.put(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("enabled", true,
                "auth", Map.of("type", "EXTERNAL_BASIC", "username", "okta"))).send();
        assertThat(noPassword.status()).isEqualTo(400);
        assertThat(noPassword.json().get("field").asText()).isEqualTo("auth.password");
    }

    /**
     * A new client's first requests come in parallel (Entra and Okta open that way), each a cache miss
     * and so an Argon2id verification: at least four verification slots by default, so none is refused.
     */
    @Test
    void givenANewClientsFirstFourParallelRequests_thenNoneIsRefused() throws Exception {
        Fixture f = Fixture.create(admin);
        String secret = f.enableScimWithSecret();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CyclicBarrier start = new CyclicBarrier(4);
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return users(f, "Bearer " + secret);
                }));
            }
            for (Future<Http.Response> answer : answers) {
                Http.Response r = answer.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenAFloodOfWrongSecrets_thenTheOrganizationIsThrottledButTheCachedValidSecretStillWorks() {
        Fixture f = Fixture.create(admin);
        String secret = f.enableScimWithSecret();
        assertThat(users(f, "Bearer " + secret).status()).isEqualTo(200);
        Http.Response last = null;
        int unauthorized = 0;
        for (int i = 0; i < 14; i++) {
            last = users(f, "Bearer wrong-secret-" + i);
            if (last.status() == 401) {
                unauthorized++;
            } else {
                break;
            }
        }
        assertThat(unauthorized).isEqualTo(10);
        assertThat(last.status()).as(last.toString()).isEqualTo(429);
        assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(last.json().get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(users(f, "Bearer " + secret).status()).as("a cached valid secret is not slowed or refused").isEqualTo(200);

        JsonNode errors = Http.get(f.scimConfigUrl() + "/status").bearer(admin.token()).send().json().get("recentErrors");
        assertThat(errors).isNotEmpty();
        assertThat(errors.toString()).contains("401").doesNotContain("wrong-secret").doesNotContain(secret);
        assertThat(errors.findValuesAsText("detail")).anyMatch(d -> d.startsWith("Authentication"));
    }

    /** A raw request from another loopback source address (each 127.x address is its own client). */
    static int rawStatus(String source, String path, String authorization) throws IOException {
        URI base = URI.create(admin.url());
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
            s.setSoTimeout(20_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + base.getPort() + "\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    Fixture jwtOrganization(Fixture parent, String jwksUri) {
        Fixture f = parent == null ? Fixture.create(admin) : parent.sibling();
        f.enableScimWithJwt(jwksUri);
        return f;
    }

    @Test
    void givenFailuresFromOneClientAddressAcrossOrganizations_thenThatAddressIsThrottled() throws Exception {
        String uri = jwks.uri();
        String source = "127.0.0." + (20 + (int) (Math.random() * 200));
        Fixture first = jwtOrganization(null, uri);
        // 100 failures from one address, never more than 9 per organization (whose own limit is 10)
        int failures = 0;
        Fixture current = first;
        while (failures < 100) {
            for (int i = 0; i < 9 && failures < 100; i++) {
                assertThat(rawStatus(source, "/realms/" + current.realm + "/scim/v2/organizations/" + current.orgId + "/Users",
                        "Bearer not-a-jwt")).as("failure " + failures).isEqualTo(401);
                failures++;
            }
            current = jwtOrganization(first, uri);
        }
        Fixture untouched = current;
        String path = "/realms/" + untouched.realm + "/scim/v2/organizations/" + untouched.orgId + "/Users";
        assertThat(rawStatus(source, path, "Bearer not-a-jwt")).as("the address is throttled everywhere").isEqualTo(429);
        assertThat(users(untouched, "Bearer not-a-jwt").status()).as("other clients are not").isEqualTo(401);
    }

    static String token(KeyPair pair, String alg, String kid, String javaAlg) {
        return Jwks.sign(pair, alg, kid, javaAlg, Jwks.claims());
    }

    @Test
    void givenAJwksWithoutAlg_thenATokenNamingAnotherAlgorithmCannotPoisonTheCachedKey() throws Exception {
        KeyPair pair = Jwks.rsaKeyPair();
        // as Entra ID publishes them: no "alg"
        jwks.publishOnly(Jwks.rsaJwk(pair, "entra1", null));
        Fixture f = jwtOrganization(null, jwks.uri());
        String valid = token(pair, "RS256", "entra1", "SHA256withRSA");
        // no credential of the identity provider: the header names other algorithms for the cached key
        String rs512 = token(pair, "RS512", "entra1", "SHA256withRSA");
        assertThat(users(f, "Bearer " + rs512).status()).isEqualTo(401);
        String es256 = Jwks.b64(Http.JSON.writeValueAsBytes(Map.of("alg", "ES256", "kid", "entra1"))) + rs512.substring(rs512.indexOf('.'));
        assertThat(users(f, "Bearer " + es256).status()).as("ES256 does not fit an RSA key").isEqualTo(401);
        Http.Response ok = users(f, "Bearer " + valid);
        assertThat(ok.status()).as("the real identity provider's token still works: " + ok).isEqualTo(200);
        assertThat(users(f, "Bearer " + valid).status()).isEqualTo(200);
    }

    @Test
    void givenAFailingJwksUri_thenItIsFetchedAtMostOncePerRefreshInterval() throws Exception {
        KeyPair pair = Jwks.rsaKeyPair();
        Fixture f = jwtOrganization(null, jwks.failingUri());
        int before = jwks.failingFetches();
        for (int i = 0; i < 8; i++) {
            assertThat(users(f, "Bearer " + token(pair, "RS256", "k" + i, "SHA256withRSA")).status()).isEqualTo(401);
        }
        assertThat(jwks.failingFetches() - before).as("not once per request").isEqualTo(1);
    }
}
