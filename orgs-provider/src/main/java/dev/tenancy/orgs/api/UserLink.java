package dev.tenancy.orgs.api;

import java.time.Instant;

/**
 * What one organization's SCIM client knows of one user.
 *
 * @param userName    the {@code userName} exactly as the client sent it (Keycloak lowercases usernames)
 * @param provisioned whether this organization owns the account: its SCIM created or adopted it, as
 *                    opposed to an existing member it merely sees. At most one organization owns an
 *                    account; the owning link survives the end of the membership.
 * @param version     increases on every change made through this organization's SCIM; the ETag
 */
public record UserLink(
        String organizationId,
        String userId,
        String externalId,
        String userName,
        boolean provisioned,
        long version,
        Instant created,
        Instant lastModified) {

    public UserLink withExternalId(String value) {
        return new UserLink(organizationId, userId, value, userName, provisioned, version, created, lastModified);
    }

    public UserLink withUserName(String value) {
        return new UserLink(organizationId, userId, externalId, value, provisioned, version, created, lastModified);
    }

    public UserLink withProvisioned(boolean value) {
        return new UserLink(organizationId, userId, externalId, userName, value, version, created, lastModified);
    }
}
