package dev.tenancy.orgs.internal;

import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
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
final class PrivilegedAccounts {

    private static final String MASTER = "master";

    private PrivilegedAccounts() {
    }

    static boolean isPrivileged(RealmModel realm, UserModel user) {
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
