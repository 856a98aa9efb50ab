package dev.tenancy.orgs.governance;

import java.io.IOException;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.internal.OrgRoles;

/** JSON in and out, and the permission checks shared by governance's endpoints. */
final class Rest {

    private Rest() {
    }

    static Response ok(Object value) {
        return with(Response.ok(), value);
    }

    static Response with(Response.ResponseBuilder builder, Object value) {
        return builder.type(MediaType.APPLICATION_JSON_TYPE).entity(AuditTrail.json(value)).build();
    }

    static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw ApiError.badRequest(null, "A JSON object is required");
        }
        JsonNode node;
        try {
            node = AuditTrail.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(null, "Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badRequest(null, "Unreadable body");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest(null, "A JSON object is required");
        }
        return node;
    }

    /** An optional body: empty is an empty object. */
    static JsonNode optionalObject(String body) {
        return body == null || body.isBlank() ? AuditTrail.MAPPER.createObjectNode() : object(body);
    }

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

    static String maxLength(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw ApiError.badRequest(field, field + " is longer than " + max + " characters");
        }
        return value;
    }

    /** A realm administrator for this endpoint's purposes: {@code manage-realm} or {@code manage-users}. */
    static boolean realmAdmin(Caller caller) {
        return caller.canManageRealm() || caller.canManageUsers();
    }

    static boolean has(Caller caller, OrganizationModel org, String role) {
        return caller.hasOrganizationRole(org.getId(), role);
    }

    /** The caller as a member of the organization (same realm), or null. */
    static org.keycloak.models.UserModel member(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller) {
        var user = caller.user();
        if (user == null || !caller.adminAuth().getRealm().getId().equals(realm.getId())) {
            return null;
        }
        return session.getProvider(OrganizationProvider.class).isMember(org, user) ? user : null;
    }

    static boolean canManageRoles(Caller caller, OrganizationModel org) {
        return realmAdmin(caller) || has(caller, org, OrgRoles.MANAGE_ROLES);
    }

    static boolean canViewRoles(Caller caller, OrganizationModel org) {
        return canManageRoles(caller, org) || caller.canViewRealm() || has(caller, org, OrgRoles.VIEW_ROLES);
    }

    static int clamp(Integer v, int dflt, int max) {
        if (v == null) {
            return dflt;
        }
        return Math.max(0, Math.min(v, max));
    }
}
