package dev.tenancy.orgs.governance;

import java.util.List;

import jakarta.persistence.EntityManager;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.tenancy.orgs.api.ChangeCause;
import dev.tenancy.orgs.jpa.OrgRoleStore;

/**
 * Closing a review: a conditional {@code UPDATE … WHERE status = 'OPEN'} lets exactly one caller
 * (a person or the due-date job on any node) close it; that caller applies every {@code REVOKE}
 * and, for undecided items, the default, in the same transaction, with the events of a revocation.
 */
final class Reviews {

    private Reviews() {
    }

    /** Closes the review if it is open; false when someone else already did. */
    static boolean close(KeycloakSession session, RealmModel realm, EntityManager em, OrgRoleStore roles, OrganizationModel org,
                         ReviewEntity review, String closedBy) {
        long now = System.currentTimeMillis();
        int won = em.createNamedQuery("tnc.govReview.closeIfOpen").setParameter("id", review.getId()).setParameter("now", now)
                .setParameter("by", closedBy).executeUpdate();
        if (won != 1) {
            return false;
        }
        em.refresh(review);
        Object previous = session.getAttribute(ChangeCause.ATTRIBUTE);
        session.setAttribute(ChangeCause.ATTRIBUTE, ChangeCause.REVIEW);
        try {
            String actor = "review:" + review.getId();
            Grants grants = new Grants(session, realm, em, roles);
            List<ReviewItemEntity> items = em.createNamedQuery("tnc.govReviewItem.byReview", ReviewItemEntity.class)
                    .setParameter("reviewId", review.getId()).getResultList();
            for (ReviewItemEntity item : items) {
                String decision = "PENDING".equals(item.getDecision()) ? review.getDefaultDecision() : item.getDecision();
                if (!"REVOKE".equals(decision)) {
                    item.setOutcome("KEPT");
                    continue;
                }
                UserModel user = session.users().getUserById(realm, item.getUserId());
                boolean revoked = false;
                if (user != null) {
                    if (Grants.ROLE.equals(item.getKind())) {
                        revoked = grants.revokeRole(org, item.getTarget(), user.getId(), () -> SystemEvents.of(session, realm, org.getId(), actor));
                    } else {
                        GroupModel g = Grants.organizationGroup(session, realm, org, item.getTarget());
                        revoked = g != null && grants.revokeGroup(org, g, user, () -> SystemEvents.of(session, realm, org.getId(), actor));
                    }
                }
                item.setOutcome(revoked ? "REVOKED" : "GONE");
                item.setAppliedAt(now);
            }
        } finally {
            if (previous == null) {
                session.removeAttribute(ChangeCause.ATTRIBUTE);
            } else {
                session.setAttribute(ChangeCause.ATTRIBUTE, previous);
            }
        }
        return true;
    }
}
