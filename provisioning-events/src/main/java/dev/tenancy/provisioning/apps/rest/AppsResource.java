package dev.tenancy.provisioning.apps.rest;

import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.net.AddressPolicy;
import dev.tenancy.provisioning.apps.AppSettings;
import dev.tenancy.provisioning.apps.AppsRuntime;
import dev.tenancy.provisioning.apps.InvalidSetting;
import dev.tenancy.provisioning.apps.store.AppEntity;
import dev.tenancy.provisioning.rest.Access;
import dev.tenancy.provisioning.rest.JsonOut;

/** {@code /realms/{realm}/provisioning/apps}: list and create connected apps. */
public final class AppsResource {

    static final String EVENT_RESOURCE = "TENANCY_CONNECTED_APP";

    private final KeycloakSession session;
    private final Access access;
    private final RealmModel realm;
    private final EntityManager em;

    public AppsResource(KeycloakSession session, Access access) {
        this.session = session;
        this.access = access;
        this.realm = session.getContext().getRealm();
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        access.requireAnyRead();
        return JsonOut.ok(em.createNamedQuery("tncPaAppsByRealm", AppEntity.class).setParameter("realmId", realm.getId())
                .getResultStream().filter(a -> access.canRead(a.getOrganizationId())).map(AppsResource::rep).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        access.requireAnyRead();
        JsonNode node = AppsResource.parse(body);
        String org = node.hasNonNull("organizationId") ? textOrg(node) : null;
        if (!access.canWrite(org)) {
            throw ApiError.forbidden();
        }
        validateOrganization(org);
        AppSettings settings = merge(AppSettings.empty(), node);
        validate(settings);
        long now = System.currentTimeMillis();
        AppEntity app = new AppEntity();
        app.setId(KeycloakModelUtils.generateId());
        app.setRealmId(realm.getId());
        app.setOrganizationId(org);
        app.setName(settings.name());
        app.setConfig(settings.write());
        app.setEnabled(settings.enabled());
        app.setVersion(1);
        app.setCreatedAt(now);
        app.setUpdatedAt(now);
        em.persist(app);
        Map<String, Object> rep = rep(app);
        event().operation(OperationType.CREATE).resourcePath("provisioning", "apps", app.getId()).representation(rep).success();
        return JsonOut.status(Response.Status.CREATED, rep)
                .location(session.getContext().getUri().getAbsolutePathBuilder().path(app.getId()).build()).build();
    }

    @Path("{id}")
    public AppResource app(@PathParam("id") String id) {
        AppEntity app = id == null ? null : em.find(AppEntity.class, id);
        if (app == null || !app.getRealmId().equals(realm.getId()) || !access.canRead(app.getOrganizationId())) {
            throw ApiError.notFound("Connected app not found");
        }
        return new AppResource(session, access, realm, em, app, this);
    }

    static JsonNode parse(String body) {
        try {
            return AppSettings.parseBody(body);
        } catch (InvalidSetting e) {
            throw ApiError.badRequest(e.field(), e.getMessage());
        }
    }

    static AppSettings merge(AppSettings settings, JsonNode node) {
        try {
            return settings.merge(node);
        } catch (InvalidSetting e) {
            throw ApiError.badRequest(e.field(), e.getMessage());
        }
    }

    static String textOrg(JsonNode node) {
        JsonNode v = node.get("organizationId");
        if (!v.isTextual()) {
            throw ApiError.badRequest("organizationId", "organizationId must be a string or null");
        }
        return v.asText();
    }

    void validateOrganization(String org) {
        if (org == null) {
            return;
        }
        var orgs = session.getProvider(org.keycloak.organization.OrganizationProvider.class);
        if (!realm.isOrganizationsEnabled() || orgs == null || orgs.getById(org) == null) {
            throw ApiError.badRequest("organizationId", "organizationId is not an organization of this realm");
        }
    }

    /** The URLs pass the outbound address policy; the scope's groups exist in this realm. */
    void validate(AppSettings s) {
        AddressPolicy policy = new AddressPolicy(session.getProvider(AppsRuntime.class).config().allowPrivateAddresses());
        policy.refusal(s.baseUrl()).ifPresent(r -> {
            throw ApiError.badRequest("scim.baseUrl", r);
        });
        if (s.auth().tokenUrl() != null) {
            policy.refusal(s.auth().tokenUrl()).ifPresent(r -> {
                throw ApiError.badRequest("scim.auth.tokenUrl", r);
            });
        }
        for (String g : s.scopeGroups()) {
            if (realm.getGroupById(g) == null) {
                throw ApiError.badRequest("scope.groups", "Group " + g + " is not a group of this realm");
            }
        }
    }

    static Map<String, Object> rep(AppEntity app) {
        Map<String, Object> rep = new java.util.LinkedHashMap<>();
        rep.put("id", app.getId());
        rep.put("organizationId", app.getOrganizationId());
        rep.putAll(AppSettings.read(app.getConfig()).show());
        rep.put("paused", app.getPausedReason() != null);
        rep.put("pausedReason", app.getPausedReason());
        rep.put("createdAt", app.getCreatedAt());
        rep.put("updatedAt", app.getUpdatedAt());
        return rep;
    }

    AdminEventBuilder event() {
        return new AdminEventBuilder(realm, access.caller().adminAuth(), session, session.getContext().getConnection())
                .resource(EVENT_RESOURCE);
    }
}
