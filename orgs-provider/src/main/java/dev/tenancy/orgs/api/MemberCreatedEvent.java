package dev.tenancy.orgs.api;

import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Published on the session factory by code that has just created a user account (a new id, in this
 * transaction) and made it a member of one organization, once the membership and the custom
 * organization roles it grants are written: the account's whole organization state, which the
 * publisher knows without reading it. Event capture takes it instead of reading the organization,
 * its groups and its roles back at commit; any later organization change of the account in the same
 * transaction (a role, a group, another membership, raised as its own event) makes capture read again.
 *
 * @param roles the custom organization roles the account holds in the organization (no group is held)
 */
public record MemberCreatedEvent(
        KeycloakSession session,
        RealmModel realm,
        String userId,
        String organizationId,
        String organizationAlias,
        Set<String> roles) implements ProviderEvent {

    public MemberCreatedEvent {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    @Override
    public KeycloakSession getKeycloakSession() {
        return session;
    }
}
