package dev.tenancy.orgs.jpa;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;

import org.keycloak.models.RealmModel;

import dev.tenancy.orgs.api.GroupLink;
import dev.tenancy.orgs.api.GroupLinkStore;
import dev.tenancy.orgs.api.LinkPaths;

/** Group links in {@code TNC_SCIM_GROUP_LINK}. */
public final class JpaGroupLinkStore extends LinkStoreBase<GroupLinkEntity> implements GroupLinkStore {

    public JpaGroupLinkStore(EntityManager em) {
        super(em, GroupLinkEntity.class, "tnc.groupLink", "groupId", GroupLinkEntity::new);
    }

    @Override
    public Optional<GroupLink> get(RealmModel realm, String organizationId, String groupId) {
        return entity(organizationId, groupId).map(JpaGroupLinkStore::toLink);
    }

    @Override
    public Optional<GroupLink> findByExternalId(RealmModel realm, String organizationId, String externalId) {
        return entityByExternalId(organizationId, externalId).map(JpaGroupLinkStore::toLink);
    }

    @Override
    public GroupLink save(RealmModel realm, GroupLink link) {
        return toLink(upsert(realm, link.organizationId(), link.groupId(), link.externalId(), link.created(), e -> { }));
    }

    @Override
    public GroupLink touch(RealmModel realm, String organizationId, String groupId) {
        return toLink(bump(realm, organizationId, groupId));
    }

    @Override
    public void remove(RealmModel realm, String organizationId, String groupId) {
        delete(organizationId, groupId);
    }

    @Override
    public LinkPaths leftJoin(CriteriaBuilder cb, From<?, ?> from, Expression<String> groupId, String organizationId) {
        return join(cb, from, groupId, organizationId, false);
    }

    public void deleteGroup(String groupId) {
        em.createNamedQuery("tnc.groupLink.deleteByGroup").setParameter("groupId", groupId).executeUpdate();
    }

    private static GroupLink toLink(GroupLinkEntity e) {
        return new GroupLink(e.getOrganizationId(), e.getGroupId(), e.getExternalId(), e.getVersion(),
                Instant.ofEpochMilli(e.getCreated()), Instant.ofEpochMilli(e.getLastModified()));
    }
}
