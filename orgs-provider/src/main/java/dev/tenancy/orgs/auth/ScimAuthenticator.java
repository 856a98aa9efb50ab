package dev.tenancy.orgs.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.keycloak.common.VerificationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

import dev.tenancy.orgs.api.AuthType;
import dev.tenancy.orgs.api.ScimAuthenticationException;
import dev.tenancy.orgs.api.ScimClient;
import dev.tenancy.orgs.api.ScimConfig;
import dev.tenancy.orgs.jpa.ScimConfigEntity;

/**
 * Checks a SCIM request's {@code Authorization} header against one organization's configuration.
 *
 * <p>Order of the checks, so that a flood of wrong credentials can neither burn the node's CPU nor
 * slow valid clients: a credential verified recently is recognised from the {@link VerificationCache}
 * first (an HMAC, microseconds); then an organization or client address that has failed too often is
 * refused with 429 before anything is verified ({@link AuthThrottle}); then an Argon2id verification
 * runs only with a slot of the {@link VerificationGate}, else 429. Every failure is counted.
 */
public final class ScimAuthenticator {

    private final VerificationCache cache;
    private final JwtVerifier jwt;
    private final AuthThrottle throttle;
    private final VerificationGate gate;

    public ScimAuthenticator(VerificationCache cache, JwksCache jwks, AuthThrottle throttle, VerificationGate gate) {
        this.cache = cache;
        this.jwt = new JwtVerifier(jwks);
        this.throttle = throttle;
        this.gate = gate;
    }

    /**
     * @param clientAddress the request's client address (for throttling); null when unknown
     */
    public ScimClient authenticate(KeycloakSession session, RealmModel realm, ScimConfig config, ScimConfigEntity stored,
                                   String header, String clientAddress) throws ScimAuthenticationException {
        AuthType type = config.authType();
        String challenge = challenge(type, realm, config);
        if (header == null || header.isBlank()) {
            throw new ScimAuthenticationException("Authentication required", challenge);
        }
        Attempt attempt = new Attempt(config.organizationId(), clientAddress);
        try {
            return switch (type) {
                case EXTERNAL_SECRET -> secret(config, stored, bearer(header, challenge), challenge, attempt);
                case EXTERNAL_BASIC -> basic(config, stored, header, challenge, attempt);
                case EXTERNAL_JWT -> {
                    attempt.admit();
                    yield externalJwt(session, config, bearer(header, challenge), challenge);
                }
                case KEYCLOAK -> {
                    attempt.admit();
                    yield keycloak(session, realm, config, bearer(header, challenge), challenge);
                }
            };
        } catch (ScimAuthenticationException e) {
            if (e.status() == 401) {
                throttle.failed(config.organizationId(), clientAddress, System.currentTimeMillis());
            }
            throw e;
        }
    }

    /** One request's pass through the throttle. */
    private final class Attempt {
        private final String organizationId;
        private final String address;

        Attempt(String organizationId, String address) {
            this.organizationId = organizationId;
            this.address = address;
        }

        void admit() throws ScimAuthenticationException {
            long wait = throttle.retryAfterSeconds(organizationId, address, System.currentTimeMillis());
            if (wait > 0) {
                throw ScimAuthenticationException.throttled("Too many failed authentications; retry later", wait);
            }
        }

        /** Argon2id under a gate slot. */
        boolean verify(String secret, String phc) throws ScimAuthenticationException {
            if (phc == null) {
                return false;
            }
            if (!gate.acquire()) {
                throw ScimAuthenticationException.throttled("Too many concurrent authentications; retry later", 1);
            }
            try {
                return Argon2id.verify(secret, phc);
            } finally {
                gate.release();
            }
        }
    }

