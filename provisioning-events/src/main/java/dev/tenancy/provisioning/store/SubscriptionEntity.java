package dev.tenancy.provisioning.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A webhook subscription of a realm, optionally limited to one organization. */
@Entity(name = "TncPeSubscription")
@Table(name = "TNC_PE_SUBSCRIPTION")
@NamedQueries({
    @NamedQuery(name = "tncPeSubscriptionsByRealm",
            query = "select s from TncPeSubscription s where s.realmId = :realmId order by s.createdAt, s.id"),
    @NamedQuery(name = "tncPeEnabledSubscriptionsByRealm",
            query = "select s from TncPeSubscription s where s.realmId = :realmId and s.enabled = true"),
    // The cache key of a realm's subscriptions: any create, update (UPDATED_AT moves) or delete changes it.
    @NamedQuery(name = "tncPeSubscriptionsVersion",
            query = "select count(s), coalesce(sum(s.updatedAt), 0) from TncPeSubscription s where s.realmId = :realmId"),
    @NamedQuery(name = "tncPeCountSubscriptionsByRealm",
            query = "select count(s) from TncPeSubscription s where s.realmId = :realmId"),
    @NamedQuery(name = "tncPeDeleteSubscriptionsByRealm",
            query = "delete from TncPeSubscription s where s.realmId = :realmId"),
})
public class SubscriptionEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORGANIZATION_ID", length = 36)
    private String organizationId;

    /** The webhook URL; null for broker sinks. */
    @Column(name = "URL", length = 2048)
    private String url;

    /** The webhook signing secret; null for broker sinks. */
    @Column(name = "SECRET", length = 255)
    private String secret;

    /** Comma-separated kinds: joiner, mover, leaver. */
    @Column(name = "EVENTS", length = 64, nullable = false)
    private String events;

    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;

    @Column(name = "DISABLED_REASON", length = 255)
    private String disabledReason;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    /** The sink: {@code webhook} (URL and secret), {@code kafka} (topic) or {@code nats} (subject). */
    @Column(name = "SINK_TYPE", length = 16, nullable = false)
    private String type = "webhook";

    /** The Kafka topic or NATS subject; null for webhooks. */
    @Column(name = "SINK_TARGET", length = 255)
    private String target;

    @Column(name = "LAST_SUCCESS_AT")
    private Long lastSuccessAt;

    @Column(name = "LAST_ERROR_AT")
    private Long lastErrorAt;

    @Column(name = "LAST_ERROR", length = 255)
    private String lastError;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String organizationId) { this.organizationId = organizationId; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getSecret() { return secret; }
    public void setSecret(String secret) { this.secret = secret; }
    public String getEvents() { return events; }
    public void setEvents(String events) { this.events = events; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getDisabledReason() { return disabledReason; }
    public void setDisabledReason(String disabledReason) { this.disabledReason = disabledReason; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public String getType() { return type == null ? "webhook" : type; }
    public void setType(String type) { this.type = type; }
    public String getTarget() { return target; }
    public void setTarget(String target) { this.target = target; }
    public Long getLastSuccessAt() { return lastSuccessAt; }
    public void setLastSuccessAt(Long lastSuccessAt) { this.lastSuccessAt = lastSuccessAt; }
    public Long getLastErrorAt() { return lastErrorAt; }
    public void setLastErrorAt(Long lastErrorAt) { this.lastErrorAt = lastErrorAt; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
    public long getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(long updatedAt) { this.updatedAt = updatedAt; }
}
