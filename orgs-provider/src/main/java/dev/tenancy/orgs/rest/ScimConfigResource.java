package dev.tenancy.orgs.rest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.AuthType;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.internal.DefaultTenancyOrgsProvider;
import dev.tenancy.orgs.internal.OrgRoles;
import dev.tenancy.orgs.internal.SecretRotation;
import dev.tenancy.orgs.jpa.ScimConfigEntity;

/** {@code /realms/{realm}/orgs/{orgId}/scim}: one organization's SCIM configuration. */
public final class ScimConfigResource {

    /** How long the previous shared secret stays valid after a rotation. */

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel org;
    private final Caller caller;
    private final DefaultTenancyOrgsProvider orgs;
    private final AdminEventBuilder events;

    ScimConfigResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller,
                       DefaultTenancyOrgsProvider orgs, AdminEventBuilder events) {
        this.session = session;
        this.realm = realm;
        this.org = org;
        this.caller = caller;
        this.orgs = orgs;
        this.events = events;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return Errors.guard(session, () -> {
            requireView();
            return Json.ok(representation(existing(), null));
        });
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return Errors.guard(session, () -> {
            requireManage();
            ScimConfigRequest request = ScimConfigRequest.parse(body);
            if (orgs.configs().find(realm, org.getId()).isPresent()) {
                throw ApiError.conflict("This organization already has a SCIM configuration");
            }
            requireRealmAdminFor(request, null);
            request.validate(realm, org, null, orgs.factory().addressPolicy());
            long now = System.currentTimeMillis();
            ScimConfigEntity e = new ScimConfigEntity();
            e.setOrganizationId(org.getId());
            e.setRealmId(realm.getId());
            String generated = request.applyTo(e);
            e.setVersion(1);
            e.setCreated(now);
            e.setLastModified(now);
            orgs.configs().persist(e);
            changed(OperationType.CREATE, e);
            return Json.with(Response.created(session.getContext().getUri().getAbsolutePathBuilder().build()), representation(e, generated));
        });
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(String body) {
        return Errors.guard(session, () -> {
            requireManage();
            ScimConfigRequest request = ScimConfigRequest.parse(body);
            ScimConfigEntity e = existing();
            requireRealmAdminFor(request, e);
            request.validate(realm, org, e, orgs.factory().addressPolicy());
            String generated = request.applyTo(e);
            bump(e);
            changed(OperationType.UPDATE, e);
            return Json.ok(representation(e, generated));
        });
    }

    @DELETE
    public Response delete() {
        return Errors.guard(session, () -> {
            requireManage();
            ScimConfigEntity e = existing();
            orgs.configs().remove(e);
            orgs.factory().configurationChanged();
            events.operation(OperationType.DELETE).resource(ResourceType.ORGANIZATION)
                    .resourcePath("organizations", org.getId(), "scim").success();
            return Response.noContent().build();
        });
    }

    @POST
    @Path("rotate-secret")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotateSecret(@QueryParam("revokePrevious") boolean revokePrevious) {
        return Errors.guard(session, () -> {
            requireManage();
            ScimConfigEntity e = existing();
            if (!AuthType.EXTERNAL_SECRET.name().equals(e.getAuthType())) {
                throw ApiError.badRequest("auth.type", "Only an EXTERNAL_SECRET configuration has a secret to rotate");
            }
            String secret = SecretRotation.rotate(e, revokePrevious, System.currentTimeMillis());
            bump(e);
            orgs.factory().configurationChanged();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("revokePrevious", revokePrevious);
            detail.put("previousSecretValidUntil", e.getPreviousSecretExpires() == null ? null : Instant.ofEpochMilli(e.getPreviousSecretExpires()).toString());
            events.operation(OperationType.ACTION).resource(ResourceType.ORGANIZATION)
                    .resourcePath("organizations", org.getId(), "scim", "rotate-secret").representation(detail).success();
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("secret", secret);
            rep.putAll(detail);
            return Json.ok(rep);
        });
    }

    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        return Errors.guard(session, () -> {
            requireView();
            ScimConfigEntity e = existing();
            OrganizationProvider provider = session.getProvider(OrganizationProvider.class);
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("enabled", e.isEnabled());
            rep.put("users", provider.getMembersCount(org));
            rep.put("groups", provider.getTopLevelGroups(org, null, null).count());
            rep.put("provisionedUsers", orgs.userLinks().countProvisionedMembers(org.getId(), provider.getOrganizationGroup(org).getId()));
            rep.put("lastRequestAt", e.getLastRequestAt() == null ? null : Instant.ofEpochMilli(e.getLastRequestAt()).toString());
            List<Map<String, Object>> errors = orgs.configs().recentErrors(org.getId()).stream().map(err -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("at", Instant.ofEpochMilli(err.getAt()).toString());
                m.put("status", err.getStatus());
                m.put("scimType", err.getScimType());
                m.put("detail", err.getDetail());
                return m;
            }).toList();
            rep.put("recentErrors", errors);
            return Json.ok(rep);
        });
    }

    private ScimConfigEntity existing() {
        return orgs.configs().find(realm, org.getId())
                .orElseThrow(() -> ApiError.notFound("This organization has no SCIM configuration"));
    }

    private void bump(ScimConfigEntity e) {
        e.setVersion(e.getVersion() + 1);
        e.setLastModified(Math.max(System.currentTimeMillis(), e.getLastModified() + 1));
    }

    private void changed(OperationType op, ScimConfigEntity e) {
        orgs.factory().configurationChanged();
        events.operation(op).resource(ResourceType.ORGANIZATION)
                .resourcePath("organizations", org.getId(), "scim").representation(representation(e, null)).success();
    }

    private void requireView() {
        if (!(caller.canManageRealm() || caller.canManageUsers()
                || caller.hasOrganizationRole(org.getId(), OrgRoles.VIEW_SCIM)
                || caller.hasOrganizationRole(org.getId(), OrgRoles.MANAGE_SCIM))) {
            throw ApiError.forbidden();
        }
    }

    /** {@code adoptExistingUsers} and {@code identityProvider} are changed by realm administrators only. */
    private void requireRealmAdminFor(ScimConfigRequest request, ScimConfigEntity existing) {
        if (!caller.canManageRealm() && request.changesRealmAdminSettings(existing)) {
            throw ApiError.forbidden();
        }
    }

    private void requireManage() {
        if (!(caller.canManageRealm() || caller.hasOrganizationRole(org.getId(), OrgRoles.MANAGE_SCIM))) {
            throw ApiError.forbidden();
        }
    }

    /** The configuration as the API shows it: never a secret or hash, except a just-generated secret once. */
    private Map<String, Object> representation(ScimConfigEntity e, String generatedSecret) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("type", e.getAuthType());
        putIfSet(auth, "clientId", e.getClientId());
        putIfSet(auth, "issuer", e.getIssuer());
        putIfSet(auth, "audience", e.getAudience());
        putIfSet(auth, "jwksUri", e.getJwksUri());
        putIfSet(auth, "username", e.getUsername());
        auth.put("secretSet", e.getSecretHash() != null);
        auth.put("passwordSet", e.getPasswordHash() != null);
        if (e.getPreviousSecretExpires() != null && e.getPreviousSecretExpires() > System.currentTimeMillis()) {
            auth.put("previousSecretValidUntil", Instant.ofEpochMilli(e.getPreviousSecretExpires()).toString());
        }
        if (generatedSecret != null) {
            auth.put("secret", generatedSecret);
        }
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("organizationId", e.getOrganizationId());
        rep.put("enabled", e.isEnabled());
        rep.put("auth", auth);
        rep.put("emailAsUsername", e.isEmailAsUsername());
        rep.put("identityProvider", e.getIdentityProvider());
        rep.put("deprovision", e.getDeprovision());
        rep.put("adoptExistingUsers", e.isAdoptExistingUsers());
        rep.put("scimBaseUrl", session.getContext().getUri().getBaseUriBuilder()
                .path("realms").path(realm.getName()).path("scim").path("v2").path("organizations").path(e.getOrganizationId())
                .build().toString());
        rep.put("created", Instant.ofEpochMilli(e.getCreated()).toString());
        rep.put("lastModified", Instant.ofEpochMilli(e.getLastModified()).toString());
        return rep;
    }

    private static void putIfSet(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
