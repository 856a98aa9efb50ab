package dev.tenancy.orgs.governance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** That a rule currently gives a member a role or an organization group (one row per rule, user and grant). */
@Entity
@Table(name = "TNC_GOV_RULE_GRANT")
@NamedQueries({
        @NamedQuery(name = "tnc.govRuleGrant.byUser",
                query = "select g from RuleGrantEntity g where g.organizationId = :orgId and g.userId = :userId"),
        @NamedQuery(name = "tnc.govRuleGrant.byRule", query = "select g from RuleGrantEntity g where g.ruleId = :ruleId"),
        @NamedQuery(name = "tnc.govRuleGrant.sources",
                query = "select g.ruleId from RuleGrantEntity g where g.organizationId = :orgId and g.userId = :userId and g.kind = :kind and g.target = :target"),
        @NamedQuery(name = "tnc.govRuleGrant.deleteByUser", query = "delete from RuleGrantEntity g where g.organizationId = :orgId and g.userId = :userId"),
        @NamedQuery(name = "tnc.govRuleGrant.deleteByAnyUser", query = "delete from RuleGrantEntity g where g.userId = :userId"),
        @NamedQuery(name = "tnc.govRuleGrant.deleteByOrg", query = "delete from RuleGrantEntity g where g.organizationId = :orgId"),
        @NamedQuery(name = "tnc.govRuleGrant.deleteByRealm", query = "delete from RuleGrantEntity g where g.realmId = :realmId")
})
public class RuleGrantEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;
    @Column(name = "RULE_ID", length = 36, nullable = false)
    private String ruleId;
    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;
    /** {@code role} or {@code group}. */
    @Column(name = "KIND", length = 8, nullable = false)
    private String kind;
    /** The role name or the group id. */
    @Column(name = "TARGET", nullable = false)
    private String target;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public String getRuleId() { return ruleId; }
    public void setRuleId(String v) { ruleId = v; }
    public String getUserId() { return userId; }
    public void setUserId(String v) { userId = v; }
    public String getKind() { return kind; }
    public void setKind(String v) { kind = v; }
    public String getTarget() { return target; }
    public void setTarget(String v) { target = v; }
}
