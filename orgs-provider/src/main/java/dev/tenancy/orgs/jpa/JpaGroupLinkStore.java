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

import dev.tenancy.orgs.api.GroupLink;
import dev.tenancy.orgs.api.GroupLinkStore;
import dev.tenancy.orgs.api.LinkPaths;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Group links in {@code TNC_SCIM_GROUP_LINK}. */
public final class JpaGroupLinkStore implements GroupLinkStore {

    private final EntityManager em;

    public JpaGroupLinkStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<GroupLink> get(RealmModel realm, String organizationId, String groupId) {
        return entity(organizationId, groupId).map(JpaGroupLinkStore::toLink);
    }

    @Override
    public Optional<GroupLink> findByExternalId(RealmModel realm, String organizationId, String externalId) {
        if (externalId == null) {
            return Optional.empty();
        }
        return em.createNamedQuery("tnc.groupLink.byExternalId", GroupLinkEntity.class)
                .setParameter("orgId", organizationId).setParameter("externalId", externalId)
                .getResultStream().findFirst().map(JpaGroupLinkStore::toLink);
    }

    @Override
    public GroupLink save(RealmModel realm, GroupLink link) {
        if (link.externalId() != null) {
            findByExternalId(realm, link.organizationId(), link.externalId())
                    .filter(other -> !other.groupId().equals(link.groupId()))
                    .ifPresent(other -> {
                        throw new ModelDuplicateException("externalId is already used in this organization");
                    });
        }
        long now = System.currentTimeMillis();
        GroupLinkEntity e = entity(link.organizationId(), link.groupId()).orElseGet(() -> {
            GroupLinkEntity created = new GroupLinkEntity();
            created.setId(KeycloakModelUtils.generateId());
            created.setRealmId(realm.getId());
            created.setOrganizationId(link.organizationId());
            created.setGroupId(link.groupId());
            created.setCreated(link.created() == null ? now : link.created().toEpochMilli());
            em.persist(created);
            return created;
        });
        e.setExternalId(link.externalId());
        e.setVersion(e.getVersion() + 1);
        e.setLastModified(Math.max(now, e.getLastModified() + 1));
        try {
            em.flush();
        } catch (PersistenceException ex) {
            throw new ModelDuplicateException("externalId is already used in this organization", ex);
        }
        return toLink(e);
    }

    @Override
    public GroupLink touch(RealmModel realm, String organizationId, String groupId) {
        GroupLink current = get(realm, organizationId, groupId)
                .orElse(new GroupLink(organizationId, groupId, null, 0, null, null));
        return save(realm, current);
    }

    @Override
    public void remove(RealmModel realm, String organizationId, String groupId) {
        em.createNamedQuery("tnc.groupLink.delete").setParameter("orgId", organizationId).setParameter("groupId", groupId).executeUpdate();
    }

    public void deleteGroup(String groupId) {
        em.createNamedQuery("tnc.groupLink.deleteByGroup").setParameter("groupId", groupId).executeUpdate();
    }

    public void deleteOrganization(String organizationId) {
        em.createNamedQuery("tnc.groupLink.deleteByOrg").setParameter("orgId", organizationId).executeUpdate();
    }

    public void deleteRealm(String realmId) {
        em.createNamedQuery("tnc.groupLink.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }

    @Override
    public LinkPaths leftJoin(CriteriaBuilder cb, From<?, ?> from, Expression<String> groupId, String organizationId) {
        Join<?, GroupLinkEntity> link = from.join(GroupLinkEntity.class, JoinType.LEFT);
        link.on(cb.equal(link.get("groupId"), groupId), cb.equal(link.get("organizationId"), organizationId));
        return new JpaUserLinkStore.Paths(link, false);
    }

    private Optional<GroupLinkEntity> entity(String organizationId, String groupId) {
        return em.createNamedQuery("tnc.groupLink.get", GroupLinkEntity.class)
                .setParameter("orgId", organizationId).setParameter("groupId", groupId)
                .getResultStream().findFirst();
    }

    private static GroupLink toLink(GroupLinkEntity e) {
        return new GroupLink(e.getOrganizationId(), e.getGroupId(), e.getExternalId(), e.getVersion(),
                Instant.ofEpochMilli(e.getCreated()), Instant.ofEpochMilli(e.getLastModified()));
    }
}
