package dev.tenancy.orgs.api;

import java.time.Instant;

/**
 * One organization's SCIM configuration as other modules see it: never a secret, never a hash.
 *
 * @param version increases on every change; credential caches key on it
 */
public record ScimConfig(
        String organizationId,
        String realmId,
        boolean enabled,
        AuthType authType,
        String clientId,
        String issuer,
        String audience,
        String jwksUri,
        boolean secretSet,
        String username,
        boolean passwordSet,
        boolean emailAsUsername,
        String identityProvider,
        Deprovision deprovision,
        boolean adoptExistingUsers,
        long version,
        Instant created,
        Instant lastModified,
        Instant lastRequestAt) {
}
