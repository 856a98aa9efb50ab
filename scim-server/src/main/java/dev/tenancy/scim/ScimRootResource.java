package dev.tenancy.scim;

import java.net.URI;
import java.util.Optional;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.scim.services.ScimRealmResourceFactory;
import org.keycloak.services.resource.RealmResourceProvider;

import dev.tenancy.orgs.api.ScimAuthenticationException;
import dev.tenancy.orgs.metrics.TenancyMetrics;
import dev.tenancy.orgs.api.ScimClient;
import dev.tenancy.orgs.api.ScimConfig;
import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.scim.protocol.Responses;
import dev.tenancy.scim.protocol.ScimException;

/**
 * {@code /realms/{realm}/scim}: organization paths are ours; every other path goes to Keycloak's
 * own realm-level SCIM, exactly as if these jars were not installed.
 */
public final class ScimRootResource {

    private final KeycloakSession session;

    ScimRootResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("v2/organizations/{orgId}")
    public OrganizationEndpoint organization(@PathParam("orgId") String orgId) {
        // No id can hold a NUL character (PostgreSQL refuses it in text, a 500): answer before any lookup. An
        // encoded NUL in the path reaches this point; one in a query parameter never does (Keycloak's
        // InvalidQueryParameterFilter answers 400 to any control character in a query value first).
        if (session.getContext().getUri().getPath().indexOf('\u0000') >= 0) {
            throw fail(ScimException.notFound("Not found"));
        }
        RealmModel realm = session.getContext().getRealm();
        TenancyOrgsProvider orgs = session.getProvider(TenancyOrgsProvider.class);
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (orgs == null || organizations == null || !realm.isOrganizationsEnabled() || !orgs.isScimEnabled(realm)) {
            throw fail(ScimException.notFound("Not found"));
        }
        OrganizationModel organization = orgs.findOrganization(realm, orgId);
        if (organization == null) {
            throw fail(ScimException.notFound("Not found"));
        }
        Optional<ScimConfig> config = orgs.scimConfig(realm, organization.getId()).filter(ScimConfig::enabled);
        if (config.isEmpty()) {
            throw fail(ScimException.notFound("Not found"));
        }
        ScimClient client;
        try {
            client = orgs.authenticate(realm, organization,
                    session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION));
        } catch (ScimAuthenticationException e) {
            TenancyMetrics metrics = TenancyMetrics.get();
            String resourceType = TenancyMetrics.scimResourceType(session.getContext().getUri().getPath());
            if (e.status() == 429) {
                metrics.authThrottled();
                metrics.scimRequest(resourceType, 429, organization.getId());
                throw new WebApplicationException(jakarta.ws.rs.core.Response.fromResponse(Responses.error(new ScimException(429, null, e.getMessage()))).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build());
            }
            metrics.authFailure("rejected");
            metrics.scimRequest(resourceType, 401, organization.getId());
            throw fail(ScimException.unauthorized(e.getMessage(), e.wwwAuthenticate()));
        }
        orgs.recordRequest(realm, organization.getId());
        session.getContext().setOrganization(organization);
        URI base = session.getContext().getUri().getBaseUriBuilder()
                .path("realms").path(realm.getName()).path("scim").path("v2").path("organizations").path(organization.getId())
                .build();
        return new OrganizationEndpoint(ScimContext.of(session, realm, organization, config.get(), client, base));
    }

    /** Keycloak's realm-level SCIM ({@code /v2/Users}, {@code /v2/Groups}, …), when its feature and the realm flag are on. */
    @Path("v2/{resourceType}")
    public Object realmScim(@PathParam("resourceType") String resourceType) {
        if (!Profile.isFeatureEnabled(Profile.Feature.SCIM_API)) {
            throw new NotFoundException();
        }
        RealmResourceProvider keycloak = new ScimRealmResourceFactory().create(session);
        if (keycloak == null) {
            throw new NotFoundException();
        }
        Object root = keycloak.getResource();
        if (root instanceof org.keycloak.scim.services.ScimRealmResource r) {
            return r.resourceType(resourceType);
        }
        throw new NotFoundException();
    }

    private static WebApplicationException fail(ScimException e) {
        return new WebApplicationException(Responses.error(e));
    }
}
