package dev.tenancy.orgs.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** What one organization's SCIM client knows of one of its organization groups. */
@Entity
@Table(name = "TNC_SCIM_GROUP_LINK")
@NamedQueries({
        @NamedQuery(name = "tnc.groupLink.get", query = "select l from GroupLinkEntity l where l.organizationId = :orgId and l.groupId = :groupId"),
        @NamedQuery(name = "tnc.groupLink.byExternalId", query = "select l from GroupLinkEntity l where l.organizationId = :orgId and l.externalId = :externalId"),
        @NamedQuery(name = "tnc.groupLink.delete", query = "delete from GroupLinkEntity l where l.organizationId = :orgId and l.groupId = :groupId"),
        @NamedQuery(name = "tnc.groupLink.deleteByOrg", query = "delete from GroupLinkEntity l where l.organizationId = :orgId"),
        @NamedQuery(name = "tnc.groupLink.deleteByGroup", query = "delete from GroupLinkEntity l where l.groupId = :groupId"),
        @NamedQuery(name = "tnc.groupLink.deleteByRealm", query = "delete from GroupLinkEntity l where l.realmId = :realmId")
})
public class GroupLinkEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "GROUP_ID", length = 36, nullable = false)
    private String groupId;

    @Column(name = "EXTERNAL_ID", length = 255)
    private String externalId;

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
    public String getGroupId() { return groupId; }
    public void setGroupId(String v) { groupId = v; }
    public String getExternalId() { return externalId; }
    public void setExternalId(String v) { externalId = v; }
    public long getVersion() { return version; }
    public void setVersion(long v) { version = v; }
    public long getCreated() { return created; }
    public void setCreated(long v) { created = v; }
    public long getLastModified() { return lastModified; }
    public void setLastModified(long v) { lastModified = v; }
}
