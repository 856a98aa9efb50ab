package dev.tenancy.orgs.setup;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A setup link of one organization. Only the SHA-256 of its token is stored: the token itself is
 * shown once, in the creation answer's {@code url}.
 */
@Entity
@Table(name = "TNC_SCIM_SETUP_LINK")
@NamedQueries({
        @NamedQuery(name = "tnc.setupLink.byHash", query = "select l from SetupLinkEntity l where l.tokenHash = :hash"),
        @NamedQuery(name = "tnc.setupLink.byOrg",
                query = "select l from SetupLinkEntity l where l.realmId = :realmId and l.organizationId = :orgId order by l.created desc, l.id desc"),
        @NamedQuery(name = "tnc.setupLink.deleteByOrg", query = "delete from SetupLinkEntity l where l.organizationId = :orgId"),
        @NamedQuery(name = "tnc.setupLink.deleteByRealm", query = "delete from SetupLinkEntity l where l.realmId = :realmId")
})
public class SetupLinkEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "TOKEN_HASH", length = 64, nullable = false)
    private String tokenHash;

    @Column(name = "NOTE", length = 255)
    private String note;

    @Column(name = "CREATED_BY", length = 255)
    private String createdBy;

    @Column(name = "CREATED", nullable = false)
    private long created;

    @Column(name = "EXPIRES", nullable = false)
    private long expires;

    @Column(name = "REVOKED")
    private Long revoked;

    @Column(name = "LAST_USED")
    private Long lastUsed;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public String getTokenHash() { return tokenHash; }
    public void setTokenHash(String v) { tokenHash = v; }
    public String getNote() { return note; }
    public void setNote(String v) { note = v; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String v) { createdBy = v; }
    public long getCreated() { return created; }
    public void setCreated(long v) { created = v; }
    public long getExpires() { return expires; }
    public void setExpires(long v) { expires = v; }
    public Long getRevoked() { return revoked; }
    public void setRevoked(Long v) { revoked = v; }
    public Long getLastUsed() { return lastUsed; }
    public void setLastUsed(Long v) { lastUsed = v; }

    /** Usable now: neither revoked nor expired. */
    public boolean isActive(long now) {
        return revoked == null && now < expires;
    }
}
