package dev.tenancy.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tenancy.scim.protocol.AttributeSelection;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;
import dev.tenancy.scim.protocol.SearchParams;

/**
 * One SCIM resource type of an organization (Users, Groups, Roles): what the generic endpoint, the
 * Bulk dispatcher and the root search call. Implementations are bound to one request's
 * {@link dev.tenancy.scim.ScimContext}; {@link ScimResourceTypes} finds them by endpoint name. A
 * read-only type leaves the writes to their defaults (405).
 */
public interface ScimResourceType {

    /** A resource type's name and core schema: what discovery, Bulk and the root search tell apart. */
    record Kind(String endpoint, String schema) {
        public static final Kind USERS = new Kind("Users", Scim.USER_SCHEMA);
        public static final Kind GROUPS = new Kind("Groups", Scim.GROUP_SCHEMA);
        public static final Kind ROLES = new Kind("Roles", Scim.ROLE_SCHEMA);
    }

    Kind kind();

    /** The endpoint name: {@code Users}, {@code Groups}, {@code Roles}. */
    default String endpoint() {
        return kind().endpoint();
    }

    /** The core schema URN, against which {@code attributes} and {@code excludedAttributes} are read. */
    default String schema() {
        return kind().schema();
    }

    ScimResult list(SearchParams params);

    ScimResult get(String id, AttributeSelection selection, String ifNoneMatch);

    default ScimResult create(JsonNode body) {
        throw readOnly();
    }

    default ScimResult replace(String id, JsonNode body, String ifMatch) {
        throw readOnly();
    }

    /** @param selection what the caller asks to be returned (a type may skip reading what is not wanted) */
    default ScimResult patch(String id, JsonNode body, String ifMatch, AttributeSelection selection) {
        throw readOnly();
    }

    default ScimResult delete(String id, String ifMatch) {
        throw readOnly();
    }

    /** Whether Bulk may address this type. */
    default boolean writable() {
        return true;
    }

    private ScimException readOnly() {
        return ScimException.methodNotAllowed(endpoint() + " are read-only here");
    }
}
