package dev.tenancy.provisioning.apps;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.storage.StorageId;

/**
 * Whether a user is a member of an organization, as Keycloak's {@code OrganizationProvider.isMember}
 * answers it, at the cost of one indexed row lookup. Keycloak 26.7's {@code JpaOrganizationProvider}
 * answers {@code isMember} by loading the user again ({@code getMemberById}), listing every organization
 * whose internal group holds a membership row of the user ({@code getByMember}, filtered by the caller's
 * fine-grained admin permissions when there is a caller) and comparing. The membership is the row of the
 * user in the organization's internal group — the same for managed and unmanaged members (managed is the
 * identity-provider link, not a different membership) and not inherited from the organization's
 * subgroups, which is why this is not {@code user.isMemberOf(internalGroup)} (that counts subgroups).
 * A user of a user-storage provider has its rows in the federated membership table; for such a user this
 * defers to Keycloak.
 */
final class OrgMembership {

    private OrgMembership() {
    }

    static boolean isMember(KeycloakSession session, RealmModel realm, String organizationId, String userId) {
        if (organizationId == null || userId == null) {
            return false;
        }
        if (!StorageId.isLocalStorage(userId)) {
            OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
            OrganizationModel org = orgs == null ? null : orgs.getById(organizationId);
            UserModel user = Committed.user(session, realm, userId);
            return org != null && user != null && orgs.isMember(org, user);
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        return !em.createQuery("select m.groupId from UserGroupMembershipEntity m, OrganizationEntity o"
                        + " where o.id = :orgId and o.realmId = :realmId and m.groupId = o.groupId and m.user.id = :userId",
                        String.class)
                .setParameter("orgId", organizationId).setParameter("realmId", realm.getId()).setParameter("userId", userId)
                .setMaxResults(1).getResultList().isEmpty();
    }
}
