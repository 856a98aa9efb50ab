package dev.tenancy.orgs.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * An organization role an administrator added. The delegated-administration roles every
 * organization has are built in and have no row.
 */
@Entity
@Table(name = "TNC_ORG_ROLE")
@NamedQueries({
        @NamedQuery(name = "tnc.orgRole.byOrg", query = "select r from OrgRoleEntity r where r.organizationId = :orgId order by r.name"),
        @NamedQuery(name = "tnc.orgRole.byName", query = "select r from OrgRoleEntity r where r.organizationId = :orgId and r.name = :name"),
        @NamedQuery(name = "tnc.orgRole.deleteByOrg", query = "delete from OrgRoleEntity r where r.organizationId = :orgId"),
        @NamedQuery(name = "tnc.orgRole.deleteByRealm", query = "delete from OrgRoleEntity r where r.realmId = :realmId")
})
public class OrgRoleEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "NAME", length = 255, nullable = false)
    private String name;

    @Column(name = "DESCRIPTION", length = 1024)
    private String description;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public String getName() { return name; }
    public void setName(String v) { name = v; }
    public String getDescription() { return description; }
    public void setDescription(String v) { description = v; }
}
