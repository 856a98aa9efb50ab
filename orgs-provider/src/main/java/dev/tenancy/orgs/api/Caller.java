package dev.tenancy.orgs.api;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * The authenticated caller of a Tenancy admin REST endpoint: a realm administrator (of this realm or
 * of the master realm) or a member of one of this realm's organizations holding organization roles.
 */
public interface Caller {

    /** The realm the endpoint belongs to. */
    RealmModel realm();

    /** The caller's identity, for admin events. */
    AdminAuth adminAuth();

    UserModel user();

    /** {@code manage-realm} of {@link #realm()}. */
    boolean canManageRealm();

    /** {@code manage-realm}, {@code view-realm} or {@code manage-users} of {@link #realm()}. */
    boolean canViewRealm();

    /** {@code manage-users} of {@link #realm()}. */
    boolean canManageUsers();

    /**
     * Whether the caller is a user of {@link #realm()}, a member of the organization, and holds the
     * organization role there. Always false for callers from another realm.
     */
    boolean hasOrganizationRole(String organizationId, String role);
}
