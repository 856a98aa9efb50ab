package dev.tenancy.provisioning.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Serializes answers with our own mapper so that absent values appear as explicit {@code null}s
 * (Keycloak's mapper drops them), as the contract shows ({@code "organizationId": null}).
 */
public final class JsonOut {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonOut() {
    }

    public static Response ok(Object body) {
        return status(Response.Status.OK, body).build();
    }

    public static Response.ResponseBuilder status(Response.Status status, Object body) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize an answer", e);
        }
    }
}
