package dev.tenancy.scim.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Protocol constants and the one JSON mapper of this module. */
public final class Scim {

    public static final String MEDIA_TYPE = "application/scim+json";
    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** The Role resource of Okta's "SCIM 2.0 with entitlements" guide. */
    public static final String ROLE_SCHEMA = "urn:okta:scim:schemas:core:1.0:Role";
    public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public static final String BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

    /** Largest body outside {@code /Bulk}. */
    public static final int MAX_BODY = 1024 * 1024;
    /** Largest {@code /Bulk} body. */
    public static final int MAX_BULK_BODY = 4 * 1024 * 1024;
    public static final int MAX_BULK_OPERATIONS = 1000;
    /** {@code filter.maxResults}: the largest page. */
    public static final int MAX_RESULTS = 1000;
    public static final int DEFAULT_COUNT = 100;
    /** Longest value Keycloak stores in its user and group columns. */
    public static final int MAX_COLUMN = 255;

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Scim() {
    }
}
