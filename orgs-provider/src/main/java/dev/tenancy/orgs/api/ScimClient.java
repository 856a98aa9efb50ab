package dev.tenancy.orgs.api;

/**
 * Who a SCIM request came from, once its credential has been verified.
 *
 * @param authType the organization's authentication mode
 * @param name     a name for audit: the Keycloak client id, the Basic user name, the JWT subject,
 *                 or {@code "shared-secret"}
 */
public record ScimClient(AuthType authType, String name) {
}
