package dev.tenancy.orgs.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One organization's SCIM configuration. Secrets are stored only as Argon2id PHC strings. */
@Entity
@Table(name = "TNC_SCIM_CONFIG")
@NamedQueries({
        @NamedQuery(name = "tnc.scimConfig.deleteByRealm", query = "delete from ScimConfigEntity c where c.realmId = :realmId"),
        @NamedQuery(name = "tnc.scimConfig.touchRequest",
                query = "update ScimConfigEntity c set c.lastRequestAt = :at where c.organizationId = :orgId and (c.lastRequestAt is null or c.lastRequestAt < :at)")
})
public class ScimConfigEntity {

    @Id
    @Column(name = "ORG_ID", length = 36)
    private String organizationId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;

    @Column(name = "AUTH_TYPE", length = 32, nullable = false)
    private String authType;

    @Column(name = "CLIENT_ID", length = 255)
    private String clientId;

    @Column(name = "ISSUER", length = 2048)
    private String issuer;

    @Column(name = "AUDIENCE", length = 2048)
    private String audience;

    @Column(name = "JWKS_URI", length = 2048)
    private String jwksUri;

    @Column(name = "SECRET_HASH", length = 255)
    private String secretHash;

    @Column(name = "PREV_SECRET_HASH", length = 255)
    private String previousSecretHash;

    @Column(name = "PREV_SECRET_EXPIRES")
    private Long previousSecretExpires;

    @Column(name = "BASIC_USERNAME", length = 255)
    private String username;

    @Column(name = "PASSWORD_HASH", length = 255)
    private String passwordHash;

    @Column(name = "EMAIL_AS_USERNAME", nullable = false)
    private boolean emailAsUsername;

    @Column(name = "IDENTITY_PROVIDER", length = 255)
    private String identityProvider;

    @Column(name = "DEPROVISION", length = 32, nullable = false)
    private String deprovision;

    @Column(name = "ADOPT_EXISTING", nullable = false)
    private boolean adoptExistingUsers;

    @Column(name = "CONFIG_VERSION", nullable = false)
    private long version;

    @Column(name = "CREATED", nullable = false)
    private long created;

    @Column(name = "LAST_MODIFIED", nullable = false)
    private long lastModified;

    @Column(name = "LAST_REQUEST_AT")
    private Long lastRequestAt;

    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean v) { enabled = v; }
    public String getAuthType() { return authType; }
    public void setAuthType(String v) { authType = v; }
    public String getClientId() { return clientId; }
    public void setClientId(String v) { clientId = v; }
    public String getIssuer() { return issuer; }
    public void setIssuer(String v) { issuer = v; }
    public String getAudience() { return audience; }
    public void setAudience(String v) { audience = v; }
    public String getJwksUri() { return jwksUri; }
    public void setJwksUri(String v) { jwksUri = v; }
    public String getSecretHash() { return secretHash; }
    public void setSecretHash(String v) { secretHash = v; }
    public String getPreviousSecretHash() { return previousSecretHash; }
    public void setPreviousSecretHash(String v) { previousSecretHash = v; }
    public Long getPreviousSecretExpires() { return previousSecretExpires; }
    public void setPreviousSecretExpires(Long v) { previousSecretExpires = v; }
    public String getUsername() { return username; }
    public void setUsername(String v) { username = v; }
    public String getPasswordHash() { return passwordHash; }
    public void setPasswordHash(String v) { passwordHash = v; }
    public boolean isEmailAsUsername() { return emailAsUsername; }
    public void setEmailAsUsername(boolean v) { emailAsUsername = v; }
    public String getIdentityProvider() { return identityProvider; }
    public void setIdentityProvider(String v) { identityProvider = v; }
    public String getDeprovision() { return deprovision; }
    public void setDeprovision(String v) { deprovision = v; }
    public boolean isAdoptExistingUsers() { return adoptExistingUsers; }
    public void setAdoptExistingUsers(boolean v) { adoptExistingUsers = v; }
    public long getVersion() { return version; }
    public void setVersion(long v) { version = v; }
    public long getCreated() { return created; }
    public void setCreated(long v) { created = v; }
    public long getLastModified() { return lastModified; }
    public void setLastModified(long v) { lastModified = v; }
    public Long getLastRequestAt() { return lastRequestAt; }
    public void setLastRequestAt(Long v) { lastRequestAt = v; }
}
