package dev.tenancy.orgs.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** What one organization's SCIM client knows of one user (unique per organization and externalId). */
@Entity
@Table(name = "TNC_SCIM_USER_LINK")
@NamedQueries({
        @NamedQuery(name = "tnc.userLink.get", query = "select l from UserLinkEntity l where l.organizationId = :orgId and l.userId = :userId"),
        @NamedQuery(name = "tnc.userLink.byExternalId", query = "select l from UserLinkEntity l where l.organizationId = :orgId and l.externalId = :externalId"),
        @NamedQuery(name = "tnc.userLink.countProvisioned", query = "select count(l) from UserLinkEntity l where l.organizationId = :orgId and l.provisioned = true"),
        @NamedQuery(name = "tnc.userLink.delete", query = "delete from UserLinkEntity l where l.organizationId = :orgId and l.userId = :userId"),
        @NamedQuery(name = "tnc.userLink.deleteByOrg", query = "delete from UserLinkEntity l where l.organizationId = :orgId"),
        @NamedQuery(name = "tnc.userLink.deleteByUser", query = "delete from UserLinkEntity l where l.userId = :userId"),
        @NamedQuery(name = "tnc.userLink.deleteByRealm", query = "delete from UserLinkEntity l where l.realmId = :realmId")
})
public class UserLinkEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "EXTERNAL_ID", length = 255)
    private String externalId;

    @Column(name = "USER_NAME", length = 255)
    private String userName;

    @Column(name = "PROVISIONED", nullable = false)
    private boolean provisioned;

    @Column(name = "LINK_VERSION", nullable = false)
    private long version;

    @Column(name = "CREATED", nullable = false)
    private long created;

    @Column(name = "LAST_MODIFIED", nullable = false)
    private long lastModified;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public String getUserId() { return userId; }
    public void setUserId(String v) { userId = v; }
    public String getExternalId() { return externalId; }
    public void setExternalId(String v) { externalId = v; }
    public String getUserName() { return userName; }
    public void setUserName(String v) { userName = v; }
    public boolean isProvisioned() { return provisioned; }
    public void setProvisioned(boolean v) { provisioned = v; }
    public long getVersion() { return version; }
    public void setVersion(long v) { version = v; }
    public long getCreated() { return created; }
    public void setCreated(long v) { created = v; }
    public long getLastModified() { return lastModified; }
    public void setLastModified(long v) { lastModified = v; }
}
