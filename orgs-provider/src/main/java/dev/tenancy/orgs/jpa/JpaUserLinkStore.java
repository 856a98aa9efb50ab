package dev.tenancy.orgs.jpa;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;

import org.keycloak.models.RealmModel;

import dev.tenancy.orgs.api.LinkPaths;
import dev.tenancy.orgs.api.UserLink;
import dev.tenancy.orgs.api.UserLinkStore;

/** User links in {@code TNC_SCIM_USER_LINK}. */
public final class JpaUserLinkStore extends LinkStoreBase<UserLinkEntity> implements UserLinkStore {

    public JpaUserLinkStore(EntityManager em) {
        super(em, UserLinkEntity.class, "tnc.userLink", "userId", UserLinkEntity::new);
    }

    @Override
    public Optional<UserLink> get(RealmModel realm, String organizationId, String userId) {
        return entity(organizationId, userId).map(JpaUserLinkStore::toLink);
    }

    @Override
    public Optional<UserLink> findByExternalId(RealmModel realm, String organizationId, String externalId) {
        return entityByExternalId(organizationId, externalId).map(JpaUserLinkStore::toLink);
    }

    @Override
    public UserLink save(RealmModel realm, UserLink link) {
        return toLink(upsert(realm, link.organizationId(), link.userId(), link.externalId(), link.created(), e -> {
            e.setUserName(link.userName());
            e.setProvisioned(link.provisioned());
        }));
    }

    @Override
    public UserLink saveClaimed(RealmModel realm, UserLink link) {
        return toLink(upsert(realm, link.organizationId(), link.userId(), link.externalId(), link.created(), false, e -> {
            e.setUserName(link.userName());
            e.setProvisioned(link.provisioned());
        }));
    }

    @Override
    public UserLink insert(RealmModel realm, UserLink link) {
        return toLink(insertNew(realm, link.organizationId(), link.userId(), link.externalId(), e -> {
            e.setUserName(link.userName());
            e.setProvisioned(link.provisioned());
        }));
    }

    @Override
    public UserLink touch(RealmModel realm, String organizationId, String userId) {
        return toLink(bump(realm, organizationId, userId));
    }

    @Override
    public void remove(RealmModel realm, String organizationId, String userId) {
        delete(organizationId, userId);
    }

    @Override
    public Optional<String> owner(RealmModel realm, String userId) {
        return em.createNamedQuery("tnc.userLink.owner", String.class).setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    @Override
    public void removeUnlessOwner(RealmModel realm, String organizationId, String userId) {
        em.createNamedQuery("tnc.userLink.deleteUnowned").setParameter("orgId", organizationId).setParameter("targetId", userId)
                .executeUpdate();
    }

    @Override
    public LinkPaths leftJoin(CriteriaBuilder cb, From<?, ?> from, Expression<String> userId, String organizationId) {
        return join(cb, from, userId, organizationId, true);
    }

    /**
     * The accounts this organization provisioned (its SCIM created or adopted them) that are its members
     * now: an owning link outlives the membership, so the link alone over-counts.
     */
    public long countProvisionedMembers(String organizationId, String membershipGroupId) {
        return em.createNamedQuery("tnc.userLink.countProvisionedMembers", Long.class).setParameter("orgId", organizationId)
                .setParameter("membershipGroupId", membershipGroupId).getSingleResult();
    }

    public void deleteUser(String userId) {
        em.createNamedQuery("tnc.userLink.deleteByUser").setParameter("userId", userId).executeUpdate();
    }

    private static UserLink toLink(UserLinkEntity e) {
        return new UserLink(e.getOrganizationId(), e.getUserId(), e.getExternalId(), e.getUserName(), e.isProvisioned(),
                e.getVersion(), Instant.ofEpochMilli(e.getCreated()), Instant.ofEpochMilli(e.getLastModified()));
    }
}
