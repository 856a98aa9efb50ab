package dev.tenancy.orgs.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.models.ClientModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.AuthType;
import dev.tenancy.orgs.api.Deprovision;
import dev.tenancy.orgs.auth.Argon2id;
import dev.tenancy.orgs.auth.Secrets;
import dev.tenancy.orgs.jpa.ScimConfigEntity;
import dev.tenancy.orgs.net.AddressPolicy;

/**
 * A {@code POST} or {@code PUT} body of {@code …/orgs/{orgId}/scim}, validated in full before
 * anything is written, so that a bad request changes nothing.
 */
final class ScimConfigRequest {

    private final boolean enabled;
    private final AuthType type;
    private final String clientId;
    private final String issuer;
    private final String audience;
    private final String jwksUri;
    private final String secret;
    private final String username;
    private final String password;
    private final boolean emailAsUsername;
    private final String identityProvider;
    private final Deprovision deprovision;
    private final boolean adoptExistingUsers;
    /** Whether the body names these fields at all: left out of a PUT, they keep the stored values. */
    private final boolean identityProviderGiven;
    private final boolean adoptExistingUsersGiven;

    private ScimConfigRequest(JsonNode body) {
        Boolean en = Json.bool(body, "enabled", "enabled");
        enabled = en == null || en;
        JsonNode auth = Json.object(body, "auth", "auth");
        if (auth == null) {
            throw ApiError.badRequest("auth", "auth is required");
        }
        String t = Json.text(auth, "type", "auth.type");
        if (t == null || t.isBlank()) {
            throw ApiError.badRequest("auth.type", "auth.type is required: one of " + Arrays.toString(AuthType.values()));
        }
        try {
            type = AuthType.valueOf(t.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("auth.type", "auth.type must be one of " + Arrays.toString(AuthType.values()));
        }
        clientId = trim(Json.text(auth, "clientId", "auth.clientId"));
        issuer = trim(Json.text(auth, "issuer", "auth.issuer"));
        audience = trim(Json.text(auth, "audience", "auth.audience"));
        jwksUri = trim(Json.text(auth, "jwksUri", "auth.jwksUri"));
        secret = emptyToNull(Json.text(auth, "secret", "auth.secret"));
        username = trim(Json.text(auth, "username", "auth.username"));
        password = emptyToNull(Json.text(auth, "password", "auth.password"));
        Boolean eau = Json.bool(body, "emailAsUsername", "emailAsUsername");
        emailAsUsername = eau != null && eau;
        identityProvider = trim(Json.text(body, "identityProvider", "identityProvider"));
        String d = Json.text(body, "deprovision", "deprovision");
        try {
            deprovision = d == null ? Deprovision.DISABLE : Deprovision.valueOf(d.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("deprovision", "deprovision must be one of " + Arrays.toString(Deprovision.values()));
        }
        Boolean adopt = Json.bool(body, "adoptExistingUsers", "adoptExistingUsers");
        adoptExistingUsers = adopt != null && adopt;
        identityProviderGiven = body.has("identityProvider");
        adoptExistingUsersGiven = body.has("adoptExistingUsers");
    }

    /**
     * Whether the request would change a setting only realm administrators may change
     * ({@code adoptExistingUsers}, {@code identityProvider}) from what is stored (or, for a new
     * configuration, from the defaults).
     */
    boolean changesRealmAdminSettings(ScimConfigEntity existing) {
        String storedIdp = existing == null ? null : existing.getIdentityProvider();
        boolean storedAdopt = existing != null && existing.isAdoptExistingUsers();
        return (identityProviderGiven && !java.util.Objects.equals(identityProvider, storedIdp))
                || (adoptExistingUsersGiven && adoptExistingUsers != storedAdopt);
    }

    static ScimConfigRequest parse(String body) {
        return new ScimConfigRequest(Json.object(body));
    }

    /** Checks the fields against the realm and, for a PUT, what is stored. */
    void validate(RealmModel realm, OrganizationModel org, ScimConfigEntity existing, AddressPolicy addresses) {
        switch (type) {
            case KEYCLOAK -> {
                require(clientId, "auth.clientId", "KEYCLOAK");
                ClientModel client = realm.getClientByClientId(clientId);
                if (client == null) {
                    throw ApiError.badRequest("auth.clientId", "auth.clientId: no client '" + clientId + "' in this realm");
                }
                if (client.isPublicClient() || client.isBearerOnly()) {
                    throw ApiError.badRequest("auth.clientId", "auth.clientId must name a confidential client");
                }
            }
            case EXTERNAL_JWT -> {
                require(issuer, "auth.issuer", "EXTERNAL_JWT");
                require(audience, "auth.audience", "EXTERNAL_JWT");
                require(jwksUri, "auth.jwksUri", "EXTERNAL_JWT");
                requireHttpUrl(jwksUri, "auth.jwksUri");
                addresses.refusal(jwksUri).ifPresent(reason -> {
                    throw ApiError.badRequest("auth.jwksUri", "auth.jwksUri: " + reason);
                });
            }
            case EXTERNAL_SECRET -> {
                // a missing secret is generated
            }
            case EXTERNAL_BASIC -> {
                require(username, "auth.username", "EXTERNAL_BASIC");
                boolean sameType = existing != null && type.name().equals(existing.getAuthType());
                if (password == null && (!sameType || existing.getPasswordHash() == null)) {
                    throw ApiError.badRequest("auth.password", "auth.password is required for EXTERNAL_BASIC");
                }
                if (username.length() > 255) {
                    throw ApiError.badRequest("auth.username", "auth.username is longer than 255 characters");
                }
            }
        }
        if (clientId != null && clientId.length() > 255) {
            throw ApiError.badRequest("auth.clientId", "auth.clientId is longer than 255 characters");
        }
        for (String[] f : new String[][] {{issuer, "auth.issuer"}, {audience, "auth.audience"}, {jwksUri, "auth.jwksUri"}}) {
            if (f[0] != null && f[0].length() > 2048) {
                throw ApiError.badRequest(f[1], f[1] + " is longer than 2048 characters");
            }
        }
        if (identityProvider != null && org.getIdentityProviders().noneMatch(idp -> idp.getAlias().equals(identityProvider))) {
            throw ApiError.badRequest("identityProvider", "identityProvider must be the alias of an identity provider linked to this organization");
        }
    }

    /**
     * Writes the request onto the entity; returns a newly generated secret (to show once) or null.
     */
    String applyTo(ScimConfigEntity e) {
        boolean fresh = e.getAuthType() == null;
        if (!fresh && !type.name().equals(e.getAuthType())) {
            // A new auth type revokes every credential of the previous one: switching back never revives it.
            e.setSecretHash(null);
            e.setPreviousSecretHash(null);
            e.setPreviousSecretExpires(null);
            e.setPasswordHash(null);
        }
        e.setEnabled(enabled);
        e.setAuthType(type.name());
        e.setClientId(type == AuthType.KEYCLOAK ? clientId : null);
        e.setIssuer(type == AuthType.EXTERNAL_JWT ? issuer : null);
        e.setAudience(type == AuthType.EXTERNAL_JWT ? audience : null);
        e.setJwksUri(type == AuthType.EXTERNAL_JWT ? jwksUri : null);
        e.setUsername(type == AuthType.EXTERNAL_BASIC ? username : null);
        String generated = null;
        if (secret != null) {
            e.setSecretHash(Argon2id.hash(secret));
            e.setPreviousSecretHash(null);
            e.setPreviousSecretExpires(null);
        } else if (type == AuthType.EXTERNAL_SECRET && e.getSecretHash() == null) {
            generated = Secrets.generate();
            e.setSecretHash(Argon2id.hash(generated));
        }
        if (type != AuthType.EXTERNAL_SECRET) {
            e.setSecretHash(null);
            e.setPreviousSecretHash(null);
            e.setPreviousSecretExpires(null);
        }
        if (type != AuthType.EXTERNAL_BASIC) {
            e.setPasswordHash(null);
        } else if (password != null) {
            e.setPasswordHash(Argon2id.hash(password));
        }
        e.setEmailAsUsername(emailAsUsername);
        if (identityProviderGiven || fresh) {
            e.setIdentityProvider(identityProvider);
        }
        e.setDeprovision(deprovision.name());
        if (adoptExistingUsersGiven || fresh) {
            e.setAdoptExistingUsers(adoptExistingUsers);
        }
        return generated;
    }

    private static void require(String value, String field, String type) {
        if (value == null || value.isEmpty()) {
            throw ApiError.badRequest(field, field + " is required for " + type);
        }
    }

    private static void requireHttpUrl(String value, String field) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw ApiError.badRequest(field, field + " must be an http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw ApiError.badRequest(field, field + " must be an http(s) URL");
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim().isEmpty() ? null : s.trim();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
