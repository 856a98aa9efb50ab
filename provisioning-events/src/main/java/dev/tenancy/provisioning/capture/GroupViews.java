package dev.tenancy.provisioning.capture;

import java.util.ArrayDeque;
import java.util.Deque;

import org.keycloak.models.GroupModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;

/** Builds the group and member parts of group events from Keycloak's models. */
final class GroupViews {

    private GroupViews() {
    }

    /**
     * Keycloak keeps an organization's membership as membership of a hidden top-level group of type
     * {@code ORGANIZATION}; its changes are user joiners and leavers, not group events.
     */
    static boolean isOrganizationRoot(GroupModel group) {
        return group.getType() == GroupModel.Type.ORGANIZATION && group.getParentId() == null;
    }

    static GroupChange.GroupView of(GroupModel group) {
        if (group.getType() != GroupModel.Type.ORGANIZATION) {
            return new GroupChange.GroupView(group.getId(), group.getName(), ModelToRepresentation.buildGroupPath(group),
                    group.getParentId(), null, null);
        }
        // An organization group's path is relative to its organization (the hidden root is left out).
        Deque<String> names = new ArrayDeque<>();
        GroupModel g = group;
        String parentId = null;
        while (g != null && !isOrganizationRoot(g)) {
            names.addFirst(g.getName());
            GroupModel parent = g.getParent();
            if (g == group && parent != null && !isOrganizationRoot(parent)) {
                parentId = parent.getId();
            }
            g = parent;
        }
        OrganizationModel org = group.getOrganization();
        return new GroupChange.GroupView(group.getId(), group.getName(), "/" + String.join("/", names), parentId,
                org == null ? null : org.getId(), org == null ? null : org.getAlias());
    }

    static GroupChange.Member member(UserModel user) {
        return new GroupChange.Member(user.getId(), user.getUsername(), user.getEmail());
    }
}
