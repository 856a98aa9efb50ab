package dev.tenancy.orgs.jpa;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;

import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.orgs.api.LinkPaths;

/**
 * What user and group links have in common: one row per organization and target (user or group),
 * an {@code externalId} unique within the organization, a version and timestamps bumped on save.
 */
abstract class LinkStoreBase<E extends LinkEntity> {

    private static final String DUPLICATE = "externalId is already used in this organization";

    protected final EntityManager em;
    private final Class<E> type;
    private final String queries;
    private final String targetField;
    private final Supplier<E> factory;

    LinkStoreBase(EntityManager em, Class<E> type, String queries, String targetField, Supplier<E> factory) {
        this.em = em;
        this.type = type;
        this.queries = queries;
        this.targetField = targetField;
        this.factory = factory;
    }

    Optional<E> entity(String organizationId, String targetId) {
        return em.createNamedQuery(queries + ".get", type)
                .setParameter("orgId", organizationId).setParameter("targetId", targetId)
                .getResultStream().findFirst();
    }

    Optional<E> entityByExternalId(String organizationId, String externalId) {
        if (externalId == null) {
            return Optional.empty();
        }
        return em.createNamedQuery(queries + ".byExternalId", type)
                .setParameter("orgId", organizationId).setParameter("externalId", externalId)
                .getResultStream().findFirst();
    }

    /**
     * Creates or updates the link of {@code targetId}, applies {@code fields}, bumps version and
     * last-modified, and flushes so that a concurrent duplicate surfaces here as a 409.
     */
    E upsert(RealmModel realm, String organizationId, String targetId, String externalId, Instant created, Consumer<E> fields) {
        return upsert(realm, organizationId, targetId, externalId, created, true, fields);
    }

    /** As above; {@code checkExternalId} false when the caller has just looked the externalId up itself. */
    E upsert(RealmModel realm, String organizationId, String targetId, String externalId, Instant created, boolean checkExternalId,
             Consumer<E> fields) {
        if (checkExternalId) {
            entityByExternalId(organizationId, externalId)
                    .filter(other -> !other.getTargetId().equals(targetId))
                    .ifPresent(other -> {
                        throw new ModelDuplicateException(DUPLICATE);
                    });
        }
        long now = System.currentTimeMillis();
        E e = entity(organizationId, targetId).orElseGet(() -> persistNew(realm, organizationId, targetId, created == null ? now : created.toEpochMilli()));
        e.setExternalId(externalId);
        fields.accept(e);
        e.setVersion(e.getVersion() + 1);
        e.setLastModified(Math.max(now, e.getLastModified() + 1));
        flush();
        return e;
    }

    /** A new link of a target that has none, the externalId's uniqueness already checked by the caller; flushed. */
    E insertNew(RealmModel realm, String organizationId, String targetId, String externalId, Consumer<E> fields) {
        long now = System.currentTimeMillis();
        E e = persistNew(realm, organizationId, targetId, now);
        e.setExternalId(externalId);
        fields.accept(e);
        e.setVersion(1);
        e.setLastModified(now);
        flush();
        return e;
    }

    private E persistNew(RealmModel realm, String organizationId, String targetId, long created) {
        E fresh = factory.get();
        fresh.setId(KeycloakModelUtils.generateId());
        fresh.setRealmId(realm.getId());
        fresh.setOrganizationId(organizationId);
        fresh.setTargetId(targetId);
        fresh.setCreated(created);
        em.persist(fresh);
        return fresh;
    }

    /**
     * Bumps version and last-modified of the target's link in one {@code UPDATE} (so concurrent
     * writers never lose an increment), creating an unprovisioned link when there is none.
     */
    E bump(RealmModel realm, String organizationId, String targetId) {
        int updated = em.createQuery("update " + type.getSimpleName() + " l set l.version = l.version + 1, l.lastModified = :now"
                        + " where l.organizationId = :orgId and l." + targetField + " = :targetId")
                .setParameter("now", System.currentTimeMillis())
                .setParameter("orgId", organizationId).setParameter("targetId", targetId)
                .executeUpdate();
        if (updated == 0) {
            return upsert(realm, organizationId, targetId, null, null, e -> { });
        }
        E e = entity(organizationId, targetId).orElseThrow();
        em.refresh(e);
        return e;
    }

    /**
     * Flushes, so that a duplicate surfaces in this call: Keycloak's entity manager turns a unique
     * constraint violation into a {@link ModelDuplicateException} by its SQL state, not by message.
     */
    private void flush() {
        em.flush();
    }

    void delete(String organizationId, String targetId) {
        em.createNamedQuery(queries + ".delete").setParameter("orgId", organizationId).setParameter("targetId", targetId).executeUpdate();
    }

    public void deleteOrganization(String organizationId) {
        em.createNamedQuery(queries + ".deleteByOrg").setParameter("orgId", organizationId).executeUpdate();
    }

    public void deleteRealm(String realmId) {
        em.createNamedQuery(queries + ".deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }

    LinkPaths join(CriteriaBuilder cb, From<?, ?> from, Expression<String> targetId, String organizationId, boolean user) {
        Join<?, E> link = from.join(type, JoinType.LEFT);
        link.on(cb.equal(link.get(targetField), targetId), cb.equal(link.get("organizationId"), organizationId));
        return new Paths(link, user);
    }

    /** Column expressions of a joined link. */
    private record Paths(Join<?, ?> link, boolean user) implements LinkPaths {

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
