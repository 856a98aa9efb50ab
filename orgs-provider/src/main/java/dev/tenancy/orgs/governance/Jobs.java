package dev.tenancy.orgs.governance;

import java.util.List;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import dev.tenancy.orgs.api.ChangeCause;
import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.orgs.internal.DefaultTenancyOrgsProvider;
import dev.tenancy.orgs.jpa.OrgRoleMemberEntity;

/**
 * The background work of governance, run on every node at a fixed interval and safe on a cluster:
 * ending time-bound grants (a conditional delete lets exactly one node end each grant and emit its
 * events), expiring stale access requests, and re-applying changed rules to every member (a leased
 * conditional update lets one node claim each rule change).
 */
final class Jobs implements Runnable {

    private static final Logger LOG = Logger.getLogger(Jobs.class);
    static final int BATCH = 100;
    static final int PAGE = 200;

    private final KeycloakSessionFactory factory;
    private final GovernanceConfig config;

    Jobs(KeycloakSessionFactory factory, GovernanceConfig config) {
        this.factory = factory;
        this.config = config;
    }

    @Override
    public void run() {
        try {
            expireRoles();
            expireGroups();
            expireRequests();
            closeDueReviews();
            reapplyRules();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Governance job failed; it runs again in %d s", config.intervalSeconds());
        }
    }

    // ---- time-bound access

