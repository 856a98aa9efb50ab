package dev.tenancy.orgs.governance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.internal.OrgRoles;
import dev.tenancy.orgs.jpa.OrgRoleStore;

/**
 * {@code /realms/{realm}/orgs/{orgId}/access-requests}: a member asks for a role or an organization
 * group for a while; a holder of {@code manage-roles} other than the requester (or a realm
 * administrator) approves it into a time-bound grant, or denies it. Built-in delegated
 * administration roles are requested and approved only by realm administrators.
 */
public final class AccessRequestsResource extends GovernanceResource {

    static final long MAX_DURATION_SECONDS = 30L * 24 * 3600;
    private static final Set<String> STATUSES = Set.of("PENDING", "APPROVED", "DENIED", "EXPIRED", "CANCELLED");

    private final long pendingMillis;

    public AccessRequestsResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller,
                                  OrgRoleStore roles, AdminEventBuilder events) {
        super(session, realm, org, caller, roles, events);
        this.pendingMillis = GovernanceListenerFactory.config(session).requestPendingSeconds() * 1000L;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return guard(() -> {
            UserModel me = Rest.member(session, realm, org, caller);
            if (me == null) {
                throw ApiError.forbidden();
            }
            JsonNode json = Rest.object(body);
            String role = Rest.text(json, "role", "role");
            String groupId = Rest.text(json, "group", "group");
            if ((role == null) == (groupId == null)) {
                throw ApiError.badRequest(role == null ? "role" : "group", "Give exactly one of role and group");
            }
            String reason = Rest.maxLength(Rest.text(json, "reason", "reason"), 2048, "reason");
            if (reason == null || reason.isBlank()) {
                throw ApiError.badRequest("reason", "reason is required");
            }
            JsonNode d = json.get("durationSeconds");
            if (d == null || !d.canConvertToLong() || !d.isIntegralNumber()) {
                throw ApiError.badRequest("durationSeconds", "durationSeconds is required (a whole number of seconds)");
            }
            long duration = d.asLong();
            if (duration < 1 || duration > MAX_DURATION_SECONDS) {
                throw ApiError.badRequest("durationSeconds", "durationSeconds must be from 1 to " + MAX_DURATION_SECONDS + " (30 days)");
            }
            String kind;
            String target;
            if (role != null) {
                if (!OrgRoles.isBuiltIn(role) && roles.customRole(org.getId(), role).isEmpty()) {
                    throw ApiError.badRequest("role", "Not a role of this organization: " + role);
                }
                if (OrgRoles.isBuiltIn(role) && !Rest.realmAdmin(caller)) {
                    throw ApiError.forbidden();
                }
                if (roles.holds(org.getId(), role, me.getId())) {
                    throw ApiError.conflict("You already hold the role '" + role + "'");
                }
                kind = Grants.ROLE;
                target = role;
            } else {
                GroupModel g = Grants.organizationGroup(session, realm, org, groupId);
                if (g == null) {
                    throw ApiError.badRequest("group", "Not a group of this organization: " + groupId);
                }
                if (dev.tenancy.orgs.internal.PrivilegedAccounts.isPrivileged(realm, g) && !Rest.realmAdmin(caller)) {
                    throw ApiError.forbidden();
                }
                if (Grants.directMember(session, g, me)) {
                    throw ApiError.conflict("You are already a member of that group");
                }
                kind = Grants.GROUP;
                target = g.getId();
            }
            boolean duplicate = mine(me).stream().anyMatch(r -> "PENDING".equals(status(r)) && r.getKind().equals(kind) && r.getTarget().equals(target));
            if (duplicate) {
                throw ApiError.conflict("You already have a pending request for that");
            }
            RequestEntity r = new RequestEntity();
            r.setId(KeycloakModelUtils.generateId());
            r.setRealmId(realm.getId());
            r.setOrganizationId(org.getId());
            r.setUserId(me.getId());
            r.setKind(kind);
            r.setTarget(target);
            r.setReason(reason);
            r.setDurationSeconds(duration);
            r.setStatus("PENDING");
            r.setCreated(System.currentTimeMillis());
            em.persist(r);
            Map<String, Object> rep = rep(r);
            events.operation(OperationType.CREATE).resource("ORGANIZATION")
                    .resourcePath("organizations", org.getId(), "access-requests", r.getId()).representation(rep).success();
            return Rest.with(Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(r.getId()).build()), rep);
        });
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("status") String status) {
        return guard(() -> {
            if (status != null && !STATUSES.contains(status)) {
                throw ApiError.badRequest("status", "status must be one of PENDING, APPROVED, DENIED, EXPIRED, CANCELLED");
            }
            List<RequestEntity> rows;
            if (approver()) {
                rows = em.createNamedQuery("tnc.govRequest.byOrg", RequestEntity.class).setParameter("orgId", org.getId())
                        .setMaxResults(1000).getResultList();
            } else {
                UserModel me = Rest.member(session, realm, org, caller);
                if (me == null) {
                    throw ApiError.forbidden();
                }
                rows = mine(me);
            }
            return Rest.ok(rows.stream().filter(r -> status == null || status.equals(status(r))).map(this::rep).toList());
        });
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        return guard(() -> {
            return Rest.ok(rep(visible(id)));
        });
    }

    @POST
    @Path("{id}/approve")
    @Produces(MediaType.APPLICATION_JSON)
    public Response approve(@PathParam("id") String id, String body) {
        return guard(() -> {
            return decide(id, body, true);
        });
    }

    @POST
    @Path("{id}/deny")
    @Produces(MediaType.APPLICATION_JSON)
    public Response deny(@PathParam("id") String id, String body) {
        return guard(() -> {
            return decide(id, body, false);
        });
    }

    /** The requester withdraws a pending request of their own. */
    @POST
    @Path("{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("id") String id) {
        return guard(() -> {
            UserModel me = Rest.member(session, realm, org, caller);
            if (me == null) {
                throw ApiError.forbidden();
            }
            RequestEntity r = ofThisOrganization(id);
            if (!me.getId().equals(r.getUserId())) {
                throw ApiError.forbidden();
            }
            if (!"PENDING".equals(status(r))) {
                throw ApiError.conflict("The request is " + status(r));
            }
            Map<String, Object> before = rep(r);
            r.setStatus("CANCELLED");
            r.setDecidedBy(caller.user().getId());
            r.setDecidedAt(System.currentTimeMillis());
            Map<String, Object> rep = rep(r);
            events.operation(OperationType.UPDATE).resource("ORGANIZATION")
                    .resourcePath("organizations", org.getId(), "access-requests", r.getId(), "cancel")
                    .representation(rep).detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(before)).success();
            return Rest.ok(rep);
        });
    }

    private Response decide(String id, String body, boolean approve) {
        // 403 for whoever may not decide (a member without manage-roles, the requester), 404 for an id of another organization.
        if (!approver()) {
            throw ApiError.forbidden();
        }
        RequestEntity r = ofThisOrganization(id);
        if (caller.user() != null && caller.user().getId().equals(r.getUserId())) {
            throw ApiError.forbidden();
        }
        if (Grants.ROLE.equals(r.getKind()) && OrgRoles.isBuiltIn(r.getTarget()) && !Rest.realmAdmin(caller)) {
            throw ApiError.forbidden();
        }
        JsonNode json = Rest.optionalObject(body);
        String comment = Rest.maxLength(Rest.text(json, "comment", "comment"), 2048, "comment");
        if (!"PENDING".equals(status(r))) {
            throw ApiError.conflict("The request is " + status(r));
        }
        UserModel requester = session.users().getUserById(realm, r.getUserId());
        if (approve && (requester == null || !org.isMember(requester))) {
            throw ApiError.conflict("The requester is no longer a member of this organization");
        }
        long now = System.currentTimeMillis();
        Map<String, Object> before = rep(r);
        r.setStatus(approve ? "APPROVED" : "DENIED");
        r.setDecidedBy(caller.user() == null ? null : caller.user().getId());
        r.setDecidedAt(now);
        r.setComment(comment);
        if (approve) {
            long expiresAt = now + r.getDurationSeconds() * 1000L;
            r.setGrantExpiresAt(expiresAt);
            Grants grants = new Grants(session, realm, em, roles);
            String by = "request:" + r.getId();
            if (Grants.ROLE.equals(r.getKind())) {
                if (!OrgRoles.isBuiltIn(r.getTarget()) && roles.customRole(org.getId(), r.getTarget()).isEmpty()) {
                    throw ApiError.conflict("The role no longer exists");
                }
                grants.grantRole(org, r.getTarget(), requester.getId(), by, expiresAt, () -> SystemEvents.of(session, realm, org.getId(), by));
            } else {
                GroupModel g = Grants.organizationGroup(session, realm, org, r.getTarget());
                if (g == null) {
                    throw ApiError.conflict("The group no longer exists");
                }
                if (dev.tenancy.orgs.internal.PrivilegedAccounts.isPrivileged(realm, g) && !Rest.realmAdmin(caller)) {
                    throw ApiError.forbidden();
                }
                grants.grantGroup(org, g, requester, by, expiresAt, () -> SystemEvents.of(session, realm, org.getId(), by));
            }
        }
        Map<String, Object> rep = rep(r);
        events.operation(OperationType.UPDATE).resource("ORGANIZATION")
                .resourcePath("organizations", org.getId(), "access-requests", r.getId(), approve ? "approve" : "deny")
                .representation(rep).detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(before)).success();
        return Rest.ok(rep);
    }

    private boolean approver() {
        return Rest.canManageRoles(caller, org);
    }

    private List<RequestEntity> mine(UserModel me) {
        return em.createNamedQuery("tnc.govRequest.byOrgAndUser", RequestEntity.class).setParameter("orgId", org.getId())
                .setParameter("userId", me.getId()).setMaxResults(1000).getResultList();
    }

    /** A request of this organization (404 for any other id), whoever asks. */
    private RequestEntity ofThisOrganization(String id) {
        RequestEntity r = id == null ? null : em.find(RequestEntity.class, id);
        if (r == null || !r.getOrganizationId().equals(org.getId())) {
            throw ApiError.notFound("Access request not found");
        }
        return r;
    }

    /** The request if the caller may see it (approvers: all; members: their own); 404 otherwise. */
    private RequestEntity visible(String id) {
        RequestEntity r = ofThisOrganization(id);
        if (approver()) {
            return r;
        }
        UserModel me = Rest.member(session, realm, org, caller);
        if (me == null || !me.getId().equals(r.getUserId())) {
            if (me == null) {
                throw ApiError.forbidden();
            }
            throw ApiError.notFound("Access request not found");
        }
        return r;
    }

    /** The status, counting a request pending for longer than allowed as expired even before the job marks it. */
    private String status(RequestEntity r) {
        if ("PENDING".equals(r.getStatus()) && r.getCreated() + pendingMillis <= System.currentTimeMillis()) {
            return "EXPIRED";
        }
        return r.getStatus();
    }

    private Map<String, Object> rep(RequestEntity r) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", r.getId());
        rep.put("userId", r.getUserId());
        UserModel u = session.users().getUserById(realm, r.getUserId());
        rep.put("username", u == null ? null : u.getUsername());
        if (Grants.ROLE.equals(r.getKind())) {
            rep.put("role", r.getTarget());
        } else {
            rep.put("group", r.getTarget());
        }
        rep.put("reason", r.getReason());
        rep.put("durationSeconds", r.getDurationSeconds());
        rep.put("status", status(r));
        rep.put("createdAt", Times.iso(r.getCreated()));
        rep.put("decidedBy", r.getDecidedBy());
        rep.put("decidedAt", Times.iso(r.getDecidedAt()));
        rep.put("comment", r.getComment());
        rep.put("expiresAt", Times.iso(r.getGrantExpiresAt()));
        return rep;
    }
}
