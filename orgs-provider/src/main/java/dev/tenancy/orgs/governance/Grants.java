package dev.tenancy.orgs.governance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.OrganizationRoleChangedEvent;
import dev.tenancy.orgs.jpa.OrgRoleMemberEntity;
import dev.tenancy.orgs.jpa.OrgRoleStore;

/**
 * Grants and revocations of organization roles and organization-group memberships with their
 * metadata ({@code grantedBy}, {@code expiresAt}), the model event and the admin event — the same
 * whoever makes them (a person, a rule, an approved request, the expiry job, a review).
 */
final class Grants {

    static final String ROLE = "role";
    static final String GROUP = "group";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EntityManager em;
    private final OrgRoleStore roles;

    Grants(KeycloakSession session, RealmModel realm, EntityManager em, OrgRoleStore roles) {
        this.session = session;
        this.realm = realm;
        this.em = em;
        this.roles = roles;
    }

    static boolean manual(String grantedBy) {
        return grantedBy == null || !grantedBy.startsWith("rule:");
    }

    // ---- roles

    /**
     * Grants a role. A manual grant ({@code grantedBy} not a rule) over an existing one takes it
     * over (who and until when); a rule's grant never changes an existing one. Returns whether the
     * user newly holds the role.
     */
    boolean grantRole(OrganizationModel org, String role, String userId, String grantedBy, Long expiresAt, Supplier<AdminEventBuilder> events) {
        Optional<OrgRoleMemberEntity> existing = roles.grantOf(org.getId(), role, userId);
        if (existing.isPresent()) {
            OrgRoleMemberEntity m = existing.get();
            if (!manual(grantedBy)) {
                return false;
            }
            Map<String, Object> before = roleRep(m.getUserId(), role, m.getGrantedBy(), m.getExpiresAt());
            // A time-bound manual grant over a rule's grant: the rule's grant resumes at its end (see Jobs).
            m.setGrantedBy(grantedBy);
            m.setExpiresAt(expiresAt);
            events.get().operation(OperationType.UPDATE).resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                    .resourcePath("organizations", org.getId(), "roles", role, "users", userId)
                    .representation(roleRep(userId, role, m.getGrantedBy(), m.getExpiresAt()))
                    .detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(before)).success();
            return false;
        }
        roles.insert(realm, org.getId(), role, userId, grantedBy, expiresAt);
        roleGranted(org, role, userId, grantedBy, expiresAt, events);
        return true;
    }

    /** Grants a role the caller has just read the user not to hold (no second read); never time-bound. */
    void grantNewRole(OrganizationModel org, String role, String userId, String grantedBy, Supplier<AdminEventBuilder> events) {
        roles.insert(realm, org.getId(), role, userId, grantedBy, null);
        roleGranted(org, role, userId, grantedBy, null, events);
    }

    private void roleGranted(OrganizationModel org, String role, String userId, String grantedBy, Long expiresAt,
                             Supplier<AdminEventBuilder> events) {
        publishRole(org, userId, role, true);
        events.get().operation(OperationType.CREATE).resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                .resourcePath("organizations", org.getId(), "roles", role, "users", userId)
                .representation(roleRep(userId, role, grantedBy, expiresAt)).success();
    }

    /**
     * Revokes the grant row the caller has read and gives the user, with the same row, a role they
     * do not hold (never time-bound): one UPDATE instead of a DELETE and an INSERT, with the model
     * and admin events of a grant and of a revocation.
     */
    void moveRole(OrganizationModel org, OrgRoleMemberEntity m, String role, String grantedBy,
                  Supplier<AdminEventBuilder> grantEvents, Supplier<AdminEventBuilder> revokeEvents) {
        String lost = m.getRoleName();
        String userId = m.getUserId();
        Map<String, Object> before = roleRep(userId, lost, m.getGrantedBy(), m.getExpiresAt());
        m.setRoleName(role);
        m.setGrantedBy(grantedBy);
        m.setExpiresAt(null);
        roleGranted(org, role, userId, grantedBy, null, grantEvents);
        publishRole(org, userId, lost, false);
        revokeEvents.get().operation(OperationType.DELETE).resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                .resourcePath("organizations", org.getId(), "roles", lost, "users", userId)
                .detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(before)).success();
    }

    Optional<OrgRoleMemberEntity> roleGrant(OrganizationModel org, String role, String userId) {
        return roles.grantOf(org.getId(), role, userId);
    }

    /** Revokes a role; false when the user did not hold it. */
    boolean revokeRole(OrganizationModel org, String role, String userId, Supplier<AdminEventBuilder> events) {
        Optional<OrgRoleMemberEntity> existing = roles.grantOf(org.getId(), role, userId);
        if (existing.isEmpty()) {
            return false;
        }
        revokeRole(org, existing.get(), events);
        return true;
    }

    /** Revokes the grant row the caller has read (managed by this transaction's persistence context). */
    void revokeRole(OrganizationModel org, OrgRoleMemberEntity m, Supplier<AdminEventBuilder> events) {
        String role = m.getRoleName();
        String userId = m.getUserId();
        Map<String, Object> before = roleRep(userId, role, m.getGrantedBy(), m.getExpiresAt());
        em.remove(m);
        publishRole(org, userId, role, false);
        events.get().operation(OperationType.DELETE).resource(ResourceType.ORGANIZATION_MEMBERSHIP)
                .resourcePath("organizations", org.getId(), "roles", role, "users", userId)
                .detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(before)).success();
    }

    private void publishRole(OrganizationModel org, String userId, String role, boolean granted) {
        session.getKeycloakSessionFactory().publish(new OrganizationRoleChangedEvent(session, realm, org.getId(), userId, role, granted));
    }

    static Map<String, Object> roleRep(String userId, String role, String grantedBy, Long expiresAt) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("userId", userId);
        rep.put("role", role);
        rep.put("grantedBy", grantedBy);
        rep.put("expiresAt", Times.iso(expiresAt));
        return rep;
    }

    // ---- organization groups

    Optional<GroupGrantEntity> groupGrant(String groupId, String userId) {
        return em.createNamedQuery("tnc.govGroupGrant.get", GroupGrantEntity.class)
                .setParameter("groupId", groupId).setParameter("userId", userId).getResultStream().findFirst();
    }

    /** The grantedBy of a membership: its row's, or null when made elsewhere. */
    String groupGrantedBy(String groupId, String userId) {
        return groupGrant(groupId, userId).map(GroupGrantEntity::getGrantedBy).orElse(null);
    }

    /** Adds the member to the organization group (same takeover rules as roles); whether they newly belong. */
    boolean grantGroup(OrganizationModel org, GroupModel group, UserModel user, String grantedBy, Long expiresAt,
                       Supplier<AdminEventBuilder> events) {
        boolean member = directMember(session, group, user);
        Optional<GroupGrantEntity> row = groupGrant(group.getId(), user.getId());
        if (member) {
            if (!manual(grantedBy)) {
                return false;
            }
            Map<String, Object> before = groupRep(user.getId(), group, row.map(GroupGrantEntity::getGrantedBy).orElse(null),
                    row.map(GroupGrantEntity::getExpiresAt).orElse(null));
            GroupGrantEntity g = row.orElseGet(() -> newGroupGrant(org, group, user));
            g.setGrantedBy(grantedBy);
            g.setExpiresAt(expiresAt);
            events.get().operation(OperationType.UPDATE).resource(ResourceType.GROUP_MEMBERSHIP)
                    .resourcePath("organizations", org.getId(), "groups", group.getId(), "members", user.getId())
                    .representation(groupRep(user.getId(), group, grantedBy, expiresAt))
                    .detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(before)).success();
            return false;
        }
        GroupGrantEntity g = row.orElseGet(() -> newGroupGrant(org, group, user));
        g.setGrantedBy(grantedBy);
        g.setExpiresAt(expiresAt);
        user.joinGroup(group);
        events.get().operation(OperationType.CREATE).resource(ResourceType.GROUP_MEMBERSHIP)
                .resourcePath("organizations", org.getId(), "groups", group.getId(), "members", user.getId())
                .representation(groupRep(user.getId(), group, grantedBy, expiresAt)).success();
        return true;
    }

    boolean revokeGroup(OrganizationModel org, GroupModel group, UserModel user, Supplier<AdminEventBuilder> events) {
        Optional<GroupGrantEntity> row = groupGrant(group.getId(), user.getId());
        boolean member = directMember(session, group, user);
        Map<String, Object> before = groupRep(user.getId(), group, row.map(GroupGrantEntity::getGrantedBy).orElse(null),
                row.map(GroupGrantEntity::getExpiresAt).orElse(null));
        row.ifPresent(em::remove);
        if (!member) {
            return false;
        }
        user.leaveGroup(group);
        events.get().operation(OperationType.DELETE).resource(ResourceType.GROUP_MEMBERSHIP)
                .resourcePath("organizations", org.getId(), "groups", group.getId(), "members", user.getId())
                .detail(AuditTrail.DETAIL_BEFORE, AuditTrail.json(before)).success();
        return true;
    }

    /** Whether the user is directly in the organization group (Keycloak lists organization groups apart from realm groups). */
    static boolean directMember(KeycloakSession session, GroupModel group, UserModel user) {
        OrganizationModel org = group.getOrganization();
        if (org == null) {
            return user.getGroupsStream().anyMatch(g -> g.getId().equals(group.getId()));
        }
        return session.getProvider(org.keycloak.organization.OrganizationProvider.class).getOrganizationGroupsByMember(org, user)
                .anyMatch(g -> g.getId().equals(group.getId()));
    }

    private GroupGrantEntity newGroupGrant(OrganizationModel org, GroupModel group, UserModel user) {
        return newGroupGrant(em, realm.getId(), org.getId(), group.getId(), user.getId());
    }

    /** A new group-grant row, persisted; the caller sets {@code grantedBy} and {@code expiresAt}. */
    static GroupGrantEntity newGroupGrant(EntityManager em, String realmId, String organizationId, String groupId, String userId) {
        GroupGrantEntity g = new GroupGrantEntity();
        g.setId(KeycloakModelUtils.generateId());
        g.setRealmId(realmId);
        g.setOrganizationId(organizationId);
        g.setGroupId(groupId);
        g.setUserId(userId);
        g.setCreated(System.currentTimeMillis());
        em.persist(g);
        return g;
    }

    static Map<String, Object> groupRep(String userId, GroupModel group, String grantedBy, Long expiresAt) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("userId", userId);
        rep.put("groupId", group.getId());
        rep.put("group", group.getName());
        rep.put("grantedBy", grantedBy);
        rep.put("expiresAt", Times.iso(expiresAt));
        return rep;
    }

    /** The organization's own groups (never its internal membership group) by id; null when not one of them. */
    static GroupModel organizationGroup(KeycloakSession session, RealmModel realm, OrganizationModel org, String groupId) {
        if (groupId == null) {
            return null;
        }
        GroupModel g = session.groups().getGroupById(realm, groupId);
        if (g == null || g.getType() != GroupModel.Type.ORGANIZATION || g.getOrganization() == null
                || !org.getId().equals(g.getOrganization().getId())) {
            return null;
        }
        GroupModel internal = session.getProvider(org.keycloak.organization.OrganizationProvider.class).getOrganizationGroup(org);
        return internal != null && internal.getId().equals(g.getId()) ? null : g;
    }

    /** The member's organization role grants, as role → grant (one query). */
    Map<String, OrgRoleMemberEntity> roleGrants(OrganizationModel org, String userId) {
        Map<String, OrgRoleMemberEntity> rs = new LinkedHashMap<>();
        for (OrgRoleMemberEntity m : roles.grantsOf(org.getId(), userId)) {
            rs.put(m.getRoleName(), m);
        }
        return rs;
    }

    /** role → grantedBy of the grants. */
    static Map<String, String> grantedBy(Map<String, OrgRoleMemberEntity> grants) {
        Map<String, String> rs = new LinkedHashMap<>();
        grants.forEach((role, m) -> rs.put(role, m.getGrantedBy()));
        return rs;
    }

    /** The grantedBy of the member's organization-group memberships that have one of our rows (one query). */
    Map<String, String> groupGrantedBy(OrganizationModel org, String userId) {
        Map<String, String> meta = new LinkedHashMap<>();
        em.createNamedQuery("tnc.govGroupGrant.byUser", GroupGrantEntity.class)
                .setParameter("orgId", org.getId()).setParameter("userId", userId)
                .getResultStream().forEach(g -> meta.put(g.getGroupId(), g.getGrantedBy()));
        return meta;
    }
}
