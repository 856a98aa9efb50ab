package dev.tenancy.scim.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of one SCIM operation, before it becomes an HTTP answer (or a Bulk operation result).
 *
 * @param status   HTTP status
 * @param body     the resource or message, {@code null} for none
 * @param version  the weak ETag of the resource, or {@code null}
 * @param location the resource's URL, or {@code null}
 */
public record ScimResult(int status, JsonNode body, String version, String location) {

    public static ScimResult ok(JsonNode body) {
        return new ScimResult(200, body, null, null);
    }

    /** 201 with the created resource, its {@code meta.version} as the ETag and its URL. */
    public static ScimResult created(JsonNode resource, String location) {
        return new ScimResult(201, resource, resource.path("meta").path("version").asText(), location);
    }

    /** 200 with the resource and its {@code meta.version} as the ETag. */
    public static ScimResult current(JsonNode resource) {
        return new ScimResult(200, resource, resource.path("meta").path("version").asText(), null);
    }

    public static ScimResult noContent() {
        return new ScimResult(204, null, null, null);
    }

    public ScimResult withVersion(String value) {
        return new ScimResult(status, body, value, location);
    }
}
