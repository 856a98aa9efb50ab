package dev.tenancy.orgs.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An error answer of Tenancy's admin REST APIs: {@code {"error": "...", "errorMessage": "...",
 * "field": "..."}} with the status. {@code errorMessage} is the key Keycloak's own admin API and
 * console use; {@code field} names the offending field of a 400.
 */
public final class ApiError extends WebApplicationException {

    private ApiError(Response response) {
        super(response);
    }

    public static ApiError badRequest(String field, String message) {
        return of(Response.Status.BAD_REQUEST, "invalid_request", field, message);
    }

    public static ApiError notFound(String message) {
        return of(Response.Status.NOT_FOUND, "not_found", null, message);
    }

    public static ApiError forbidden() {
        return of(Response.Status.FORBIDDEN, "forbidden", null, "Not allowed");
    }

    public static ApiError conflict(String message) {
        return of(Response.Status.CONFLICT, "conflict", null, message);
    }

    /** A server fault: a generic message and the correlation id under which it was logged. */
    public static ApiError serverError(String correlationId) {
        Map<String, Object> body = body("server_error", null,
                "An unexpected error occurred; the server log has the details under correlation id " + correlationId);
        body.put("correlationId", correlationId);
        return new ApiError(Response.status(Response.Status.INTERNAL_SERVER_ERROR)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(body).build());
    }

    public static ApiError unauthorized() {
        Map<String, Object> body = body("unauthorized", null, "A valid bearer token is required");
        return new ApiError(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE).entity(body).build());
    }

    private static ApiError of(Response.Status status, String error, String field, String message) {
        return new ApiError(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body(error, field, message)).build());
    }

    private static Map<String, Object> body(String error, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("errorMessage", message);
        if (field != null) {
            body.put("field", field);
        }
        return body;
    }
}
