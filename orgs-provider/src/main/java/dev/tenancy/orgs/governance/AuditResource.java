package dev.tenancy.orgs.governance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.rest.Errors;
import dev.tenancy.orgs.internal.OrgRoles;

/**
 * {@code GET /realms/{realm}/orgs/{orgId}/audit?from&to&first&max[&format=csv]}: the organization's
 * audit trail, newest first. Callers: realm administrators and {@code view-organization}.
 */
public final class AuditResource {

    private final KeycloakSession session;
    private final OrganizationModel org;
    private final Caller caller;

    public AuditResource(KeycloakSession session, OrganizationModel org, Caller caller) {
        this.session = session;
        this.org = org;
        this.caller = caller;
    }

    @GET
    @Produces({"application/json", "text/csv"})
    public Response list(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("first") Integer first,
                         @QueryParam("max") Integer max, @QueryParam("format") String format) {
        return Errors.guard(session, () -> {
            if (!(caller.canViewRealm() || Rest.realmAdmin(caller) || Rest.has(caller, org, OrgRoles.VIEW_ORGANIZATION)
                    || Rest.has(caller, org, OrgRoles.MANAGE_ORGANIZATION))) {
                throw ApiError.forbidden();
            }
            if (format != null && !format.equals("json") && !format.equals("csv")) {
                throw ApiError.badRequest("format", "format must be json or csv");
            }
            if ((first != null && first < 0) || (max != null && max < 0)) {
                throw ApiError.badRequest(first != null && first < 0 ? "first" : "max", "first and max must not be negative");
            }
            long fromMillis = from == null ? 0 : BadInput.checked(() -> Times.parse(from, "from"));
            long toMillis = to == null ? Long.MAX_VALUE : BadInput.checked(() -> Times.parse(to, "to"));
            boolean csv = "csv".equals(format);
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            List<AuditEntity> rows = em.createNamedQuery("tnc.govAudit.page", AuditEntity.class).setParameter("orgId", org.getId())
                    .setParameter("from", fromMillis).setParameter("to", toMillis)
                    .setFirstResult(Rest.clamp(first, 0, Integer.MAX_VALUE)).setMaxResults(Rest.clamp(max, csv ? 10_000 : 100, csv ? 100_000 : 1000))
                    .getResultList();
            if (csv) {
                StringBuilder out = new StringBuilder("time,actor,operation,resourceType,resource,before,after\r\n");
                for (AuditEntity a : rows) {
                    out.append(Csv.row(Times.iso(a.getTime()), a.getActor(), a.getOperation(), a.getResourceType(), a.getResource(),
                            a.getBefore(), a.getAfter()));
                }
                return Response.ok(out.toString(), "text/csv; charset=utf-8")
                        .header("Content-Disposition", "attachment; filename=\"audit-" + org.getAlias() + ".csv\"").build();
            }
            return Rest.ok(rows.stream().map(AuditResource::rep).toList());
        });
    }

    static Map<String, Object> rep(AuditEntity a) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", a.getId());
        rep.put("time", Times.iso(a.getTime()));
        rep.put("actor", a.getActor());
        rep.put("operation", a.getOperation());
        rep.put("resourceType", a.getResourceType());
        rep.put("resource", a.getResource());
        rep.put("before", AuditTrail.read(a.getBefore()));
        rep.put("after", AuditTrail.read(a.getAfter()));
        return rep;
    }
}
