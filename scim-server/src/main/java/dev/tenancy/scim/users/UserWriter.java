package dev.tenancy.scim.users;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.models.ModelException;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;

import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;

/**
 * Stores a full SCIM User (canonical names, normalized) on a Keycloak user: every writable attribute
 * the representation lacks is removed, as PUT requires. {@code userName}, {@code externalId} and
 * {@code active} are the caller's business.
 */
final class UserWriter {

    private UserWriter() {
    }

    /** The email Keycloak keeps: the primary one, else the first {@code work} one, else the first. */
    static String primaryEmail(ObjectNode rep) {
        JsonNode emails = rep.get("emails");
        if (emails == null || emails.isNull()) {
            return null;
        }
        if (!emails.isArray()) {
            throw ScimException.invalidValue("emails must be an array");
        }
        JsonNode chosen = null;
        for (JsonNode e : emails) {
            if (e.path("primary").asBoolean(false)) {
                chosen = e;
                break;
            }
        }
        if (chosen == null) {
            for (JsonNode e : emails) {
                if ("work".equalsIgnoreCase(e.path("type").asText())) {
                    chosen = e;
                    break;
                }
            }
        }
        if (chosen == null && !emails.isEmpty()) {
            chosen = emails.get(0);
        }
        if (chosen == null) {
            return null;
        }
        String v = chosen.path("value").asText("").trim();
        if (v.isEmpty()) {
            return null;
        }
        if (v.length() > Scim.MAX_COLUMN || v.indexOf('@') < 1 || v.indexOf('@') == v.length() - 1 || v.chars().anyMatch(Character::isWhitespace)) {
            throw ScimException.invalidValue("emails.value is not a valid email address");
        }
        return v;
    }

    static void write(ScimContext ctx, UserModel user, ObjectNode rep, String email) {
        JsonNode name = rep.get("name");
        if (name != null && !name.isNull() && !name.isObject()) {
            throw ScimException.invalidValue("name must be a complex attribute");
        }
        user.setFirstName(column(name, "givenName", "name.givenName"));
        user.setLastName(column(name, "familyName", "name.familyName"));
        UserAttributes.NAME_ATTRIBUTES.forEach((sub, attr) -> attribute(user, attr, text(name, sub, "name." + sub)));
        for (String a : UserAttributes.CORE_SIMPLE) {
            attribute(user, a, text(rep, a, a));
        }
        user.setEmail(email);
        for (Map.Entry<String, String> e : UserAttributes.JSON_ATTRIBUTES.entrySet()) {
            JsonNode v = rep.get(e.getKey());
            if (v != null && !v.isNull() && !v.isArray()) {
                throw ScimException.invalidValue(e.getKey() + " must be an array");
            }
            if (v != null) {
                for (JsonNode item : v) {
                    if (!item.isObject()) {
                        throw ScimException.invalidValue(e.getKey() + " must hold complex values");
                    }
                }
            }
            attribute(user, e.getValue(), v == null || v.isEmpty() ? null : v.toString());
        }
        JsonNode ent = rep.get(Scim.ENTERPRISE_SCHEMA);
        if (ent != null && !ent.isNull() && !ent.isObject()) {
            throw ScimException.invalidValue(Scim.ENTERPRISE_SCHEMA + " must be a complex attribute");
        }
        for (String a : UserAttributes.ENTERPRISE_SIMPLE) {
            attribute(user, a, text(ent, a, a));
        }
        JsonNode manager = ent == null ? null : ent.get("manager");
        String managerId = null;
        if (manager != null && manager.isObject()) {
            managerId = text(manager, "value", "manager.value");
        } else if (manager != null && !manager.isNull()) {
            managerId = manager.asText();
        }
        attribute(user, UserAttributes.MANAGER, managerId);

        JsonNode password = rep.get("password");
        if (password != null && !password.isNull()) {
            if (!password.isTextual() || password.asText().isEmpty()) {
                throw ScimException.invalidValue("password must be a non-empty string");
            }
            try {
                user.credentialManager().updateCredential(UserCredentialModel.password(password.asText(), false));
            } catch (ModelException e) {
                throw ScimException.invalidValue("password rejected by the realm's password policy");
            }
        }
    }

    private static String column(JsonNode parent, String field, String label) {
        String v = text(parent, field, label);
        if (v != null && v.length() > Scim.MAX_COLUMN) {
            throw ScimException.invalidValue(label + " is longer than " + Scim.MAX_COLUMN + " characters");
        }
        return v;
    }

    static String text(JsonNode parent, String field, String label) {
        if (parent == null || parent.isNull()) {
            return null;
        }
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw ScimException.invalidValue(label + " must be a single value");
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    private static void attribute(UserModel user, String name, String value) {
        if (value == null) {
            if (user.getFirstAttribute(name) != null) {
                user.removeAttribute(name);
            }
        } else if (!value.equals(user.getFirstAttribute(name))) {
            user.setAttribute(name, List.of(value));
        }
    }
}
