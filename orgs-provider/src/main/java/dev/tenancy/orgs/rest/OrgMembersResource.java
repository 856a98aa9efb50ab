package dev.tenancy.orgs.rest;

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

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.orgs.internal.OrgRoles;

/**
 * {@code /realms/{realm}/orgs/{orgId}/members}: the organization's members, for its delegated
 * administrators ({@code view-members}, {@code manage-members}) as well as realm administrators.
 */
public final class OrgMembersResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel org;
    private final Caller caller;
    private final OrganizationProvider provider;
    private final AdminEventBuilder events;
    private final TenancyOrgsProvider orgs;

    /** Keycloak's user ids are at most 36 characters; a longer one is no user, never a database error. */
    private static final int MAX_ID = 36;
    private static final int MAX_SEARCH = 255;

    OrgMembersResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller, AdminEventBuilder events) {
        this.session = session;
        this.realm = realm;
        this.org = org;
        this.caller = caller;
        this.provider = session.getProvider(OrganizationProvider.class);
        this.events = events;
        this.orgs = session.getProvider(TenancyOrgsProvider.class);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("search") String search,
                         @QueryParam("first") @DefaultValue("0") int first,
                         @QueryParam("max") @DefaultValue("100") int max) {
        return Errors.guard(session, () -> {
            if (!(caller.canViewRealm() || caller.hasOrganizationRole(org.getId(), OrgRoles.VIEW_MEMBERS)
                    || caller.hasOrganizationRole(org.getId(), OrgRoles.MANAGE_MEMBERS))) {
                throw ApiError.forbidden();
            }
            if (search != null && search.length() > MAX_SEARCH) {
                throw ApiError.badRequest("search", "search is longer than " + MAX_SEARCH + " characters");
            }
            return Json.ok(provider.getMembersStream(org, search, false, Math.max(0, first), Math.max(0, Math.min(max, 1000)))
                    .map(this::member).toList());
        });
    }

    /**
     * Adds an existing user of the realm. A delegated administrator may add only a user whose email
     * is in one of the organization's verified domains and who belongs to no other organization;
     * realm administrators may add anyone.
     */
    @PUT
    @Path("{userId}")
    public Response add(@PathParam("userId") String userId) {
        return Errors.guard(session, () -> {
            boolean realmAdmin = caller.canManageUsers() || caller.canManageRealm();
            if (!(realmAdmin || caller.hasOrganizationRole(org.getId(), OrgRoles.MANAGE_MEMBERS))) {
                throw ApiError.forbidden();
            }
            UserModel user = userId == null || userId.length() > MAX_ID ? null : session.users().getUserById(realm, userId);
            if (user == null) {
                throw ApiError.badRequest("userId", "No such user in this realm");
            }
            if (!realmAdmin && orgs.isPrivileged(realm, user)) {
                // A delegate must never bring an administrator's account under the organization's control.
                throw ApiError.badRequest("userId", "A privileged account cannot be added by an organization's administrators");
            }
            if (provider.isMember(org, user)) {
                return Response.noContent().build();
            }
            if (!realmAdmin) {
                String emailDomain = user.getEmail() == null ? null : Organizations.getEmailDomain(user.getEmail());
                OrganizationDomainModel domain = emailDomain == null ? null : Organizations.getMatchingDomain(emailDomain, org);
                if (domain == null || !domain.isVerified()) {
                    throw ApiError.badRequest("userId", "The user's email is not in a verified domain of this organization");
                }
                if (provider.getByMember(user).findAny().isPresent()) {
                    throw ApiError.badRequest("userId", "The user belongs to another organization");
                }
            }
            provider.addMember(org, user);
            events.operation(OperationType.CREATE).resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                    .resourcePath("organizations", org.getId(), "members", user.getId()).success();
            return Response.noContent().build();
        });
    }

    /** Ends a membership (Keycloak deletes a member the organization manages, as its own API does). */
    @DELETE
    @Path("{userId}")
    public Response remove(@PathParam("userId") String userId) {
        return Errors.guard(session, () -> {
            boolean realmAdmin = caller.canManageUsers() || caller.canManageRealm();
            if (!(realmAdmin || caller.hasOrganizationRole(org.getId(), OrgRoles.MANAGE_MEMBERS))) {
                throw ApiError.forbidden();
            }
            UserModel user = userId == null || userId.length() > MAX_ID ? null : provider.getMemberById(org, userId);
            if (user == null) {
                throw ApiError.notFound("Not a member of this organization");
            }
            if (!realmAdmin && orgs.isPrivileged(realm, user)) {
                // Removing a managed member deletes the account: never a delegate's call for an administrator.
                throw ApiError.badRequest("userId", "A privileged account cannot be removed by an organization's administrators");
            }
            provider.removeMember(org, user);
            events.operation(OperationType.DELETE).resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                    .resourcePath("organizations", org.getId(), "members", userId).success();
            return Response.noContent().build();
        });
    }

    private Map<String, Object> member(UserModel u) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", u.getId());
        rep.put("username", u.getUsername());
        rep.put("email", u.getEmail());
        rep.put("firstName", u.getFirstName());
        rep.put("lastName", u.getLastName());
        rep.put("enabled", u.isEnabled());
        rep.put("managed", provider.isManagedMember(org, u));
        return rep;
    }
}
