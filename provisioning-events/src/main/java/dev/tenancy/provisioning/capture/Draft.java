package dev.tenancy.provisioning.capture;

import java.util.List;

/**
 * An event to be written: its kind, its organization ({@code null} for a realm-wide event), which
 * subscriptions receive it, and the changes it carries.
 */
public record Draft(String kind, String organizationId, String organizationAlias, Audience audience, List<Change> changes) {

    public static final String JOINER = "joiner";
    public static final String MOVER = "mover";
    public static final String LEAVER = "leaver";

    /** Which subscriptions receive an event. */
    public enum Audience {
        /** Realm-wide subscriptions (no {@code organizationId}). */
        REALM,
        /** Subscriptions of the event's organization. */
        ORGANIZATION,
        /** Both of the above. */
        BOTH;

        public boolean realmWide() {
            return this != ORGANIZATION;
        }

        public boolean organization() {
            return this != REALM;
        }
    }
}
