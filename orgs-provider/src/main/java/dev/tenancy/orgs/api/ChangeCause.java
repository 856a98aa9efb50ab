package dev.tenancy.orgs.api;

import org.keycloak.models.KeycloakSession;

/**
 * What made a change when no request did: access rules re-applied in the background, the end of a
 * time-bound grant, a closed access review. Set as a session attribute ({@link #ATTRIBUTE}) by the
 * session that makes the change; event capture reads it to report {@code cause}.
 */
public final class ChangeCause {

    /** Session attribute holding one of the constants below. */
    public static final String ATTRIBUTE = "dev.tenancy.orgs.cause";

    public static final String RULE = "RULE";
    public static final String EXPIRY = "EXPIRY";
    public static final String REVIEW = "REVIEW";

    private ChangeCause() {
    }

    /** The cause set on the session, or null. */
    public static String of(KeycloakSession session) {
        Object v = session.getAttribute(ATTRIBUTE);
        return v instanceof String s ? s : null;
    }
}
