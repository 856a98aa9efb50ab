package dev.tenancy.orgs.api;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Published on the session factory, inside the transaction that changes it, whenever a user gains
 * or loses an organization role (including when leaving the organization drops all of them).
 */
public record OrganizationRoleChangedEvent(
        KeycloakSession session,
        RealmModel realm,
        String organizationId,
        String userId,
        String role,
        boolean granted) implements ProviderEvent {

    @Override
    public KeycloakSession getKeycloakSession() {
        return session;
    }
}
