package dev.tenancy.orgs.api;

import java.time.Instant;

/** What one organization's SCIM client knows of one of its native organization groups. */
public record GroupLink(
        String organizationId,
        String groupId,
        String externalId,
        long version,
        Instant created,
        Instant lastModified) {

    public GroupLink withExternalId(String value) {
        return new GroupLink(organizationId, groupId, value, version, created, lastModified);
    }
}
