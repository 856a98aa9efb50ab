package dev.tenancy.orgs.api;

import java.util.Optional;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;

import org.keycloak.models.RealmModel;

/** Reads and writes one organization's group links. All methods join the caller's transaction. */
public interface GroupLinkStore {

    Optional<GroupLink> get(RealmModel realm, String organizationId, String groupId);

    Optional<GroupLink> findByExternalId(RealmModel realm, String organizationId, String externalId);

    /** Inserts or updates; bumps {@code version} and {@code lastModified}. */
    GroupLink save(RealmModel realm, GroupLink link);

    /** Bumps {@code version} and {@code lastModified}, creating the link when there is none. */
    GroupLink touch(RealmModel realm, String organizationId, String groupId);

    void remove(RealmModel realm, String organizationId, String groupId);

    LinkPaths leftJoin(CriteriaBuilder cb, From<?, ?> from, Expression<String> groupId, String organizationId);
}
