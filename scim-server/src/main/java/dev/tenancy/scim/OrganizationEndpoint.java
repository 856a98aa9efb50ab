package dev.tenancy.scim;

import java.io.InputStream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tenancy.scim.bulk.BulkService;
import dev.tenancy.scim.discovery.Discovery;
import dev.tenancy.scim.protocol.AttributeSelection;
import dev.tenancy.scim.protocol.Responses;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;
import dev.tenancy.scim.protocol.SearchParams;
import dev.tenancy.scim.resource.ScimResourceType;
import dev.tenancy.scim.resource.ScimResourceTypes;

/**
 * {@code /realms/{realm}/scim/v2/organizations/{orgId}}: the SCIM 2.0 service provider of one
 * organization. Thin: it reads the request, calls a service, and answers.
 */
public final class OrganizationEndpoint {

    private final ScimContext ctx;

    OrganizationEndpoint(ScimContext ctx) {
        this.ctx = ctx;
    }

    @GET
    @Path("ServiceProviderConfig")
    public Response serviceProviderConfig() {
        return answer(() -> ScimResult.ok(Discovery.serviceProviderConfig(ctx)));
    }

    @GET
    @Path("ResourceTypes")
    public Response resourceTypes() {
        return answer(() -> ScimResult.ok(Discovery.resourceTypes(ctx)));
    }

    @GET
    @Path("ResourceTypes/{name}")
    public Response resourceType(@PathParam("name") String name) {
        return answer(() -> ScimResult.ok(Discovery.resourceType(ctx, name)));
    }

    @GET
    @Path("Schemas")
    public Response schemas() {
        return answer(() -> ScimResult.ok(Discovery.schemas(ctx)));
    }

    @GET
    @Path("Schemas/{id}")
    public Response schema(@PathParam("id") String id) {
        return answer(() -> ScimResult.ok(Discovery.schema(ctx, id)));
    }

    @GET
    @Path("{type}")
    public Response list(@PathParam("type") String type, @QueryParam("filter") String filter, @QueryParam("sortBy") String sortBy,
                         @QueryParam("sortOrder") String sortOrder, @QueryParam("startIndex") String startIndex,
                         @QueryParam("count") String count, @QueryParam("attributes") String attributes,
                         @QueryParam("excludedAttributes") String excludedAttributes) {
        return answer(() -> type(type).list(SearchParams.of(filter, sortBy, sortOrder, startIndex, count, attributes, excludedAttributes)));
    }

    @POST
    @Path("{type}/.search")
    public Response search(@PathParam("type") String type, @Context HttpHeaders headers, InputStream body) {
        return answer(() -> type(type).list(SearchParams.of(read(headers, body))));
    }

    @POST
    @Path("{type}")
    public Response create(@PathParam("type") String type, @Context HttpHeaders headers, InputStream body,
                           @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        return answer(() -> {
            ScimResourceType t = type(type);
            return select(t.create(read(headers, body)), attributes, excluded, t.schema());
        });
    }

    @GET
    @Path("{type}/{id}")
    public Response get(@PathParam("type") String type, @PathParam("id") String id, @Context HttpHeaders headers,
                        @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        return answer(() -> type(type).get(id, AttributeSelection.of(attributes, excluded), headers.getHeaderString(HttpHeaders.IF_NONE_MATCH)));
    }

    @PUT
    @Path("{type}/{id}")
    public Response replace(@PathParam("type") String type, @PathParam("id") String id, @Context HttpHeaders headers, InputStream body,
                            @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        return answer(() -> {
            ScimResourceType t = type(type);
            return select(t.replace(id, read(headers, body), ifMatch(headers)), attributes, excluded, t.schema());
        });
    }

    @PATCH
    @Path("{type}/{id}")
    public Response patch(@PathParam("type") String type, @PathParam("id") String id, @Context HttpHeaders headers, InputStream body,
                          @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        return answer(() -> {
            ScimResourceType t = type(type);
            ScimResult r = t.patch(id, read(headers, body), ifMatch(headers), AttributeSelection.of(attributes, excluded));
            return patched(r, attributes, excluded, t.schema());
        });
    }

    @DELETE
    @Path("{type}/{id}")
    public Response delete(@PathParam("type") String type, @PathParam("id") String id, @Context HttpHeaders headers) {
        return answer(() -> type(type).delete(id, ifMatch(headers)));
    }

    /** A resource is replaced or patched, never posted to. */
    @POST
    @Path("{type}/{id}")
    public Response postToResource(@PathParam("type") String type) {
        return answer(() -> {
            type(type);
            throw ScimException.methodNotAllowed("POST goes to the collection, or to .search");
        });
    }

