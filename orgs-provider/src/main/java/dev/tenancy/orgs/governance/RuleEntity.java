package dev.tenancy.orgs.governance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * An access rule of one organization. {@code GENERATION} grows on every change; the background
 * re-application brings {@code APPLIED_GENERATION} up to it, holding a lease ({@code LEASE_UNTIL})
 * so that one node of a cluster does it.
 */
@Entity
@Table(name = "TNC_GOV_RULE")
@NamedQueries({
        @NamedQuery(name = "tnc.govRule.byOrg", query = "select r from RuleEntity r where r.organizationId = :orgId order by r.name"),
        @NamedQuery(name = "tnc.govRule.stamp",
                query = "select count(r), sum(r.generation), sum(r.updated) from RuleEntity r where r.organizationId = :orgId"),
        @NamedQuery(name = "tnc.govRule.enabledDefinitions",
                query = "select r.id, r.definition from RuleEntity r where r.organizationId = :orgId and r.enabled = true order by r.name"),
        @NamedQuery(name = "tnc.govRule.byName", query = "select r from RuleEntity r where r.organizationId = :orgId and r.name = :name"),
        @NamedQuery(name = "tnc.govRule.unapplied",
                query = "select r.id from RuleEntity r where r.appliedGeneration < r.generation and (r.leaseUntil is null or r.leaseUntil < :now)"),
        @NamedQuery(name = "tnc.govRule.claim",
                query = "update RuleEntity r set r.leaseUntil = :until where r.id = :id and r.appliedGeneration < r.generation and (r.leaseUntil is null or r.leaseUntil < :now)"),
        @NamedQuery(name = "tnc.govRule.deleteByOrg", query = "delete from RuleEntity r where r.organizationId = :orgId"),
        @NamedQuery(name = "tnc.govRule.deleteByRealm", query = "delete from RuleEntity r where r.realmId = :realmId")
})
public class RuleEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;
    @Column(name = "NAME", nullable = false)
    private String name;
    @Column(name = "DESCRIPTION", length = 1024)
    private String description;
    /** {@code {"when": …, "grant": {"roles": […], "groups": […]}}} as JSON. */
    @Column(name = "DEFINITION", nullable = false)
    private String definition;
    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;
    @Column(name = "GENERATION", nullable = false)
    private long generation;
    @Column(name = "APPLIED_GENERATION", nullable = false)
    private long appliedGeneration;
    @Column(name = "APPLY_PROCESSED", nullable = false)
    private long applyProcessed;
    @Column(name = "APPLY_TOTAL", nullable = false)
    private long applyTotal;
    @Column(name = "LEASE_UNTIL")
    private Long leaseUntil;
    @Column(name = "CREATED", nullable = false)
    private long created;
    @Column(name = "UPDATED", nullable = false)
    private long updated;

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
    public String getDefinition() { return definition; }
    public void setDefinition(String v) { definition = v; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean v) { enabled = v; }
    public long getGeneration() { return generation; }
    public void setGeneration(long v) { generation = v; }
    public long getAppliedGeneration() { return appliedGeneration; }
    public void setAppliedGeneration(long v) { appliedGeneration = v; }
    public long getApplyProcessed() { return applyProcessed; }
    public void setApplyProcessed(long v) { applyProcessed = v; }
    public long getApplyTotal() { return applyTotal; }
    public void setApplyTotal(long v) { applyTotal = v; }
    public Long getLeaseUntil() { return leaseUntil; }
    public void setLeaseUntil(Long v) { leaseUntil = v; }
    public long getCreated() { return created; }
    public void setCreated(long v) { created = v; }
    public long getUpdated() { return updated; }
    public void setUpdated(long v) { updated = v; }
}
