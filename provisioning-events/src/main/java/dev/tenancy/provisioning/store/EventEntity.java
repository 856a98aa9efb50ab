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
    @NamedQuery(name = "tncPeDeleteOrphanEvents",
            query = "delete from TncPeEvent e where e.createdAt < :before and not exists "
                    + "(select d.id from TncPeDelivery d where d.eventId = e.id)"),
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
}
