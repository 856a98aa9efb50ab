package dev.tenancy.orgs.setup;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.internal.OrgRoles;
import dev.tenancy.orgs.rest.Errors;

/**
 * {@code /realms/{realm}/orgs/{orgId}/setup-links}: the links an operator sends to the customer's
 * IT administrator. Callers: realm administrators ({@code manage-realm}) and members holding
 * {@code manage-scim} in this organization; a member without it gets 403, anyone else 404.
 * The token is in the creation answer's {@code url} only, never in a listing or an event. Every
 * endpoint runs inside {@link Errors#guard}: bad input is a 4xx in the {@code /orgs} error format,
 * never a 5xx, and a failed change is rolled back.
 */
public final class SetupLinksResource {

    /** The longest a link may live. */
    static final long MAX_EXPIRES_SECONDS = 7L * 24 * 60 * 60;
    static final long DEFAULT_EXPIRES_SECONDS = 24L * 60 * 60;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel org;
    private final Caller caller;
    private final SetupLinkStore links;
    private final AdminEventBuilder events;

    public SetupLinksResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller,
                              SetupLinkStore links, AdminEventBuilder events) {
        this.session = session;
        this.realm = realm;
        this.org = org;
        this.caller = caller;
        this.links = links;
        this.events = events;
        requireManage();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        return Errors.guard(session, () -> {
            long now = System.currentTimeMillis();
            List<Map<String, Object>> rep = links.byOrganization(realm.getId(), org.getId()).stream().map(l -> representation(l, now)).toList();
            return json(Response.ok(), rep);
        });
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return Errors.guard(session, () -> createLink(body));
    }

    private Response createLink(String body) {
        JsonNode json = object(body);
        long seconds = DEFAULT_EXPIRES_SECONDS;
        JsonNode exp = json.get("expiresInSeconds");
        if (exp != null && !exp.isNull()) {
            if (!exp.isIntegralNumber() || !exp.canConvertToLong()) {
                throw ApiError.badRequest("expiresInSeconds", "expiresInSeconds must be a whole number of seconds");
            }
            seconds = exp.asLong();
        }
        if (seconds < 1 || seconds > MAX_EXPIRES_SECONDS) {
            throw ApiError.badRequest("expiresInSeconds", "expiresInSeconds must be between 1 and " + MAX_EXPIRES_SECONDS + " (7 days)");
        }
        JsonNode noteNode = json.get("note");
        String note = null;
        if (noteNode != null && !noteNode.isNull()) {
            if (!noteNode.isTextual()) {
                throw ApiError.badRequest("note", "note must be a string");
            }
            note = noteNode.asText().strip();
            if (note.length() > 255) {
                throw ApiError.badRequest("note", "note is longer than 255 characters");
            }
            note = note.isEmpty() ? null : note;
        }
        long now = System.currentTimeMillis();
        String token = SetupTokens.generate();
        SetupLinkEntity e = new SetupLinkEntity();
        e.setId(KeycloakModelUtils.generateId());
        e.setRealmId(realm.getId());
        e.setOrganizationId(org.getId());
        e.setTokenHash(SetupTokens.hash(token));
        e.setNote(note);
        e.setCreatedBy(caller.user() == null ? null : "user:" + caller.user().getId());
        e.setCreated(now);
        e.setExpires(now + seconds * 1000);
        links.persist(e);
        Map<String, Object> rep = representation(e, now);
        events.operation(OperationType.CREATE).resource(ResourceType.ORGANIZATION)
                .resourcePath("organizations", org.getId(), "setup-links", e.getId()).representation(rep).success();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", e.getId());
        answer.put("url", url(session, realm, token));
        answer.putAll(rep);
        return json(Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(e.getId()).build()), answer);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        return Errors.guard(session, () -> json(Response.ok(), representation(existing(id), System.currentTimeMillis())));
    }

    /** Revokes the link at once; the row stays for the listing. Revoking a revoked link is a no-op. */
    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        return Errors.guard(session, () -> {
            SetupLinkEntity e = existing(id);
            if (e.getRevoked() == null) {
                e.setRevoked(System.currentTimeMillis());
                events.operation(OperationType.DELETE).resource(ResourceType.ORGANIZATION)
                        .resourcePath("organizations", org.getId(), "setup-links", e.getId())
                        .representation(representation(e, System.currentTimeMillis())).success();
            }
            return Response.noContent().build();
        });
    }

    /** The page URL of a token: {@code /realms/{realm}/tenancy/setup/{token}}. */
    static String url(KeycloakSession session, RealmModel realm, String token) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path(SetupPageResourceProviderFactory.ID).path("setup").path(token).build().toString();
    }

    private SetupLinkEntity existing(String id) {
        return links.find(realm.getId(), org.getId(), id).orElseThrow(() -> ApiError.notFound("Setup link not found"));
    }

    private void requireManage() {
        if (caller.canManageRealm() || caller.hasOrganizationRole(org.getId(), OrgRoles.MANAGE_SCIM)) {
            return;
        }
        UserModel user = caller.user();
        boolean member = user != null && caller.adminAuth().getRealm().getId().equals(realm.getId())
                && session.getProvider(OrganizationProvider.class).isMember(org, user);
        // A foreign organization is "not here"; a member without the role is "not allowed".
        throw member ? ApiError.forbidden() : ApiError.notFound("Organization not found");
    }

    static Map<String, Object> representation(SetupLinkEntity e, long now) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", e.getId());
        rep.put("organizationId", e.getOrganizationId());
        rep.put("note", e.getNote());
        rep.put("status", e.getRevoked() != null ? "REVOKED" : now >= e.getExpires() ? "EXPIRED" : "ACTIVE");
        rep.put("createdAt", Instant.ofEpochMilli(e.getCreated()).toString());
        rep.put("createdBy", e.getCreatedBy());
        rep.put("expiresAt", Instant.ofEpochMilli(e.getExpires()).toString());
        rep.put("revokedAt", e.getRevoked() == null ? null : Instant.ofEpochMilli(e.getRevoked()).toString());
        rep.put("lastUsedAt", e.getLastUsed() == null ? null : Instant.ofEpochMilli(e.getLastUsed()).toString());
        return rep;
    }

    private static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiError.badRequest(null, "A JSON object is required");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(null, "Malformed JSON");
        }
    }

    static Response json(Response.ResponseBuilder b, Object value) {
        try {
            return b.type(MediaType.APPLICATION_JSON_TYPE).entity(MAPPER.writeValueAsString(value)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
