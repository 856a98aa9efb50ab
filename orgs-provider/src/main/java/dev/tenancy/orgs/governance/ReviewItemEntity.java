package dev.tenancy.orgs.governance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One frozen item of a review: a member's grant as it was when the review started, and its decision. */
@Entity
@Table(name = "TNC_GOV_REVIEW_ITEM")
@NamedQueries({
        @NamedQuery(name = "tnc.govReviewItem.byReview", query = "select i from ReviewItemEntity i where i.reviewId = :reviewId order by i.username, i.kind, i.target"),
        @NamedQuery(name = "tnc.govReviewItem.deleteByReview", query = "delete from ReviewItemEntity i where i.reviewId = :reviewId"),
        @NamedQuery(name = "tnc.govReviewItem.deleteByOrg", query = "delete from ReviewItemEntity i where i.organizationId = :orgId"),
        @NamedQuery(name = "tnc.govReviewItem.deleteByRealm", query = "delete from ReviewItemEntity i where i.realmId = :realmId")
})
public class ReviewItemEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    @Column(name = "REVIEW_ID", length = 36, nullable = false)
    private String reviewId;
    @Column(name = "ORG_ID", length = 36, nullable = false)
    private String organizationId;
    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;
    @Column(name = "USERNAME")
    private String username;
    @Column(name = "KIND", length = 8, nullable = false)
    private String kind;
    @Column(name = "TARGET", nullable = false)
    private String target;
    @Column(name = "TARGET_NAME")
    private String targetName;
    @Column(name = "GRANTED_BY")
    private String grantedBy;
    @Column(name = "DECISION", length = 8, nullable = false)
    private String decision;
    @Column(name = "REVIEWER", length = 36)
    private String reviewer;
    @Column(name = "DECISION_COMMENT", length = 2048)
    private String comment;
    @Column(name = "DECIDED_AT")
    private Long decidedAt;
    @Column(name = "APPLIED_AT")
    private Long appliedAt;
    /** After closing: {@code KEPT}, {@code REVOKED}, or {@code GONE} (the grant had already ended). */
    @Column(name = "OUTCOME", length = 16)
    private String outcome;

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public String getReviewId() { return reviewId; }
    public void setReviewId(String v) { reviewId = v; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String v) { organizationId = v; }
    public String getUserId() { return userId; }
    public void setUserId(String v) { userId = v; }
    public String getUsername() { return username; }
    public void setUsername(String v) { username = v; }
    public String getKind() { return kind; }
    public void setKind(String v) { kind = v; }
    public String getTarget() { return target; }
    public void setTarget(String v) { target = v; }
    public String getTargetName() { return targetName; }
    public void setTargetName(String v) { targetName = v; }
    public String getGrantedBy() { return grantedBy; }
    public void setGrantedBy(String v) { grantedBy = v; }
    public String getDecision() { return decision; }
    public void setDecision(String v) { decision = v; }
    public String getReviewer() { return reviewer; }
    public void setReviewer(String v) { reviewer = v; }
    public String getComment() { return comment; }
    public void setComment(String v) { comment = v; }
    public Long getDecidedAt() { return decidedAt; }
    public void setDecidedAt(Long v) { decidedAt = v; }
    public Long getAppliedAt() { return appliedAt; }
    public void setAppliedAt(Long v) { appliedAt = v; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String v) { outcome = v; }
}
