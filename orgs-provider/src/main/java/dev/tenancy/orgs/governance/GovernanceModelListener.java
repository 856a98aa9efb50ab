package dev.tenancy.orgs.governance;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Keycloak's model events, raised inside the changing transaction whatever the path: joining an
 * organization or one of its groups re-evaluates the member's rules; leaving, and removals, drop
 * what governance stored of them.
 */
final class GovernanceModelListener implements ProviderEventListener {

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof OrganizationModel.OrganizationMemberJoinEvent e) {
            RealmModel realm = e.getSession().getContext().getRealm();
            if (realm != null && e.getUser() != null && e.getSession().getContext().getAuthenticationSession() != null) {
                AuditTrail.recordLoginJoin(em(e.getSession()), realm, e.getOrganization(), e.getUser());
            }
            if (realm != null && e.getUser() != null && !RuleEngine.applying(e.getSession())) {
                new RuleEngine(e.getSession(), realm).apply(e.getOrganization(), e.getUser());
            }
        } else if (event instanceof OrganizationModel.OrganizationMemberLeaveEvent e) {
            EntityManager em = em(e.getSession());
            String orgId = e.getOrganization().getId();
            String userId = e.getUser().getId();
            for (String q : new String[] {"tnc.govRuleGrant.deleteByUser", "tnc.govGroupGrant.deleteByUser"}) {
                em.createNamedQuery(q).setParameter("orgId", orgId).setParameter("userId", userId).executeUpdate();
            }
        } else if (event instanceof GroupModel.GroupMemberJoinEvent e) {
            RuleEngine.membershipChanged(e.getKeycloakSession(), e.getUser().getId(), e.getGroup().getId(), true);
            scimJoined(e.getKeycloakSession(), e.getRealm(), e.getGroup(), e.getUser());
            groupChanged(e.getKeycloakSession(), e.getRealm(), e.getGroup(), e.getUser());
        } else if (event instanceof GroupModel.GroupMemberLeaveEvent e) {
            RuleEngine.membershipChanged(e.getKeycloakSession(), e.getUser().getId(), e.getGroup().getId(), false);
            groupChanged(e.getKeycloakSession(), e.getRealm(), e.getGroup(), e.getUser());
            if (!RuleEngine.applying(e.getKeycloakSession()) && e.getGroup().getType() == GroupModel.Type.ORGANIZATION) {
                em(e.getKeycloakSession()).createNamedQuery("tnc.govGroupGrant.get", GroupGrantEntity.class)
                        .setParameter("groupId", e.getGroup().getId()).setParameter("userId", e.getUser().getId())
                        .getResultStream().forEach(em(e.getKeycloakSession())::remove);
            }
        } else if (event instanceof UserModel.UserPreRemovedEvent e) {
            AuditTrail.rememberOrganizations(e.getKeycloakSession(), e.getUser());
        } else if (event instanceof UserModel.UserRemovedEvent e) {
            EntityManager em = em(e.getKeycloakSession());
            for (String q : new String[] {"tnc.govRuleGrant.deleteByAnyUser", "tnc.govGroupGrant.deleteByAnyUser", "tnc.govRequest.deleteByAnyUser"}) {
                em.createNamedQuery(q).setParameter("userId", e.getUser().getId()).executeUpdate();
            }
        } else if (event instanceof GroupModel.GroupRemovedEvent e) {
            em(e.getKeycloakSession()).createNamedQuery("tnc.govGroupGrant.deleteByGroup").setParameter("groupId", e.getGroup().getId()).executeUpdate();
        } else if (event instanceof OrganizationModel.OrganizationRemovedEvent e) {
            EntityManager em = em(e.getKeycloakSession());
            for (String q : new String[] {"tnc.govRuleGrant.deleteByOrg", "tnc.govGroupGrant.deleteByOrg", "tnc.govRequest.deleteByOrg",
                    "tnc.govRule.deleteByOrg", "tnc.govAudit.deleteByOrg", "tnc.govReviewItem.deleteByOrg", "tnc.govReview.deleteByOrg"}) {
                em.createNamedQuery(q).setParameter("orgId", e.getOrganization().getId()).executeUpdate();
            }
        } else if (event instanceof RealmModel.RealmRemovedEvent e) {
            EntityManager em = em(e.getKeycloakSession());
            for (String q : new String[] {"tnc.govRuleGrant.deleteByRealm", "tnc.govGroupGrant.deleteByRealm", "tnc.govRequest.deleteByRealm",
                    "tnc.govRule.deleteByRealm", "tnc.govAudit.deleteByRealm", "tnc.govReviewItem.deleteByRealm", "tnc.govReview.deleteByRealm"}) {
                em.createNamedQuery(q).setParameter("realmId", e.getRealm().getId()).executeUpdate();
            }
        }
    }

    private static void groupChanged(KeycloakSession session, RealmModel realm, GroupModel group, UserModel user) {
        if (session == null || realm == null || user == null || RuleEngine.applying(session)
                || group.getType() != GroupModel.Type.ORGANIZATION || group.getOrganization() == null) {
            return;
        }
        new RuleEngine(session, realm).apply(group.getOrganization(), user);
    }

    /**
     * A member a SCIM client put into an organization group: the membership is noted as
     * {@code grantedBy "scim"} (the governance listings' source of a grant), unless it already has a
     * row of its own (a rule's, a person's, a request's).
     */
    private static void scimJoined(KeycloakSession session, RealmModel realm, GroupModel group, UserModel user) {
        if (session == null || realm == null || user == null || RuleEngine.applying(session)
                || group.getType() != GroupModel.Type.ORGANIZATION || group.getParentId() == null // the hidden root: membership itself
                || group.getOrganization() == null || !scimRequest(session)) {
            return;
        }
        EntityManager em = em(session);
        boolean noted = em.createNamedQuery("tnc.govGroupGrant.get", GroupGrantEntity.class)
                .setParameter("groupId", group.getId()).setParameter("userId", user.getId()).getResultStream().findAny().isPresent();
        if (!noted) {
            Grants.newGroupGrant(em, realm.getId(), group.getOrganization().getId(), group.getId(), user.getId()).setGrantedBy("scim");
        }
    }

    /** Whether this session serves an organization SCIM request (or one of its {@code /Bulk} workers). */
    static boolean scimRequest(KeycloakSession session) {
        try {
            return session.getContext().getHttpRequest() != null && session.getContext().getUri() != null
                    && session.getContext().getUri().getRequestUri().getPath().contains("/scim/v2/organizations/");
        } catch (RuntimeException e) {
            return false; // no HTTP request in this session (a background task)
        }
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
