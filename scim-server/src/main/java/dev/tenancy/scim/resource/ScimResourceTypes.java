package dev.tenancy.scim.resource;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.groups.GroupService;
import dev.tenancy.scim.roles.RoleService;
import dev.tenancy.scim.users.UserService;

/**
 * The organization's resource types, looked up by endpoint name. A new resource type is one class
 * implementing {@link ScimResourceType} and one line here; REST, Bulk and the root search need no change.
 */
public final class ScimResourceTypes {

    /** In the order the root search lists them. */
    private static final List<Entry> ALL = List.of(
            new Entry(ScimResourceType.Kind.USERS.endpoint(), UserService::new),
            new Entry(ScimResourceType.Kind.GROUPS.endpoint(), GroupService::new),
            new Entry(ScimResourceType.Kind.ROLES.endpoint(), RoleService::new));

    private record Entry(String endpoint, Function<ScimContext, ScimResourceType> factory) {
    }

    private ScimResourceTypes() {
    }

    public static List<ScimResourceType> all(ScimContext ctx) {
        return ALL.stream().map(e -> e.factory().apply(ctx)).toList();
    }

    /** The type at {@code /{endpoint}} (case-sensitive, as RFC 7644 names them), if there is one. */
    public static Optional<ScimResourceType> of(ScimContext ctx, String endpoint) {
        return ALL.stream().filter(e -> e.endpoint().equals(endpoint)).findFirst().map(e -> e.factory().apply(ctx));
    }
}
