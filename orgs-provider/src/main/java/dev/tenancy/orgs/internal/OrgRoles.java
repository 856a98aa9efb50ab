package dev.tenancy.orgs.internal;

import java.util.List;
import java.util.Set;

/** The delegated-administration roles every organization has. */
public final class OrgRoles {

    public static final String VIEW_ORGANIZATION = "view-organization";
    public static final String MANAGE_ORGANIZATION = "manage-organization";
    public static final String VIEW_MEMBERS = "view-members";
    public static final String MANAGE_MEMBERS = "manage-members";
    public static final String VIEW_ROLES = "view-roles";
    public static final String MANAGE_ROLES = "manage-roles";
    public static final String VIEW_SCIM = "view-scim";
    public static final String MANAGE_SCIM = "manage-scim";
    public static final String VIEW_PROVISIONING = "view-provisioning";
    public static final String MANAGE_PROVISIONING = "manage-provisioning";

    /** In the order the API lists them. */
    public static final List<String> BUILT_IN = List.of(VIEW_ORGANIZATION, MANAGE_ORGANIZATION, VIEW_MEMBERS, MANAGE_MEMBERS,
            VIEW_ROLES, MANAGE_ROLES, VIEW_SCIM, MANAGE_SCIM, VIEW_PROVISIONING, MANAGE_PROVISIONING);

    private static final Set<String> BUILT_IN_SET = Set.copyOf(BUILT_IN);

    private OrgRoles() {
    }

    public static boolean isBuiltIn(String name) {
        return BUILT_IN_SET.contains(name);
    }

    public static String description(String name) {
        return switch (name) {
            case VIEW_ORGANIZATION -> "View the organization";
            case MANAGE_ORGANIZATION -> "Manage the organization";
            case VIEW_MEMBERS -> "View the organization's members";
            case MANAGE_MEMBERS -> "Manage the organization's members";
            case VIEW_ROLES -> "View the organization's roles and who holds them";
            case MANAGE_ROLES -> "Create, delete, assign and unassign the organization's roles";
            case VIEW_SCIM -> "View the organization's SCIM configuration and status";
            case MANAGE_SCIM -> "Configure the organization's SCIM endpoint and rotate its secret";
            case VIEW_PROVISIONING -> "View the organization's webhook subscriptions and deliveries";
            case MANAGE_PROVISIONING -> "Manage the organization's webhook subscriptions";
            default -> null;
        };
    }
}
