package dev.tenancy.orgs.setup;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Admin events for what happens through a setup link, whose holder has no Keycloak account: the
 * event carries the realm and the client address but no user or client, and names the link in its
 * resource path ({@code organizations/{orgId}/setup-links/{linkId}/…}) and its {@code setup_link}
 * detail. Keycloak's builder stores and dispatches it like any other admin event.
 */
final class PageEvents extends AdminEventBuilder {

    private PageEvents(RealmModel realm, KeycloakSession session) {
        super(realm, new AdminAuth(realm, null, null, null), session, session.getContext().getConnection());
    }

    static AdminEventBuilder of(KeycloakSession session, RealmModel realm, SetupLinkEntity link, String action) {
        return new PageEvents(realm, session)
                .resourcePath("organizations", link.getOrganizationId(), "setup-links", link.getId(), action)
                .detail("setup_link", link.getId())
                .detail("organization_id", link.getOrganizationId());
    }

    @Override
    public AdminEventBuilder authClient(ClientModel client) {
        return client == null ? this : super.authClient(client);
    }

    @Override
    public AdminEventBuilder authUser(UserModel user) {
        return user == null ? this : super.authUser(user);
    }
}
