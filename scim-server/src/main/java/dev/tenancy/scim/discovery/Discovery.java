package dev.tenancy.scim.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tenancy.orgs.api.AuthType;
import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;

/**
 * {@code ServiceProviderConfig}, {@code ResourceTypes} and {@code Schemas} (RFC 7643 §5–7): fixed
 * documents describing exactly what this server supports, with per-request locations.
 */
public final class Discovery {

    private static final JsonNode SERVICE_PROVIDER_CONFIG = load("ServiceProviderConfig.json");
    private static final JsonNode RESOURCE_TYPES = load("ResourceTypes.json");
    private static final JsonNode SCHEMAS = load("Schemas.json");

    private Discovery() {
    }

    public static ObjectNode serviceProviderConfig(ScimContext ctx) {
        ObjectNode o = SERVICE_PROVIDER_CONFIG.deepCopy();
        ArrayNode schemes = o.putArray("authenticationSchemes");
        AuthType type = ctx.config().authType();
        if (type == AuthType.EXTERNAL_BASIC) {
            schemes.addObject().put("type", "httpbasic").put("name", "HTTP Basic")
                    .put("description", "HTTP Basic with the organization's SCIM user name and password").put("primary", true);
        } else {
            schemes.addObject().put("type", "oauthbearertoken").put("name", "OAuth Bearer Token")
                    .put("description", type == AuthType.EXTERNAL_SECRET ? "The organization's shared secret as a bearer token"
                            : "A bearer token (JWT) accepted by the organization's SCIM configuration")
                    .put("primary", true);
        }
        ((ObjectNode) o.get("meta")).put("location", ctx.baseUri() + "/ServiceProviderConfig");
        return o;
    }

    public static ObjectNode resourceTypes(ScimContext ctx) {
        return list(ctx, RESOURCE_TYPES, "ResourceTypes", "id");
    }

    public static ObjectNode resourceType(ScimContext ctx, String name) {
        return one(ctx, RESOURCE_TYPES, "ResourceTypes", name);
    }

    public static ObjectNode schemas(ScimContext ctx) {
        return list(ctx, SCHEMAS, "Schemas", "id");
    }

    public static ObjectNode schema(ScimContext ctx, String id) {
        return one(ctx, SCHEMAS, "Schemas", id);
    }

    private static ObjectNode list(ScimContext ctx, JsonNode all, String endpoint, String key) {
        ObjectNode out = Scim.NODES.objectNode();
        out.putArray("schemas").add(Scim.LIST_RESPONSE);
        out.put("totalResults", all.size());
        out.put("startIndex", 1);
        out.put("itemsPerPage", all.size());
        ArrayNode resources = out.putArray("Resources");
        for (JsonNode r : all) {
            resources.add(located(ctx, r, endpoint));
        }
        return out;
    }

    private static ObjectNode one(ScimContext ctx, JsonNode all, String endpoint, String id) {
        for (JsonNode r : all) {
            if (r.path("id").asText().equals(id)) {
                return located(ctx, r, endpoint);
            }
        }
        throw ScimException.notFound(endpoint + " " + id + " not found");
    }

    private static ObjectNode located(ScimContext ctx, JsonNode r, String endpoint) {
        ObjectNode copy = r.deepCopy();
        ((ObjectNode) copy.get("meta")).put("location", ctx.baseUri() + "/" + endpoint + "/" + r.path("id").asText());
        return copy;
    }

    private static JsonNode load(String name) {
        try (InputStream in = Discovery.class.getResourceAsStream("/dev/tenancy/scim/discovery/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + name);
            }
            return Scim.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
