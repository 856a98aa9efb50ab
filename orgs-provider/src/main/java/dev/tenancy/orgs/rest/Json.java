package dev.tenancy.orgs.rest;

import java.io.IOException;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import dev.tenancy.orgs.api.ApiError;

/** Strict reading of request bodies: malformed JSON and wrongly typed fields are 400s naming the field. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** 200 with the value serialized by our mapper: nulls are kept, as the contract shows them. */
    static Response ok(Object value) {
        return with(Response.ok(), value);
    }

    static Response with(Response.ResponseBuilder builder, Object value) {
        try {
            return builder.type(MediaType.APPLICATION_JSON_TYPE).entity(MAPPER.writeValueAsString(value)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw ApiError.badRequest(null, "A JSON object is required");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(null, e.getLocation() == null ? "Malformed JSON"
                    : "Malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw ApiError.badRequest(null, "Unreadable body");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest(null, "A JSON object is required");
        }
        return node;
    }

    /** The text value of {@code field}, or null when absent or null; 400 when not a string. */
    static String text(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest(path, path + " must be a string");
        }
        return v.asText();
    }

    static Boolean bool(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.getNodeType() != JsonNodeType.BOOLEAN) {
            throw ApiError.badRequest(path, path + " must be true or false");
        }
        return v.asBoolean();
    }

    static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiError.badRequest(path, path + " must be an object");
        }
        return v;
    }
}
