package dev.tenancy.provisioning.capture;

import org.keycloak.events.Event;
import org.keycloak.models.KeycloakSession;

/** What made a change, as reported in {@code data.cause}: derived from the request and the event. */
final class Cause {

    static final String SCIM = "SCIM";
    static final String ADMIN = "ADMIN";
    static final String ACCOUNT = "ACCOUNT";
    static final String IDENTITY_PROVIDER = "IDENTITY_PROVIDER";
    static final String INVITATION = "INVITATION";
    static final String REGISTRATION = "REGISTRATION";
    static final String LOGIN = "LOGIN";
    static final String SYSTEM = "SYSTEM";

    private Cause() {
    }

    static String ofRequest(KeycloakSession session) {
        String governed = dev.tenancy.orgs.api.ChangeCause.of(session); // RULE, EXPIRY, REVIEW: set by orgs-provider
        if (governed != null) {
            return governed;
        }
        String path = requestPath(session);
        if (path == null) {
            return SYSTEM;
        }
        if (path.contains("/scim/v2")) {
            return SCIM;
        }
        if (path.contains("/broker/") || path.contains("first-broker-login")) {
            return IDENTITY_PROVIDER;
        }
        if (path.startsWith("/admin/") || path.contains("/admin/realms/") || path.contains("/orgs/")) {
            return ADMIN;
        }
        if (path.contains("/account")) {
            return ACCOUNT;
        }
        return SYSTEM;
    }

    static String ofUserEvent(KeycloakSession session, Event event) {
        String byRequest = ofRequest(session);
        if (SCIM.equals(byRequest) || IDENTITY_PROVIDER.equals(byRequest)) {
            return byRequest;
        }
        if (event.getDetails() != null && event.getDetails().containsKey("identity_provider")) {
            return IDENTITY_PROVIDER;
        }
        return switch (event.getType()) {
            case REGISTER -> REGISTRATION;
            case INVITE_ORG -> INVITATION;
            case IDENTITY_PROVIDER_FIRST_LOGIN, IDENTITY_PROVIDER_LOGIN, IDENTITY_PROVIDER_LINK_ACCOUNT,
                    FEDERATED_IDENTITY_LINK -> IDENTITY_PROVIDER;
            case UPDATE_PROFILE, UPDATE_EMAIL, VERIFY_EMAIL, VERIFY_PROFILE, DELETE_ACCOUNT, UPDATE_PASSWORD,
                    UPDATE_CREDENTIAL -> ACCOUNT;
            case LOGIN -> LOGIN;
            default -> byRequest;
        };
    }

    private static String requestPath(KeycloakSession session) {
        try {
            if (session.getContext() == null || session.getContext().getHttpRequest() == null
                    || session.getContext().getUri() == null) {
                return null;
            }
            return session.getContext().getUri().getRequestUri().getPath();
        } catch (RuntimeException e) {
            // No HTTP request in this session (a background task).
            return null;
        }
    }
}
