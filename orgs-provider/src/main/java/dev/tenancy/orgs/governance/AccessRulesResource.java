package dev.tenancy.orgs.governance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
import dev.tenancy.orgs.api.ChangeCause;
import dev.tenancy.orgs.internal.OrgRoles;
import dev.tenancy.orgs.jpa.OrgRoleStore;

/**
 * {@code /realms/{realm}/orgs/{orgId}/access-rules}. Callers: realm administrators and holders of
 * {@code manage-roles} (who may only grant custom roles); {@code view-roles} may read.
 */
public final class AccessRulesResource extends GovernanceResource {

    private static final int PREVIEW_PAGE = 500;
    private static final int MAX_GRANTS = 50;

    public AccessRulesResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller,
                               OrgRoleStore roles, AdminEventBuilder events) {
        super(session, realm, org, caller, roles, events);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        return guard(() -> {
            requireView();
            return Rest.ok(em.createNamedQuery("tnc.govRule.byOrg", RuleEntity.class).setParameter("orgId", org.getId())
                    .getResultStream().map(AccessRulesResource::rep).toList());
        });
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return guard(() -> {
            requireManage();
            Draft d = draft(Rest.object(body));
            if (ruleNamed(d.name) != null) {
                throw ApiError.conflict("The organization already has an access rule named '" + d.name + "'");
            }
            long now = System.currentTimeMillis();
            RuleEntity r = new RuleEntity();
            r.setId(KeycloakModelUtils.generateId());
            r.setRealmId(realm.getId());
            r.setOrganizationId(org.getId());
            r.setCreated(now);
            d.copyTo(r, now);
            r.setGeneration(1);
            RuleCache.ruleWritten(session);
            em.persist(r);
            em.flush();
            Map<String, Object> rep = rep(r);
            events.operation(OperationType.CREATE).resource("ORGANIZATION")
                    .resourcePath("organizations", org.getId(), "access-rules", r.getId()).representation(rep).success();
            return Rest.with(Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(r.getId()).build()), rep);
        });
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        return guard(() -> {
            requireView();
            return Rest.ok(rep(rule(id)));
        });
    }

    @PUT
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, String body) {
        return guard(() -> {
            requireManage();
            RuleEntity r = rule(id);
            requireMayUse(ruleRoles(r), "grant.roles");
            Draft d = draft(Rest.object(body));
            RuleEntity same = ruleNamed(d.name);
            if (same != null && !same.getId().equals(r.getId())) {
                throw ApiError.conflict("The organization already has an access rule named '" + d.name + "'");
            }
            Map<String, Object> before = rep(r);
            RuleCache.ruleWritten(session);
            d.copyTo(r, System.currentTimeMillis());
            r.setGeneration(r.getGeneration() + 1);
            r.setApplyProcessed(0);
            Map<String, Object> rep = rep(r);
            events.operation(OperationType.UPDATE).resource("ORGANIZATION")
                    .resourcePath("organizations", org.getId(), "access-rules", r.getId()).representation(rep)
                    .detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(before)).success();
            return Rest.ok(rep);
        });
    }

    /** Deletes the rule and, in the same transaction, the grants only it gave. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return guard(() -> {
            requireManage();
            RuleEntity r = rule(id);
            requireMayUse(ruleRoles(r), "grant.roles");
            Map<String, Object> before = rep(r);
            RuleCache.ruleWritten(session);
            em.remove(r);
            em.flush();
            Object previous = session.getAttribute(ChangeCause.ATTRIBUTE);
            session.setAttribute(ChangeCause.ATTRIBUTE, ChangeCause.RULE);
            try {
                new RuleEngine(session, realm).ruleDeleted(org, id);
            } finally {
                if (previous == null) {
                    session.removeAttribute(ChangeCause.ATTRIBUTE);
                }
            }
            events.operation(OperationType.DELETE).resource("ORGANIZATION")
                    .resourcePath("organizations", org.getId(), "access-rules", id)
                    .detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(before)).success();
            return Response.noContent().build();
        });
    }

    /**
     * What applying the rule as stored would change now (nothing once it has been applied); for a
     * disabled rule, what enabling it would change.
     */
    @GET
    @Path("{id}/preview")
    @Produces(MediaType.APPLICATION_JSON)
    public Response preview(@PathParam("id") String id) {
        return guard(() -> {
            requireView();
            RuleEntity r = rule(id);
            RuleEngine engine = new RuleEngine(session, realm);
            List<RulePlanner.Rule> rules = new ArrayList<>(engine.enabledRules(org.getId()));
            if (!r.isEnabled()) {
                rules.add(RuleEngine.toRule(r.getId(), r.getDefinition()));
            }
            return Rest.ok(preview(engine, rules, r.getId()));
        });
    }

    /** What a draft rule would change: a new rule, or with {@code id} an edit of that rule. */
    @POST
    @Path("preview")
    @Produces(MediaType.APPLICATION_JSON)
    public Response previewDraft(String body) {
        return guard(() -> {
            requireManage();
            JsonNode json = Rest.object(body);
            String id = Rest.text(json, "id", "id");
            if (id != null) {
                rule(id);
            }
            Draft d = draft(json);
            String draftId = id != null ? id : "draft";
            RuleEngine engine = new RuleEngine(session, realm);
            List<RulePlanner.Rule> rules = new ArrayList<>(engine.enabledRules(org.getId()).stream().filter(r -> !r.id().equals(draftId)).toList());
            if (d.enabled) {
                rules.add(RuleEngine.toRule(draftId, d.definition));
            }
            return Rest.ok(preview(engine, rules, draftId));
        });
    }

    private Map<String, Object> preview(RuleEngine engine, List<RulePlanner.Rule> rules, String ruleId) {
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        List<Map<String, Object>> changes = new ArrayList<>();
        long evaluated = 0;
        long matched = 0;
        RulePlanner.Rule self = rules.stream().filter(r -> r.id().equals(ruleId)).findFirst().orElse(null);
        for (int first = 0; ; first += PREVIEW_PAGE) {
            List<UserModel> page = orgs.getMembersStream(org, (String) null, null, first, PREVIEW_PAGE).toList();
            for (UserModel u : page) {
                evaluated++;
                Condition.Subject subject = engine.subject(org, u);
                if (self != null && self.when().matches(subject)) {
                    matched++;
                }
                RulePlanner.Plan plan = RulePlanner.plan(subject, rules, engine.sources(org, u), engine.held(org, u));
                if (plan.changesGrants()) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("userId", u.getId());
                    c.put("username", u.getUsername());
                    c.put("gain", targets(plan.gains().keySet()));
                    c.put("lose", targets(plan.losses()));
                    changes.add(c);
                }
            }
            if (page.size() < PREVIEW_PAGE) {
                break;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("evaluated", evaluated);
        out.put("matched", matched);
        out.put("changes", changes);
        return out;
    }

    private static Map<String, Object> targets(Set<RulePlanner.Target> ts) {
        Set<String> rs = new TreeSet<>();
        Set<String> gs = new TreeSet<>();
        ts.forEach(t -> (Grants.ROLE.equals(t.kind()) ? rs : gs).add(t.target()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("roles", rs);
        m.put("groups", gs);
        return m;
    }

    // ---- validation

    private record Draft(String name, String description, boolean enabled, ObjectNode definition) {
        void copyTo(RuleEntity r, long now) {
            r.setName(name);
            r.setDescription(description);
            r.setEnabled(enabled);
            r.setDefinition(AuditTrail.json(definition));
            r.setUpdated(now);
        }
    }

    private Draft draft(JsonNode json) {
        String name = Rest.text(json, "name", "name");
        if (name == null || name.isBlank()) {
            throw ApiError.badRequest("name", "name is required");
        }
        Rest.maxLength(name, 255, "name");
        String description = Rest.maxLength(Rest.text(json, "description", "description"), 1024, "description");
        JsonNode enabledNode = json.get("enabled");
        if (enabledNode != null && !enabledNode.isNull() && !enabledNode.isBoolean()) {
            throw ApiError.badRequest("enabled", "enabled must be true or false");
        }
        boolean enabled = enabledNode == null || enabledNode.isNull() || enabledNode.asBoolean();
        Condition when = BadInput.checked(() -> Condition.parse(json.get("when"), "when"));
        List<String> unknownGroups = new ArrayList<>();
        when.groups(g -> {
            if (Grants.organizationGroup(session, realm, org, g) == null) {
                unknownGroups.add(g);
            }
        });
        if (!unknownGroups.isEmpty()) {
            throw ApiError.badRequest("when", "Not a group of this organization: " + unknownGroups.get(0));
        }
        JsonNode grant = json.get("grant");
        if (grant == null || !grant.isObject()) {
            throw ApiError.badRequest("grant", "grant must be an object with roles and/or groups");
        }
        List<String> rs = strings(grant.get("roles"), "grant.roles");
        List<String> gs = strings(grant.get("groups"), "grant.groups");
        if (rs.isEmpty() && gs.isEmpty()) {
            throw ApiError.badRequest("grant", "grant must name at least one role or group");
        }
        for (String r : rs) {
            if (!OrgRoles.isBuiltIn(r) && roles.customRole(org.getId(), r).isEmpty()) {
                throw ApiError.badRequest("grant.roles", "Not a role of this organization: " + r);
            }
        }
        requireMayUse(rs, "grant.roles");
        for (String g : gs) {
            GroupModel group = Grants.organizationGroup(session, realm, org, g);
            if (group == null) {
                throw ApiError.badRequest("grant.groups", "Not a group of this organization: " + g);
            }
            if (!Rest.realmAdmin(caller) && dev.tenancy.orgs.internal.PrivilegedAccounts.isPrivileged(realm, group)) {
                throw ApiError.forbidden();
            }
        }
        ObjectNode def = AuditTrail.MAPPER.createObjectNode();
        def.set("when", json.get("when"));
        ObjectNode g = def.putObject("grant");
        rs.forEach(g.putArray("roles")::add);
        gs.forEach(g.putArray("groups")::add);
        if (!g.has("roles")) {
            g.putArray("roles");
        }
        if (!g.has("groups")) {
            g.putArray("groups");
        }
        return new Draft(name, description, enabled, def);
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray() || node.size() > MAX_GRANTS) {
            throw ApiError.badRequest(field, field + " must be an array of at most " + MAX_GRANTS + " strings");
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

    /** A delegated {@code manage-roles} holder may only make rules that grant custom roles. */
    private void requireMayUse(List<String> roleNames, String field) {
        if (Rest.realmAdmin(caller)) {
            return;
        }
        for (String r : roleNames) {
            if (OrgRoles.isBuiltIn(r)) {
                throw ApiError.forbidden();
            }
        }
    }

    private static List<String> ruleRoles(RuleEntity r) {
        List<String> out = new ArrayList<>();
        JsonNode def = AuditTrail.read(r.getDefinition());
        def.path("grant").path("roles").forEach(n -> out.add(n.asText()));
        return out;
    }

    private RuleEntity rule(String id) {
        RuleEntity r = id == null ? null : em.find(RuleEntity.class, id);
        if (r == null || !r.getOrganizationId().equals(org.getId())) {
            throw ApiError.notFound("Access rule not found");
        }
        return r;
    }

    private RuleEntity ruleNamed(String name) {
        return em.createNamedQuery("tnc.govRule.byName", RuleEntity.class).setParameter("orgId", org.getId())
                .setParameter("name", name).getResultStream().findFirst().orElse(null);
    }

    private void requireView() {
        if (!Rest.canViewRoles(caller, org)) {
            throw ApiError.forbidden();
        }
    }

    private void requireManage() {
        if (!Rest.canManageRoles(caller, org)) {
            throw ApiError.forbidden();
        }
    }

    static Map<String, Object> rep(RuleEntity r) {
        JsonNode def = AuditTrail.read(r.getDefinition());
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", r.getId());
        rep.put("name", r.getName());
        rep.put("description", r.getDescription());
        rep.put("when", def.get("when"));
        rep.put("grant", def.get("grant"));
        rep.put("enabled", r.isEnabled());
        rep.put("createdAt", Times.iso(r.getCreated()));
        rep.put("updatedAt", Times.iso(r.getUpdated()));
        Map<String, Object> progress = new LinkedHashMap<>();
        boolean done = r.getAppliedGeneration() >= r.getGeneration();
        boolean running = !done && r.getLeaseUntil() != null && r.getLeaseUntil() > System.currentTimeMillis();
        progress.put("state", done ? "DONE" : running ? "RUNNING" : "PENDING");
        progress.put("processed", done ? r.getApplyTotal() : r.getApplyProcessed());
        progress.put("total", r.getApplyTotal());
        rep.put("progress", progress);
        return rep;
    }
}
