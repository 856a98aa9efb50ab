package dev.tenancy.provisioning.capture;

import com.fasterxml.jackson.core.JsonProcessingException;

/** The JSON form of a {@link UserState} in {@code TNC_PE_USER_SNAPSHOT.STATE}. */
final class Snapshots {

    private Snapshots() {
    }

    static UserState parse(String json) {
        try {
            return CloudEvents.JSON.readValue(json, UserState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable user snapshot", e);
        }
    }

    static String write(UserState state) throws JsonProcessingException {
        return CloudEvents.JSON.writeValueAsString(state);
    }
}
