package dev.tenancy.provisioning.apps.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * "Bring this user's copy in this app up to date": written in the transaction of the change. The
 * pusher reads the user's state when it runs, so one pending item per app and user suffices; only
 * the oldest unfinished item of an app and user is ever due, so one user is never pushed twice at once.
 */
@Entity(name = "TncPaWork")
@Table(name = "TNC_PA_WORK")
@NamedQueries({
    @NamedQuery(name = "tncPaWaitingWork", query = "select w from TncPaWork w where w.appId = :appId and w.subjectId = :subjectId"
            + " and w.status = 'PENDING' and w.leaseOwner is null"),
    @NamedQuery(name = "tncPaDueWorkIds", query = "select w.id, w.appId from TncPaWork w where w.status = 'PENDING' and w.nextAttemptAt <= :now"
            + " and (w.leaseUntil is null or w.leaseUntil < :now)"
            + " and w.appId in (select a.id from TncPaApp a where a.enabled = true and a.pausedReason is null)"
            + " and not exists (select o.id from TncPaWork o where o.appId = w.appId and o.subjectId = w.subjectId"
            + "   and o.status = 'PENDING' and o.sequence < w.sequence)"
            + " order by w.sequence"),
    @NamedQuery(name = "tncPaLockWork", query = "select w from TncPaWork w where w.id in :ids and w.status = 'PENDING'"
            + " and (w.leaseUntil is null or w.leaseUntil < :now)"),
    @NamedQuery(name = "tncPaClaimWork", query = "update TncPaWork w set w.leaseOwner = :owner, w.leaseUntil = :until"
            + " where w.id in :ids and w.status = 'PENDING' and (w.leaseUntil is null or w.leaseUntil < :now)"),
    @NamedQuery(name = "tncPaClaimedWork", query = "select w from TncPaWork w where w.id in :ids and w.leaseOwner = :owner order by w.sequence"),
    @NamedQuery(name = "tncPaCountWork", query = "select count(w) from TncPaWork w where w.appId = :appId and w.status = :status"),
    @NamedQuery(name = "tncPaCountRetryingWork", query = "select count(w) from TncPaWork w where w.appId = :appId and w.status = 'PENDING' and w.attempts > 0"),
    @NamedQuery(name = "tncPaDeleteWorkByApp", query = "delete from TncPaWork w where w.appId = :appId"),
})
public class WorkEntity {
    public static final String PENDING = "PENDING";
    public static final String DEAD = "DEAD";
    public static final String USER = "USER";
    public static final String GROUP = "GROUP";

    @Id @Column(name = "ID", length = 36) private String id;
    @Column(name = "APP_ID", length = 36, nullable = false) private String appId;
    @Column(name = "REALM_ID", length = 36, nullable = false) private String realmId;
    @Column(name = "KIND", length = 8, nullable = false) private String kind;
    @Column(name = "SUBJECT_ID", length = 36, nullable = false) private String subjectId;
    @Column(name = "STATUS", length = 16, nullable = false) private String status;
    @Column(name = "ATTEMPTS", nullable = false) private int attempts;
    @Column(name = "NEXT_ATTEMPT_AT", nullable = false) private long nextAttemptAt;
    @Column(name = "LEASE_UNTIL") private Long leaseUntil;
    @Column(name = "LEASE_OWNER", length = 64) private String leaseOwner;
    @Column(name = "LAST_ERROR", length = 64) private String lastError;
    @Column(name = "CREATED_AT", nullable = false) private long createdAt;
    /** Creation order (milliseconds × 1000 + a per-node counter), for order per app and user. */
    @Column(name = "SEQUENCE_NO", nullable = false) private long sequence;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getAppId() { return appId; }
    public void setAppId(String appId) { this.appId = appId; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getSubjectId() { return subjectId; }
    public void setSubjectId(String subjectId) { this.subjectId = subjectId; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public long getNextAttemptAt() { return nextAttemptAt; }
    public void setNextAttemptAt(long nextAttemptAt) { this.nextAttemptAt = nextAttemptAt; }
    public Long getLeaseUntil() { return leaseUntil; }
    public void setLeaseUntil(Long leaseUntil) { this.leaseUntil = leaseUntil; }
    public String getLeaseOwner() { return leaseOwner; }
    public void setLeaseOwner(String leaseOwner) { this.leaseOwner = leaseOwner; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getSequence() { return sequence; }
    public void setSequence(long sequence) { this.sequence = sequence; }
}
