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

/** Checks a SCIM request's {@code Authorization} header against one organization's configuration. */
public final class ScimAuthenticator {

    private final VerificationCache cache;
    private final JwtVerifier jwt;

    public ScimAuthenticator(VerificationCache cache, JwksCache jwks) {
        this.cache = cache;
        this.jwt = new JwtVerifier(jwks);
    }

    public ScimClient authenticate(KeycloakSession session, RealmModel realm, ScimConfig config, ScimConfigEntity stored,
                                   String header) throws ScimAuthenticationException {
        AuthType type = config.authType();
        String challenge = challenge(type, realm, config);
        if (header == null || header.isBlank()) {
            throw new ScimAuthenticationException("Authentication required", challenge);
        }
        return switch (type) {
            case EXTERNAL_SECRET -> secret(config, stored, bearer(header, challenge), challenge);
            case EXTERNAL_BASIC -> basic(config, stored, header, challenge);
            case EXTERNAL_JWT -> externalJwt(session, config, bearer(header, challenge), challenge);
            case KEYCLOAK -> keycloak(session, realm, config, bearer(header, challenge), challenge);
        };
    }

    private ScimClient secret(ScimConfig config, ScimConfigEntity stored, String token, String challenge)
            throws ScimAuthenticationException {
        if (cache.isVerified(config.organizationId(), config.version(), "S:" + token)) {
            return new ScimClient(AuthType.EXTERNAL_SECRET, "shared-secret");
        }
        boolean ok = Argon2id.verify(token, stored.getSecretHash());
        if (!ok && stored.getPreviousSecretHash() != null && stored.getPreviousSecretExpires() != null
                && stored.getPreviousSecretExpires() > System.currentTimeMillis()) {
            ok = Argon2id.verify(token, stored.getPreviousSecretHash());
        }
        if (!ok) {
            throw new ScimAuthenticationException("Invalid bearer token", invalid(challenge));
        }
        cache.markVerified(config.organizationId(), config.version(), "S:" + token);
        return new ScimClient(AuthType.EXTERNAL_SECRET, "shared-secret");
    }

    private ScimClient basic(ScimConfig config, ScimConfigEntity stored, String header, String challenge)
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
        // Always run the hash, so a wrong user name costs as much as a wrong password.
        boolean passwordOk = Argon2id.verify(password, stored.getPasswordHash());
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
