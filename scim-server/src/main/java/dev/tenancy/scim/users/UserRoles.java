package dev.tenancy.scim.users;

import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.UserModel;

import dev.tenancy.scim.Audit;
import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;

/**
 * The {@code roles} of a User: the custom organization roles the member holds in this organization.
 * Adding or removing a value grants or revokes the role, with the same provisioning event and the same
 * kind of admin event as {@code /orgs/{orgId}/roles/{name}/users/{userId}}. The built-in
 * delegated-administration roles are never listed or assigned. Values are the role names; Entra's
 * app-role shape ({@code {"primary": true, "type": "WindowsAzureActiveDirectoryRole", "value": …}}),
 * plain strings, and a list sent as one JSON string are accepted.
 */
final class UserRoles {

    private UserRoles() {
    }

    /** The organization's custom role names. */
    static Set<String> custom(ScimContext ctx) {
        return ctx.orgs().customRoles(ctx.realm(), ctx.organizationId()).keySet();
    }

    /** The custom roles the user holds in this organization, in name order. */
    static Set<String> held(ScimContext ctx, UserModel user, Set<String> custom) {
        Set<String> out = new TreeSet<>(ctx.orgs().rolesByOrganization(ctx.realm(), user).getOrDefault(ctx.organizationId(), Set.of()));
        out.retainAll(custom);
        return out;
    }

    /**
     * The roles a representation asks for, or null when it has no {@code roles} (which leaves them as
     * they are). An unknown or built-in role is a 400 {@code invalidValue}.
     */
    static Set<String> requested(ObjectNode rep, Set<String> custom) {
        JsonNode roles = rep.get("roles");
        if (roles == null) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        collect(roles, out);
        for (String name : out) {
            if (!custom.contains(name)) {
                throw ScimException.invalidValue("roles: " + name + " is not a role of this organization");
            }
        }
        return out;
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(e -> collect(e, out));
            return;
        }
        if (node.isTextual()) {
            String s = node.asText().trim();
            if (s.startsWith("[") || s.startsWith("{")) {
                try {
                    collect(Scim.JSON.readTree(s), out);
                    return;
                } catch (JsonProcessingException e) {
                    throw ScimException.invalidValue("roles: a value is not a role name");
                }
            }
            if (!s.isEmpty()) {
                out.add(s);
            }
            return;
        }
        if (node.isObject()) {
            JsonNode value = node.hasNonNull("value") ? node.get("value") : node.get("display");
            if (value == null || value.isNull()) {
                throw ScimException.invalidValue("roles: each value needs a value (the role's name)");
            }
            collect(value.isTextual() || value.isArray() || value.isObject() ? value : Scim.NODES.textNode(value.asText()), out);
            return;
        }
        throw ScimException.invalidValue("roles: a value is not a role name");
    }

    /** Grants and revokes so that the user holds exactly {@code desired}; one admin event per change. */
    static void apply(ScimContext ctx, UserModel user, Set<String> current, Set<String> desired) {
        for (String role : current) {
            if (!desired.contains(role) && ctx.orgs().setCustomRole(ctx.realm(), ctx.organizationId(), user.getId(), role, false)) {
                event(ctx, OperationType.DELETE, role, user);
            }
        }
        for (String role : desired) {
            if (!current.contains(role) && ctx.orgs().setCustomRole(ctx.realm(), ctx.organizationId(), user.getId(), role, true)) {
                event(ctx, OperationType.CREATE, role, user);
            }
        }
    }

    private static void event(ScimContext ctx, OperationType operation, String role, UserModel user) {
        ObjectNode rep = Scim.NODES.objectNode().put("role", role).put("userId", user.getId());
        Audit.send(ctx, operation, ResourceType.ORGANIZATION_MEMBERSHIP,
                "organizations/" + ctx.organizationId() + "/roles/" + role + "/users/" + user.getId(), rep);
    }
}
