package dev.tenancy.orgs.auth;

import jakarta.ws.rs.WebApplicationException;

import org.keycloak.Config;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;

import dev.tenancy.orgs.api.ApiError;

/**
 * Authenticates the bearer token of an admin REST request: a token of the realm itself (realm
 * administrators and organization members) or of the master realm (master administrators), the same
 * two issuers Keycloak's own admin API accepts.
 */
public final class CallerAuthenticator {

    private CallerAuthenticator() {
    }

    public static AdminAuth authenticate(KeycloakSession session, RealmModel realm) {
        KeycloakContext context = session.getContext();
        String token = AppAuthManager.extractAuthorizationHeaderToken(context.getRequestHeaders());
        if (token == null) {
            throw unauthorized();
        }
        String issuer;
        try {
            issuer = new JWSInput(token).readJsonContent(JsonWebToken.class).getIssuer();
        } catch (JWSInputException | RuntimeException e) {
            throw unauthorized();
        }
        if (issuer == null) {
            throw unauthorized();
        }
        String realmName = issuer.substring(issuer.lastIndexOf('/') + 1);
        RealmModel tokenRealm;
        if (realmName.equals(realm.getName())) {
            tokenRealm = realm;
        } else if (realmName.equals(Config.getAdminRealm())) {
            tokenRealm = session.realms().getRealmByName(realmName);
        } else {
            tokenRealm = null;
        }
        if (tokenRealm == null) {
            throw unauthorized();
        }
        AuthenticationManager.AuthResult result;
        context.setRealm(tokenRealm);
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session)
                    .setRealm(tokenRealm)
                    .setUriInfo(context.getUri())
                    .setConnection(context.getConnection())
                    .setHeaders(context.getRequestHeaders())
                    .setTokenString(token)
                    .authenticate();
        } catch (RuntimeException e) {
            result = null;
        } finally {
            context.setRealm(realm);
        }
        if (result == null) {
            throw unauthorized();
        }
        return new AdminAuth(tokenRealm, result.token(), result.user(), result.client());
    }

    private static WebApplicationException unauthorized() {
        return ApiError.unauthorized();
    }
}
