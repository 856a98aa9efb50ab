package dev.tenancy.orgs.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One recent SCIM request of an organization (method, path without query, status) for the setup
 * page's live panel; only the newest few are kept, and never a header, query or body.
 */
@Entity
@Table(name = "TNC_SCIM_EXCHANGE")
@NamedQueries({
        @NamedQuery(name = "tnc.scimExchange.byOrg", query = "select e from ScimExchangeEntity e where e.organizationId = :orgId order by e.at desc, e.id desc"),
        @NamedQuery(name = "tnc.scimExchange.deleteByOrg", query = "delete from ScimExchangeEntity e where e.organizationId = :orgId"),
        @NamedQuery(name = "tnc.scimExchange.deleteByRealm", query = "delete from ScimExchangeEntity e where e.realmId = :realmId"),
        @NamedQuery(name = "tnc.scimExchange.deleteOlder", query = "delete from ScimExchangeEntity e where e.organizationId = :orgId and e.at < :before")
})
public class ScimExchangeEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "AT", nullable = false)
    private long at;

    @Column(name = "METHOD", length = 16, nullable = false)
    private String method;

    @Column(name = "PATH", length = 255, nullable = false)
    private String path;

    @Column(name = "STATUS", nullable = false)
    private int status;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public long getAt() { return at; }
    public void setAt(long v) { at = v; }
    public String getMethod() { return method; }
    public void setMethod(String v) { method = v; }
    public String getPath() { return path; }
    public void setPath(String v) { path = v; }
    public int getStatus() { return status; }
    public void setStatus(int v) { status = v; }
}
