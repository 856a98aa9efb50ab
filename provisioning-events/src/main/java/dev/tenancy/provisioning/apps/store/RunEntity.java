package dev.tenancy.provisioning.apps.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A reconciliation run: its phase and cursor are saved after every page, so another start resumes it. */
@Entity(name = "TncPaRun")
@Table(name = "TNC_PA_RUN")
@NamedQueries({
    @NamedQuery(name = "tncPaDueRunIds", query = "select r.id from TncPaRun r where r.status in ('QUEUED', 'RUNNING')"
            + " and (r.leaseUntil is null or r.leaseUntil < :now) order by r.createdAt"),
    @NamedQuery(name = "tncPaClaimRun", query = "update TncPaRun r set r.leaseOwner = :owner, r.leaseUntil = :until"
            + " where r.id = :id and r.status in ('QUEUED', 'RUNNING') and (r.leaseUntil is null or r.leaseUntil < :now or r.leaseOwner = :owner)"),
    @NamedQuery(name = "tncPaLastRun", query = "select r from TncPaRun r where r.appId = :appId order by r.createdAt desc"),
    @NamedQuery(name = "tncPaActiveRuns", query = "select count(r) from TncPaRun r where r.appId = :appId and r.status in ('QUEUED', 'RUNNING')"),
    @NamedQuery(name = "tncPaDeleteRunsByApp", query = "delete from TncPaRun r where r.appId = :appId"),
})
public class RunEntity {
    @Id @Column(name = "ID", length = 36) private String id;
    @Column(name = "APP_ID", length = 36, nullable = false) private String appId;
    @Column(name = "REALM_ID", length = 36, nullable = false) private String realmId;
    @Column(name = "DRY_RUN", nullable = false) private boolean dryRun;
    @Column(name = "STATUS", length = 16, nullable = false) private String status;
    @Column(name = "PHASE", length = 16, nullable = false) private String phase;
    @Column(name = "CURSOR_POS", nullable = false) private int cursor;
    @Column(name = "CURSOR_KEY", length = 36) private String cursorKey;
    @Column(name = "TO_CREATE", nullable = false) private int toCreate;
    @Column(name = "TO_UPDATE", nullable = false) private int toUpdate;
    @Column(name = "TO_DEACTIVATE", nullable = false) private int toDeactivate;
    @Column(name = "DONE_COUNT", nullable = false) private int done;
    @Column(name = "FAILED_COUNT", nullable = false) private int failed;
    @Column(name = "PLAN", columnDefinition = "TEXT") private String plan;
    @Column(name = "LEASE_UNTIL") private Long leaseUntil;
    @Column(name = "LEASE_OWNER", length = 64) private String leaseOwner;
    @Column(name = "ERROR") private String error;
    @Column(name = "CREATED_AT", nullable = false) private long createdAt;
    @Column(name = "STARTED_AT") private Long startedAt;
    @Column(name = "FINISHED_AT") private Long finishedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getAppId() { return appId; }
    public void setAppId(String appId) { this.appId = appId; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public boolean isDryRun() { return dryRun; }
    public void setDryRun(boolean dryRun) { this.dryRun = dryRun; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getPhase() { return phase; }
    public void setPhase(String phase) { this.phase = phase; }
    public int getCursor() { return cursor; }
    public void setCursor(int cursor) { this.cursor = cursor; }
    public String getCursorKey() { return cursorKey; }
    public void setCursorKey(String cursorKey) { this.cursorKey = cursorKey; }
    public int getToCreate() { return toCreate; }
    public void setToCreate(int toCreate) { this.toCreate = toCreate; }
    public int getToUpdate() { return toUpdate; }
    public void setToUpdate(int toUpdate) { this.toUpdate = toUpdate; }
    public int getToDeactivate() { return toDeactivate; }
    public void setToDeactivate(int toDeactivate) { this.toDeactivate = toDeactivate; }
    public int getDone() { return done; }
    public void setDone(int done) { this.done = done; }
    public int getFailed() { return failed; }
    public void setFailed(int failed) { this.failed = failed; }
    public String getPlan() { return plan; }
    public void setPlan(String plan) { this.plan = plan; }
    public Long getLeaseUntil() { return leaseUntil; }
    public void setLeaseUntil(Long leaseUntil) { this.leaseUntil = leaseUntil; }
    public String getLeaseOwner() { return leaseOwner; }
    public void setLeaseOwner(String leaseOwner) { this.leaseOwner = leaseOwner; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getStartedAt() { return startedAt; }
    public void setStartedAt(Long startedAt) { this.startedAt = startedAt; }
    public Long getFinishedAt() { return finishedAt; }
    public void setFinishedAt(Long finishedAt) { this.finishedAt = finishedAt; }
}
