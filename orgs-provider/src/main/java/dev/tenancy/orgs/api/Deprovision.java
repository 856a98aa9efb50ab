package dev.tenancy.orgs.api;

/** What {@code DELETE /Users/{id}} does to a user the organization provisioned. */
public enum Deprovision {
    /** Disable the account and end the membership. */
    DISABLE,
    /** Delete the account. */
    DELETE,
    /** End the membership only. */
    REMOVE_MEMBERSHIP
}
