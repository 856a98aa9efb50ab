package dev.tenancy.orgs.internal;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.jpa.OrgRoleStore;

final class DefaultCaller implements Caller {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAuth auth;
    private final OrgRoleStore roles;
    private AdminPermissionEvaluator permissions;

    DefaultCaller(KeycloakSession session, RealmModel realm, AdminAuth auth, OrgRoleStore roles) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.roles = roles;
    }

    @Override
    public RealmModel realm() {
        return realm;
    }

    @Override
    public AdminAuth adminAuth() {
        return auth;
    }

    @Override
    public UserModel user() {
        return auth.getUser();
    }

    @Override
    public boolean canManageRealm() {
        return permissions().realm().canManageRealm();
    }

    @Override
    public boolean canViewRealm() {
        return permissions().realm().canViewRealm() || permissions().users().canManage();
    }

    @Override
    public boolean canManageUsers() {
        return permissions().users().canManage();
    }

    @Override
    public boolean hasOrganizationRole(String organizationId, String role) {
        UserModel user = auth.getUser();
        if (user == null || !auth.getRealm().getId().equals(realm.getId())) {
            return false;
        }
        OrganizationModel org = session.getProvider(dev.tenancy.orgs.api.TenancyOrgsProvider.class).findOrganization(realm, organizationId);
        return org != null && org.isMember(user) && roles.holds(organizationId, role, user.getId());
    }

    private AdminPermissionEvaluator permissions() {
        if (permissions == null) {
            permissions = AdminPermissions.evaluator(session, realm, auth);
        }
        return permissions;
    }
}