    private ScimClient secret(ScimConfig config, ScimConfigEntity stored, String token, String challenge, Attempt attempt)
            throws ScimAuthenticationException {
        if (cache.isVerified(config.organizationId(), config.version(), "S:" + token)) {
            return new ScimClient(AuthType.EXTERNAL_SECRET, "shared-secret");
        }
        attempt.admit();
        boolean ok = attempt.verify(token, stored.getSecretHash());
        if (!ok && stored.getPreviousSecretHash() != null && stored.getPreviousSecretExpires() != null
                && stored.getPreviousSecretExpires() > System.currentTimeMillis()) {
            ok = attempt.verify(token, stored.getPreviousSecretHash());
        }
        if (!ok) {
            throw new ScimAuthenticationException("Invalid bearer token", invalid(challenge));
        }
        cache.markVerified(config.organizationId(), config.version(), "S:" + token);
        return new ScimClient(AuthType.EXTERNAL_SECRET, "shared-secret");
    }

    private ScimClient basic(ScimConfig config, ScimConfigEntity stored, String header, String challenge, Attempt attempt)
            throws ScimAuthenticationException {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new ScimAuthenticationException("HTTP Basic authentication required", challenge);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ScimAuthenticationException("Malformed Basic credentials", challenge);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new ScimAuthenticationException("Malformed Basic credentials", challenge);
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String expectedUser = config.username() == null ? "" : config.username();
        boolean userOk = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), expectedUser.getBytes(StandardCharsets.UTF_8));
        String cacheKey = "B:" + decoded;
        if (userOk && cache.isVerified(config.organizationId(), config.version(), cacheKey)) {
            return new ScimClient(AuthType.EXTERNAL_BASIC, expectedUser);
        }
        attempt.admit();
        // Always run the hash, so a wrong user name costs as much as a wrong password.
        boolean passwordOk = attempt.verify(password, stored.getPasswordHash());
        if (!userOk || !passwordOk) {
            throw new ScimAuthenticationException("Invalid user name or password", challenge);
        }
        cache.markVerified(config.organizationId(), config.version(), cacheKey);
        return new ScimClient(AuthType.EXTERNAL_BASIC, expectedUser);
    }

    private ScimClient externalJwt(KeycloakSession session, ScimConfig config, String token, String challenge)
            throws ScimAuthenticationException {
        try {
            String subject = jwt.verify(session, config, token);
            return new ScimClient(AuthType.EXTERNAL_JWT, subject == null ? config.issuer() : subject);
        } catch (VerificationException e) {
            throw new ScimAuthenticationException("Invalid bearer token: " + e.getMessage(), invalid(challenge));
        }
    }

    private ScimClient keycloak(KeycloakSession session, RealmModel realm, ScimConfig config, String token, String challenge)
            throws ScimAuthenticationException {
        AuthenticationManager.AuthResult result;
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session)
                    .setRealm(realm)
                    .setUriInfo(session.getContext().getUri())
                    .setConnection(session.getContext().getConnection())
                    .setHeaders(session.getContext().getRequestHeaders())
                    .setTokenString(token)
                    .authenticate();
        } catch (RuntimeException e) {
            result = null;
        }
        if (result == null) {
            throw new ScimAuthenticationException("Invalid bearer token", invalid(challenge));
        }
        AccessToken accessToken = result.token();
        ClientModel client = realm.getClientByClientId(config.clientId());
        if (client == null || client.isPublicClient() || !config.clientId().equals(accessToken.getIssuedFor())) {
            throw new ScimAuthenticationException("Token was not issued to the configured client", invalid(challenge));
        }
        return new ScimClient(AuthType.KEYCLOAK, config.clientId());
    }

    private static String bearer(String header, String challenge) throws ScimAuthenticationException {
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new ScimAuthenticationException("Bearer token required", challenge);
        }
        return header.substring(7).trim();
    }

    private static String challenge(AuthType type, RealmModel realm, ScimConfig config) {
        String name = realm.getName() + "/organizations/" + config.organizationId();
        return type == AuthType.EXTERNAL_BASIC
                ? "Basic realm=\"" + name + "\", charset=\"UTF-8\""
                : "Bearer realm=\"" + name + "\"";
    }

    private static String invalid(String challenge) {
        return challenge + ", error=\"invalid_token\"";
    }
}
