package dev.tenancy.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** The last reported tracked state of a user, to diff the next change against, and its event counter. */
@Entity(name = "TncPeSnapshot")
@Table(name = "TNC_PE_USER_SNAPSHOT")
@NamedQueries({
    @NamedQuery(name = "tncPeDeleteSnapshotsByRealm",
            query = "delete from TncPeSnapshot s where s.realmId = :realmId"),
})
public class SnapshotEntity {

    @Id
    @Column(name = "USER_ID", length = 36)
    private String userId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "SEQUENCE_NO", nullable = false)
    private long sequence;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Column(name = "STATE", nullable = false)
    private String state;

    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public long getSequence() { return sequence; }
    public void setSequence(long sequence) { this.sequence = sequence; }
    public long getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(long updatedAt) { this.updatedAt = updatedAt; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
}
