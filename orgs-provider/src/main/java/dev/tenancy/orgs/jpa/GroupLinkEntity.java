package dev.tenancy.orgs.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** What one organization's SCIM client knows of one of its organization groups. */
@Entity
@Table(name = "TNC_SCIM_GROUP_LINK")
@NamedQueries({
        @NamedQuery(name = "tnc.groupLink.get", query = "select l from GroupLinkEntity l where l.organizationId = :orgId and l.groupId = :targetId"),
        @NamedQuery(name = "tnc.groupLink.byExternalId", query = "select l from GroupLinkEntity l where l.organizationId = :orgId and l.externalId = :externalId"),
        @NamedQuery(name = "tnc.groupLink.delete", query = "delete from GroupLinkEntity l where l.organizationId = :orgId and l.groupId = :targetId"),
        @NamedQuery(name = "tnc.groupLink.deleteByOrg", query = "delete from GroupLinkEntity l where l.organizationId = :orgId"),
        @NamedQuery(name = "tnc.groupLink.deleteByGroup", query = "delete from GroupLinkEntity l where l.groupId = :groupId"),
        @NamedQuery(name = "tnc.groupLink.deleteByRealm", query = "delete from GroupLinkEntity l where l.realmId = :realmId")
})
public class GroupLinkEntity extends LinkEntity {

    @Column(name = "GROUP_ID", length = 36, nullable = false)
    private String groupId;

    @Override
    public String getTargetId() { return groupId; }
    @Override
    public void setTargetId(String v) { groupId = v; }
    public String getGroupId() { return groupId; }
    public void setGroupId(String v) { groupId = v; }
}
