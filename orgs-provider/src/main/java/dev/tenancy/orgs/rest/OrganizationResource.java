package dev.tenancy.orgs.rest;

import jakarta.ws.rs.Path;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.internal.DefaultTenancyOrgsProvider;

/** {@code /realms/{realm}/orgs/{orgId}}. */
public final class OrganizationResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel org;
    private final Caller caller;
    private final DefaultTenancyOrgsProvider orgs;

    OrganizationResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller, DefaultTenancyOrgsProvider orgs) {
        this.session = session;
        this.realm = realm;
        this.org = org;
        this.caller = caller;
        this.orgs = orgs;
    }

    @Path("scim")
    public ScimConfigResource scim() {
        if (!orgs.isScimEnabled(realm)) {
            throw ApiError.notFound("SCIM is not enabled for this realm");
        }
        return new ScimConfigResource(session, realm, org, caller, orgs, events());
    }

    @Path("roles")
    public OrgRolesResource roles() {
        return new OrgRolesResource(session, realm, org, caller, orgs, events());
    }

    private AdminEventBuilder events() {
        return new AdminEventBuilder(realm, caller.adminAuth(), session, session.getContext().getConnection());
    }
}
