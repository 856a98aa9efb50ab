package dev.tenancy.provisioning.capture;

import java.util.List;

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

import dev.tenancy.orgs.api.MemberCreatedEvent;
import dev.tenancy.orgs.api.OrganizationRoleChangedEvent;

/** Keycloak's model events (raised inside the changing transaction, whatever the path) → touched users. */
final class ModelEventRouter implements ProviderEventListener {

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof OrganizationModel.OrganizationMemberJoinEvent e) {
            organization(e, true);
        } else if (event instanceof OrganizationModel.OrganizationMemberLeaveEvent e) {
            organization(e, false);
        } else if (event instanceof UserModel.UserPreRemovedEvent e) {
            touch(e.getKeycloakSession(), e.getRealm(), e.getUser(), UserStateReader.ALL);
        } else if (event instanceof UserModel.UserRemovedEvent e) {
            touch(e.getKeycloakSession(), e.getRealm(), e.getUser(), UserStateReader.ALL);
        } else if (event instanceof GroupModel.GroupMemberJoinEvent e) {
            membership(e.getKeycloakSession(), e.getRealm(), e.getGroup(), e.getUser(), GroupChange.MEMBER_ADDED);
        } else if (event instanceof GroupModel.GroupMemberLeaveEvent e) {
            membership(e.getKeycloakSession(), e.getRealm(), e.getGroup(), e.getUser(), GroupChange.MEMBER_REMOVED);
        } else if (event instanceof GroupModel.GroupCreatedEvent e) {
            group(e, GroupChange.CREATED, null);
        } else if (event instanceof GroupModel.GroupUpdatedEvent e) {
            group(e, GroupChange.UPDATED, null);
        } else if (event instanceof GroupModel.GroupPathChangeEvent e) {
            group(e, GroupChange.UPDATED, null);
        } else if (event instanceof GroupModel.GroupRemovedEvent e) {
            group(e, GroupChange.DELETED, e.getGroup() == null ? null : GroupViews.of(e.getGroup()));
        } else if (event instanceof RoleModel.RoleGrantedEvent e) {
            touch(e.getKeycloakSession(), e.getRealm(), e.getUser(), UserStateReader.ROLES);
        } else if (event instanceof RoleModel.RoleRevokedEvent e) {
            touch(e.getKeycloakSession(), e.getRealm(), e.getUser(), UserStateReader.ROLES);
        } else if (event instanceof OrganizationRoleChangedEvent e) {
            KeycloakSession session = e.getKeycloakSession();
            ChangeCollector.of(session).ifPresent(c -> c.touch(e.realm().getId(), e.userId(), Cause.ofRequest(session))
                    .scope(UserStateReader.ORGS));
        } else if (event instanceof MemberCreatedEvent e) {
            KeycloakSession session = e.getKeycloakSession();
            ChangeCollector.of(session).ifPresent(c -> c.touch(e.realm().getId(), e.userId(), Cause.ofRequest(session))
                    .createdMember(e.organizationId(), new UserState.Membership(e.organizationAlias(), List.copyOf(e.roles()), List.of())));
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
            ChangeCollector.Touch touch = c.touch(realm.getId(), e.getUser().getId(), Cause.ofRequest(session))
                    .scope(UserStateReader.ORGS);
            if (joined) {
                touch.joined(e.getOrganization().getId(), e.getOrganization().getAlias());
            } else {
                touch.left(e.getOrganization().getId(), e.getOrganization().getAlias());
            }
        });
    }

    private static void touch(KeycloakSession session, RealmModel realm, UserModel user, int scope) {
        if (session == null || realm == null || user == null) {
            return;
        }
        ChangeCollector.of(session).ifPresent(c -> c.touch(realm.getId(), user.getId(), Cause.ofRequest(session)).scope(scope));
    }

    /** A group membership: a group event (unless it is an organization's hidden root group) and a touched user. */
    private static void membership(KeycloakSession session, RealmModel realm, GroupModel group, UserModel user, String kind) {
        if (session == null || realm == null || group == null || user == null) {
            return;
        }
        boolean organizationGroup = group.getType() == GroupModel.Type.ORGANIZATION;
        if (!GroupViews.isOrganizationRoot(group)) {
            ChangeCollector.of(session).ifPresent(c -> c.group(realm.getId(), new GroupChange(kind, group.getId(),
                    GroupViews.of(group), GroupViews.member(user), Cause.ofRequest(session), 0)));
        }
        touch(session, realm, user, organizationGroup ? UserStateReader.ORGS : UserStateReader.GROUPS);
    }

    private static void group(GroupModel.GroupEvent e, String kind, GroupChange.GroupView view) {
        KeycloakSession session = e.getKeycloakSession();
        GroupModel group = e.getGroup();
        if (session == null || e.getRealm() == null || group == null || GroupViews.isOrganizationRoot(group)) {
            return;
        }
        ChangeCollector.of(session).ifPresent(c -> c.group(e.getRealm().getId(),
                new GroupChange(kind, group.getId(), view, null, Cause.ofRequest(session), 0)));
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
