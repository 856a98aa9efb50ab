package dev.tenancy.orgs.governance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One change to an organization's access, as the audit trail shows it. States are JSON without secrets. */
@Entity
@Table(name = "TNC_GOV_AUDIT")
@NamedQueries({
        @NamedQuery(name = "tnc.govAudit.page",
                query = "select a from AuditEntity a where a.organizationId = :orgId and a.time >= :from and a.time <= :to order by a.time desc, a.seq desc"),
        @NamedQuery(name = "tnc.govAudit.deleteByOrg", query = "delete from AuditEntity a where a.organizationId = :orgId"),
        @NamedQuery(name = "tnc.govAudit.deleteByRealm", query = "delete from AuditEntity a where a.realmId = :realmId")
})
public class AuditEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;
    @Column(name = "EVENT_TIME", nullable = false)
    private long time;
    /** Orders entries of the same millisecond (nanoTime on the writing node). */
    @Column(name = "SEQ", nullable = false)
    private long seq;
    @Column(name = "ACTOR", nullable = false)
    private String actor;
    @Column(name = "OPERATION", length = 32, nullable = false)
    private String operation;
    @Column(name = "RESOURCE_TYPE", length = 64)
    private String resourceType;
    @Column(name = "RESOURCE", length = 1024, nullable = false)
    private String resource;
    @Column(name = "BEFORE_STATE")
    private String before;
    @Column(name = "AFTER_STATE")
    private String after;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public long getTime() { return time; }
    public void setTime(long v) { time = v; }
    public long getSeq() { return seq; }
    public void setSeq(long v) { seq = v; }
    public String getActor() { return actor; }
    public void setActor(String v) { actor = v; }
    public String getOperation() { return operation; }
    public void setOperation(String v) { operation = v; }
    public String getResourceType() { return resourceType; }
    public void setResourceType(String v) { resourceType = v; }
    public String getResource() { return resource; }
    public void setResource(String v) { resource = v; }
    public String getBefore() { return before; }
    public void setBefore(String v) { before = v; }
    public String getAfter() { return after; }
    public void setAfter(String v) { after = v; }
}
