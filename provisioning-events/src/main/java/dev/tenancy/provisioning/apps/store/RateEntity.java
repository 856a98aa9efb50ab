package dev.tenancy.provisioning.apps.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An app's request budget of the current one-second window, shared by every node: a node takes a
 * few requests of it at a time (under a row lock), so the cluster together stays within the limit.
 */
@Entity(name = "TncPaRate")
@Table(name = "TNC_PA_RATE")
public class RateEntity {
    @Id @Column(name = "APP_ID", length = 36) private String appId;
    @Column(name = "WINDOW_START", nullable = false) private long windowStart;
    @Column(name = "USED", nullable = false) private int used;

    public String getAppId() { return appId; }
    public void setAppId(String appId) { this.appId = appId; }
    public long getWindowStart() { return windowStart; }
    public void setWindowStart(long windowStart) { this.windowStart = windowStart; }
    public int getUsed() { return used; }
    public void setUsed(int used) { this.used = used; }
}
