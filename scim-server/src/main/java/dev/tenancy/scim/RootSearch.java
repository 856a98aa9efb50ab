package dev.tenancy.scim;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tenancy.scim.protocol.Responses;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;
import dev.tenancy.scim.protocol.SearchParams;
import dev.tenancy.scim.query.FilterTranslator;
import dev.tenancy.scim.resource.ScimResourceTypes;

/**
 * {@code POST /.search} at the organization's root (RFC 7644 §3.4.3): every resource type, Users
 * then Groups then Roles, with one {@code totalResults} and paging across them. A filter must parse; a resource
 * type whose attributes it does not name (or whose sort attributes {@code sortBy} is not) contributes
 * nothing rather than failing the search; a filter no resource type understands is a 400.
 */
final class RootSearch {

    private final ScimContext ctx;

    RootSearch(ScimContext ctx) {
        this.ctx = ctx;
    }

    ScimResult search(SearchParams params) {
        if (params.filter() != null) {
            FilterTranslator.parse(params.filter());
        }
        List<Function<SearchParams, ScimResult>> types = ScimResourceTypes.all(ctx).stream()
                .map(t -> (Function<SearchParams, ScimResult>) t::list).toList();
        long total = 0;
        boolean understood = false;
        ArrayNode resources = Scim.NODES.arrayNode();
        for (Function<SearchParams, ScimResult> type : types) {
            // this type's part of the page: it starts where the earlier types' totals end
            long start = Math.max(1, params.startIndex() - total);
            int count = Math.max(0, params.count() - resources.size());
            ObjectNode page = list(new SearchParams(params.filter(), params.sortBy(), params.descending(),
                    (int) Math.min(Integer.MAX_VALUE, start), count, params.selection()), type);
            if (page == null) {
                continue;
            }
            understood = true;
            if (params.startIndex() <= total + page.path("totalResults").asLong()) {
                page.path("Resources").forEach(resources::add);
            }
            total += page.path("totalResults").asLong();
        }
        if (!understood) {
            throw ScimException.invalidFilter("The filter names no attribute of any resource type");
        }
        return ScimResult.ok(Responses.listResponse(total, params.startIndex(), resources));
    }

    /** One resource type's page, or null when the filter or sort attribute is not one of its attributes. */
    private static ObjectNode list(SearchParams params, Function<SearchParams, ScimResult> lister) {
        try {
            return (ObjectNode) lister.apply(params).body();
        } catch (ScimException e) {
            if ("invalidFilter".equals(e.scimType())) {
                return null;
            }
            if ("invalidValue".equals(e.scimType()) && params.sortBy() != null) {
                JsonNode retried = list(new SearchParams(params.filter(), null, params.descending(), params.startIndex(),
                        params.count(), params.selection()), lister);
                return (ObjectNode) retried;
            }
            throw e;
        }
    }
}
