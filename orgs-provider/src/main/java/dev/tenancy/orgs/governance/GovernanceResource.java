package dev.tenancy.orgs.governance;

import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.jpa.OrgRoleStore;
import dev.tenancy.orgs.rest.Errors;

/**
 * What every governance endpoint of one organization works with, and its error exit: each endpoint
 * runs inside {@link #guard}, the {@code /orgs} API's one mapping of failures to its error JSON
 * (never a 5xx for bad input, the transaction rolled back on failure).
 */
public abstract class GovernanceResource {

    protected final KeycloakSession session;
    protected final RealmModel realm;
    protected final OrganizationModel org;
    protected final Caller caller;
    protected final OrgRoleStore roles;
    protected final AdminEventBuilder events;
    protected final EntityManager em;

    GovernanceResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller,
                       OrgRoleStore roles, AdminEventBuilder events) {
        this.session = session;
        this.realm = realm;
        this.org = org;
        this.caller = caller;
        this.roles = roles;
        this.events = events;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    protected final Response guard(Supplier<Response> endpoint) {
        return Errors.guard(session, endpoint);
    }
}
