package dev.tenancy.orgs.governance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.internal.OrgRoles;
import dev.tenancy.orgs.jpa.OrgRoleMemberEntity;
import dev.tenancy.orgs.jpa.OrgRoleStore;

/**
 * {@code /realms/{realm}/orgs/{orgId}/access-reviews}. Realm administrators and {@code manage-members}
 * create, read, close and report; a review's reviewers read it and decide its items, never those
 * about their own access.
 */
public final class AccessReviewsResource extends GovernanceResource {

    private static final Set<String> DECISIONS = Set.of("KEEP", "REVOKE");
    private static final int PAGE = 500;

    public AccessReviewsResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller,
                                 OrgRoleStore roles, AdminEventBuilder events) {
        super(session, realm, org, caller, roles, events);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        return guard(() -> {
            boolean manager = manager();
            String me = callerId();
            if (!manager && Rest.member(session, realm, org, caller) == null) {
                throw ApiError.forbidden();
            }
            return Rest.ok(em.createNamedQuery("tnc.govReview.byOrg", ReviewEntity.class).setParameter("orgId", org.getId())
                    .setMaxResults(500).getResultStream()
                    .filter(r -> manager || reviewers(r).contains(me))
                    .map(r -> rep(r, false)).toList());
        });
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return guard(() -> {
            requireManager();
            JsonNode json = Rest.object(body);
            String name = Rest.maxLength(Rest.text(json, "name", "name"), 255, "name");
            if (name == null || name.isBlank()) {
                throw ApiError.badRequest("name", "name is required");
            }
            JsonNode scope = json.get("scope");
            if (scope != null && !scope.isNull() && !scope.isObject()) {
                throw ApiError.badRequest("scope", "scope must be an object with roles and/or groups");
            }
            List<String> scopeRoles = strings(scope == null ? null : scope.get("roles"), "scope.roles");
            List<String> scopeGroups = strings(scope == null ? null : scope.get("groups"), "scope.groups");
            for (String r : scopeRoles) {
                if (!OrgRoles.isBuiltIn(r) && roles.customRole(org.getId(), r).isEmpty()) {
                    throw ApiError.badRequest("scope.roles", "Not a role of this organization: " + r);
                }
                if (!mayRevoke(r)) {
                    throw ApiError.forbidden();
                }
            }
            for (String g : scopeGroups) {
                if (Grants.organizationGroup(session, realm, org, g) == null) {
                    throw ApiError.badRequest("scope.groups", "Not a group of this organization: " + g);
                }
            }
            List<String> reviewers = strings(json.get("reviewers"), "reviewers");
            if (reviewers.isEmpty()) {
                throw ApiError.badRequest("reviewers", "reviewers must name at least one member");
            }
            OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
            for (String id : reviewers) {
                UserModel u = session.users().getUserById(realm, id);
                if (u == null || !orgs.isMember(org, u)) {
                    throw ApiError.badRequest("reviewers", "Not a member of this organization: " + id);
                }
            }
            String due = Rest.text(json, "dueAt", "dueAt");
            if (due == null) {
                throw ApiError.badRequest("dueAt", "dueAt is required");
            }
            long dueAt = BadInput.checked(() -> Times.expiresAt(due, "dueAt", System.currentTimeMillis()));
            String def = Rest.text(json, "defaultDecision", "defaultDecision");
            if (def == null) {
                def = "KEEP";
            }
            if (!DECISIONS.contains(def)) {
                throw ApiError.badRequest("defaultDecision", "defaultDecision must be KEEP or REVOKE");
            }
            ReviewEntity r = new ReviewEntity();
            r.setId(KeycloakModelUtils.generateId());
            r.setRealmId(realm.getId());
            r.setOrganizationId(org.getId());
            r.setName(name);
            ObjectNode s = AuditTrail.MAPPER.createObjectNode();
            scopeRoles.forEach(s.putArray("roles")::add);
            scopeGroups.forEach(s.putArray("groups")::add);
            if (!s.has("roles")) s.putArray("roles");
            if (!s.has("groups")) s.putArray("groups");
            r.setScope(AuditTrail.json(s));
            r.setReviewers(AuditTrail.json(reviewers));
            r.setDueAt(dueAt);
            r.setDefaultDecision(def);
            r.setStatus("OPEN");
            r.setCreated(System.currentTimeMillis());
            r.setCreatedBy(RoleGrantOptions.grantedBy(caller));
            em.persist(r);
            freeze(r, scopeRoles, scopeGroups);
            em.flush();
            Map<String, Object> rep = rep(r, true);
            events.operation(OperationType.CREATE).resource("ORGANIZATION")
                    .resourcePath("organizations", org.getId(), "access-reviews", r.getId()).representation(rep(r, false)).success();
            return Rest.with(Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(r.getId()).build()), rep);
        });
    }

    /** One item per member and grant in scope (an empty scope: every role and group grant), as they are now. */
    private void freeze(ReviewEntity r, List<String> scopeRoles, List<String> scopeGroups) {
        boolean all = scopeRoles.isEmpty() && scopeGroups.isEmpty();
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        Grants grants = new Grants(session, realm, em, roles);
        for (int first = 0; ; first += PAGE) {
            List<UserModel> page = orgs.getMembersStream(org, (String) null, null, first, PAGE).toList();
            for (UserModel u : page) {
                for (OrgRoleMemberEntity m : roles.grantsOf(org.getId(), u.getId())) {
                    if ((all || scopeRoles.contains(m.getRoleName())) && mayRevoke(m.getRoleName())) {
                        item(r, u, Grants.ROLE, m.getRoleName(), m.getRoleName(), m.getGrantedBy());
                    }
                }
                for (GroupModel g : orgs.getOrganizationGroupsByMember(org, u).toList()) {
                    if (all || scopeGroups.contains(g.getId())) {
                        item(r, u, Grants.GROUP, g.getId(), g.getName(), grants.groupGrantedBy(g.getId(), u.getId()));
                    }
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
    }

    private void item(ReviewEntity r, UserModel u, String kind, String target, String targetName, String grantedBy) {
        ReviewItemEntity i = new ReviewItemEntity();
        i.setId(KeycloakModelUtils.generateId());
        i.setRealmId(realm.getId());
        i.setReviewId(r.getId());
        i.setOrganizationId(org.getId());
        i.setUserId(u.getId());
        i.setUsername(u.getUsername());
        i.setKind(kind);
        i.setTarget(target);
        i.setTargetName(targetName);
        i.setGrantedBy(grantedBy);
        i.setDecision("PENDING");
        em.persist(i);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        return guard(() -> {
            return Rest.ok(rep(visible(id), false));
        });
    }

    @GET
    @Path("{id}/items")
    @Produces(MediaType.APPLICATION_JSON)
    public Response items(@PathParam("id") String id, @QueryParam("decision") String decision) {
        return guard(() -> {
            ReviewEntity r = visible(id);
            if (decision != null && !Set.of("PENDING", "KEEP", "REVOKE").contains(decision)) {
                throw ApiError.badRequest("decision", "decision must be PENDING, KEEP or REVOKE");
            }
            boolean manager = manager();
            String me = callerId();
            return Rest.ok(items(r).stream()
                    .filter(i -> manager || !i.getUserId().equals(me))
                    .filter(i -> decision == null || decision.equals(i.getDecision()))
                    .map(AccessReviewsResource::itemRep).toList());
        });
    }

    @PUT
    @Path("{id}/items/{itemId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response decide(@PathParam("id") String id, @PathParam("itemId") String itemId, String body) {
        return guard(() -> {
            ReviewEntity r = visible(id);
            ReviewItemEntity item = em.find(ReviewItemEntity.class, itemId);
            if (item == null || !item.getReviewId().equals(r.getId())) {
                throw ApiError.notFound("Review item not found");
            }
            JsonNode json = Rest.object(body);
            Map<String, Object> rep = decide(r, item, json.get("decision"), Rest.text(json, "comment", "comment"));
            return Rest.ok(rep);
        });
    }

    /** Bulk decisions: {@code {"items": ["<itemId>"…], "decision", "comment"}}; all or nothing. */
    @POST
    @Path("{id}/decisions")
    @Produces(MediaType.APPLICATION_JSON)
    public Response decideMany(@PathParam("id") String id, String body) {
        return guard(() -> {
            ReviewEntity r = visible(id);
            JsonNode json = Rest.object(body);
            List<String> ids = strings(json.get("items"), "items");
            if (ids.isEmpty()) {
                throw ApiError.badRequest("items", "items must name at least one item");
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (String itemId : ids) {
                ReviewItemEntity item = em.find(ReviewItemEntity.class, itemId);
                if (item == null || !item.getReviewId().equals(r.getId())) {
                    throw ApiError.badRequest("items", "Not an item of this review: " + itemId);
                }
                out.add(decide(r, item, json.get("decision"), Rest.text(json, "comment", "comment")));
            }
            return Rest.ok(out);
        });
    }

    private Map<String, Object> decide(ReviewEntity r, ReviewItemEntity item, JsonNode decisionNode, String comment) {
        String me = callerId();
        if (me == null || !reviewers(r).contains(me) || item.getUserId().equals(me)) {
            throw ApiError.forbidden();
        }
        if (!"OPEN".equals(r.getStatus())) {
            throw ApiError.conflict("The review is closed");
        }
        if (decisionNode == null || !decisionNode.isTextual() || !DECISIONS.contains(decisionNode.asText())) {
            throw ApiError.badRequest("decision", "decision must be KEEP or REVOKE");
        }
        Rest.maxLength(comment, 2048, "comment");
        Map<String, Object> before = itemRep(item);
        item.setDecision(decisionNode.asText());
        item.setComment(comment);
        item.setReviewer(me);
        item.setDecidedAt(System.currentTimeMillis());
        Map<String, Object> rep = itemRep(item);
        events.operation(OperationType.UPDATE).resource("ORGANIZATION")
                .resourcePath("organizations", org.getId(), "access-reviews", r.getId(), "items", item.getId())
                .representation(rep).detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(before)).success();
        return rep;
    }

    @POST
    @Path("{id}/close")
    @Produces(MediaType.APPLICATION_JSON)
    public Response close(@PathParam("id") String id) {
        return guard(() -> {
            requireManager();
            ReviewEntity r = review(id);
            if (!Reviews.close(session, realm, em, roles, org, r, RoleGrantOptions.grantedBy(caller))) {
                throw ApiError.conflict("The review is already closed");
            }
            Map<String, Object> rep = rep(r, false);
            events.operation(OperationType.ACTION).resource("ORGANIZATION")
                    .resourcePath("organizations", org.getId(), "access-reviews", r.getId(), "close").representation(rep).success();
            return Rest.ok(rep);
        });
    }

    @GET
    @Path("{id}/report")
    @Produces({"application/json", "text/csv"})
    public Response report(@PathParam("id") String id, @QueryParam("format") String format) {
        return guard(() -> {
            requireManager();
            ReviewEntity r = review(id);
            if (format != null && !format.equals("json") && !format.equals("csv")) {
                throw ApiError.badRequest("format", "format must be json or csv");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ReviewItemEntity i : items(r)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("userId", i.getUserId());
                row.put("username", i.getUsername());
                row.put("grant", i.getKind() + ":" + i.getTargetName());
                row.put("grantedBy", i.getGrantedBy());
                row.put("reviewer", i.getReviewer());
                UserModel reviewer = i.getReviewer() == null ? null : session.users().getUserById(realm, i.getReviewer());
                row.put("reviewerUsername", reviewer == null ? null : reviewer.getUsername());
                boolean defaulted = "PENDING".equals(i.getDecision()) && "CLOSED".equals(r.getStatus());
                row.put("decision", defaulted ? r.getDefaultDecision() : i.getDecision());
                row.put("decisionSource", i.getReviewer() != null ? "REVIEWER" : defaulted ? "DEFAULT" : "PENDING");
                row.put("comment", i.getComment());
                row.put("decidedAt", Times.iso(i.getDecidedAt()));
                row.put("appliedAt", Times.iso(i.getAppliedAt()));
                row.put("outcome", i.getOutcome());
                rows.add(row);
            }
            if ("csv".equals(format)) {
                StringBuilder out = new StringBuilder("userId,username,grant,grantedBy,reviewer,reviewerUsername,decision,decisionSource,comment,decidedAt,appliedAt,outcome\r\n");
                rows.forEach(row -> out.append(Csv.row(row.values().toArray())));
                return Response.ok(out.toString(), "text/csv; charset=utf-8")
                        .header("Content-Disposition", "attachment; filename=\"review-" + r.getId() + ".csv\"").build();
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("review", rep(r, false));
            report.put("organization", Map.of("id", org.getId(), "alias", org.getAlias()));
            report.put("generatedAt", Times.iso(System.currentTimeMillis()));
            report.put("items", rows);
            return Rest.ok(report);
        });
    }

    // ----

    private List<ReviewItemEntity> items(ReviewEntity r) {
        return em.createNamedQuery("tnc.govReviewItem.byReview", ReviewItemEntity.class).setParameter("reviewId", r.getId()).getResultList();
    }

    private boolean manager() {
        return Rest.realmAdmin(caller) || Rest.has(caller, org, OrgRoles.MANAGE_MEMBERS);
    }

    private void requireManager() {
        if (!manager()) {
            throw ApiError.forbidden();
        }
    }

    /** The trust model: a delegate revokes a built-in role only while holding manage-roles and that role. */
    private boolean mayRevoke(String role) {
        if (!OrgRoles.isBuiltIn(role) || Rest.realmAdmin(caller)) {
            return true;
        }
        return Rest.has(caller, org, OrgRoles.MANAGE_ROLES) && Rest.has(caller, org, role);
    }

    private String callerId() {
        if (caller.user() == null || !caller.adminAuth().getRealm().getId().equals(realm.getId())) {
            return null;
        }
        return caller.user().getId();
    }

    private ReviewEntity review(String id) {
        ReviewEntity r = id == null ? null : em.find(ReviewEntity.class, id);
        if (r == null || !r.getOrganizationId().equals(org.getId())) {
            throw ApiError.notFound("Access review not found");
        }
        return r;
    }

    /** Managers see every review; a reviewer who is a member sees the reviews they review. */
    private ReviewEntity visible(String id) {
        if (!manager() && Rest.member(session, realm, org, caller) == null) {
            throw ApiError.forbidden();
        }
        ReviewEntity r = review(id);
        if (!manager() && !reviewers(r).contains(callerId())) {
            throw ApiError.forbidden();
        }
        return r;
    }

    static Set<String> reviewers(ReviewEntity r) {
        Set<String> out = new LinkedHashSet<>();
        AuditTrail.read(r.getReviewers()).forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray() || node.size() > 1000) {
            throw ApiError.badRequest(field, field + " must be an array of strings");
        }
        for (JsonNode v : node) {
            if (!v.isTextual() || v.asText().isBlank()) {
                throw ApiError.badRequest(field, field + " must hold non-empty strings");
            }
            if (!out.contains(v.asText())) {
                out.add(v.asText());
            }
        }
        return out;
    }

    private Map<String, Object> rep(ReviewEntity r, boolean withItems) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", r.getId());
        rep.put("name", r.getName());
        rep.put("scope", AuditTrail.read(r.getScope()));
        rep.put("reviewers", reviewers(r));
        rep.put("dueAt", Times.iso(r.getDueAt()));
        rep.put("defaultDecision", r.getDefaultDecision());
        rep.put("status", r.getStatus());
        rep.put("createdAt", Times.iso(r.getCreated()));
        rep.put("createdBy", r.getCreatedBy());
        rep.put("closedAt", Times.iso(r.getClosedAt()));
        rep.put("closedBy", r.getClosedBy());
        List<ReviewItemEntity> items = items(r);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String d : new String[] {"PENDING", "KEEP", "REVOKE"}) {
            counts.put(d, items.stream().filter(i -> d.equals(i.getDecision())).count());
        }
        rep.put("counts", counts);
        if (withItems) {
            rep.put("items", items.stream().map(AccessReviewsResource::itemRep).toList());
        }
        return rep;
    }

    static Map<String, Object> itemRep(ReviewItemEntity i) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", i.getId());
        rep.put("userId", i.getUserId());
        rep.put("username", i.getUsername());
        rep.put("kind", i.getKind());
        if (Grants.ROLE.equals(i.getKind())) {
            rep.put("role", i.getTarget());
        } else {
            rep.put("group", i.getTarget());
            rep.put("groupName", i.getTargetName());
        }
        rep.put("grantedBy", i.getGrantedBy());
        rep.put("decision", i.getDecision());
        rep.put("reviewer", i.getReviewer());
        rep.put("comment", i.getComment());
        rep.put("decidedAt", Times.iso(i.getDecidedAt()));
        rep.put("appliedAt", Times.iso(i.getAppliedAt()));
        rep.put("outcome", i.getOutcome());
        return rep;
    }
}
