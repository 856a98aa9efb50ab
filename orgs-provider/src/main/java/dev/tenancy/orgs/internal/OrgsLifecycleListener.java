package dev.tenancy.orgs.internal;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

import dev.tenancy.orgs.api.OrganizationRoleChangedEvent;
import dev.tenancy.orgs.api.TenancyOrgsProvider;

/**
 * Keeps our rows in step with Keycloak's model, inside the transaction that changes it: deleting an
 * organization, a user, a group or a realm removes what we stored of it; leaving an organization
 * drops the member's organization roles and SCIM link, except the link of the organization that owns
 * the account (ownership outlives the membership, so the organization can provision it again).
 */
final class OrgsLifecycleListener implements ProviderEventListener {

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof OrganizationModel.OrganizationRemovedEvent e) {
            organizationRemoved(e.getKeycloakSession(), e.getOrganization());
        } else if (event instanceof OrganizationModel.OrganizationMemberLeaveEvent e) {
            memberLeft(e.getSession(), e.getOrganization(), e.getUser());
        } else if (event instanceof UserModel.UserRemovedEvent e) {
            DefaultTenancyOrgsProvider p = provider(e.getKeycloakSession());
            p.roles().deleteUser(e.getUser().getId());
            p.userLinks().deleteUser(e.getUser().getId());
        } else if (event instanceof GroupModel.GroupRemovedEvent e) {
            provider(e.getKeycloakSession()).groupLinks().deleteGroup(e.getGroup().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent e) {
            DefaultTenancyOrgsProvider p = provider(e.getKeycloakSession());
            String realmId = e.getRealm().getId();
            p.configs().deleteRealm(realmId);
            p.roles().deleteRealm(realmId);
            p.userLinks().deleteRealm(realmId);
            p.groupLinks().deleteRealm(realmId);
            p.setupLinks().deleteRealm(realmId);
            p.exchanges().deleteRealm(realmId);
        }
    }

    private static void organizationRemoved(KeycloakSession session, OrganizationModel org) {
        DefaultTenancyOrgsProvider p = provider(session);
        p.configs().deleteOrganization(org.getId());
        p.roles().deleteOrganization(org.getId());
        p.userLinks().deleteOrganization(org.getId());
        p.groupLinks().deleteOrganization(org.getId());
        p.setupLinks().deleteOrganization(org.getId());
        p.exchanges().deleteOrganization(org.getId());
        p.factory().configurationChanged();
    }

    private static void memberLeft(KeycloakSession session, OrganizationModel org, UserModel user) {
        DefaultTenancyOrgsProvider p = provider(session);
        RealmModel realm = session.getContext().getRealm();
        for (String role : p.roles().revokeAll(org.getId(), user.getId())) {
            session.getKeycloakSessionFactory().publish(
                    new OrganizationRoleChangedEvent(session, realm, org.getId(), user.getId(), role, false));
        }
        p.userLinks().removeUnlessOwner(realm, org.getId(), user.getId());
    }

    private static DefaultTenancyOrgsProvider provider(KeycloakSession session) {
        return (DefaultTenancyOrgsProvider) session.getProvider(TenancyOrgsProvider.class);
    }
}
