package dev.tenancy.provisioning.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.provisioning.capture.Draft;
import dev.tenancy.provisioning.delivery.Signature;
import dev.tenancy.provisioning.delivery.Sinks;

/**
 * A parsed {@code POST}/{@code PUT} body. Absent fields are {@code null}; wrong types and values are
 * 400s naming the field. {@code hasOrganizationId} distinguishes an absent field from an explicit null.
 */
record SubscriptionRequest(String url, String secret, List<String> events, boolean hasOrganizationId,
                           String organizationId, Boolean enabled, String type, String topic, String subject) {

    /** What a subscription gets when {@code events} is left out. */
    static final List<String> KINDS = List.of(Draft.JOINER, Draft.MOVER, Draft.LEAVER);
    /** Every kind {@code events} may name: the user kinds and the group kinds ({@code group.created}, …). */
    static final List<String> ALL_KINDS = List.of(Draft.JOINER, Draft.MOVER, Draft.LEAVER, "group.created",
            "group.updated", "group.deleted", "group.member_added", "group.member_removed");
    private static final ObjectMapper JSON = new ObjectMapper();

    static SubscriptionRequest parse(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest(null, "Malformed JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest(null, "A JSON object is required");
        }
        String secret = text(node, "secret");
        if (secret != null && !Signature.isValidSecret(secret)) {
            throw ApiError.badRequest("secret", "secret must be whsec_ followed by the base64 of 24 to 64 bytes");
        }
        List<String> events = null;
        JsonNode e = node.get("events");
        if (e != null && !e.isNull()) {
            if (!e.isArray() || e.isEmpty()) {
                throw ApiError.badRequest("events", "events must be a non-empty array of joiner, mover, leaver");
            }
            Set<String> kinds = new LinkedHashSet<>();
            for (JsonNode k : e) {
                if (!k.isTextual() || !ALL_KINDS.contains(k.asText())) {
                    throw ApiError.badRequest("events", "events may contain only " + String.join(", ", ALL_KINDS));
                }
                kinds.add(k.asText());
            }
            events = new ArrayList<>(kinds);
        }
        Boolean enabled = null;
        JsonNode en = node.get("enabled");
        if (en != null && !en.isNull()) {
            if (!en.isBoolean()) {
                throw ApiError.badRequest("enabled", "enabled must be true or false");
            }
            enabled = en.asBoolean();
        }
        String type = text(node, "type");
        if (type != null && !Sinks.TYPES.contains(type)) {
            throw ApiError.badRequest("type", "type must be one of " + String.join(", ", Sinks.TYPES));
        }
        return new SubscriptionRequest(text(node, "url"), secret, events, node.has("organizationId"),
                text(node, "organizationId"), enabled, type, text(node, "topic"), text(node, "subject"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest(field, field + " must be a string");
        }
        return v.asText();
    }
}
