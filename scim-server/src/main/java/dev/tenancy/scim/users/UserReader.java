package dev.tenancy.scim.users;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jboss.logging.Logger;
import org.keycloak.models.UserModel;

import dev.tenancy.orgs.api.UserLink;
import dev.tenancy.scim.ETags;
import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.protocol.Scim;

/** A Keycloak user, as this organization's SCIM client sees it. */
final class UserReader {

    private static final Logger LOG = Logger.getLogger(UserReader.class);

    private UserReader() {
    }

    /**
     * The whole resource, groups included (one query), with {@code meta.version} the hash of all of it:
     * the version must not depend on what a caller selects.
     */
    static ObjectNode toScim(ScimContext ctx, UserModel user, Optional<UserLink> link) {
        List<String[]> groups = ctx.organizations().getOrganizationGroupsByMember(ctx.organization(), user)
                .filter(g -> !g.getId().equals(ctx.membershipGroupId()))
                .map(g -> new String[] {g.getId(), g.getName()})
                .toList();
        return toScim(ctx, user, link, groups, UserRoles.held(ctx, user, UserRoles.custom(ctx)));
    }

    /**
     * @param groups the user's groups in this organization, as {id, name} pairs, already read
     * @param roles  the user's custom roles in this organization, already read
     */
    static ObjectNode toScim(ScimContext ctx, UserModel user, Optional<UserLink> link, List<String[]> groups,
                             java.util.Collection<String> roles) {
        ObjectNode o = Scim.NODES.objectNode();
        ArrayNode schemas = o.putArray("schemas").add(Scim.USER_SCHEMA);
        o.put("id", user.getId());
        link.map(UserLink::externalId).ifPresent(e -> o.put("externalId", e));
        o.put("userName", link.map(UserLink::userName).filter(n -> n != null && !n.isEmpty()).orElse(user.getUsername()));

        ObjectNode name = Scim.NODES.objectNode();
        putIfPresent(name, "givenName", user.getFirstName());
        putIfPresent(name, "familyName", user.getLastName());
        UserAttributes.NAME_ATTRIBUTES.forEach((sub, attr) -> putIfPresent(name, sub, user.getFirstAttribute(attr)));
        if (!name.isEmpty()) {
            o.set("name", name);
        }
        for (String a : UserAttributes.CORE_SIMPLE) {
            putIfPresent(o, a, user.getFirstAttribute(a));
        }
        o.put("active", user.isEnabled());

        ArrayNode emails = emails(user);
        if (!emails.isEmpty()) {
            o.set("emails", emails);
        }
        for (String multi : new String[] {"phoneNumbers", "addresses"}) {
            JsonNode stored = json(user.getFirstAttribute(UserAttributes.JSON_ATTRIBUTES.get(multi)));
            if (stored != null && stored.isArray() && !stored.isEmpty()) {
                o.set(multi, stored);
            }
        }

        if (!groups.isEmpty()) {
            ArrayNode list = o.putArray("groups");
            for (String[] g : groups.stream().sorted(java.util.Comparator.comparing((String[] g) -> g[0])).toList()) {
                list.addObject().put("value", g[0]).put("display", g[1]).put("$ref", ctx.location("Groups", g[0]));
            }
        }

        if (!roles.isEmpty()) {
            ArrayNode list = o.putArray("roles");
            for (String r : roles) {
                list.addObject().put("value", r).put("display", r);
            }
        }

        ObjectNode ent = Scim.NODES.objectNode();
        for (String a : UserAttributes.ENTERPRISE_SIMPLE) {
            putIfPresent(ent, a, user.getFirstAttribute(a));
        }
        String manager = user.getFirstAttribute(UserAttributes.MANAGER);
        if (manager != null && !manager.isEmpty()) {
            ent.putObject("manager").put("value", manager).put("$ref", ctx.location("Users", manager));
        }
        if (!ent.isEmpty()) {
            schemas.add(Scim.ENTERPRISE_SCHEMA);
            o.set(Scim.ENTERPRISE_SCHEMA, ent);
        }

        ObjectNode meta = o.putObject("meta");
        meta.put("resourceType", "User");
        Instant created = user.getCreatedTimestamp() == null ? link.map(UserLink::created).orElse(null)
                : Instant.ofEpochMilli(user.getCreatedTimestamp());
        if (created != null) {
            meta.put("created", created.toString());
        }
        Instant modified = link.map(UserLink::lastModified).orElse(created);
        if (modified != null) {
            meta.put("lastModified", modified.toString());
        }
        meta.put("location", ctx.location("Users", user.getId()));
        ETags.stamp(o);
        return o;
    }

    /** The stored emails, with the primary one kept in step with the account's email. */
    private static ArrayNode emails(UserModel user) {
        String email = user.getEmail();
        JsonNode stored = json(user.getFirstAttribute(UserAttributes.JSON_ATTRIBUTES.get("emails")));
        ArrayNode out = Scim.NODES.arrayNode();
        boolean primaryFound = false;
        if (stored != null && stored.isArray()) {
            for (JsonNode e : stored) {
                if (!(e instanceof ObjectNode eo)) {
                    continue;
                }
                ObjectNode copy = eo.deepCopy();
                if (copy.path("primary").asBoolean(false) && !primaryFound) {
                    primaryFound = true;
                    if (email == null) {
                        continue;
                    }
                    if (!email.equalsIgnoreCase(copy.path("value").asText())) {
                        copy.put("value", email);
                    }
                }
                out.add(copy);
            }
        }
        if (!primaryFound && email != null) {
            boolean listed = false;
            for (JsonNode e : out) {
                if (email.equalsIgnoreCase(e.path("value").asText())) {
                    listed = true;
                }
            }
            if (!listed) {
                out.insertObject(0).put("value", email).put("type", "work").put("primary", true);
            }
        }
        return out;
    }

    private static JsonNode json(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Scim.JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            LOG.debugf("Ignoring an unreadable stored SCIM attribute: %s", e.getMessage());
            return null;
        }
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(field, value);
        }
    }
}
