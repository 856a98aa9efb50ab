package dev.tenancy.orgs.jpa;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Organization roles and their members in {@code TNC_ORG_ROLE} and {@code TNC_ORG_ROLE_MEMBER}. */
public final class OrgRoleStore {

    private final EntityManager em;

    public OrgRoleStore(EntityManager em) {
        this.em = em;
    }

    public List<OrgRoleEntity> customRoles(String organizationId) {
        return em.createNamedQuery("tnc.orgRole.byOrg", OrgRoleEntity.class).setParameter("orgId", organizationId).getResultList();
    }

    public Optional<OrgRoleEntity> customRole(String organizationId, String name) {
        return em.createNamedQuery("tnc.orgRole.byName", OrgRoleEntity.class)
                .setParameter("orgId", organizationId).setParameter("name", name)
                .getResultStream().findFirst();
    }

    public OrgRoleEntity createRole(RealmModel realm, String organizationId, String name, String description) {
        OrgRoleEntity e = new OrgRoleEntity();
        e.setId(KeycloakModelUtils.generateId());
        e.setRealmId(realm.getId());
        e.setOrganizationId(organizationId);
        e.setName(name);
        e.setDescription(description);
        em.persist(e);
        em.flush();
        return e;
    }

    /** Deletes a custom role and returns the users who held it. */
    public List<String> deleteRole(OrgRoleEntity role) {
        List<String> holders = holders(role.getOrganizationId(), role.getName(), null, null);
        em.createNamedQuery("tnc.orgRoleMember.deleteByRole")
                .setParameter("orgId", role.getOrganizationId()).setParameter("role", role.getName()).executeUpdate();
        em.remove(role);
        return holders;
    }

    public List<String> holders(String organizationId, String role, Integer first, Integer max) {
        var q = em.createNamedQuery("tnc.orgRoleMember.byRole", String.class)
                .setParameter("orgId", organizationId).setParameter("role", role);
        if (first != null) {
            q.setFirstResult(first);
        }
        if (max != null) {
            q.setMaxResults(max);
        }
        return q.getResultList();
    }

    public boolean holds(String organizationId, String role, String userId) {
        return em.createNamedQuery("tnc.orgRoleMember.get", OrgRoleMemberEntity.class)
                .setParameter("orgId", organizationId).setParameter("role", role).setParameter("userId", userId)
                .getResultStream().findFirst().isPresent();
    }

    /** Grants the role; false when the user already held it. */
    public boolean grant(RealmModel realm, String organizationId, String role, String userId) {
        return grant(realm, organizationId, role, userId, null, null);
    }

    /**
     * Grants the role, remembering who granted it and when it ends ({@code expiresAt} null: never);
     * false when the user already held it (then the grant is left as it is).
     */
    public boolean grant(RealmModel realm, String organizationId, String role, String userId, String grantedBy, Long expiresAt) {
        if (holds(organizationId, role, userId)) {
            return false;
        }
        insert(realm, organizationId, role, userId, grantedBy, expiresAt);
        return true;
    }

    /** Adds the grant of a role the caller knows the user not to hold (it does not read first). */
    public void insert(RealmModel realm, String organizationId, String role, String userId, String grantedBy, Long expiresAt) {
        OrgRoleMemberEntity m = new OrgRoleMemberEntity();
        m.setId(KeycloakModelUtils.generateId());
        m.setRealmId(realm.getId());
        m.setOrganizationId(organizationId);
        m.setRoleName(role);
        m.setUserId(userId);
        m.setGrantedBy(grantedBy);
        m.setExpiresAt(expiresAt);
        em.persist(m);
    }

    /** The grant row, with its {@code grantedBy} and {@code expiresAt}. */
    public Optional<OrgRoleMemberEntity> grantOf(String organizationId, String role, String userId) {
        return em.createNamedQuery("tnc.orgRoleMember.get", OrgRoleMemberEntity.class)
                .setParameter("orgId", organizationId).setParameter("role", role).setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    /** The grants of one role, paged, ordered by user id. */
    public List<OrgRoleMemberEntity> grants(String organizationId, String role, int first, int max) {
        return em.createNamedQuery("tnc.orgRoleMember.byRoleGrants", OrgRoleMemberEntity.class)
                .setParameter("orgId", organizationId).setParameter("role", role)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    /** Every grant the user holds in the organization. */
    public List<OrgRoleMemberEntity> grantsOf(String organizationId, String userId) {
        return em.createNamedQuery("tnc.orgRoleMember.byUserInOrg", OrgRoleMemberEntity.class)
                .setParameter("orgId", organizationId).setParameter("userId", userId).getResultList();
    }

    /** Time-bound grants whose end has come, oldest first, across realms. */
    public List<OrgRoleMemberEntity> expired(long now, int max) {
        return em.createNamedQuery("tnc.orgRoleMember.expired", OrgRoleMemberEntity.class)
                .setParameter("now", now).setMaxResults(max).getResultList();
    }

    /**
     * Deletes the grant only if it still ends at {@code expiresAt}: of several nodes ending the same
     * grant, exactly one gets true.
     */
    public boolean deleteIfExpired(String id, long expiresAt) {
        return em.createNamedQuery("tnc.orgRoleMember.deleteIfExpired")
                .setParameter("id", id).setParameter("expiresAt", expiresAt).executeUpdate() == 1;
    }

    /** Revokes the role; false when the user did not hold it. */
    public boolean revoke(String organizationId, String role, String userId) {
        Optional<OrgRoleMemberEntity> m = em.createNamedQuery("tnc.orgRoleMember.get", OrgRoleMemberEntity.class)
                .setParameter("orgId", organizationId).setParameter("role", role).setParameter("userId", userId)
                .getResultStream().findFirst();
        m.ifPresent(em::remove);
        return m.isPresent();
    }

    /** Revokes every role the user holds in the organization and returns their names. */
    public List<String> revokeAll(String organizationId, String userId) {
        List<OrgRoleMemberEntity> held = em.createNamedQuery("tnc.orgRoleMember.byUserInOrg", OrgRoleMemberEntity.class)
                .setParameter("orgId", organizationId).setParameter("userId", userId).getResultList();
        held.forEach(em::remove);
        return held.stream().map(OrgRoleMemberEntity::getRoleName).toList();
    }

    public Map<String, Set<String>> rolesByOrganization(RealmModel realm, String userId) {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        em.createNamedQuery("tnc.orgRoleMember.byUser", OrgRoleMemberEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", userId)
                .getResultStream()
                .forEach(m -> result.computeIfAbsent(m.getOrganizationId(), k -> new LinkedHashSet<>()).add(m.getRoleName()));
        return result;
    }

    public void deleteOrganization(String organizationId) {
        em.createNamedQuery("tnc.orgRoleMember.deleteByOrg").setParameter("orgId", organizationId).executeUpdate();
        em.createNamedQuery("tnc.orgRole.deleteByOrg").setParameter("orgId", organizationId).executeUpdate();
    }

    public void deleteUser(String userId) {
        em.createNamedQuery("tnc.orgRoleMember.deleteByUser").setParameter("userId", userId).executeUpdate();
    }

    public void deleteRealm(String realmId) {
        em.createNamedQuery("tnc.orgRoleMember.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("tnc.orgRole.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }
}