    /** A collection is created in and listed, never replaced, patched or deleted as a whole. */
    @PUT
    @Path("{type}")
    public Response replaceCollection(@PathParam("type") String type) {
        return answer(() -> {
            type(type);
            throw ScimException.methodNotAllowed("PUT needs a resource id");
        });
    }

    @PATCH
    @Path("{type}")
    public Response patchCollection(@PathParam("type") String type) {
        return replaceCollection(type);
    }

    @DELETE
    @Path("{type}")
    public Response deleteCollection(@PathParam("type") String type) {
        return replaceCollection(type);
    }

    @POST
    @Path("Bulk")
    public Response bulk(@Context HttpHeaders headers, InputStream body) {
        return answer(() -> new BulkService(ctx).process(Responses.read(headers, body, Scim.MAX_BULK_BODY)));
    }

    @POST
    @Path(".search")
    public Response search(@Context HttpHeaders headers, InputStream body) {
        return answer(() -> new RootSearch(ctx).search(SearchParams.of(read(headers, body))));
    }

    /** The bare base URL: a SCIM error that points at the discovery endpoints. */
    @GET
    public Response base() {
        return unknownWith("This is the SCIM base URL of the organization; see " + ctx.baseUri() + "/ServiceProviderConfig, "
                + ctx.baseUri() + "/ResourceTypes and " + ctx.baseUri() + "/Schemas");
    }

    /** Any deeper path of the organization: a SCIM 404, not the server's HTML one. */
    @GET
    @Path("{type}/{id}/{rest: .+}")
    public Response unknownGet() {
        return unknown();
    }

    @POST
    @Path("{type}/{id}/{rest: .+}")
    public Response unknownPost() {
        return unknown();
    }

    @PUT
    @Path("{type}/{id}/{rest: .+}")
    public Response unknownPut() {
        return unknown();
    }

    @PATCH
    @Path("{type}/{id}/{rest: .+}")
    public Response unknownPatch() {
        return unknown();
    }

    @DELETE
    @Path("{type}/{id}/{rest: .+}")
    public Response unknownDelete() {
        return unknown();
    }

    private Response unknown() {
        return unknownWith("No such SCIM resource; see " + ctx.baseUri() + "/ResourceTypes");
    }

    private static Response unknownWith(String detail) {
        return Responses.error(ScimException.notFound(detail));
    }

    /** The resource type at that endpoint, or a SCIM 404. */
    private ScimResourceType type(String name) {
        return ScimResourceTypes.of(ctx, name).orElseThrow(() -> ScimException.notFound("No such SCIM resource; see " + ctx.baseUri() + "/ResourceTypes"));
    }

    private static JsonNode read(HttpHeaders headers, InputStream body) {
        return Responses.read(headers, body, Scim.MAX_BODY);
    }

    private static String ifMatch(HttpHeaders headers) {
        return headers.getHeaderString(HttpHeaders.IF_MATCH);
    }

    private static ScimResult select(ScimResult r, String attributes, String excluded, String schema) {
        if (r.body() instanceof com.fasterxml.jackson.databind.node.ObjectNode o && (attributes != null || excluded != null)) {
            return new ScimResult(r.status(), AttributeSelection.of(attributes, excluded).apply(o, schema), r.version(), r.location());
        }
        return r;
    }

    /** PATCH answers 200 with the resource, or 204 when {@code attributes} is given but names nothing. */
    private ScimResult patched(ScimResult r, String attributes, String excluded, String schema) {
        var query = ctx.session().getContext().getUri().getQueryParameters();
        if (query.containsKey("attributes") && (attributes == null || attributes.isBlank())) {
            return new ScimResult(204, null, r.version(), null);
        }
        return select(r, attributes, excluded, schema);
    }

    private Response answer(java.util.function.Supplier<ScimResult> work) {
        Response r = answered(work);
        ctx.orgs().recordExchange(ctx.realm(), ctx.organizationId(), ctx.session().getContext().getHttpRequest().getHttpMethod(),
                ctx.session().getContext().getUri().getPath(), r.getStatus());
        dev.tenancy.orgs.metrics.TenancyMetrics.get().scimRequest(dev.tenancy.orgs.metrics.TenancyMetrics.scimResourceType(
                ctx.session().getContext().getUri().getPath()), r.getStatus(), ctx.organizationId());
        return r;
    }

    private Response answered(java.util.function.Supplier<ScimResult> work) {
        try {
            return Responses.of(Failures.run(ctx.session(), work));
        } catch (ScimException e) {
            ctx.orgs().recordError(ctx.realm(), ctx.organizationId(), e.status(), e.scimType(), e.getMessage());
            return Responses.error(e);
        }
    }
}
