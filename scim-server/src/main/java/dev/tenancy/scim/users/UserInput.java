package dev.tenancy.scim.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.Values;

/**
 * What a User representation (canonical names, {@link Values#normalize normalized}) asks for, checked:
 * the same for POST, PUT and PATCH.
 *
 * @param userName   as sent (kept in the link, answered as sent)
 * @param externalId null when absent or empty
 * @param email      the account's email: the primary one; with {@code emailAsUsername} and no email, a
 *                   {@code userName} that is an email
 * @param active     null when the representation leaves it out
 * @param username   the Keycloak username: the email with {@code emailAsUsername}, else the {@code userName}
 */
record UserInput(String userName, String externalId, String email, Boolean active, String username) {

    static UserInput of(ObjectNode rep, boolean emailAsUsername) {
        String userName = userName(rep);
        String externalId = Values.externalId(rep);
        Boolean active = active(rep);
        String email = emailOf(rep, userName, emailAsUsername);
        String username = emailAsUsername ? email : userName;
        if (username == null) {
            throw ScimException.invalidValue("emails: a primary email is required, it is the username in this organization");
        }
        return new UserInput(userName, externalId, email, active, username);
    }

    /** The account's email; with {@code emailAsUsername} and no email sent, a {@code userName} that is an email. */
    private static String emailOf(ObjectNode rep, String userName, boolean emailAsUsername) {
        String email = UserWriter.primaryEmail(rep);
        if (email == null && emailAsUsername && userName.indexOf('@') > 0) {
            return userName;
        }
        return email;
    }

    private static String userName(ObjectNode rep) {
        JsonNode v = rep.get("userName");
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw ScimException.invalidValue("userName is required");
        }
        String s = v.asText();
        if (s.length() > Scim.MAX_COLUMN) {
            throw ScimException.invalidValue("userName is longer than " + Scim.MAX_COLUMN + " characters");
        }
        if (!s.strip().equals(s) || s.chars().anyMatch(Character::isISOControl)) {
            throw ScimException.invalidValue("userName must not start or end with spaces or hold control characters");
        }
        return s;
    }

    /** {@code active} after {@link Values#normalize}: a boolean, or null when the representation leaves it out. */
    private static Boolean active(ObjectNode rep) {
        JsonNode v = rep.get("active");
        return v == null || !v.isBoolean() ? null : v.asBoolean();
    }
}
