package dev.tenancy.it.scim;

import static dev.tenancy.it.scim.ScimClient.assertScimError;
import static dev.tenancy.it.support.Jwks.AUDIENCE;
import static dev.tenancy.it.support.Jwks.ISSUER;
import static dev.tenancy.it.support.Jwks.b64;
import static dev.tenancy.it.support.Jwks.claims;
import static dev.tenancy.it.support.Jwks.rs256;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.Jwks;
import dev.tenancy.it.support.ServerTest;

/** EXTERNAL_JWT against a JWKS this test serves on the loopback interface. */
class ScimJwtAuthIT extends ServerTest {

    @RegisterExtension
    static final Jwks jwks = new Jwks();

    static Http.Response call(Fixture f, String token) {
        return Http.get(f.scimBaseUrl() + "/Users").header("Authorization", "Bearer " + token).send();
    }

    @Test
    void givenExternalJwt_thenOnlyValidTokensSignedByThePublishedKeysPass() throws Exception {
        KeyPair k1 = Jwks.rsaKeyPair();
        jwks.publishOnly(Jwks.rsaJwk(k1, "k1", "RS256"));
        Fixture f = Fixture.create(admin);
        f.enableScimWithJwt(jwks.uri());

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
        mac.init(new SecretKeySpec(k1.getPublic().getEncoded(), "HmacSHA256"));
        assertScimError(call(f, hsInput + "." + b64(mac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII)))), 401, null);

        // a key the JWKS does not hold yet: one refresh finds it after rotation
        KeyPair k2 = Jwks.rsaKeyPair();
        String withK2 = rs256(k2, "k2", claims(ISSUER, AUDIENCE, 300, -10));
        jwks.publish(Jwks.rsaJwk(k2, "k2", "RS256"));
        Thread.sleep(10_500); // the server refreshes a key set at most every 10 s (jwks-min-refresh-seconds)
        int before = jwks.fetches();
        Http.Response rotated = call(f, withK2);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(jwks.fetches() - before).isEqualTo(1);

        // a token signed by a key nobody published
        KeyPair rogue = Jwks.rsaKeyPair();
        assertScimError(call(f, rs256(rogue, "k1", claims(ISSUER, AUDIENCE, 300, -10))), 401, null);
    }
}
