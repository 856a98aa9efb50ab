package dev.tenancy.orgs.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.api.OrganizationRoleChangedEvent;
import dev.tenancy.orgs.governance.RoleGrantOptions;
import dev.tenancy.orgs.internal.DefaultTenancyOrgsProvider;
import dev.tenancy.orgs.internal.OrgRoles;
import dev.tenancy.orgs.jpa.OrgRoleEntity;
import dev.tenancy.orgs.jpa.OrgRoleMemberEntity;
import dev.tenancy.orgs.jpa.OrgRoleStore;

/** {@code /realms/{realm}/orgs/{orgId}/roles}: the organization's roles and who holds them. */
public final class OrgRolesResource {

    private static final int MAX_NAME = 255;
    private static final int MAX_DESCRIPTION = 1024;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel org;
    private final Caller caller;
    private final OrgRoleStore roles;
    private final AdminEventBuilder events;

    OrgRolesResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller,
                     DefaultTenancyOrgsProvider orgs, AdminEventBuilder events) {
        this.session = session;
        this.realm = realm;
        this.org = org;
        this.caller = caller;
        this.roles = orgs.roles();
        this.events = events;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        return Errors.guard(session, () -> {
            requireView();
            List<Map<String, Object>> result = new ArrayList<>();
            OrgRoles.BUILT_IN.forEach(name -> result.add(builtIn(name)));
            roles.customRoles(org.getId()).forEach(r -> result.add(custom(r)));
            return Json.ok(result);
        });
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return Errors.guard(session, () -> {
            requireManage();
            JsonNode json = Json.object(body);
            String name = Json.text(json, "name", "name");
            String description = Json.text(json, "description", "description");
            validateName(name);
            validateDescription(description);
            if (OrgRoles.isBuiltIn(name) || roles.customRole(org.getId(), name).isPresent()) {
                throw ApiError.conflict("The organization already has a role named '" + name + "'");
            }
            OrgRoleEntity role = roles.createRole(realm, org.getId(), name, description);
            Map<String, Object> rep = custom(role);
            events.operation(OperationType.CREATE).resource(ResourceType.ORGANIZATION)
                    .resourcePath("organizations", org.getId(), "roles", name).representation(rep).success();
            return Json.with(Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(name).build()), rep);
        });
    }

    @GET
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("name") String name) {
        return Errors.guard(session, () -> {
            requireView();
            return Json.ok(OrgRoles.isBuiltIn(name) ? builtIn(name) : custom(customRole(name)));
        });
    }

    private OrgRoleEntity customRoleOrNull(String name) {
        return name == null || name.length() > MAX_NAME ? null : roles.customRole(org.getId(), name).orElse(null);
    }

    @PUT
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("name") String name, String body) {
        return Errors.guard(session, () -> {
            requireManage();
            JsonNode json = Json.object(body);
            String newName = Json.text(json, "name", "name");
            String description = Json.text(json, "description", "description");
            if (OrgRoles.isBuiltIn(name)) {
                throw ApiError.badRequest("name", "Built-in role '" + name + "' cannot be changed");
            }
            OrgRoleEntity role = customRole(name);
            if (newName != null && !newName.equals(name)) {
                throw ApiError.badRequest("name", "A role cannot be renamed; create a new role instead");
            }
            validateDescription(description);
            role.setDescription(description);
            Map<String, Object> rep = custom(role);
            events.operation(OperationType.UPDATE).resource(ResourceType.ORGANIZATION)
                    .resourcePath("organizations", org.getId(), "roles", name).representation(rep).success();
            return Json.ok(rep);
        });
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        return Errors.guard(session, () -> {
            requireManage();
            if (OrgRoles.isBuiltIn(name)) {
                throw ApiError.badRequest("name", "Built-in role '" + name + "' cannot be deleted");
            }
            OrgRoleEntity role = customRole(name);
            for (String userId : roles.deleteRole(role)) {
                publish(userId, name, false);
            }
            events.operation(OperationType.DELETE).resource(ResourceType.ORGANIZATION)
                    .resourcePath("organizations", org.getId(), "roles", name).success();
            return Response.noContent().build();
        });
    }

    @GET
    @Path("{name}/users")
    @Produces(MediaType.APPLICATION_JSON)
    public Response holders(@PathParam("name") String name,
                                             @QueryParam("first") @DefaultValue("0") int first,
                                             @QueryParam("max") @DefaultValue("100") int max) {
        return Errors.guard(session, () -> {
            requireView();
            requireRole(name);
            List<Map<String, Object>> result = new ArrayList<>();
            for (OrgRoleMemberEntity g : roles.grants(org.getId(), name, Math.max(0, first), Math.max(0, Math.min(max, 1000)))) {
                UserModel u = session.users().getUserById(realm, g.getUserId());
                if (u != null) {
                    Map<String, Object> rep = user(u);
                    RoleGrantOptions.describe(rep, g);
                    result.add(rep);
                }
            }
            return Json.ok(result);
        });
    }

    @PUT
    @Path("{name}/users/{userId}")
    public Response grant(@PathParam("name") String name, @PathParam("userId") String userId, String body) {
        return Errors.guard(session, () -> {
            requireManage();
            requireRole(name);
            requireMayAssign(name);
            Long expiresAt = RoleGrantOptions.expiresAt(body);
            UserModel user = member(userId);
            String grantedBy = RoleGrantOptions.grantedBy(caller);
            RoleGrantOptions.before(events, roles, org.getId(), name, user.getId());
            if (roles.grant(realm, org.getId(), name, user.getId(), grantedBy, expiresAt)) {
                publish(user.getId(), name, true);
            } else {
                RoleGrantOptions.takeOver(roles, org.getId(), name, user.getId(), grantedBy, expiresAt);
            }
            events.operation(OperationType.CREATE).resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                    .resourcePath("organizations", org.getId(), "roles", name, "users", user.getId())
                    .representation(RoleGrantOptions.rep(user.getId(), name, grantedBy, expiresAt)).success();
            return Response.noContent().build();
        });
    }

    @DELETE
    @Path("{name}/users/{userId}")
    public Response revoke(@PathParam("name") String name, @PathParam("userId") String userId) {
        return Errors.guard(session, () -> {
            requireManage();
            requireRole(name);
            requireMayAssign(name);
            UserModel user = member(userId);
            RoleGrantOptions.before(events, roles, org.getId(), name, user.getId());
            if (roles.revoke(org.getId(), name, user.getId())) {
                publish(user.getId(), name, false);
            }
            events.operation(OperationType.DELETE).resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                    .resourcePath("organizations", org.getId(), "roles", name, "users", user.getId()).success();
            return Response.noContent().build();
        });
    }

    private UserModel member(String userId) {
        UserModel user = userId == null || userId.length() > 36 ? null : session.users().getUserById(realm, userId);
        if (user == null || !session.getProvider(OrganizationProvider.class).isMember(org, user)) {
            throw ApiError.badRequest("userId", "The user is not a member of this organization");
        }
        return user;
    }

    private void requireRole(String name) {
        if (!OrgRoles.isBuiltIn(name)) {
            customRole(name);
        }
    }

    private OrgRoleEntity customRole(String name) {
        OrgRoleEntity role = customRoleOrNull(name);
        if (role == null) {
            throw ApiError.notFound("Role not found");
        }
        return role;
    }

    private void publish(String userId, String role, boolean granted) {
        session.getKeycloakSessionFactory().publish(new OrganizationRoleChangedEvent(session, realm, org.getId(), userId, role, granted));
    }

    private void requireView() {
        if (!(caller.canManageRealm() || caller.canManageUsers() || caller.canViewRealm()
                || caller.hasOrganizationRole(org.getId(), OrgRoles.VIEW_ROLES)
                || caller.hasOrganizationRole(org.getId(), OrgRoles.MANAGE_ROLES))) {
            throw ApiError.forbidden();
        }
    }

    /**
     * The delegated grant rule: a member may grant or revoke a built-in delegated-administration role
     * only while holding that role itself (besides {@code manage-roles}); custom roles need only
     * {@code manage-roles}. Realm administrators are not bound by it.
     */
    private void requireMayAssign(String name) {
        if (!mayAssign(realmAdministrator(), OrgRoles.isBuiltIn(name), caller.hasOrganizationRole(org.getId(), name))) {
            throw ApiError.forbidden();
        }
    }

    static boolean mayAssign(boolean realmAdministrator, boolean builtIn, boolean holdsRole) {
        return realmAdministrator || !builtIn || holdsRole;
    }

    private boolean realmAdministrator() {
        return caller.canManageRealm() || caller.canManageUsers();
    }

    private void requireManage() {
        if (!(caller.canManageRealm() || caller.canManageUsers()
                || caller.hasOrganizationRole(org.getId(), OrgRoles.MANAGE_ROLES))) {
            throw ApiError.forbidden();
        }
    }

    private static void validateName(String name) {
        if (name == null || name.isBlank()) {
            throw ApiError.badRequest("name", "name is required");
        }
        if (name.length() > MAX_NAME) {
            throw ApiError.badRequest("name", "name is longer than " + MAX_NAME + " characters");
        }
        if (!name.equals(name.strip()) || name.contains("/") || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("name", "name must not contain '/', control characters, or leading or trailing spaces");
        }
    }

    private static void validateDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ApiError.badRequest("description", "description is longer than " + MAX_DESCRIPTION + " characters");
        }
    }

    private static Map<String, Object> builtIn(String name) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("name", name);
        rep.put("description", OrgRoles.description(name));
        rep.put("builtIn", true);
        return rep;
    }

    private static Map<String, Object> custom(OrgRoleEntity role) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("name", role.getName());
        rep.put("description", role.getDescription());
        rep.put("builtIn", false);
        return rep;
    }

    private static Map<String, Object> user(UserModel u) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", u.getId());
        rep.put("username", u.getUsername());
        rep.put("email", u.getEmail());
        rep.put("firstName", u.getFirstName());
        rep.put("lastName", u.getLastName());
        rep.put("enabled", u.isEnabled());
        return rep;
    }
}
