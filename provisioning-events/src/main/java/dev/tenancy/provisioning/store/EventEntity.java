package dev.tenancy.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One outbox event: the exact CloudEvents JSON that every delivery of it sends. Its id is the
 * CloudEvents {@code id} and the {@code webhook-id}, so it never changes across retries.
 */
@Entity(name = "TncPeEvent")
@Table(name = "TNC_PE_EVENT")
@NamedQueries({
    // The sequencer: committed events without a position, in the order they were written.
    @NamedQuery(name = "tncPeUnsequencedEvents",
            query = "select e from TncPeEvent e where e.position is null order by e.createdAt, e.txnId, e.ordinal"),
    @NamedQuery(name = "tncPeMaxPositionBefore",
            query = "select max(e.position) from TncPeEvent e where e.position is not null and e.createdAt < :before"),
    // Retention never removes an event a delivery still has to send; such an event stays (for its
    // delivery only: readers of the log never go behind PURGED_THROUGH), so one stuck receiver does
    // not hold back the retention of every other event.
    @NamedQuery(name = "tncPeDeleteEventsThrough",
            query = "delete from TncPeEvent e where e.position <= :position and not exists"
                    + " (select d.id from TncPeDelivery d where d.eventId = e.id and d.status in ('PENDING', 'FAILED'))"),

    @NamedQuery(name = "tncPeDeleteEventsByRealm",
            query = "delete from TncPeEvent e where e.realmId = :realmId"),
})
public class EventEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "ORGANIZATION_ID", length = 36)
    private String organizationId;

    @Column(name = "TYPE", length = 64, nullable = false)
    private String type;

    @Column(name = "SEQUENCE_NO", nullable = false)
    private long sequence;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "PAYLOAD", nullable = false)
    private String payload;

    /** Commit-ordered position in the event log; null until the sequencer has seen the event committed. */
    @Column(name = "LOG_POSITION")
    private Long position;

    /** Who may see it: {@code REALM}, {@code ORGANIZATION} or {@code BOTH} (see {@code Draft.Audience}). */
    @Column(name = "AUDIENCE", length = 16)
    private String audience;

    /** The writing transaction and the event's place in it, so the sequencer keeps a transaction's order. */
    @Column(name = "TXN_ID", length = 36)
    private String txnId;

    @Column(name = "TXN_ORDINAL", nullable = false)
    private int ordinal;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String organizationId) { this.organizationId = organizationId; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public long getSequence() { return sequence; }
    public void setSequence(long sequence) { this.sequence = sequence; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public String getPayload() { return payload; }
    public void setPayload(String payload) { this.payload = payload; }
    public Long getPosition() { return position; }
    public void setPosition(Long position) { this.position = position; }
    public String getAudience() { return audience; }
    public void setAudience(String audience) { this.audience = audience; }
    public String getTxnId() { return txnId; }
    public void setTxnId(String txnId) { this.txnId = txnId; }
    public int getOrdinal() { return ordinal; }
    public void setOrdinal(int ordinal) { this.ordinal = ordinal; }
}
