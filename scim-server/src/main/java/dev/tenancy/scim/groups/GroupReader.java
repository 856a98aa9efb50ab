package dev.tenancy.scim.groups;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;

import dev.tenancy.orgs.api.GroupLink;
import dev.tenancy.scim.ETags;
import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.protocol.Scim;

/** A native organization group, as this organization's SCIM client sees it. */
final class GroupReader {

    private GroupReader() {
    }

    /** The current version of the group: the hash of its whole rendered form, members included. */
    static String version(ScimContext ctx, GroupModel group, Optional<GroupLink> link) {
        return toScim(ctx, group, link, true).path("meta").path("version").asText();
    }

    /**
     * The group as SCIM shows it. {@code meta.version} is the hash of the whole resource, so the members
     * are always read; {@code withMembers = false} only leaves them out of the answer.
     */
    static ObjectNode toScim(ScimContext ctx, GroupModel group, Optional<GroupLink> link, boolean withMembers) {
        ObjectNode o = Scim.NODES.objectNode();
        o.putArray("schemas").add(Scim.GROUP_SCHEMA);
        o.put("id", group.getId());
        link.map(GroupLink::externalId).ifPresent(e -> o.put("externalId", e));
        o.put("displayName", group.getName());
        {
            ArrayNode members = o.putArray("members");
            for (Object[] m : members(ctx, group.getId())) {
                members.addObject()
                        .put("value", (String) m[0])
                        .put("display", (String) m[1])
                        .put("type", "User")
                        .put("$ref", ctx.location("Users", (String) m[0]));
            }
        }
        ObjectNode meta = o.putObject("meta");
        meta.put("resourceType", "Group");
        Instant created = link.map(GroupLink::created).orElse(null);
        if (created != null) {
            meta.put("created", created.toString());
        }
        Instant modified = link.map(GroupLink::lastModified).orElse(created);
        if (modified != null) {
            meta.put("lastModified", modified.toString());
        }
        meta.put("location", ctx.location("Groups", group.getId()));
        ETags.stamp(o);
        if (!withMembers) {
            o.remove("members");
        }
        return o;
    }

    /** Ids and usernames of the group's direct members, in one query. */
    static List<Object[]> members(ScimContext ctx, String groupId) {
        EntityManager em = ctx.session().getProvider(JpaConnectionProvider.class).getEntityManager();
        return em.createQuery("select m.user.id, m.user.username from UserGroupMembershipEntity m where m.groupId = :g order by m.user.username", Object[].class)
                .setParameter("g", groupId)
                .getResultList();
    }
}