    void expireRoles() {
        List<OrgRoleMemberEntity> due = inTransaction(s -> ((DefaultTenancyOrgsProvider) s.getProvider(TenancyOrgsProvider.class))
                .roles().expired(System.currentTimeMillis(), BATCH));
        for (OrgRoleMemberEntity m : due) {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(m.getRealmId());
                if (realm == null) {
                    return;
                }
                session.getContext().setRealm(realm);
                session.setAttribute(ChangeCause.ATTRIBUTE, ChangeCause.EXPIRY);
                OrganizationModel org = session.getProvider(OrganizationProvider.class).getById(m.getOrganizationId());
                EntityManager em = em(session);
                DefaultTenancyOrgsProvider orgs = (DefaultTenancyOrgsProvider) session.getProvider(TenancyOrgsProvider.class);
                Grants grants = new Grants(session, realm, em, orgs.roles());
                String rule = firstRule(em, m.getOrganizationId(), m.getUserId(), Grants.ROLE, m.getRoleName());
                if (rule != null) {
                    // A rule still gives the role: the grant goes back to being the rule's.
                    em.createQuery("update OrgRoleMemberEntity m set m.grantedBy = :by, m.expiresAt = null where m.id = :id and m.expiresAt = :exp")
                            .setParameter("by", "rule:" + rule).setParameter("id", m.getId()).setParameter("exp", m.getExpiresAt()).executeUpdate();
                    return;
                }
                if (org == null) {
                    orgs.roles().deleteIfExpired(m.getId(), m.getExpiresAt());
                    return;
                }
                // Exactly one node wins this conditional delete; only it emits the events.
                OrgRoleMemberEntity current = grants.roleGrant(org, m.getRoleName(), m.getUserId()).orElse(null);
                if (current == null || !m.getExpiresAt().equals(current.getExpiresAt())) {
                    return;
                }
                String by = current.getGrantedBy();
                em.detach(current);
                if (orgs.roles().deleteIfExpired(m.getId(), m.getExpiresAt())) {
                    session.getKeycloakSessionFactory().publish(new dev.tenancy.orgs.api.OrganizationRoleChangedEvent(
                            session, realm, org.getId(), m.getUserId(), m.getRoleName(), false));
                    SystemEvents.of(session, realm, org.getId(), "expiry")
                            .operation(OperationType.DELETE)
                            .resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                            .resourcePath("organizations", org.getId(), "roles", m.getRoleName(), "users", m.getUserId())
                            .detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(Grants.roleRep(m.getUserId(), m.getRoleName(), by, m.getExpiresAt())))
                            .success();
                }
            });
        }
    }

    void expireGroups() {
        List<GroupGrantEntity> due = inTransaction(s -> em(s).createNamedQuery("tnc.govGroupGrant.expired", GroupGrantEntity.class)
                .setParameter("now", System.currentTimeMillis()).setMaxResults(BATCH).getResultList());
        for (GroupGrantEntity g : due) {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(g.getRealmId());
                if (realm == null) {
                    return;
                }
                session.getContext().setRealm(realm);
                session.setAttribute(ChangeCause.ATTRIBUTE, ChangeCause.EXPIRY);
                EntityManager em = em(session);
                String rule = firstRule(em, g.getOrganizationId(), g.getUserId(), Grants.GROUP, g.getGroupId());
                if (rule != null) {
                    em.createQuery("update GroupGrantEntity g set g.grantedBy = :by, g.expiresAt = null where g.id = :id and g.expiresAt = :exp")
                            .setParameter("by", "rule:" + rule).setParameter("id", g.getId()).setParameter("exp", g.getExpiresAt()).executeUpdate();
                    return;
                }
                int won = em.createNamedQuery("tnc.govGroupGrant.deleteIfExpired").setParameter("id", g.getId())
                        .setParameter("expiresAt", g.getExpiresAt()).executeUpdate();
                if (won != 1) {
                    return;
                }
                OrganizationModel org = session.getProvider(OrganizationProvider.class).getById(g.getOrganizationId());
                GroupModel group = org == null ? null : Grants.organizationGroup(session, realm, org, g.getGroupId());
                UserModel user = session.users().getUserById(realm, g.getUserId());
                if (group == null || user == null || !Grants.directMember(session, group, user)) {
                    return;
                }
                session.setAttribute(RuleEngine.class.getName() + ".applying", Boolean.TRUE);
                try {
                    user.leaveGroup(group);
                } finally {
                    session.removeAttribute(RuleEngine.class.getName() + ".applying");
                }
                SystemEvents.of(session, realm, org.getId(), "expiry")
                        .operation(OperationType.DELETE)
                        .resource(ResourceType.GROUP_MEMBERSHIP)
                        .resourcePath("organizations", org.getId(), "groups", group.getId(), "members", user.getId())
                        .detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(Grants.groupRep(user.getId(), group, g.getGrantedBy(), g.getExpiresAt())))
                        .success();
                // Leaving a group may change what rules give.
                new RuleEngine(session, realm).apply(org, user);
            });
        }
    }

    void expireRequests() {
        long before = System.currentTimeMillis() - config.requestPendingSeconds() * 1000L;
        List<RequestEntity> stale = inTransaction(s -> em(s).createNamedQuery("tnc.govRequest.stale", RequestEntity.class)
                .setParameter("before", before).setMaxResults(BATCH).getResultList());
        for (RequestEntity r : stale) {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(r.getRealmId());
                if (realm == null) {
                    return;
                }
                session.getContext().setRealm(realm);
                int won = em(session).createNamedQuery("tnc.govRequest.expireIfPending").setParameter("id", r.getId())
                        .setParameter("now", System.currentTimeMillis()).executeUpdate();
                if (won == 1) {
                    SystemEvents.of(session, realm, r.getOrganizationId(), "expiry")
                            .operation(OperationType.UPDATE).resource("ORGANIZATION")
                            .resourcePath("organizations", r.getOrganizationId(), "access-requests", r.getId())
                            .representation(java.util.Map.of("id", r.getId(), "status", "EXPIRED")).success();
                }
            });
        }
    }

    void closeDueReviews() {
        List<String> due = inTransaction(s -> em(s).createNamedQuery("tnc.govReview.due", ReviewEntity.class)
                .setParameter("now", System.currentTimeMillis()).setMaxResults(BATCH).getResultStream().map(ReviewEntity::getId).toList());
        for (String id : due) {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                EntityManager em = em(session);
                ReviewEntity r = em.find(ReviewEntity.class, id);
                RealmModel realm = r == null ? null : session.realms().getRealm(r.getRealmId());
                if (realm == null) {
                    return;
                }
                session.getContext().setRealm(realm);
                OrganizationModel org = session.getProvider(OrganizationProvider.class).getById(r.getOrganizationId());
                if (org == null) {
                    return;
                }
                DefaultTenancyOrgsProvider orgs = (DefaultTenancyOrgsProvider) session.getProvider(TenancyOrgsProvider.class);
                if (Reviews.close(session, realm, em, orgs.roles(), org, r, "due")) {
                    SystemEvents.of(session, realm, org.getId(), "review:" + id).operation(OperationType.ACTION).resource("ORGANIZATION")
                            .resourcePath("organizations", org.getId(), "access-reviews", id, "close")
                            .representation(java.util.Map.of("id", id, "status", "CLOSED", "closedBy", "due")).success();
                }
            });
        }
    }

    private static String firstRule(EntityManager em, String orgId, String userId, String kind, String target) {
        return em.createNamedQuery("tnc.govRuleGrant.sources", String.class).setParameter("orgId", orgId).setParameter("userId", userId)
                .setParameter("kind", kind).setParameter("target", target).getResultStream().sorted().findFirst().orElse(null);
    }

    // ---- rules

    void reapplyRules() {
        long now = System.currentTimeMillis();
        List<String> ids = inTransaction(s -> em(s).createNamedQuery("tnc.govRule.unapplied", String.class)
                .setParameter("now", now).getResultList());
        for (String id : ids) {
            Long generation = claim(id);
            if (generation != null) {
                reapply(id, generation);
            }
        }
    }

    /** Claims the rule's re-application for this node; its generation when won. */
    private Long claim(String id) {
        return inTransaction(s -> {
            long now = System.currentTimeMillis();
            int won = em(s).createNamedQuery("tnc.govRule.claim").setParameter("id", id).setParameter("now", now)
                    .setParameter("until", now + config.leaseSeconds() * 1000L).executeUpdate();
            if (won != 1) {
                return null;
            }
            RuleEntity r = em(s).find(RuleEntity.class, id);
            if (r == null) {
                return null;
            }
            long total = s.getProvider(OrganizationProvider.class) == null ? 0 : countMembers(s, r);
            r.setApplyProcessed(0);
            r.setApplyTotal(total);
            return r.getGeneration();
        });
    }

    private static long countMembers(KeycloakSession s, RuleEntity r) {
        RealmModel realm = s.realms().getRealm(r.getRealmId());
        if (realm == null) {
            return 0;
        }
        s.getContext().setRealm(realm);
        OrganizationModel org = s.getProvider(OrganizationProvider.class).getById(r.getOrganizationId());
        return org == null ? 0 : s.getProvider(OrganizationProvider.class).getMembersCount(org);
    }

    /** Applies the organization's rules to every member, one page per transaction, extending the lease as it goes. */
    void reapply(String ruleId, long generation) {
        int first = 0;
        long started = System.nanoTime();
        RoundTrips trips = new RoundTrips();
        int[] transactions = {0};
        String[] orgId = {null};
        int[] members = {-1};
        while (true) {
            int from = first;
            transactions[0]++;
            Integer done = inTransaction(session -> {
                trips.attach(em(session));
                RuleEntity r = em(session).find(RuleEntity.class, ruleId);
                if (r == null) {
                    return -1;
                }
                RealmModel realm = session.realms().getRealm(r.getRealmId());
                if (realm == null) {
                    return -1;
                }
                session.getContext().setRealm(realm);
                session.setAttribute(ChangeCause.ATTRIBUTE, ChangeCause.RULE);
                OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
                OrganizationModel org = orgs.getById(r.getOrganizationId());
                if (org == null) {
                    return -1;
                }
                RuleEngine engine = new RuleEngine(session, realm);
                List<RulePlanner.Rule> rules = engine.enabledRules(org.getId());
                List<UserModel> page = orgs.getMembersStream(org, (String) null, null, from, PAGE).toList();
                RuleEngine.Page inputs = engine.new Page(org, page);
                for (UserModel u : page) {
                    engine.apply(org, u, rules, inputs);
                }
                r.setApplyProcessed(from + page.size());
                r.setLeaseUntil(System.currentTimeMillis() + config.leaseSeconds() * 1000L);
                orgId[0] = org.getId();
                if (page.size() < PAGE) {
                    members[0] = from + page.size();
                    if (r.getGeneration() == generation) {
                        r.setAppliedGeneration(generation);
                        r.setApplyTotal(from + page.size());
                    }
                    r.setLeaseUntil(null);
                    return -1;
                }
                return page.size();
            });
            if (done == null || done < 0) {
                if (members[0] >= 0) {
                    // after the last commit, so that its flush is counted
                    LOG.infof("Access rules of organization %s re-applied to %d members (rule %s, generation %d) in %d ms: "
                                    + "%d transactions, %d JDBC statements, %d JDBC batches (database round trips: %d)",
                            orgId[0], members[0], ruleId, generation, (System.nanoTime() - started) / 1_000_000,
                            transactions[0], trips.statements(), trips.batches(), transactions[0] + trips.statements() + trips.batches());
                }
                return;
            }
            first += done;
        }
    }

    private <T> T inTransaction(java.util.function.Function<KeycloakSession, T> work) {
        Object[] out = new Object[1];
        KeycloakModelUtils.runJobInTransaction(factory, s -> out[0] = work.apply(s));
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }

    private static EntityManager em(KeycloakSession s) {
        return s.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
