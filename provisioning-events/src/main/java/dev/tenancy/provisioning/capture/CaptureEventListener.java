package dev.tenancy.provisioning.capture;

import java.util.Set;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;

/**
 * Notes the users that user events and admin events touched. It decides nothing: the collector
 * diffs each touched user against its snapshot when the transaction commits.
 */
final class CaptureEventListener implements EventListenerProvider {

    /** Events that never change a user. */
    private static final Set<EventType> READ_ONLY = Set.of(EventType.CODE_TO_TOKEN, EventType.REFRESH_TOKEN,
            EventType.CLIENT_LOGIN, EventType.INTROSPECT_TOKEN, EventType.VALIDATE_ACCESS_TOKEN, EventType.USER_INFO_REQUEST,
            EventType.LOGOUT, EventType.TOKEN_EXCHANGE, EventType.PERMISSION_TOKEN, EventType.PUSHED_AUTHORIZATION_REQUEST,
            EventType.RESTART_AUTHENTICATION, EventType.USER_SESSION_DELETED, EventType.GRANT_CONSENT,
            EventType.UPDATE_CONSENT, EventType.REVOKE_GRANT, EventType.SEND_VERIFY_EMAIL, EventType.SEND_RESET_PASSWORD,
            EventType.IDENTITY_PROVIDER_RESPONSE, EventType.IDENTITY_PROVIDER_RETRIEVE_TOKEN, EventType.AUTHREQID_TO_TOKEN);

    /** {@code users/…} admin resources that are not a user (the user profile configuration, the count). */
    private static final Set<String> NOT_USERS = Set.of("profile", "count");

    private final KeycloakSession session;

    CaptureEventListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getError() != null || event.getUserId() == null || event.getRealmId() == null
                || READ_ONLY.contains(event.getType())) {
            return;
        }
        ChangeCollector.of(session).ifPresent(c -> {
            ChangeCollector.Touch touch = c.touch(event.getRealmId(), event.getUserId(), Cause.ofUserEvent(session, event))
                    .scope(UserStateReader.PROFILE);
            if (event.getType() == EventType.REGISTER) {
                touch.created();
            }
        });
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getError() != null || event.getRealmId() == null || event.getResourcePath() == null) {
            return;
        }
        String[] path = event.getResourcePath().split("/");
        String userId = null;
        if (path.length >= 2 && "users".equals(path[0])) {
            userId = path[1];
        } else if (path.length >= 4 && "organizations".equals(path[0]) && "members".equals(path[2])) {
            userId = path[3];
        }
        if (userId == null || userId.isEmpty() || NOT_USERS.contains(userId)) {
            return;
        }
        String id = userId;
        ChangeCollector.of(session).ifPresent(c -> {
            // A user's own resource changes profile fields; memberships and roles raise model events.
            int scope = "organizations".equals(path[0]) ? UserStateReader.ORGS : UserStateReader.PROFILE;
            ChangeCollector.Touch touch = c.touch(event.getRealmId(), id, Cause.ofRequest(session)).scope(scope);
            if (event.getOperationType() == OperationType.CREATE && path.length == 2) {
                touch.created();
            }
        });
    }

    @Override
    public void close() {
    }
}
