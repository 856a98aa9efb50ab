package dev.tenancy.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One event for one subscription. {@code PENDING} and {@code FAILED} are still to be sent;
 * {@code DELIVERED} and {@code DEAD} are final. A node claims a delivery by setting a lease.
 */
@Entity(name = "TncPeDelivery")
@Table(name = "TNC_PE_DELIVERY")
@NamedQueries({
    // Due heads: nothing earlier for the same subscription and user is still to be sent.
    @NamedQuery(name = "tncPeDueDeliveryIds",
            query = "select d.id from TncPeDelivery d where d.status in ('PENDING', 'FAILED') and d.nextAttemptAt <= :now"
                    + " and (d.leaseUntil is null or d.leaseUntil < :now)"
                    + " and exists (select s.id from TncPeSubscription s where s.id = d.subscriptionId and s.enabled = true)"
                    + " and not exists (select p.id from TncPeDelivery p where p.subscriptionId = d.subscriptionId"
                    + "   and p.userId = d.userId and p.status in ('PENDING', 'FAILED') and p.sequence < d.sequence)"
                    + " order by d.nextAttemptAt, d.sequence"),
    @NamedQuery(name = "tncPeClaimDeliveries",
            query = "update TncPeDelivery d set d.leaseUntil = :until, d.leaseOwner = :owner where d.id in :ids"
                    + " and d.status in ('PENDING', 'FAILED') and (d.leaseUntil is null or d.leaseUntil < :now)"),
    @NamedQuery(name = "tncPeClaimedDeliveries",
            query = "select d, e, s from TncPeDelivery d, TncPeEvent e, TncPeSubscription s where d.id in :ids"
                    + " and d.leaseOwner = :owner and e.id = d.eventId and s.id = d.subscriptionId"),
    @NamedQuery(name = "tncPeDeliveriesByIds",
            query = "select d from TncPeDelivery d where d.id in :ids"),
    @NamedQuery(name = "tncPeDeliveriesBySubscription",
            query = "select d from TncPeDelivery d where d.subscriptionId = :subscriptionId order by d.createdAt desc, d.sequence desc"),
    @NamedQuery(name = "tncPeDeliveriesBySubscriptionAndStatus",
            query = "select d from TncPeDelivery d where d.subscriptionId = :subscriptionId and d.status = :status"
                    + " order by d.createdAt desc, d.sequence desc"),
    @NamedQuery(name = "tncPeDeleteFinishedDeliveries",
            query = "delete from TncPeDelivery d where d.status = :status and d.createdAt < :before"),
    @NamedQuery(name = "tncPeDeleteDeliveriesBySubscription",
            query = "delete from TncPeDelivery d where d.subscriptionId = :subscriptionId"),
    @NamedQuery(name = "tncPeDeleteDeliveriesByRealm",
            query = "delete from TncPeDelivery d where d.realmId = :realmId"),
})
public class DeliveryEntity {

    public static final String PENDING = "PENDING";
    public static final String FAILED = "FAILED";
    public static final String DELIVERED = "DELIVERED";
    public static final String DEAD = "DEAD";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "SUBSCRIPTION_ID", length = 36, nullable = false)
    private String subscriptionId;

    @Column(name = "EVENT_ID", length = 36, nullable = false)
    private String eventId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "EVENT_TYPE", length = 64, nullable = false)
    private String eventType;

    @Column(name = "SEQUENCE_NO", nullable = false)
    private long sequence;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private long nextAttemptAt;

    @Column(name = "LEASE_UNTIL")
    private Long leaseUntil;

    @Column(name = "LEASE_OWNER", length = 64)
    private String leaseOwner;

    @Column(name = "LAST_ATTEMPT_AT")
    private Long lastAttemptAt;

    @Column(name = "LAST_STATUS_CODE")
    private Integer lastStatusCode;

    @Column(name = "LAST_ERROR", length = 1024)
    private String lastError;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "DELIVERED_AT")
    private Long deliveredAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getSubscriptionId() { return subscriptionId; }
    public void setSubscriptionId(String subscriptionId) { this.subscriptionId = subscriptionId; }
    public String getEventId() { return eventId; }
    public void setEventId(String eventId) { this.eventId = eventId; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getEventType() { return eventType; }
    public void setEventType(String eventType) { this.eventType = eventType; }
    public long getSequence() { return sequence; }
    public void setSequence(long sequence) { this.sequence = sequence; }
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
    public Long getLastAttemptAt() { return lastAttemptAt; }
    public void setLastAttemptAt(Long lastAttemptAt) { this.lastAttemptAt = lastAttemptAt; }
    public Integer getLastStatusCode() { return lastStatusCode; }
    public void setLastStatusCode(Integer lastStatusCode) { this.lastStatusCode = lastStatusCode; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getDeliveredAt() { return deliveredAt; }
    public void setDeliveredAt(Long deliveredAt) { this.deliveredAt = deliveredAt; }
}
