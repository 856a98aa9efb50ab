package dev.tenancy.orgs.governance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A member's request for an organization role or group for a while. */
@Entity
@Table(name = "TNC_GOV_REQUEST")
@NamedQueries({
        @NamedQuery(name = "tnc.govRequest.byOrg", query = "select r from RequestEntity r where r.organizationId = :orgId order by r.created desc"),
        @NamedQuery(name = "tnc.govRequest.byOrgAndUser",
                query = "select r from RequestEntity r where r.organizationId = :orgId and r.userId = :userId order by r.created desc"),
        @NamedQuery(name = "tnc.govRequest.stale", query = "select r from RequestEntity r where r.status = 'PENDING' and r.created <= :before"),
        @NamedQuery(name = "tnc.govRequest.expireIfPending",
                query = "update RequestEntity r set r.status = 'EXPIRED', r.decidedAt = :now where r.id = :id and r.status = 'PENDING'"),
        @NamedQuery(name = "tnc.govRequest.deleteByAnyUser", query = "delete from RequestEntity r where r.userId = :userId"),
        @NamedQuery(name = "tnc.govRequest.deleteByOrg", query = "delete from RequestEntity r where r.organizationId = :orgId"),
        @NamedQuery(name = "tnc.govRequest.deleteByRealm", query = "delete from RequestEntity r where r.realmId = :realmId")
})
public class RequestEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;
    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;
    @Column(name = "KIND", length = 8, nullable = false)
    private String kind;
    @Column(name = "TARGET", nullable = false)
    private String target;
    @Column(name = "REASON", length = 2048)
    private String reason;
    @Column(name = "DURATION_SECONDS", nullable = false)
    private long durationSeconds;
    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;
    @Column(name = "CREATED", nullable = false)
    private long created;
    @Column(name = "DECIDED_BY", length = 36)
    private String decidedBy;
    @Column(name = "DECIDED_AT")
    private Long decidedAt;
    @Column(name = "DECISION_COMMENT", length = 2048)
    private String comment;
    @Column(name = "GRANT_EXPIRES_AT")
    private Long grantExpiresAt;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public String getUserId() { return userId; }
    public void setUserId(String v) { userId = v; }
    public String getKind() { return kind; }
    public void setKind(String v) { kind = v; }
    public String getTarget() { return target; }
    public void setTarget(String v) { target = v; }
    public String getReason() { return reason; }
    public void setReason(String v) { reason = v; }
    public long getDurationSeconds() { return durationSeconds; }
    public void setDurationSeconds(long v) { durationSeconds = v; }
    public String getStatus() { return status; }
    public void setStatus(String v) { status = v; }
    public long getCreated() { return created; }
    public void setCreated(long v) { created = v; }
    public String getDecidedBy() { return decidedBy; }
    public void setDecidedBy(String v) { decidedBy = v; }
    public Long getDecidedAt() { return decidedAt; }
    public void setDecidedAt(Long v) { decidedAt = v; }
    public String getComment() { return comment; }
    public void setComment(String v) { comment = v; }
    public Long getGrantExpiresAt() { return grantExpiresAt; }
    public void setGrantExpiresAt(Long v) { grantExpiresAt = v; }
}
