package dev.tenancy.provisioning.apps.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A local user or group and its remote id in one app, with what was last pushed ({@code state}, JSON). */
@Entity(name = "TncPaLink")
@Table(name = "TNC_PA_LINK")
@NamedQueries({
    @NamedQuery(name = "tncPaLink", query = "select l from TncPaLink l where l.appId = :appId and l.kind = :kind and l.localId = :localId"),
    @NamedQuery(name = "tncPaLinkByRemote", query = "select l from TncPaLink l where l.appId = :appId and l.kind = :kind and l.remoteId = :remoteId"),
    @NamedQuery(name = "tncPaCountLinks", query = "select count(l) from TncPaLink l where l.appId = :appId and l.kind = :kind and l.active = true"),
    @NamedQuery(name = "tncPaDeleteLinksByApp", query = "delete from TncPaLink l where l.appId = :appId"),
})
public class LinkEntity {
    public static final String USER = "USER";
    public static final String GROUP = "GROUP";

    @Id @Column(name = "ID", length = 36) private String id;
    @Column(name = "APP_ID", length = 36, nullable = false) private String appId;
    @Column(name = "KIND", length = 8, nullable = false) private String kind;
    @Column(name = "LOCAL_ID", length = 36, nullable = false) private String localId;
    @Column(name = "REMOTE_ID", nullable = false) private String remoteId;
    @Column(name = "STATE", nullable = false, columnDefinition = "TEXT") private String state;
    @Column(name = "ACTIVE", nullable = false) private boolean active;
    @Column(name = "CREATED_BY_US", nullable = false) private boolean createdByUs;
    @Column(name = "UPDATED_AT", nullable = false) private long updatedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getAppId() { return appId; }
    public void setAppId(String appId) { this.appId = appId; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getLocalId() { return localId; }
    public void setLocalId(String localId) { this.localId = localId; }
    public String getRemoteId() { return remoteId; }
    public void setRemoteId(String remoteId) { this.remoteId = remoteId; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public boolean isActive() { return active; }
    public void setActive(boolean active) { this.active = active; }
    public boolean isCreatedByUs() { return createdByUs; }
    public void setCreatedByUs(boolean createdByUs) { this.createdByUs = createdByUs; }
    public long getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(long updatedAt) { this.updatedAt = updatedAt; }
}
