package dev.tenancy.orgs.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * What one organization's SCIM client knows of one user (unique per organization and externalId).
 * {@code PROVISIONED} marks the owning organization's link (its SCIM created or adopted the account);
 * {@code OWNER_USER_ID} repeats the user id on that link only, so a unique constraint keeps at most one
 * owner per account. An owning link outlives the membership and goes with the account.
 */
@Entity
@Table(name = "TNC_SCIM_USER_LINK")
@NamedQueries({
        @NamedQuery(name = "tnc.userLink.get", query = "select l from UserLinkEntity l where l.organizationId = :orgId and l.userId = :targetId"),
        @NamedQuery(name = "tnc.userLink.byExternalId", query = "select l from UserLinkEntity l where l.organizationId = :orgId and l.externalId = :externalId"),
        @NamedQuery(name = "tnc.userLink.owner", query = "select l.organizationId from UserLinkEntity l where l.ownerUserId = :userId"),
        @NamedQuery(name = "tnc.userLink.deleteUnowned", query = "delete from UserLinkEntity l where l.organizationId = :orgId and l.userId = :targetId and l.provisioned = false"),
        @NamedQuery(name = "tnc.userLink.countProvisionedMembers", query = "select count(l) from UserLinkEntity l"
                + " where l.organizationId = :orgId and l.provisioned = true and exists (select m from UserGroupMembershipEntity m"
                + " where m.user.id = l.userId and m.groupId = :membershipGroupId)"),
        @NamedQuery(name = "tnc.userLink.delete", query = "delete from UserLinkEntity l where l.organizationId = :orgId and l.userId = :targetId"),
        @NamedQuery(name = "tnc.userLink.deleteByOrg", query = "delete from UserLinkEntity l where l.organizationId = :orgId"),
        @NamedQuery(name = "tnc.userLink.deleteByUser", query = "delete from UserLinkEntity l where l.userId = :userId"),
        @NamedQuery(name = "tnc.userLink.deleteByRealm", query = "delete from UserLinkEntity l where l.realmId = :realmId")
})
public class UserLinkEntity extends LinkEntity {

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "USER_NAME", length = 255)
    private String userName;

    @Column(name = "PROVISIONED", nullable = false)
    private boolean provisioned;

    @Column(name = "OWNER_USER_ID", length = 36)
    private String ownerUserId;

    public String getUserId() { return userId; }
    public void setUserId(String v) { userId = v; }
    public String getUserName() { return userName; }
    public void setUserName(String v) { userName = v; }
    @Override
    public String getTargetId() { return userId; }
    @Override
    public void setTargetId(String v) { userId = v; }
    public boolean isProvisioned() { return provisioned; }
    public void setProvisioned(boolean v) {
        provisioned = v;
        ownerUserId = v ? userId : null;
    }
    public String getOwnerUserId() { return ownerUserId; }
}
