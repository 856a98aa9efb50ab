package dev.tenancy.orgs.auth;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

import org.keycloak.common.VerificationException;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.JsonWebToken;

import dev.tenancy.orgs.api.ScimConfig;

/** Verifies an external identity provider's bearer JWT: asymmetric signature, iss, aud, exp, nbf. */
final class JwtVerifier {

    /** Asymmetric algorithms only: never {@code none}, never HMAC (which would accept the public key as a secret). */
    static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    private static final long CLOCK_SKEW_SECONDS = 30;

    private final JwksCache jwks;

    JwtVerifier(JwksCache jwks) {
        this.jwks = jwks;
    }

    /** The verified token's subject (or client) for audit; throws with a reason otherwise. */
    String verify(KeycloakSession session, ScimConfig config, String token) throws VerificationException {
        JWSInput jws;
        try {
            jws = new JWSInput(token);
        } catch (JWSInputException e) {
            throw new VerificationException("not a JWS");
        }
        String alg = jws.getHeader().getRawAlgorithm();
        if (alg == null || !ALGORITHMS.contains(alg)) {
            throw new VerificationException("algorithm not allowed: " + alg);
        }
        KeyWrapper key;
        try {
            key = jwks.key(session, config.jwksUri(), jws.getHeader().getKeyId(), alg);
        } catch (IOException | RuntimeException e) {
            throw new VerificationException("JWKS unavailable");
        }
        if (key == null) {
            throw new VerificationException("unknown key");
        }
        if (key.getAlgorithm() == null) {
            key.setAlgorithm(alg);
        }
        SignatureProvider signatures = session.getProvider(SignatureProvider.class, alg);
        if (signatures == null || !signatures.isAsymmetricAlgorithm()
                || !signatures.verifier(key).verify(jws.getEncodedSignatureInput().getBytes(java.nio.charset.StandardCharsets.US_ASCII), jws.getSignature())) {
            throw new VerificationException("bad signature");
        }
        JsonWebToken claims;
        try {
            claims = jws.readJsonContent(JsonWebToken.class);
        } catch (JWSInputException e) {
            throw new VerificationException("unreadable claims");
        }
        long now = System.currentTimeMillis() / 1000;
        if (claims.getExp() == null || claims.getExp() + CLOCK_SKEW_SECONDS < now) {
            throw new VerificationException("expired");
        }
        if (claims.getNbf() != null && claims.getNbf() - CLOCK_SKEW_SECONDS > now) {
            throw new VerificationException("not yet valid");
        }
        if (!config.issuer().equals(claims.getIssuer())) {
            throw new VerificationException("wrong issuer");
        }
        if (claims.getAudience() == null || !Arrays.asList(claims.getAudience()).contains(config.audience())) {
            throw new VerificationException("wrong audience");
        }
        return claims.getSubject() != null ? claims.getSubject() : claims.getIssuedFor();
    }
}
