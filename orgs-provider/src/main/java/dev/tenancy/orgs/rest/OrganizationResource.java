package dev.tenancy.orgs.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;


import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.validation.OrganizationsValidation;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.internal.DefaultTenancyOrgsProvider;
import dev.tenancy.orgs.internal.OrgRoles;

/** {@code /realms/{realm}/orgs/{orgId}}. */
public final class OrganizationResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel org;
    private final Caller caller;
    private final DefaultTenancyOrgsProvider orgs;

    /** The lengths of Keycloak's ORG table columns. */
    private static final int MAX_NAME = 255;
    private static final int MAX_DESCRIPTION = 4000;
    private static final int MAX_REDIRECT_URL = 2048;

    OrganizationResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller, DefaultTenancyOrgsProvider orgs) {
        this.session = session;
        this.realm = realm;
        this.org = org;
        this.caller = caller;
        this.orgs = orgs;
    }

    /** The organization as its own administrators see it. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return Errors.guard(session, () -> {
            if (!(caller.canViewRealm() || caller.hasOrganizationRole(org.getId(), OrgRoles.VIEW_ORGANIZATION)
                    || caller.hasOrganizationRole(org.getId(), OrgRoles.MANAGE_ORGANIZATION))) {
                throw ApiError.forbidden();
            }
            return Json.ok(representation());
        });
    }

    /** Changes the name, description and redirect URL (not the alias or the domains, which are security-relevant). */
    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(String body) {
        return Errors.guard(session, () -> {
            if (!(caller.canManageRealm() || caller.hasOrganizationRole(org.getId(), OrgRoles.MANAGE_ORGANIZATION))) {
                throw ApiError.forbidden();
            }
            JsonNode json = Json.object(body);
            String name = Json.text(json, "name", "name");
            String description = Json.text(json, "description", "description");
            String redirectUrl = Json.text(json, "redirectUrl", "redirectUrl");
            for (String field : new String[] {"alias", "domains", "enabled", "id"}) {
                JsonNode v = json.get(field);
                if (v != null && !v.isNull() && !sameAsStored(field, v)) {
                    throw ApiError.badRequest(field, field + " cannot be changed here; a realm administrator changes it in Keycloak's organization settings");
                }
            }
            if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
                throw ApiError.badRequest("name", "name must be 1 to " + MAX_NAME + " characters");
            }
            if (description != null && description.length() > MAX_DESCRIPTION) {
                throw ApiError.badRequest("description", "description is longer than " + MAX_DESCRIPTION + " characters");
            }
            validateRedirectUrl(redirectUrl);
            if (name != null && !name.equals(org.getName())
                    && session.getProvider(OrganizationProvider.class).getAllStream(name, true, -1, -1).anyMatch(o -> !o.getId().equals(org.getId()))) {
                throw ApiError.conflict("An organization with the same name already exists");
            }
            if (name != null) {
                org.setName(name);
            }
            if (json.has("description")) {
                org.setDescription(description);
            }
            if (json.has("redirectUrl")) {
                org.setRedirectUrl(redirectUrl);
            }
            Map<String, Object> rep = representation();
            events().operation(OperationType.UPDATE).resource(ResourceType.ORGANIZATION)
                    .resourcePath("organizations", org.getId()).representation(rep).success();
            return Json.ok(rep);
        });
    }

    @Path("members")
    public OrgMembersResource members() {
        return new OrgMembersResource(session, realm, org, caller, events());
    }

    @Path("scim")
    public ScimConfigResource scim() {
        if (!orgs.isScimEnabled(realm)) {
            throw ApiError.notFound("SCIM is not enabled for this realm");
        }
        return new ScimConfigResource(session, realm, org, caller, orgs, events());
    }

    @Path("setup-links")
    public dev.tenancy.orgs.setup.SetupLinksResource setupLinks() {
        if (!orgs.isScimEnabled(realm)) {
            throw ApiError.notFound("SCIM is not enabled for this realm");
        }
        return new dev.tenancy.orgs.setup.SetupLinksResource(session, realm, org, caller, orgs.setupLinks(), events());
    }

    @Path("roles")
    public OrgRolesResource roles() {
        return new OrgRolesResource(session, realm, org, caller, orgs, events());
    }

    @Path("access-rules")
    public dev.tenancy.orgs.governance.AccessRulesResource accessRules() {
        return new dev.tenancy.orgs.governance.AccessRulesResource(session, realm, org, caller, orgs.roles(), events());
    }

    @Path("access-requests")
    public dev.tenancy.orgs.governance.AccessRequestsResource accessRequests() {
        return new dev.tenancy.orgs.governance.AccessRequestsResource(session, realm, org, caller, orgs.roles(), events());
    }

    @Path("access-reviews")
    public dev.tenancy.orgs.governance.AccessReviewsResource accessReviews() {
        return new dev.tenancy.orgs.governance.AccessReviewsResource(session, realm, org, caller, orgs.roles(), events());
    }

    @Path("groups")
    public dev.tenancy.orgs.governance.OrgGroupMembersResource groups() {
        return new dev.tenancy.orgs.governance.OrgGroupMembersResource(session, realm, org, caller, orgs.roles(), events());
    }

    @Path("audit")
    public dev.tenancy.orgs.governance.AuditResource audit() {
        return new dev.tenancy.orgs.governance.AuditResource(session, org, caller);
    }

    @Path("my-access")
    public dev.tenancy.orgs.governance.MyAccessResource myAccess() {
        return new dev.tenancy.orgs.governance.MyAccessResource(session, realm, org, caller, orgs.roles(), events());
    }

    /** As Keycloak's own organization admin API validates it (http and https URLs only), and within the column's length. */
    static void validateRedirectUrl(String redirectUrl) {
        if (redirectUrl == null || redirectUrl.isEmpty()) {
            return;
        }
        if (redirectUrl.length() > MAX_REDIRECT_URL) {
            throw ApiError.badRequest("redirectUrl", "redirectUrl is longer than " + MAX_REDIRECT_URL + " characters");
        }
        try {
            OrganizationsValidation.validateUrl(redirectUrl);
        } catch (OrganizationsValidation.OrganizationValidationException e) {
            throw ApiError.badRequest("redirectUrl", "redirectUrl must be a valid http or https URL");
        }
    }

    private boolean sameAsStored(String field, JsonNode v) {
        return switch (field) {
            case "alias" -> v.asText().equals(org.getAlias());
            case "id" -> v.asText().equals(org.getId());
            case "enabled" -> v.isBoolean() && v.asBoolean() == org.isEnabled();
            default -> false;
        };
    }

    private Map<String, Object> representation() {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", org.getId());
        rep.put("name", org.getName());
        rep.put("alias", org.getAlias());
        rep.put("description", org.getDescription());
        rep.put("redirectUrl", org.getRedirectUrl());
        rep.put("enabled", org.isEnabled());
        rep.put("domains", org.getDomains().map(d -> Map.of("name", d.getName(), "verified", d.isVerified())).toList());
        rep.put("members", session.getProvider(OrganizationProvider.class).getMembersCount(org));
        return rep;
    }

    private AdminEventBuilder events() {
        return new AdminEventBuilder(realm, caller.adminAuth(), session, session.getContext().getConnection());
    }
}
