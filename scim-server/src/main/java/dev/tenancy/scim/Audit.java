package dev.tenancy.scim;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.AuthType;

/**
 * Keycloak admin events for SCIM writes. A SCIM client is not always a Keycloak client or user, so
 * the event names the organization and the SCIM client in its details (and, for {@code KEYCLOAK}
 * authentication, in its auth details too).
 */
public final class Audit {

    public static final String ORGANIZATION_ID = "organization_id";
    public static final String ORGANIZATION_ALIAS = "organization_alias";
    public static final String SCIM_CLIENT = "scim_client";
    public static final String SCIM_AUTH_TYPE = "scim_auth_type";

    private Audit() {
    }

    /**
     * The CREATE admin event of a resource at {@code /{endpoint}/{id}} and the 201 answer carrying it,
     * its ETag and its URL.
     */
    public static dev.tenancy.scim.protocol.ScimResult created(ScimContext ctx, ResourceType type, String endpoint, String id, JsonNode created) {
        send(ctx, OperationType.CREATE, type, endpoint.toLowerCase(java.util.Locale.ROOT) + "/" + id, created);
        return dev.tenancy.scim.protocol.ScimResult.created(created, ctx.location(endpoint, id));
    }

    public static void send(ScimContext ctx, OperationType operation, ResourceType type, String resourcePath, JsonNode representation) {
        AdminEvent prefilled = new AdminEvent();
        prefilled.setRealmId(ctx.realm().getId());
        prefilled.setRealmName(ctx.realm().getName());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(ctx.realm().getId());
        auth.setRealmName(ctx.realm().getName());
        auth.setIpAddress(remoteHost(ctx));
        ClientModel client = ctx.client().authType() == AuthType.KEYCLOAK
                ? ctx.realm().getClientByClientId(ctx.client().name()) : null;
        auth.setClientId(client != null ? client.getId() : "scim:" + ctx.client().name());
        prefilled.setAuthDetails(auth);
        Map<String, String> details = new LinkedHashMap<>();
        details.put(ORGANIZATION_ID, ctx.organizationId());
        details.put(ORGANIZATION_ALIAS, ctx.organization().getAlias());
        details.put(SCIM_CLIENT, ctx.client().name());
        details.put(SCIM_AUTH_TYPE, ctx.client().authType().name());
        prefilled.setDetails(details);

        JsonNode rep = representation;
        if (rep instanceof ObjectNode o && o.has("password")) {
            rep = o.deepCopy();
            ((ObjectNode) rep).remove("password");
        }
        new Builder(ctx, prefilled)
                .operation(operation)
                .resource(type)
                .resourcePath(resourcePath)
                .representation(rep)
                .success();
    }

    private static String remoteHost(ScimContext ctx) {
        var connection = ctx.session().getContext().getConnection();
        return connection == null ? null : connection.getRemoteHost();
    }

    /** Reaches the builder's constructor that takes a prepared event (no Keycloak user or client needed). */
    private static final class Builder extends AdminEventBuilder {
        Builder(ScimContext ctx, AdminEvent prefilled) {
            super(ctx.realm(), new AdminAuth(ctx.realm(), null, null, null), ctx.session(),
                    remoteHost(ctx), prefilled);
        }
    }
}
