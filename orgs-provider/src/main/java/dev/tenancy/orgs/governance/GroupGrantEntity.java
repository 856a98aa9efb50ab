package dev.tenancy.orgs.governance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Who made an organization-group membership and when it ends. The membership itself is Keycloak's;
 * a membership without a row here was made elsewhere (SCIM, the admin console) and counts as manual.
 */
@Entity
@Table(name = "TNC_GOV_GROUP_GRANT")
@NamedQueries({
        @NamedQuery(name = "tnc.govGroupGrant.get", query = "select g from GroupGrantEntity g where g.groupId = :groupId and g.userId = :userId"),
        @NamedQuery(name = "tnc.govGroupGrant.byUser", query = "select g from GroupGrantEntity g where g.organizationId = :orgId and g.userId = :userId"),
        @NamedQuery(name = "tnc.govGroupGrant.expired",
                query = "select g from GroupGrantEntity g where g.expiresAt is not null and g.expiresAt <= :now order by g.expiresAt"),
        @NamedQuery(name = "tnc.govGroupGrant.deleteIfExpired", query = "delete from GroupGrantEntity g where g.id = :id and g.expiresAt = :expiresAt"),
        @NamedQuery(name = "tnc.govGroupGrant.deleteByUser", query = "delete from GroupGrantEntity g where g.organizationId = :orgId and g.userId = :userId"),
        @NamedQuery(name = "tnc.govGroupGrant.deleteByAnyUser", query = "delete from GroupGrantEntity g where g.userId = :userId"),
        @NamedQuery(name = "tnc.govGroupGrant.deleteByGroup", query = "delete from GroupGrantEntity g where g.groupId = :groupId"),
        @NamedQuery(name = "tnc.govGroupGrant.deleteByOrg", query = "delete from GroupGrantEntity g where g.organizationId = :orgId"),
        @NamedQuery(name = "tnc.govGroupGrant.deleteByRealm", query = "delete from GroupGrantEntity g where g.realmId = :realmId")
})
public class GroupGrantEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;
    @Column(name = "GROUP_ID", length = 36, nullable = false)
    private String groupId;
    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;
    @Column(name = "GRANTED_BY")
    private String grantedBy;
    @Column(name = "EXPIRES_AT")
    private Long expiresAt;
    @Column(name = "CREATED", nullable = false)
    private long created;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public String getGroupId() { return groupId; }
    public void setGroupId(String v) { groupId = v; }
    public String getUserId() { return userId; }
    public void setUserId(String v) { userId = v; }
    public String getGrantedBy() { return grantedBy; }
    public void setGrantedBy(String v) { grantedBy = v; }
    public Long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Long v) { expiresAt = v; }
    public long getCreated() { return created; }
    public void setCreated(long v) { created = v; }
}
