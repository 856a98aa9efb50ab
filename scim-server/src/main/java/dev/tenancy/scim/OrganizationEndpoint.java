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
import dev.tenancy.scim.groups.GroupService;
import dev.tenancy.scim.protocol.AttributeSelection;
import dev.tenancy.scim.protocol.Responses;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;
import dev.tenancy.scim.protocol.SearchParams;
import dev.tenancy.scim.users.UserService;

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
    @Path("Users")
    public Response listUsers(@QueryParam("filter") String filter, @QueryParam("sortBy") String sortBy,
                              @QueryParam("sortOrder") String sortOrder, @QueryParam("startIndex") String startIndex,
                              @QueryParam("count") String count, @QueryParam("attributes") String attributes,
                              @QueryParam("excludedAttributes") String excludedAttributes) {
        return answer(() -> users().list(SearchParams.of(filter, sortBy, sortOrder, startIndex, count, attributes, excludedAttributes)));
    }

    @POST
    @Path("Users/.search")
    public Response searchUsers(@Context HttpHeaders headers, InputStream body) {
        return answer(() -> users().list(SearchParams.of(read(headers, body))));
    }

    @POST
    @Path("Users")
    public Response createUser(@Context HttpHeaders headers, InputStream body,
                               @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        return answer(() -> select(users().create(read(headers, body)), attributes, excluded, Scim.USER_SCHEMA));
    }

    @GET
    @Path("Users/{id}")
    public Response getUser(@PathParam("id") String id, @Context HttpHeaders headers,
                            @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        return answer(() -> users().get(id, AttributeSelection.of(attributes, excluded), headers.getHeaderString(HttpHeaders.IF_NONE_MATCH)));
    }

    @PUT
    @Path("Users/{id}")
    public Response replaceUser(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body,
                                @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        return answer(() -> select(users().replace(id, read(headers, body), ifMatch(headers)), attributes, excluded, Scim.USER_SCHEMA));
    }

    @PATCH
    @Path("Users/{id}")
    public Response patchUser(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body,
                              @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        return answer(() -> patched(users().patch(id, read(headers, body), ifMatch(headers)), attributes, excluded, Scim.USER_SCHEMA));
    }

    @DELETE
    @Path("Users/{id}")
    public Response deleteUser(@PathParam("id") String id, @Context HttpHeaders headers) {
        return answer(() -> users().delete(id, ifMatch(headers)));
    }

    @GET
    @Path("Groups")
    public Response listGroups(@QueryParam("filter") String filter, @QueryParam("sortBy") String sortBy,
                               @QueryParam("sortOrder") String sortOrder, @QueryParam("startIndex") String startIndex,
                               @QueryParam("count") String count, @QueryParam("attributes") String attributes,
                               @QueryParam("excludedAttributes") String excludedAttributes) {
        return answer(() -> groups().list(SearchParams.of(filter, sortBy, sortOrder, startIndex, count, attributes, excludedAttributes)));
    }

    @POST
    @Path("Groups/.search")
    public Response searchGroups(@Context HttpHeaders headers, InputStream body) {
        return answer(() -> groups().list(SearchParams.of(read(headers, body))));
    }

    @POST
    @Path("Groups")
    public Response createGroup(@Context HttpHeaders headers, InputStream body,
                                @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        return answer(() -> select(groups().create(read(headers, body)), attributes, excluded, Scim.GROUP_SCHEMA));
    }

    @GET
    @Path("Groups/{id}")
    public Response getGroup(@PathParam("id") String id, @Context HttpHeaders headers,
                             @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        return answer(() -> groups().get(id, AttributeSelection.of(attributes, excluded), headers.getHeaderString(HttpHeaders.IF_NONE_MATCH)));
    }

    @PUT
    @Path("Groups/{id}")
    public Response replaceGroup(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body,
                                 @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        return answer(() -> select(groups().replace(id, read(headers, body), ifMatch(headers)), attributes, excluded, Scim.GROUP_SCHEMA));
    }

    @PATCH
    @Path("Groups/{id}")
    public Response patchGroup(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body,
                               @QueryParam("attributes") String attributes, @QueryParam("excludedAttributes") String excluded) {
        boolean members = AttributeSelection.of(attributes, excluded).wants(null, "members");
        return answer(() -> patched(groups().patch(id, read(headers, body), ifMatch(headers), members), attributes, excluded, Scim.GROUP_SCHEMA));
    }

    @DELETE
    @Path("Groups/{id}")
    public Response deleteGroup(@PathParam("id") String id, @Context HttpHeaders headers) {
        return answer(() -> groups().delete(id, ifMatch(headers)));
    }

    @POST
    @Path("Bulk")
    public Response bulk(@Context HttpHeaders headers, InputStream body) {
        return answer(() -> new BulkService(ctx).process(Responses.read(headers, body, Scim.MAX_BULK_BODY)));
    }

    @POST
    @Path(".search")
    public Response search(@Context HttpHeaders headers, InputStream body) {
        return answer(() -> users().list(SearchParams.of(read(headers, body))));
    }

    /** Any other path of the organization: a SCIM 404, not the server's HTML one. */
    @GET
    @Path("{unknown: .+}")
    public Response unknownGet() {
        return unknown();
    }

    @POST
    @Path("{unknown: .+}")
    public Response unknownPost() {
        return unknown();
    }

    @PUT
    @Path("{unknown: .+}")
    public Response unknownPut() {
        return unknown();
    }

    @PATCH
    @Path("{unknown: .+}")
    public Response unknownPatch() {
        return unknown();
    }

    @DELETE
    @Path("{unknown: .+}")
    public Response unknownDelete() {
        return unknown();
    }

    private Response unknown() {
        return Responses.error(ScimException.notFound("No such SCIM resource"));
    }

    private UserService users() {
        return new UserService(ctx);
    }

    private GroupService groups() {
        return new GroupService(ctx);
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
