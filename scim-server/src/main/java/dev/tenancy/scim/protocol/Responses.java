package dev.tenancy.scim.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** SCIM bodies in and out: media types, size limits, JSON, and RFC 7644 §3.12 errors. */
public final class Responses {

    /** A {@code ListResponse} of {@code resources}, its {@code itemsPerPage} their number (RFC 7644 §3.4.2). */
    public static ObjectNode listResponse(long totalResults, int startIndex, com.fasterxml.jackson.databind.node.ArrayNode resources) {
        ObjectNode out = Scim.NODES.objectNode();
        out.putArray("schemas").add(Scim.LIST_RESPONSE);
        out.put("totalResults", totalResults);
        out.put("startIndex", startIndex);
        out.put("itemsPerPage", resources.size());
        out.set("Resources", resources);
        return out;
    }

    private Responses() {
    }

    public static Response of(ScimResult result) {
        Response.ResponseBuilder b = Response.status(result.status());
        if (result.body() != null && result.status() != 304) {
            b.entity(write(result.body())).type(Scim.MEDIA_TYPE);
        }
        if (result.version() != null) {
            b.header(HttpHeaders.ETAG, result.version());
        }
        if (result.location() != null) {
            b.header(HttpHeaders.LOCATION, result.location());
        }
        return b.build();
    }

    public static ObjectNode errorBody(int status, String scimType, String detail) {
        ObjectNode o = Scim.NODES.objectNode();
        o.putArray("schemas").add(Scim.ERROR);
        o.put("status", String.valueOf(status));
        if (scimType != null) {
            o.put("scimType", scimType);
        }
        if (detail != null) {
            o.put("detail", detail);
        }
        return o;
    }

    public static Response error(ScimException e) {
        Response.ResponseBuilder b = Response.status(e.status())
                .entity(write(errorBody(e.status(), e.scimType(), e.getMessage())))
                .type(Scim.MEDIA_TYPE);
        if (e.wwwAuthenticate() != null) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, e.wwwAuthenticate());
        }
        return b.build();
    }

    /**
     * Reads a request body: {@code application/scim+json} or {@code application/json} (else 415), at most
     * {@code limit} bytes (else 413), well-formed JSON (else 400 {@code invalidSyntax}).
     */
    public static JsonNode read(HttpHeaders headers, InputStream in, int limit) {
        MediaType type = headers.getMediaType();
        if (type != null && !(type.getType().equalsIgnoreCase("application")
                && (type.getSubtype().equalsIgnoreCase("scim+json") || type.getSubtype().equalsIgnoreCase("json")))) {
            throw ScimException.unsupportedMediaType("Send application/scim+json or application/json");
        }
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    throw ScimException.tooLarge("The body is larger than " + limit + " bytes");
                }
            } catch (NumberFormatException e) {
                throw ScimException.invalidSyntax("Bad Content-Length");
            }
        }
        byte[] bytes = readAtMost(in, limit);
        if (bytes.length == 0) {
            throw ScimException.invalidSyntax("A JSON body is required");
        }
        JsonNode body;
        try {
            body = Scim.JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ScimException.invalidSyntax("Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ScimException.invalidSyntax("Unreadable body");
        }
        if (containsNul(body)) {
            // Keycloak's databases cannot store NUL in text (PostgreSQL refuses it): a bad value, not a fault.
            throw ScimException.invalidValue("Values and attribute names must not contain NUL characters");
        }
        return body;
    }

    private static boolean containsNul(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0;
        }
        if (node.isObject()) {
            for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                java.util.Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().indexOf('\u0000') >= 0 || containsNul(field.getValue())) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode child : node) {
            if (containsNul(child)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readAtMost(InputStream in, int limit) {
        if (in == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw ScimException.tooLarge("The body is larger than " + limit + " bytes");
                }
            }
        } catch (IOException e) {
            throw ScimException.invalidSyntax("Unreadable body");
        }
        return out.toByteArray();
    }

    public static String write(JsonNode node) {
        try {
            return Scim.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
