package dev.tenancy.orgs.governance;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.internal.OrgRoles;
import dev.tenancy.orgs.jpa.OrgRoleStore;

/**
 * {@code /realms/{realm}/orgs/{orgId}/groups/{groupId}/members}: organization-group memberships with
 * {@code grantedBy} and {@code expiresAt}. Callers: realm administrators and {@code manage-members}
 * ({@code view-members} reads).
 */
public final class OrgGroupMembersResource extends GovernanceResource {

    private final Grants grants;

    public OrgGroupMembersResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller,
                                   OrgRoleStore roles, AdminEventBuilder events) {
        super(session, realm, org, caller, roles, events);
        this.grants = new Grants(session, realm, em, roles);
    }

    @GET
    @Path("{groupId}/members")
    @Produces(MediaType.APPLICATION_JSON)
    public Response members(@PathParam("groupId") String groupId, @QueryParam("first") @DefaultValue("0") int first,
                            @QueryParam("max") @DefaultValue("100") int max) {
        return guard(() -> {
        requireView();
        GroupModel group = group(groupId);
        return Rest.ok(session.users().getGroupMembersStream(realm, group, Math.max(0, first), Math.max(0, Math.min(max, 1000)))
                .map(u -> {
                    var g = grants.groupGrant(group.getId(), u.getId());
                    Map<String, Object> rep = new LinkedHashMap<>();
                    rep.put("id", u.getId());
                    rep.put("username", u.getUsername());
                    rep.put("email", u.getEmail());
                    rep.put("grantedBy", g.map(GroupGrantEntity::getGrantedBy).orElse(null));
                    rep.put("expiresAt", Times.iso(g.map(GroupGrantEntity::getExpiresAt).orElse(null)));
                    return rep;
                }).toList());
        });
    }

    @PUT
    @Path("{groupId}/members/{userId}")
    public Response add(@PathParam("groupId") String groupId, @PathParam("userId") String userId, String body) {
        return guard(() -> {
            requireManage();
            GroupModel group = group(groupId);
            requireMayChange(group);
            JsonNode json = Rest.optionalObject(body);
            String exp = Rest.text(json, "expiresAt", "expiresAt");
            Long expiresAt = exp == null ? null : BadInput.checked(() -> Times.expiresAt(exp, "expiresAt", System.currentTimeMillis()));
            UserModel user = member(userId);
            grants.grantGroup(org, group, user, RoleGrantOptions.grantedBy(caller), expiresAt, () -> events);
            return Response.noContent().build();
        });
    }

    @DELETE
    @Path("{groupId}/members/{userId}")
    public Response remove(@PathParam("groupId") String groupId, @PathParam("userId") String userId) {
        return guard(() -> {
            requireManage();
            GroupModel group = group(groupId);
            requireMayChange(group);
            UserModel user = member(userId);
            grants.revokeGroup(org, group, user, () -> events);
            return Response.noContent().build();
        });
    }

    private GroupModel group(String groupId) {
        GroupModel g = Grants.organizationGroup(session, realm, org, groupId);
        if (g == null) {
            throw ApiError.notFound("Group not found");
        }
        return g;
    }

    private UserModel member(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null || !session.getProvider(OrganizationProvider.class).isMember(org, user)) {
            throw ApiError.badRequest("userId", "The user is not a member of this organization");
        }
        return user;
    }

    private void requireView() {
        if (!(Rest.realmAdmin(caller) || caller.canViewRealm() || Rest.has(caller, org, OrgRoles.VIEW_MEMBERS)
                || Rest.has(caller, org, OrgRoles.MANAGE_MEMBERS))) {
            throw ApiError.forbidden();
        }
    }

    /** A group that carries administrative roles is given and taken only by realm administrators (the trust model). */
    private void requireMayChange(GroupModel group) {
        if (!Rest.realmAdmin(caller) && dev.tenancy.orgs.internal.PrivilegedAccounts.isPrivileged(realm, group)) {
            throw ApiError.forbidden();
        }
    }

    private void requireManage() {
        if (!(Rest.realmAdmin(caller) || Rest.has(caller, org, OrgRoles.MANAGE_MEMBERS))) {
            throw ApiError.forbidden();
        }
    }
}
