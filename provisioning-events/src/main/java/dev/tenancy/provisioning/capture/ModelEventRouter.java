package dev.tenancy.provisioning.capture;


import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

import dev.tenancy.orgs.api.OrganizationRoleChangedEvent;
import dev.tenancy.provisioning.ProvisioningProvider;

/** Keycloak's model events (raised inside the changing transaction, whatever the path) → touched users. */
final class ModelEventRouter implements ProviderEventListener {

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof OrganizationModel.OrganizationMemberJoinEvent e) {
            organization(e, true);
        } else if (event instanceof OrganizationModel.OrganizationMemberLeaveEvent e) {
            organization(e, false);
        } else if (event instanceof UserModel.UserPreRemovedEvent e) {
            KeycloakSession session = e.getKeycloakSession();
            ChangeCollector.of(session).ifPresent(c -> c.touch(e.getRealm().getId(), e.getUser().getId(), Cause.ofRequest(session))
                    .beforeRemoval(safeRead(session, e.getRealm(), e.getUser())));
        } else if (event instanceof UserModel.UserRemovedEvent e) {
            touch(e.getKeycloakSession(), e.getRealm(), e.getUser());
        } else if (event instanceof GroupModel.GroupMemberJoinEvent e) {
            touch(e.getKeycloakSession(), e.getRealm(), e.getUser());
        } else if (event instanceof GroupModel.GroupMemberLeaveEvent e) {
            touch(e.getKeycloakSession(), e.getRealm(), e.getUser());
        } else if (event instanceof RoleModel.RoleGrantedEvent e) {
            touch(e.getKeycloakSession(), e.getRealm(), e.getUser());
        } else if (event instanceof RoleModel.RoleRevokedEvent e) {
            touch(e.getKeycloakSession(), e.getRealm(), e.getUser());
        } else if (event instanceof OrganizationRoleChangedEvent e) {
            KeycloakSession session = e.getKeycloakSession();
            ChangeCollector.of(session).ifPresent(c -> c.touch(e.realm().getId(), e.userId(), Cause.ofRequest(session)));
        } else if (event instanceof RealmModel.RealmRemovedEvent e) {
            realmRemoved(e.getKeycloakSession(), e.getRealm());
        }
    }

    private static void organization(OrganizationModel.OrganizationMembershipEvent e, boolean joined) {
        KeycloakSession session = e.getSession();
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || e.getUser() == null) {
            return;
        }
        ChangeCollector.of(session).ifPresent(c -> {
            ChangeCollector.Touch touch = c.touch(realm.getId(), e.getUser().getId(), Cause.ofRequest(session));
            if (joined) {
                touch.joined(e.getOrganization().getId(), e.getOrganization().getAlias());
            } else {
                touch.left(e.getOrganization().getId(), e.getOrganization().getAlias());
            }
        });
    }

    private static void touch(KeycloakSession session, RealmModel realm, UserModel user) {
        if (session == null || realm == null || user == null) {
            return;
        }
        ChangeCollector.of(session).ifPresent(c -> c.touch(realm.getId(), user.getId(), Cause.ofRequest(session)));
    }

    /** The user's state just before removal, for a leaver of a user without a snapshot; null when no one listens. */
    private static UserState safeRead(KeycloakSession session, RealmModel realm, UserModel user) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        long subscriptions = em.createNamedQuery("tncPeCountSubscriptionsByRealm", Long.class)
                .setParameter("realmId", realm.getId()).getSingleResult();
        if (subscriptions == 0) {
            return null;
        }
        ProvisioningProvider runtime = session.getProvider(ProvisioningProvider.class);
        return UserStateReader.read(session, realm, user, TrackedFields.of(realm, runtime.config()));
    }

    /** A removed realm takes its subscriptions, outbox and snapshots with it, in the same transaction. */
    private static void realmRemoved(KeycloakSession session, RealmModel realm) {
        ChangeCollector.of(session).ifPresent(c -> c.realmRemoved(realm.getId()));
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        for (String query : new String[] {"tncPeDeleteDeliveriesByRealm", "tncPeDeleteEventsByRealm",
                "tncPeDeleteSnapshotsByRealm", "tncPeDeleteSubscriptionsByRealm"}) {
            em.createNamedQuery(query).setParameter("realmId", realm.getId()).executeUpdate();
        }
    }
}
