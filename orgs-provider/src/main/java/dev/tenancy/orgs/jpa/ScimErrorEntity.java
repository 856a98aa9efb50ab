package dev.tenancy.orgs.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A recent SCIM error of one organization, for the status panel; only the newest few are kept. */
@Entity
@Table(name = "TNC_SCIM_ERROR")
@NamedQueries({
        @NamedQuery(name = "tnc.scimError.byOrg", query = "select e from ScimErrorEntity e where e.organizationId = :orgId order by e.at desc, e.id desc"),
        @NamedQuery(name = "tnc.scimError.deleteByOrg", query = "delete from ScimErrorEntity e where e.organizationId = :orgId"),
        @NamedQuery(name = "tnc.scimError.deleteByRealm", query = "delete from ScimErrorEntity e where e.realmId = :realmId"),
        @NamedQuery(name = "tnc.scimError.deleteOlder", query = "delete from ScimErrorEntity e where e.organizationId = :orgId and e.at < :before")
})
public class ScimErrorEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "AT", nullable = false)
    private long at;

    @Column(name = "STATUS", nullable = false)
    private int status;

    @Column(name = "SCIM_TYPE", length = 64)
    private String scimType;

    @Column(name = "DETAIL", length = 1024)
    private String detail;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public long getAt() { return at; }
    public void setAt(long v) { at = v; }
    public int getStatus() { return status; }
    public void setStatus(int v) { status = v; }
    public String getScimType() { return scimType; }
    public void setScimType(String v) { scimType = v; }
    public String getDetail() { return detail; }
    public void setDetail(String v) { detail = v; }
}
