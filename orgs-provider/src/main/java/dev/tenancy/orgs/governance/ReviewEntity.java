package dev.tenancy.orgs.governance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** An access review of one organization: its frozen items are {@link ReviewItemEntity} rows. */
@Entity
@Table(name = "TNC_GOV_REVIEW")
@NamedQueries({
        @NamedQuery(name = "tnc.govReview.byOrg", query = "select r from ReviewEntity r where r.organizationId = :orgId order by r.created desc"),
        @NamedQuery(name = "tnc.govReview.due", query = "select r from ReviewEntity r where r.status = 'OPEN' and r.dueAt <= :now"),
        @NamedQuery(name = "tnc.govReview.closeIfOpen",
                query = "update ReviewEntity r set r.status = 'CLOSED', r.closedAt = :now, r.closedBy = :by where r.id = :id and r.status = 'OPEN'"),
        @NamedQuery(name = "tnc.govReview.deleteByOrg", query = "delete from ReviewEntity r where r.organizationId = :orgId"),
        @NamedQuery(name = "tnc.govReview.deleteByRealm", query = "delete from ReviewEntity r where r.realmId = :realmId")
})
public class ReviewEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;
    @Column(name = "NAME", nullable = false)
    private String name;
    @Column(name = "SCOPE", nullable = false)
    private String scope;
    @Column(name = "REVIEWERS", nullable = false)
    private String reviewers;
    @Column(name = "DUE_AT", nullable = false)
    private long dueAt;
    @Column(name = "DEFAULT_DECISION", length = 8, nullable = false)
    private String defaultDecision;
    @Column(name = "STATUS", length = 8, nullable = false)
    private String status;
    @Column(name = "CREATED", nullable = false)
    private long created;
    @Column(name = "CREATED_BY")
    private String createdBy;
    @Column(name = "CLOSED_AT")
    private Long closedAt;
    @Column(name = "CLOSED_BY")
    private String closedBy;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public String getName() { return name; }
    public void setName(String v) { name = v; }
    public String getScope() { return scope; }
    public void setScope(String v) { scope = v; }
    public String getReviewers() { return reviewers; }
    public void setReviewers(String v) { reviewers = v; }
    public long getDueAt() { return dueAt; }
    public void setDueAt(long v) { dueAt = v; }
    public String getDefaultDecision() { return defaultDecision; }
    public void setDefaultDecision(String v) { defaultDecision = v; }
    public String getStatus() { return status; }
    public void setStatus(String v) { status = v; }
    public long getCreated() { return created; }
    public void setCreated(long v) { created = v; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String v) { createdBy = v; }
    public Long getClosedAt() { return closedAt; }
    public void setClosedAt(Long v) { closedAt = v; }
    public String getClosedBy() { return closedBy; }
    public void setClosedBy(String v) { closedBy = v; }
}
