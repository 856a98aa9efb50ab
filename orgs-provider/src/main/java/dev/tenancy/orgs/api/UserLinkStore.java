package dev.tenancy.orgs.api;

import java.util.Optional;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;

import org.keycloak.models.RealmModel;

/** Reads and writes one organization's user links. All methods join the caller's transaction. */
public interface UserLinkStore {

    Optional<UserLink> get(RealmModel realm, String organizationId, String userId);

    Optional<UserLink> findByExternalId(RealmModel realm, String organizationId, String externalId);

    /**
     * Inserts or updates the link; bumps {@code version} and {@code lastModified}.
     *
     * @throws org.keycloak.models.ModelDuplicateException when another user of the organization
     *                                                     already has that {@code externalId}, or a
     *                                                     provisioned link makes a second owner
     */
    UserLink save(RealmModel realm, UserLink link);

    /**
     * As {@link #save}, without its {@code externalId} look-up: the caller has just looked the
     * {@code externalId} up in this transaction and freed or refused it. Flushes, so that a concurrent
     * duplicate still surfaces here (the database's unique key).
     *
     * @throws org.keycloak.models.ModelDuplicateException on a unique-constraint violation
     */
    UserLink saveClaimed(RealmModel realm, UserLink link);

    /**
     * Inserts the link of an account that has none (one the caller has just created), without the
     * look-ups {@link #save} makes: the caller has established that no other link holds the
     * {@code externalId}. Flushes, so that a concurrent duplicate still surfaces here.
     *
     * @throws org.keycloak.models.ModelDuplicateException on a unique-constraint violation
     */
    UserLink insert(RealmModel realm, UserLink link);

    /** Bumps {@code version} and {@code lastModified} of an existing link, or creates an unprovisioned one. */
    UserLink touch(RealmModel realm, String organizationId, String userId);

    void remove(RealmModel realm, String organizationId, String userId);

    /**
     * The organization that owns the account (its SCIM created or adopted it), if any: at most one,
     * whether or not the account is still a member of it. Ownership ends when the account is deleted.
     */
    Optional<String> owner(RealmModel realm, String userId);

    /** Removes the organization's link of the user unless that organization owns the account (membership ended). */
    void removeUnlessOwner(RealmModel realm, String organizationId, String userId);

    /**
     * Left-joins this organization's link of the user whose id is {@code userId} onto {@code from}.
     */
    LinkPaths leftJoin(CriteriaBuilder cb, From<?, ?> from, Expression<String> userId, String organizationId);
}
