package dev.tenancy.orgs.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.orgs.internal.DefaultTenancyOrgsProvider;

/** {@code /realms/{realm}/orgs}: the realm switch, and each organization's SCIM configuration and roles. */
public final class OrgsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final DefaultTenancyOrgsProvider orgs;

    OrgsResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.orgs = (DefaultTenancyOrgsProvider) session.getProvider(TenancyOrgsProvider.class);
    }

    @GET
    @Path("config")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getConfig() {
        return Errors.guard(session, () -> {
            Caller caller = orgs.authenticateCaller();
            if (!caller.canManageRealm() && !caller.canViewRealm()) {
                throw ApiError.forbidden();
            }
            return Json.ok(Map.of("scimEnabled", orgs.isScimEnabled(realm)));
        });
    }

    @PUT
    @Path("config")
    @Produces(MediaType.APPLICATION_JSON)
    public Response putConfig(String body) {
        return Errors.guard(session, () -> {
            Caller caller = orgs.authenticateCaller();
            if (!caller.canManageRealm()) {
                throw ApiError.forbidden();
            }
            Boolean enabled = Json.bool(Json.object(body), "scimEnabled", "scimEnabled");
            if (enabled == null) {
                throw ApiError.badRequest("scimEnabled", "scimEnabled is required");
            }
            orgs.setScimEnabled(realm, enabled);
            orgs.factory().configurationChanged();
            Map<String, Object> rep = Map.of("scimEnabled", enabled);
            events(caller).operation(OperationType.UPDATE).resource(ResourceType.REALM)
                    .resourcePath("orgs", "config").representation(rep).success();
            return Json.ok(rep);
        });
    }

    /** The organizations the caller is a member of, with the roles they hold there. */
    @GET
    @Path("mine")
    @Produces(MediaType.APPLICATION_JSON)
    public Response mine() {
        return Errors.guard(session, () -> {
            Caller caller = orgs.authenticateCaller();
            UserModel user = caller.user();
            if (user == null || !caller.adminAuth().getRealm().getId().equals(realm.getId()) || !realm.isOrganizationsEnabled()) {
                return Json.ok(List.of());
            }
            Map<String, Set<String>> roles = orgs.rolesByOrganization(realm, user);
            return Json.ok(session.getProvider(OrganizationProvider.class).getByMember(user).map(o -> {
                Map<String, Object> rep = new LinkedHashMap<>();
                rep.put("id", o.getId());
                rep.put("alias", o.getAlias());
                rep.put("name", o.getName());
                rep.put("roles", new TreeSet<>(roles.getOrDefault(o.getId(), Set.of())));
                return rep;
            }).toList());
        });
    }

    @Path("{orgId}")
    public OrganizationResource organization(@PathParam("orgId") String orgId) {
        Caller caller = orgs.authenticateCaller();
        OrganizationModel org = orgs.findOrganization(realm, orgId);
        if (org == null) {
            throw ApiError.notFound("Organization not found");
        }
        return new OrganizationResource(session, realm, org, caller, orgs);
    }

    private AdminEventBuilder events(Caller caller) {
        return new AdminEventBuilder(realm, caller.adminAuth(), session, session.getContext().getConnection());
    }
}
