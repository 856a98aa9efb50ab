package dev.tenancy.orgs.governance;

import java.util.Set;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

/**
 * Per session: writes every admin event into the audit trail of the organizations it concerns, and
 * re-evaluates access rules for the member a user event or admin event changed (attributes from the
 * admin API and console, SCIM, the account console, identity-provider logins). Group and
 * organization membership changes are handled by {@link GovernanceModelListener}.
 */
final class GovernanceListener implements EventListenerProvider {

    private static final Set<EventType> CHANGES_USER = Set.of(EventType.UPDATE_PROFILE, EventType.UPDATE_EMAIL, EventType.REGISTER,
            EventType.IDENTITY_PROVIDER_FIRST_LOGIN, EventType.IDENTITY_PROVIDER_LOGIN, EventType.VERIFY_PROFILE,
            EventType.FEDERATED_IDENTITY_LINK, EventType.IDENTITY_PROVIDER_LINK_ACCOUNT);

    private final KeycloakSession session;

    GovernanceListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getError() != null || event.getUserId() == null || event.getRealmId() == null) {
            return;
        }
        if (AuditTrail.records(event)) {
            if (active()) {
                AuditTrail.record(session, em(), event);
            } else {
                KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
                        s -> AuditTrail.record(s, s.getProvider(JpaConnectionProvider.class).getEntityManager(), event));
            }
        }
        boolean idpLogin = event.getType() == EventType.LOGIN && event.getDetails() != null
                && event.getDetails().containsKey("identity_provider");
        if (CHANGES_USER.contains(event.getType()) || idpLogin) {
            evaluate(event.getRealmId(), event.getUserId());
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getError() != null || event.getRealmId() == null || event.getResourcePath() == null || !active()) {
            return;
        }
        AuditTrail.record(session, em(), event);
        String[] path = event.getResourcePath().split("/");
        if (event.getOperationType() == OperationType.DELETE && path.length <= 2) {
            return;
        }
        if (path.length >= 2 && "users".equals(path[0])) {
            evaluate(event.getRealmId(), path[1]);
        } else if (path.length == 4 && "organizations".equals(path[0]) && "members".equals(path[2])) {
            evaluate(event.getRealmId(), path[3]);
        }
    }

    private boolean active() {
        return session.getTransactionManager() != null && session.getTransactionManager().isActive();
    }

    private void evaluate(String realmId, String userId) {
        if (!active() || RuleEngine.applying(session)) {
            return;
        }
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || !realm.isOrganizationsEnabled()) {
            return;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        evaluate(session, realm, user);
    }

    /** Applies the rules of every organization the user belongs to. */
    static void evaluate(KeycloakSession session, RealmModel realm, UserModel user) {
        RealmModel previous = session.getContext().getRealm();
        if (previous == null || !previous.getId().equals(realm.getId())) {
            session.getContext().setRealm(realm);
        }
        RuleEngine engine = new RuleEngine(session, realm);
        for (OrganizationModel org : session.getProvider(OrganizationProvider.class).getByMember(user).toList()) {
            engine.applyToMember(org, user);
        }
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public void close() {
    }
}
