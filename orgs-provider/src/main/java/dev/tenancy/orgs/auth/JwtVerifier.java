package dev.tenancy.orgs.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.keycloak.common.VerificationException;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.JsonWebToken;

import dev.tenancy.orgs.api.ScimConfig;

/**
 * Verifies an external identity provider's bearer JWT: an asymmetric signature by a published key
 * that fits the token's {@code alg}, then {@code iss}, {@code aud}, {@code exp}, {@code nbf}.
 */
final class JwtVerifier {

    /** Asymmetric algorithms only: never {@code none}, never HMAC (which would accept the public key as a secret). */
    static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    private static final long CLOCK_SKEW_SECONDS = 30;

    private final JwksCache jwks;

    JwtVerifier(JwksCache jwks) {
        this.jwks = jwks;
    }

    /**
     * Whether a token signed with {@code alg} may be verified with the key: RSA keys for RS and PS algorithms, EC keys
     * of the matching curve for ES algorithms, and the JWK's own {@code alg} when it has one.
     */
    static boolean fits(JwksCache.Key key, String alg) {
        if (alg == null || !ALGORITHMS.contains(alg) || (key.alg() != null && !key.alg().equals(alg))) {
            return false;
        }
        return switch (key.kty()) {
            case "RSA" -> alg.startsWith("RS") || alg.startsWith("PS");
            case "EC" -> ("ES256".equals(alg) && "P-256".equals(key.crv()))
                    || ("ES384".equals(alg) && "P-384".equals(key.crv()))
                    || ("ES512".equals(alg) && "P-521".equals(key.crv()));
            default -> false;
        };
    }

    /** The verified token's subject (or client) for audit; throws with a reason otherwise. */
    String verify(KeycloakSession session, ScimConfig config, String token) throws VerificationException {
        JWSInput jws;
        try {
            jws = new JWSInput(token);
        } catch (JWSInputException | RuntimeException e) {
            throw new VerificationException("not a JWS");
        }
        String alg = jws.getHeader().getRawAlgorithm();
        if (alg == null || !ALGORITHMS.contains(alg)) {
            throw new VerificationException("algorithm not allowed");
        }
        List<JwksCache.Key> keys;
        try {
            keys = jwks.keys(config.jwksUri(), jws.getHeader().getKeyId());
        } catch (IOException | RuntimeException e) {
            throw new VerificationException("JWKS unavailable");
        }
        List<JwksCache.Key> fitting = keys.stream().filter(k -> fits(k, alg)).toList();
        if (fitting.isEmpty()) {
            throw new VerificationException(keys.isEmpty() ? "unknown key" : "algorithm does not fit the key");
        }
        SignatureProvider signatures = session.getProvider(SignatureProvider.class, alg);
        if (signatures == null || !signatures.isAsymmetricAlgorithm()) {
            throw new VerificationException("algorithm not allowed");
        }
        byte[] input = jws.getEncodedSignatureInput().getBytes(StandardCharsets.US_ASCII);
        boolean verified = false;
        for (JwksCache.Key key : fitting) {
            try {
                if (signatures.verifier(wrapper(key, alg)).verify(input, jws.getSignature())) {
                    verified = true;
                    break;
                }
            } catch (VerificationException | RuntimeException e) {
                // a malformed signature for this key: try the next one
            }
        }
        if (!verified) {
            throw new VerificationException("bad signature");
        }
        JsonWebToken claims;
        try {
            claims = jws.readJsonContent(JsonWebToken.class);
        } catch (JWSInputException | RuntimeException e) {
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

    /** A fresh wrapper for this one verification: the cached key is never touched. */
    private static KeyWrapper wrapper(JwksCache.Key key, String alg) {
        KeyWrapper w = new KeyWrapper();
        w.setKid(key.kid());
        w.setType(key.kty());
        w.setCurve(key.crv());
        w.setAlgorithm(alg);
        w.setUse(KeyUse.SIG);
        w.setPublicKey(key.publicKey());
        return w;
    }
}
