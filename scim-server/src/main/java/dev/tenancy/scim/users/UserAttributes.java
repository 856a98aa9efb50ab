package dev.tenancy.scim.users;

import java.util.Map;
import java.util.Set;

import dev.tenancy.scim.protocol.Scim;

/**
 * Where each SCIM User attribute lives in Keycloak: the one table the writer, the reader and the
 * filter translator share.
 */
final class UserAttributes {

    /** Core single-valued strings stored as user attributes of the same name. */
    static final Set<String> CORE_SIMPLE = Set.of("displayName", "nickName", "title", "userType",
            "preferredLanguage", "locale", "timezone", "profileUrl");

    /** Sub-attributes of {@code name} stored as user attributes (given and family names are columns). */
    static final Map<String, String> NAME_ATTRIBUTES = Map.of(
            "formatted", "formattedName",
            "middleName", "middleName",
            "honorificPrefix", "honorificPrefix",
            "honorificSuffix", "honorificSuffix");

    /** Enterprise extension strings stored as user attributes of the same name; {@code manager.value} is {@code manager}. */
    static final Set<String> ENTERPRISE_SIMPLE = Set.of("employeeNumber", "costCenter", "organization", "division",
            "department");

    static final String MANAGER = "manager";

    /** Multi-valued complex attributes kept whole, as JSON, in one user attribute each. */
    static final Map<String, String> JSON_ATTRIBUTES = Map.of(
            "emails", "scim.emails",
            "phoneNumbers", "scim.phoneNumbers",
            "addresses", "scim.addresses");

    static final Set<String> MULTI_VALUED = Set.of("emails", "phoneNumbers", "addresses", "groups", "ims", "photos",
            "entitlements", "roles", "x509Certificates", "schemas");

    static final String[] SCHEMAS = {Scim.USER_SCHEMA, Scim.ENTERPRISE_SCHEMA};

    private UserAttributes() {
    }
}
