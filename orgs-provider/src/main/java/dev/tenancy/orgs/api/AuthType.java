package dev.tenancy.orgs.api;

/** How a SCIM client of one organization authenticates. */
public enum AuthType {
    /** A bearer access token issued by this realm to one confidential client ({@code azp}). */
    KEYCLOAK,
    /** A bearer JWT signed by a key from a JWKS URI, with a fixed issuer and audience. */
    EXTERNAL_JWT,
    /** {@code Authorization: Bearer <shared secret>}. */
    EXTERNAL_SECRET,
    /** HTTP Basic with a fixed user name and password. */
    EXTERNAL_BASIC
}
