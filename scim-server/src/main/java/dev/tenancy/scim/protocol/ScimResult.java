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

    public static ScimResult noContent() {
        return new ScimResult(204, null, null, null);
    }

    public ScimResult withVersion(String value) {
        return new ScimResult(status, body, value, location);
    }
}
