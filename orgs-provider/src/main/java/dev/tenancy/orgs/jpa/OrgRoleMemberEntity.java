package dev.tenancy.orgs.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A member of an organization holding one of its roles. */
@Entity
@Table(name = "TNC_ORG_ROLE_MEMBER")
@NamedQueries({
        @NamedQuery(name = "tnc.orgRoleMember.get",
                query = "select m from OrgRoleMemberEntity m where m.organizationId = :orgId and m.roleName = :role and m.userId = :userId"),
        @NamedQuery(name = "tnc.orgRoleMember.byRole",
                query = "select m.userId from OrgRoleMemberEntity m where m.organizationId = :orgId and m.roleName = :role order by m.userId"),
        @NamedQuery(name = "tnc.orgRoleMember.byUserInOrg",
                query = "select m from OrgRoleMemberEntity m where m.organizationId = :orgId and m.userId = :userId"),
        @NamedQuery(name = "tnc.orgRoleMember.byUser",
                query = "select m from OrgRoleMemberEntity m where m.realmId = :realmId and m.userId = :userId"),
        @NamedQuery(name = "tnc.orgRoleMember.deleteByRole", query = "delete from OrgRoleMemberEntity m where m.organizationId = :orgId and m.roleName = :role"),
        @NamedQuery(name = "tnc.orgRoleMember.deleteByOrg", query = "delete from OrgRoleMemberEntity m where m.organizationId = :orgId"),
        @NamedQuery(name = "tnc.orgRoleMember.deleteByUser", query = "delete from OrgRoleMemberEntity m where m.userId = :userId"),
        @NamedQuery(name = "tnc.orgRoleMember.deleteByRealm", query = "delete from OrgRoleMemberEntity m where m.realmId = :realmId"),
        @NamedQuery(name = "tnc.orgRoleMember.byRoleGrants",
                query = "select m from OrgRoleMemberEntity m where m.organizationId = :orgId and m.roleName = :role order by m.userId"),
        @NamedQuery(name = "tnc.orgRoleMember.expired",
                query = "select m from OrgRoleMemberEntity m where m.expiresAt is not null and m.expiresAt <= :now order by m.expiresAt"),
        @NamedQuery(name = "tnc.orgRoleMember.deleteIfExpired",
                query = "delete from OrgRoleMemberEntity m where m.id = :id and m.expiresAt = :expiresAt")
})
public class OrgRoleMemberEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "ROLE_NAME", length = 255, nullable = false)
    private String roleName;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    /** {@code user:<id>}, {@code rule:<id>}, {@code scim}, {@code request:<id>}; null for grants made before it was recorded. */
    @Column(name = "GRANTED_BY", length = 255)
    private String grantedBy;

    /** Epoch millis at which the grant ends by itself; null when it does not. */
    @Column(name = "EXPIRES_AT")
    private Long expiresAt;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public String getRoleName() { return roleName; }
    public void setRoleName(String v) { roleName = v; }
    public String getUserId() { return userId; }
    public void setUserId(String v) { userId = v; }
    public String getGrantedBy() { return grantedBy; }
    public void setGrantedBy(String v) { grantedBy = v; }
    public Long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Long v) { expiresAt = v; }
}
