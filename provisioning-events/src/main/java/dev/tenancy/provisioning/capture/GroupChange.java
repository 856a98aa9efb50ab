package dev.tenancy.provisioning.capture;

/**
 * One group change of a transaction, with what is reported about the group (read when it happened
 * for removals and memberships, at commit for creations and updates).
 *
 * @param kind {@code created}, {@code updated}, {@code deleted}, {@code member_added} or {@code member_removed}
 * @param group the group as reported; null for creations and updates until read at commit
 * @param member the member for membership changes
 */
public record GroupChange(String kind, String groupId, GroupView group, Member member, String cause, int ordinal) {

    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String DELETED = "deleted";
    public static final String MEMBER_ADDED = "member_added";
    public static final String MEMBER_REMOVED = "member_removed";
    public static final String TYPE_PREFIX = "dev.tenancy.group.";

    /** The group as events show it: its path inside its organization (or the realm), and its organization. */
    public record GroupView(String id, String name, String path, String parentId, String organizationId,
                            String organizationAlias) {
    }

    /** The member of a membership event. */
    public record Member(String id, String username, String email) {
    }

    boolean membership() {
        return MEMBER_ADDED.equals(kind) || MEMBER_REMOVED.equals(kind);
    }

    GroupChange withOrdinal(int value) {
        return new GroupChange(kind, groupId, group, member, cause, value);
    }

    GroupChange withGroup(GroupView value) {
        return new GroupChange(kind, groupId, value, member, cause, ordinal);
    }

    /** This change followed by {@code later} on the same group; null when they cancel out. */
    GroupChange mergedWith(GroupChange later) {
        if (CREATED.equals(kind)) {
            return DELETED.equals(later.kind) ? null : this;
        }
        if (DELETED.equals(later.kind)) {
            return new GroupChange(DELETED, groupId, later.group, null, cause, ordinal);
        }
        return this;
    }
}
