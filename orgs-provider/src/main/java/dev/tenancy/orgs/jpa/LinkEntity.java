package dev.tenancy.orgs.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/** The columns user and group links share. */
@MappedSuperclass
public abstract class LinkEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "EXTERNAL_ID", length = 255)
    private String externalId;

    @Column(name = "LINK_VERSION", nullable = false)
    private long version;

    @Column(name = "CREATED", nullable = false)
    private long created;

    @Column(name = "LAST_MODIFIED", nullable = false)
    private long lastModified;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public String getExternalId() { return externalId; }
    public void setExternalId(String v) { externalId = v; }
    public long getVersion() { return version; }
    public void setVersion(long v) { version = v; }
    public long getCreated() { return created; }
    public void setCreated(long v) { created = v; }
    public long getLastModified() { return lastModified; }
    public void setLastModified(long v) { lastModified = v; }

    /** The linked user's or group's id. */
    public abstract String getTargetId();

    public abstract void setTargetId(String id);
}
