package dev.tenancy.orgs.internal;

import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * Recognises privileged accounts (the trust model's term): an account holding — directly, through
 * a group, or through a composite — any role of the realm's {@code realm-management} client, or,
 * in {@code master}, any administrator role ({@code admin}, {@code create-realm}, or a role of a
 * {@code <realm>-realm} client). Such accounts are never adopted, added by a delegate, or written by
 * an organization's SCIM.
 */
public final class PrivilegedAccounts {

    private static final String MASTER = "master";

    private PrivilegedAccounts() {
    }

    public static boolean isPrivileged(RealmModel realm, UserModel user) {
        if (user == null) {
            return false;
        }
        boolean master = MASTER.equals(realm.getName());
        for (RoleModel role : RoleUtils.getDeepUserRoleMappings(user)) {
            if (isAdministrative(realm, role, master)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether membership of {@code group} makes an account privileged: a role mapped on the group or on
     * one of its parents (composites expanded) is administrative, as above. Only realm administrators
     * give such a group, by hand, by an access rule or by approving a request.
     */
    public static boolean isPrivileged(RealmModel realm, GroupModel group) {
        boolean master = MASTER.equals(realm.getName());
        java.util.Set<RoleModel> mapped = new java.util.HashSet<>();
        for (GroupModel g = group; g != null; g = g.getParent()) {
            g.getRoleMappingsStream().forEach(mapped::add);
        }
        return RoleUtils.expandCompositeRoles(mapped).stream().anyMatch(role -> isAdministrative(realm, role, master));
    }

    private static boolean isAdministrative(RealmModel realm, RoleModel role, boolean master) {
        if (!role.isClientRole()) {
            return master && (AdminRoles.ADMIN.equals(role.getName()) || AdminRoles.CREATE_REALM.equals(role.getName()));
        }
        if (!(role.getContainer() instanceof ClientModel client)) {
            return false;
        }
        String clientId = client.getClientId();
        if (Constants.REALM_MANAGEMENT_CLIENT_ID.equals(clientId)) {
            return true;
        }
        return master && clientId != null && clientId.endsWith(AdminRoles.APP_SUFFIX);
    }
}
