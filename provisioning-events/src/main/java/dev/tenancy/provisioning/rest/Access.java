package dev.tenancy.provisioning.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.provisioning.store.SubscriptionEntity;

/**
 * Who may do what: realm administrators everything ({@code view-realm} or {@code manage-users} read);
 * members of an organization holding {@code manage-provisioning} (or {@code view-provisioning} to read)
 * that organization's subscriptions only. Anything else of the realm is 404 to them.
 */
public final class Access {

    static final String MANAGE = "manage-provisioning";
    static final String VIEW = "view-provisioning";

    private final KeycloakSession session;
    private final Caller caller;

    Access(KeycloakSession session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }

    boolean realmAdmin() {
        return caller.canManageRealm();
    }

    boolean canRead(SubscriptionEntity s) {
        return canRead(s.getOrganizationId());
    }

    /** Realm administrators read everything; delegates only what belongs to their organization. */
    public boolean canRead(String org) {
        if (caller.canManageRealm() || caller.canViewRealm()) {
            return true;
        }
        return org != null && (caller.hasOrganizationRole(org, MANAGE) || caller.hasOrganizationRole(org, VIEW));
    }

    boolean canWrite(SubscriptionEntity s) {
        return canWrite(s.getOrganizationId());
    }

    public boolean canWrite(String organizationId) {
        return caller.canManageRealm() || (organizationId != null && caller.hasOrganizationRole(organizationId, MANAGE));
    }

    /** 403 unless the caller may read at least some subscription of this realm. */
    public void requireAnyRead() {
        if (caller.canManageRealm() || caller.canViewRealm()) {
            return;
        }
        UserModel user = caller.user();
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        if (user != null && orgs != null && caller.realm().isOrganizationsEnabled()
                && orgs.getByMember(user).map(OrganizationModel::getId)
                        .anyMatch(id -> caller.hasOrganizationRole(id, MANAGE) || caller.hasOrganizationRole(id, VIEW))) {
            return;
        }
        throw ApiError.forbidden();
    }

    /** The subscription when the caller may read it; 404 otherwise (never revealing that it exists). */
    SubscriptionEntity readable(java.util.Optional<SubscriptionEntity> s) {
        if (s.isEmpty() || !canRead(s.get())) {
            throw ApiError.notFound("Subscription not found");
        }
        return s.get();
    }

    /** The subscription when the caller may change it: 404 when it may not even read it, else 403. */
    SubscriptionEntity writable(java.util.Optional<SubscriptionEntity> s) {
        SubscriptionEntity found = readable(s);
        if (!canWrite(found)) {
            throw ApiError.forbidden();
        }
        return found;
    }
}
