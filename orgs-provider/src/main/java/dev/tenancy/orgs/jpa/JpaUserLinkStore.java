package dev.tenancy.orgs.jpa;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;

import dev.tenancy.orgs.api.LinkPaths;
import dev.tenancy.orgs.api.UserLink;
import dev.tenancy.orgs.api.UserLinkStore;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** User links in {@code TNC_SCIM_USER_LINK}. */
public final class JpaUserLinkStore implements UserLinkStore {

    private final EntityManager em;

    public JpaUserLinkStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<UserLink> get(RealmModel realm, String organizationId, String userId) {
        return entity(organizationId, userId).map(JpaUserLinkStore::toLink);
    }

    @Override
    public Optional<UserLink> findByExternalId(RealmModel realm, String organizationId, String externalId) {
        if (externalId == null) {
            return Optional.empty();
        }
        return em.createNamedQuery("tnc.userLink.byExternalId", UserLinkEntity.class)
                .setParameter("orgId", organizationId).setParameter("externalId", externalId)
                .getResultStream().findFirst().map(JpaUserLinkStore::toLink);
    }

    @Override
    public UserLink save(RealmModel realm, UserLink link) {
        if (link.externalId() != null) {
            findByExternalId(realm, link.organizationId(), link.externalId())
                    .filter(other -> !other.userId().equals(link.userId()))
                    .ifPresent(other -> {
                        throw new ModelDuplicateException("externalId is already used in this organization");
                    });
        }
        long now = System.currentTimeMillis();
        UserLinkEntity e = entity(link.organizationId(), link.userId()).orElseGet(() -> {
            UserLinkEntity created = new UserLinkEntity();
            created.setId(KeycloakModelUtils.generateId());
            created.setRealmId(realm.getId());
            created.setOrganizationId(link.organizationId());
            created.setUserId(link.userId());
            created.setCreated(link.created() == null ? now : link.created().toEpochMilli());
            em.persist(created);
            return created;
        });
        e.setExternalId(link.externalId());
        e.setUserName(link.userName());
        e.setProvisioned(link.provisioned());
        e.setVersion(e.getVersion() + 1);
        e.setLastModified(Math.max(now, e.getLastModified() + 1));
        flush("externalId is already used in this organization");
        return toLink(e);
    }

    @Override
    public UserLink touch(RealmModel realm, String organizationId, String userId) {
        UserLink current = get(realm, organizationId, userId)
                .orElse(new UserLink(organizationId, userId, null, null, false, 0, null, null));
        return save(realm, current);
    }

    @Override
    public void remove(RealmModel realm, String organizationId, String userId) {
        em.createNamedQuery("tnc.userLink.delete").setParameter("orgId", organizationId).setParameter("userId", userId).executeUpdate();
    }

    public void deleteUser(String userId) {
        em.createNamedQuery("tnc.userLink.deleteByUser").setParameter("userId", userId).executeUpdate();
    }

    public void deleteOrganization(String organizationId) {
        em.createNamedQuery("tnc.userLink.deleteByOrg").setParameter("orgId", organizationId).executeUpdate();
    }

    public void deleteRealm(String realmId) {
        em.createNamedQuery("tnc.userLink.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }

    @Override
    public LinkPaths leftJoin(CriteriaBuilder cb, From<?, ?> from, Expression<String> userId, String organizationId) {
        Join<?, UserLinkEntity> link = from.join(UserLinkEntity.class, JoinType.LEFT);
        link.on(cb.equal(link.get("userId"), userId), cb.equal(link.get("organizationId"), organizationId));
        return new Paths(link, true);
    }

    public long countProvisioned(String organizationId) {
        return em.createNamedQuery("tnc.userLink.countProvisioned", Long.class).setParameter("orgId", organizationId).getSingleResult();
    }

    private Optional<UserLinkEntity> entity(String organizationId, String userId) {
        return em.createNamedQuery("tnc.userLink.get", UserLinkEntity.class)
                .setParameter("orgId", organizationId).setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    private void flush(String duplicateMessage) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            throw new ModelDuplicateException(duplicateMessage, e);
        }
    }

    private static UserLink toLink(UserLinkEntity e) {
        return new UserLink(e.getOrganizationId(), e.getUserId(), e.getExternalId(), e.getUserName(), e.isProvisioned(),
                e.getVersion(), Instant.ofEpochMilli(e.getCreated()), Instant.ofEpochMilli(e.getLastModified()));
    }

    /** Column expressions of a joined link (user or group). */
    record Paths(Join<?, ?> link, boolean user) implements LinkPaths {

        @Override
        public Expression<String> externalId() {
            return link.get("externalId");
        }

        @Override
        public Expression<String> userName() {
            return user ? link.get("userName") : null;
        }

        @Override
        public Expression<Long> version() {
            return link.get("version");
        }

        @Override
        public Expression<Long> created() {
            return link.get("created");
        }

        @Override
        public Expression<Long> lastModified() {
            return link.get("lastModified");
        }
    }
}
