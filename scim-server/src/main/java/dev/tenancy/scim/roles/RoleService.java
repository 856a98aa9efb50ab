package dev.tenancy.scim.roles;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.FilterEvaluator;

import dev.tenancy.scim.ETags;
import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.protocol.AttributeSelection;
import dev.tenancy.scim.protocol.Responses;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;
import dev.tenancy.scim.protocol.SearchParams;
import dev.tenancy.scim.query.FilterTranslator;
import dev.tenancy.scim.resource.ScimResourceType;

/**
 * SCIM Roles of one organization: its custom roles (never the built-in delegated-administration
 * ones), read-only, as Okta's "SCIM 2.0 with entitlements" guide describes them. A role's {@code id}
 * and {@code displayName} are its name, which is also the {@code value} a User's {@code roles} carry.
 * An organization has few roles, so filters run over the list in memory.
 */
public final class RoleService implements ScimResourceType {

    @Override
    public Kind kind() {
        return Kind.ROLES;
    }

    @Override
    public boolean writable() {
        return false;
    }

    private final ScimContext ctx;

    public RoleService(ScimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ScimResult get(String id, AttributeSelection selection, String ifNoneMatch) {
        Map<String, String> roles = ctx.orgs().customRoles(ctx.realm(), ctx.organizationId());
        if (id == null || !roles.containsKey(id)) {
            throw ScimException.notFound("Role " + id + " not found");
        }
        ObjectNode rep = toScim(id, roles.get(id));
        return ETags.read(rep, ifNoneMatch, selection, Scim.ROLE_SCHEMA);
    }

    @Override
    public ScimResult list(SearchParams params) {
        Filter filter = params.filter() == null ? null : FilterTranslator.parse(params.filter());
        List<ObjectNode> matching = new ArrayList<>();
        ctx.orgs().customRoles(ctx.realm(), ctx.organizationId()).forEach((name, description) -> {
            ObjectNode rep = toScim(name, description);
            if (filter == null || matches(filter, rep)) {
                matching.add(rep);
            }
        });
        if (params.sortBy() != null) {
            String key = params.sortBy().replaceFirst("(?i)^" + java.util.regex.Pattern.quote(Scim.ROLE_SCHEMA) + ":", "");
            if (!key.equalsIgnoreCase("displayName") && !key.equalsIgnoreCase("id")) {
                throw ScimException.invalidValue("Roles can be sorted by displayName or id");
            }
        }
        if (params.descending()) {
            matching.sort(Comparator.comparing((ObjectNode o) -> o.path("id").asText()).reversed());
        }
        ArrayNode resources = Scim.NODES.arrayNode();
        int from = params.startIndex() - 1;
        for (int i = from; i < matching.size() && resources.size() < params.count(); i++) {
            resources.add(params.selection().apply(matching.get(i), Scim.ROLE_SCHEMA));
        }
        return ScimResult.ok(Responses.listResponse(matching.size(), params.startIndex(), resources));
    }

    private static boolean matches(Filter filter, ObjectNode rep) {
        try {
            return FilterEvaluator.evaluate(filter, rep);
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            throw ScimException.invalidFilter(e.getMessage());
        }
    }

    private ObjectNode toScim(String name, String description) {
        ObjectNode o = Scim.NODES.objectNode();
        o.putArray("schemas").add(Scim.ROLE_SCHEMA);
        o.put("id", name);
        o.put("displayName", name);
        if (description != null && !description.isEmpty()) {
            o.put("description", description);
        }
        ObjectNode meta = o.putObject("meta");
        meta.put("resourceType", "Role");
        meta.put("location", ctx.location("Roles", java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")));
        ETags.stamp(o);
        return o;
    }
}
