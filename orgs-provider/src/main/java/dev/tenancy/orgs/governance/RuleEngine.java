package dev.tenancy.orgs.governance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.storage.StorageId;

import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.orgs.internal.DefaultTenancyOrgsProvider;
import dev.tenancy.orgs.jpa.OrgRoleMemberEntity;

/** Applies an organization's access rules to one member inside the current transaction. */
final class RuleEngine {

    private static final Logger LOG = Logger.getLogger(RuleEngine.class);
    private static final String APPLYING = RuleEngine.class.getName() + ".applying";
    private static final int MAX_ROUNDS = 4;
    /** The "attributes" Keycloak keeps as columns of the user, not as attribute rows. */
    private static final Set<String> ENTITY_FIELDS = Set.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EntityManager em;
    private final Grants grants;
    private final RuleCache rules;

    RuleEngine(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.rules = ((GovernanceListenerFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(org.keycloak.events.EventListenerProvider.class, GovernanceListenerFactory.ID)).rules();
        this.realm = realm;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        DefaultTenancyOrgsProvider orgs = (DefaultTenancyOrgsProvider) session.getProvider(TenancyOrgsProvider.class);
        this.grants = new Grants(session, realm, em, orgs.roles());
    }

    static boolean applying(KeycloakSession session) {
        return session.getAttribute(APPLYING) != null;
    }

    /** The organization's enabled rules, parsed (this node's copy while they are unchanged, see {@link RuleCache}). */
    List<RulePlanner.Rule> enabledRules(String organizationId) {
        return rules.enabledRules(session, em, organizationId);
    }

    static RulePlanner.Rule toRule(String id, String definition) {
        JsonNode def = AuditTrail.read(definition);
        return toRule(id, def);
    }

    static RulePlanner.Rule toRule(String id, JsonNode def) {
        Condition when = Condition.parse(def.get("when"), "when");
        List<String> roles = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        JsonNode grant = def.get("grant");
        if (grant != null) {
            if (grant.has("roles")) grant.get("roles").forEach(r -> roles.add(r.asText()));
            if (grant.has("groups")) grant.get("groups").forEach(g -> groups.add(g.asText()));
        }
        return new RulePlanner.Rule(id, when, List.copyOf(roles), List.copyOf(groups));
    }

    /** The member's organization groups, with the joins and leaves of this transaction applied. */
    private Set<String> groupIds(OrganizationModel org, UserModel user) {
        Set<String> groupIds = session.getProvider(OrganizationProvider.class).getOrganizationGroupsByMember(org, user)
                .map(GroupModel::getId).collect(Collectors.toSet());
        // Memberships changed earlier in this transaction, whether or not the model shows them yet.
        overrides(session).getOrDefault(user.getId(), Map.of()).forEach((groupId, member) -> {
            if (member) {
                groupIds.add(groupId);
            } else {
                groupIds.remove(groupId);
            }
        });
        return groupIds;
    }

    Condition.Subject subject(OrganizationModel org, UserModel user) {
        return subject(user, groupIds(org, user));
    }

    private static Condition.Subject subject(UserModel user, Set<String> groupIds) {
        return new Condition.Subject(name -> user.getAttributeStream(name).toList(), groupIds);
    }

    /** Notes a group join or leave of this transaction (model events may come before the change is visible). */
    static void membershipChanged(KeycloakSession session, String userId, String groupId, boolean member) {
        overrides(session).computeIfAbsent(userId, k -> new LinkedHashMap<>()).put(groupId, member);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Boolean>> overrides(KeycloakSession session) {
        String key = RuleEngine.class.getName() + ".memberships";
        Map<String, Map<String, Boolean>> m = session.getAttribute(key, Map.class);
        if (m == null) {
            m = new LinkedHashMap<>();
            session.setAttribute(key, m);
        }
        return m;
    }

    Map<RulePlanner.Target, Set<String>> sources(OrganizationModel org, UserModel user) {
        return sources(sourceRows(org, user));
    }

    private List<RuleGrantEntity> sourceRows(OrganizationModel org, UserModel user) {
        return em.createNamedQuery("tnc.govRuleGrant.byUser", RuleGrantEntity.class)
                .setParameter("orgId", org.getId()).setParameter("userId", user.getId()).getResultList();
    }

    private static Map<RulePlanner.Target, Set<String>> sources(List<RuleGrantEntity> rows) {
        Map<RulePlanner.Target, Set<String>> sources = new LinkedHashMap<>();
        rows.forEach(g -> sources.computeIfAbsent(new RulePlanner.Target(g.getKind(), g.getTarget()), k -> new TreeSet<>()).add(g.getRuleId()));
        return sources;
    }

    /**
     * What the member holds, as target → grantedBy: organization roles ({@code roles}: role →
     * grantedBy) and the organization groups they are in ({@code groupIds}, grantedBy from our rows).
     */
    private Map<RulePlanner.Target, String> held(OrganizationModel org, UserModel user, Set<String> groupIds,
                                                 Map<String, String> roles, Map<String, String> groupGrantedBy) {
        Map<RulePlanner.Target, String> held = new LinkedHashMap<>();
        roles.forEach((role, by) -> held.put(new RulePlanner.Target(Grants.ROLE, role), by));
        Map<String, Boolean> changed = overrides(session).getOrDefault(user.getId(), Map.of());
        for (String groupId : groupIds) {
            boolean listed = groupGrantedBy.containsKey(groupId) || !changed.containsKey(groupId);
            if (listed || Grants.organizationGroup(session, realm, org, groupId) != null) {
                held.put(new RulePlanner.Target(Grants.GROUP, groupId), groupGrantedBy.get(groupId));
            }
        }
        return held;
    }

    Map<RulePlanner.Target, String> held(OrganizationModel org, UserModel user) {
        return held(org, user, groupIds(org, user), Grants.grantedBy(grants.roleGrants(org, user.getId())),
                grants.groupGrantedBy(org, user.getId()));
    }

    /**
     * What one evaluation reads about a member: four queries, whatever the number of rules. When read
     * for this member alone, the rows it read too ({@code sourceRows}: the rule provenance,
     * {@code roleRows}: role → grant), managed by the persistence context: the changes remove and
     * check them without reading them again. Null when read for a page.
     */
    private record Inputs(Condition.Subject subject, Map<RulePlanner.Target, Set<String>> sources,
                          Map<RulePlanner.Target, String> held, List<RuleGrantEntity> sourceRows,
                          Map<String, OrgRoleMemberEntity> roleRows) {
    }

    private Inputs inputs(OrganizationModel org, UserModel user) {
        Set<String> groupIds = groupIds(org, user);
        List<RuleGrantEntity> sourceRows = sourceRows(org, user);
        Map<String, OrgRoleMemberEntity> roleRows = grants.roleGrants(org, user.getId());
        // group-grant metadata is read only for groups the member is in: none, no query
        Map<String, String> groupGrantedBy = groupIds.isEmpty() ? Map.of() : grants.groupGrantedBy(org, user.getId());
        return new Inputs(subject(user, groupIds), sources(sourceRows),
                held(org, user, groupIds, Grants.grantedBy(roleRows), groupGrantedBy), sourceRows, roleRows);
    }

    /**
     * The inputs of a page of members read at once, for the re-application: four queries for the
     * page (their organization groups — the same criteria as Keycloak's
     * {@code getOrganizationGroupsByMember} — rule provenance, role grants, group-grant metadata)
     * instead of four per member. Only for local users; others are read one by one.
     */
    final class Page {
        private final Map<String, Set<String>> groups = new java.util.HashMap<>();
        private final Map<String, Map<RulePlanner.Target, Set<String>>> sources = new java.util.HashMap<>();
        private final Map<String, Map<String, String>> roles = new java.util.HashMap<>();
        private final Map<String, Map<String, String>> groupGrantedBy = new java.util.HashMap<>();
        private final Map<String, Map<String, List<String>>> attributes = new java.util.HashMap<>();
        private final Set<String> users;

        Page(OrganizationModel org, List<UserModel> members) {
            users = members.stream().map(UserModel::getId).filter(StorageId::isLocalStorage).collect(Collectors.toSet());
            if (users.isEmpty()) {
                return;
            }
            GroupModel internal = session.getProvider(OrganizationProvider.class).getOrganizationGroup(org);
            rows("select m.user.id, m.groupId from UserGroupMembershipEntity m, GroupEntity g where g.id = m.groupId"
                    + " and g.realm = :realmId and g.type = 1 and g.organization.id = :orgId and m.user.id in :userIds", org, true)
                    .forEach(r -> {
                        if (internal == null || !internal.getId().equals(r[1])) {
                            groups.computeIfAbsent((String) r[0], k -> new java.util.HashSet<>()).add((String) r[1]);
                        }
                    });
            rows("select g.userId, g.kind, g.target, g.ruleId from RuleGrantEntity g where g.organizationId = :orgId and g.userId in :userIds", org, false)
                    .forEach(r -> sources.computeIfAbsent((String) r[0], k -> new LinkedHashMap<>())
                            .computeIfAbsent(new RulePlanner.Target((String) r[1], (String) r[2]), k -> new TreeSet<>()).add((String) r[3]));
            rows("select m.userId, m.roleName, m.grantedBy from OrgRoleMemberEntity m where m.organizationId = :orgId and m.userId in :userIds", org, false)
                    .forEach(r -> roles.computeIfAbsent((String) r[0], k -> new LinkedHashMap<>()).put((String) r[1], (String) r[2]));
            rows("select g.userId, g.groupId, g.grantedBy from GroupGrantEntity g where g.organizationId = :orgId and g.userId in :userIds", org, false)
                    .forEach(r -> groupGrantedBy.computeIfAbsent((String) r[0], k -> new LinkedHashMap<>()).put((String) r[1], (String) r[2]));
            // The members' attributes in one query, instead of Keycloak loading each member's collection on first use.
            em.createQuery("select a.user.id, a.name, a.value, a.longValue from UserAttributeEntity a where a.user.id in :userIds", Object[].class)
                    .setParameter("userIds", users).getResultList()
                    .forEach(r -> attributes.computeIfAbsent((String) r[0], k -> new java.util.HashMap<>())
                            .computeIfAbsent((String) r[1], k -> new ArrayList<>()).add(r[2] != null ? (String) r[2] : (String) r[3]));
        }

        private List<Object[]> rows(String jpql, OrganizationModel org, boolean withRealm) {
            var q = em.createQuery(jpql, Object[].class).setParameter("orgId", org.getId()).setParameter("userIds", users);
            if (withRealm) {
                q.setParameter("realmId", realm.getId());
            }
            return q.getResultList();
        }

        /** The member's inputs as read for the page, with this transaction's own membership changes applied; null if not in the page. */
        private Inputs inputs(OrganizationModel org, UserModel user) {
            String id = user.getId();
            if (!users.contains(id)) {
                return null;
            }
            Set<String> groupIds = new java.util.HashSet<>(groups.getOrDefault(id, Set.of()));
            overrides(session).getOrDefault(id, Map.of()).forEach((groupId, member) -> {
                if (member) {
                    groupIds.add(groupId);
                } else {
                    groupIds.remove(groupId);
                }
            });
            Map<String, List<String>> attrs = attributes.getOrDefault(id, Map.of());
            Condition.Subject subject = new Condition.Subject(
                    name -> ENTITY_FIELDS.contains(name) ? user.getAttributeStream(name).toList() : attrs.getOrDefault(name, List.of()), groupIds);
            return new Inputs(subject, sources.getOrDefault(id, Map.of()),
                    held(org, user, groupIds, roles.getOrDefault(id, Map.of()), groupGrantedBy.getOrDefault(id, Map.of())), null, null);
        }
    }

    /** The plan for a member under the given rules, without changing anything. */
    RulePlanner.Plan plan(OrganizationModel org, UserModel user, List<RulePlanner.Rule> rules) {
        return plan(inputs(org, user), rules);
    }

    private static RulePlanner.Plan plan(Inputs in, List<RulePlanner.Rule> rules) {
        return RulePlanner.plan(in.subject(), rules, in.sources(), in.held());
    }

    /** Applies the organization's enabled rules to a member; a no-op for non-members. Returns whether grants changed. */
    boolean apply(OrganizationModel org, UserModel user) {
        return apply(org, user, enabledRules(org.getId()));
    }

    boolean apply(OrganizationModel org, UserModel user, List<RulePlanner.Rule> rules) {
        return apply(org, user, rules, false, null);
    }

    /** Applies the organization's enabled rules to a user the caller knows to be a member (no membership check). */
    boolean applyToMember(OrganizationModel org, UserModel user) {
        return apply(org, user, enabledRules(org.getId()), true, null);
    }

    /** Applies the rules to a member of the re-application's page, whose inputs it read at once. */
    boolean apply(OrganizationModel org, UserModel user, List<RulePlanner.Rule> rules, Page page) {
        return apply(org, user, rules, true, page);
    }

    private boolean apply(OrganizationModel org, UserModel user, List<RulePlanner.Rule> rules, boolean member, Page page) {
        if (session.getAttribute(APPLYING) != null) {
            return false;
        }
        // With no enabled rules only provenance rows left by disabled ones need work. An organization
        // with no rule at all has none (deleting a rule removes its rows): no query then.
        boolean hasRows = rules.isEmpty() && this.rules.anyRule(session, em, org.getId())
                && !(page != null && page.users.contains(user.getId())
                ? page.sources.getOrDefault(user.getId(), Map.of()) : sources(org, user)).isEmpty();
        if (rules.isEmpty() && !hasRows) {
            return false;
        }
        if (!member && !session.getProvider(OrganizationProvider.class).isMember(org, user)) {
            return false;
        }
        session.setAttribute(APPLYING, Boolean.TRUE);
        try {
            boolean changed = false;
            for (int round = 0; round < MAX_ROUNDS; round++) {
                Inputs prefetched = round == 0 && page != null ? page.inputs(org, user) : null;
                Inputs in = prefetched != null ? prefetched : inputs(org, user);
                RulePlanner.Plan plan = plan(in, rules);
                if (plan.isEmpty()) {
                    break;
                }
                execute(org, user, plan, in);
                changed |= plan.changesGrants();
                // Conditions read attributes and groups, never roles: only a group gained or lost can
                // make another rule match differently, so only then is the member evaluated again.
                if (!plan.changesGroups()) {
                    break;
                }
            }
            return changed;
        } finally {
            session.removeAttribute(APPLYING);
        }
    }

    private void execute(OrganizationModel org, UserModel user, RulePlanner.Plan plan, Inputs in) {
        // No flush here and no re-reads: the rows to change were read with the inputs (when read for
        // this member), and everything is written at the next query that needs it or at commit.
        // Provenance rows that no longer hold are reused for the ones that now do (a mover's change:
        // one UPDATE instead of a DELETE and an INSERT); only the surplus is removed or added.
        java.util.ArrayDeque<RuleGrantEntity> freed = new java.util.ArrayDeque<>();
        if (!plan.sourcesToRemove().isEmpty()) {
            for (RuleGrantEntity g : in.sourceRows() != null ? in.sourceRows() : sourceRows(org, user)) {
                Set<String> ids = plan.sourcesToRemove().get(new RulePlanner.Target(g.getKind(), g.getTarget()));
                if (ids != null && ids.contains(g.getRuleId())) {
                    freed.add(g);
                }
            }
        }
        plan.sourcesToAdd().forEach((t, ids) -> ids.forEach(ruleId -> {
            RuleGrantEntity g = freed.poll();
            boolean fresh = g == null;
            if (fresh) {
                g = new RuleGrantEntity();
                g.setId(KeycloakModelUtils.generateId());
                g.setRealmId(realm.getId());
                g.setOrganizationId(org.getId());
                g.setUserId(user.getId());
            }
            g.setRuleId(ruleId);
            g.setKind(t.kind());
            g.setTarget(t.target());
            if (fresh) {
                em.persist(g);
            }
        }));
        freed.forEach(em::remove);
        // Likewise a role the rules take away and one they give: the revoked grant's row becomes the
        // new grant (one UPDATE), with the events of a revocation and a grant.
        java.util.ArrayDeque<OrgRoleMemberEntity> revocable = new java.util.ArrayDeque<>();
        if (in.roleRows() != null) {
            plan.losses().forEach(t -> {
                OrgRoleMemberEntity row = Grants.ROLE.equals(t.kind()) ? in.roleRows().get(t.target()) : null;
                if (row != null) {
                    revocable.add(row);
                }
            });
        }
        Set<String> moved = new java.util.HashSet<>();
        plan.gains().forEach((t, by) -> {
            if (Grants.ROLE.equals(t.kind())) {
                Supplier<AdminEventBuilder> events = () -> SystemEvents.of(session, realm, org.getId(), by);
                if (in.roleRows() != null && !in.roleRows().containsKey(t.target()) && !revocable.isEmpty()) {
                    OrgRoleMemberEntity row = revocable.poll();
                    String lost = row.getRoleName();
                    String was = in.held().get(new RulePlanner.Target(Grants.ROLE, lost));
                    String actor = was == null ? "rule" : was;
                    moved.add(lost);
                    grants.moveRole(org, row, t.target(), by, events, () -> SystemEvents.of(session, realm, org.getId(), actor));
                } else if (in.roleRows() != null && !in.roleRows().containsKey(t.target())) {
                    grants.grantNewRole(org, t.target(), user.getId(), by, events);
                } else {
                    grants.grantRole(org, t.target(), user.getId(), by, null, events);
                }
            } else {
                GroupModel g = Grants.organizationGroup(session, realm, org, t.target());
                if (g != null) {
                    grants.grantGroup(org, g, user, by, null, () -> SystemEvents.of(session, realm, org.getId(), by));
                } else {
                    LOG.debugf("Rule grants group %s that is no longer an organization group", t.target());
                }
            }
        });
        plan.losses().forEach(t -> {
            if (Grants.ROLE.equals(t.kind()) && moved.contains(t.target())) {
                return;
            }
            String by = in.held().get(t);
            String actor = by == null ? "rule" : by;
            if (Grants.ROLE.equals(t.kind())) {
                Supplier<AdminEventBuilder> events = () -> SystemEvents.of(session, realm, org.getId(), actor);
                OrgRoleMemberEntity row = in.roleRows() == null ? null : in.roleRows().get(t.target());
                if (row != null) {
                    grants.revokeRole(org, row, events);
                } else {
                    grants.revokeRole(org, t.target(), user.getId(), events);
                }
            } else {
                GroupModel g = Grants.organizationGroup(session, realm, org, t.target());
                if (g != null) {
                    grants.revokeGroup(org, g, user, () -> SystemEvents.of(session, realm, org.getId(), actor));
                }
            }
        });
        plan.relabels().forEach((t, by) -> {
            if (Grants.ROLE.equals(t.kind())) {
                grants.roleGrant(org, t.target(), user.getId()).ifPresent(m -> m.setGrantedBy(by));
            } else {
                grants.groupGrant(t.target(), user.getId()).ifPresent(m -> m.setGrantedBy(by));
            }
        });
    }

    /** Removes a deleted rule's provenance and the grants only it gave. */
    void ruleDeleted(OrganizationModel org, String ruleId) {
        List<RuleGrantEntity> rows = em.createNamedQuery("tnc.govRuleGrant.byRule", RuleGrantEntity.class)
                .setParameter("ruleId", ruleId).getResultList();
        Set<String> users = rows.stream().map(RuleGrantEntity::getUserId).collect(Collectors.toCollection(TreeSet::new));
        List<RulePlanner.Rule> rules = enabledRules(org.getId()).stream().filter(r -> !r.id().equals(ruleId)).toList();
        for (String userId : users) {
            UserModel user = session.users().getUserById(realm, userId);
            if (user != null) {
                apply(org, user, rules);
            }
        }
        em.createNamedQuery("tnc.govRuleGrant.byRule", RuleGrantEntity.class).setParameter("ruleId", ruleId)
                .getResultList().forEach(em::remove);
    }
}
