package dev.tenancy.provisioning.apps.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A connected application of a realm (optionally of one organization); {@code config} is its JSON settings, credentials included. */
@Entity(name = "TncPaApp")
@Table(name = "TNC_PA_APP")
@NamedQueries({
    @NamedQuery(name = "tncPaAppsByRealm", query = "select a from TncPaApp a where a.realmId = :realmId order by a.createdAt, a.id"),
    @NamedQuery(name = "tncPaEnabledAppsByRealm", query = "select a from TncPaApp a where a.realmId = :realmId and a.enabled = true"),
})
public class AppEntity {
    @Id @Column(name = "ID", length = 36) private String id;
    @Column(name = "REALM_ID", length = 36, nullable = false) private String realmId;
    @Column(name = "ORGANIZATION_ID", length = 36) private String organizationId;
    @Column(name = "NAME", nullable = false) private String name;
    @Column(name = "CONFIG", nullable = false, columnDefinition = "TEXT") private String config;
    @Column(name = "ENABLED", nullable = false) private boolean enabled;
    @Column(name = "PAUSED_REASON") private String pausedReason;
    @Column(name = "VERSION_NO", nullable = false) private int version;
    @Column(name = "LAST_ERROR", length = 64) private String lastError;
    @Column(name = "LAST_ERROR_AT") private Long lastErrorAt;
    @Column(name = "CREATED_AT", nullable = false) private long createdAt;
    @Column(name = "UPDATED_AT", nullable = false) private long updatedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String organizationId) { this.organizationId = organizationId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getConfig() { return config; }
    public void setConfig(String config) { this.config = config; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getPausedReason() { return pausedReason; }
    public void setPausedReason(String pausedReason) { this.pausedReason = pausedReason; }
    public int getVersion() { return version; }
    public void setVersion(int version) { this.version = version; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
    public Long getLastErrorAt() { return lastErrorAt; }
    public void setLastErrorAt(Long lastErrorAt) { this.lastErrorAt = lastErrorAt; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public long getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(long updatedAt) { this.updatedAt = updatedAt; }
}
