package dev.tenancy.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The single row {@value #ID} of the event log: the last position the sequencer assigned and the
 * position through which retention has removed events. Locking it serializes the sequencers of all
 * nodes; a cursor is valid when {@code purgedThrough <= cursor <= lastPosition}.
 */
@Entity(name = "TncPeLogState")
@Table(name = "TNC_PE_LOG_STATE")
public class LogStateEntity {

    public static final String ID = "log";

    @Id
    @Column(name = "ID", length = 16)
    private String id;

    @Column(name = "LAST_POSITION", nullable = false)
    private long lastPosition;

    @Column(name = "PURGED_THROUGH", nullable = false)
    private long purgedThrough;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public long getLastPosition() { return lastPosition; }
    public void setLastPosition(long lastPosition) { this.lastPosition = lastPosition; }
    public long getPurgedThrough() { return purgedThrough; }
    public void setPurgedThrough(long purgedThrough) { this.purgedThrough = purgedThrough; }
}
