package dev.tenancy.scim.groups;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Root;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.models.jpa.entities.UserGroupMembershipEntity;

import dev.tenancy.orgs.api.GroupLink;
import dev.tenancy.orgs.api.LinkPaths;
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
        return toScim(ctx, group.getId(), group.getName(), link, members(ctx, group.getId()), withMembers);
    }

    /** The same, from what a list page has read for all its groups at once: name, link and members. */
    static ObjectNode toScim(ScimContext ctx, String id, String name, Optional<GroupLink> link, List<Object[]> memberRows,
                             boolean withMembers) {
        ObjectNode o = Scim.NODES.objectNode();
        o.putArray("schemas").add(Scim.GROUP_SCHEMA);
        o.put("id", id);
        link.map(GroupLink::externalId).ifPresent(e -> o.put("externalId", e));
        o.put("displayName", name);
        {
            ArrayNode members = o.putArray("members");
            for (Object[] m : memberRows) {
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
        meta.put("location", ctx.location("Groups", id));
        ETags.stamp(o);
        if (!withMembers) {
            o.remove("members");
        }
        return o;
    }

    /**
     * Ids and display names of the group's direct members, in one query: the {@code userName} as this
     * organization's SCIM client sent it where it has one, else the Keycloak username.
     */
    static List<Object[]> members(ScimContext ctx, String groupId) {
        return membersOf(ctx, List.of(groupId)).getOrDefault(groupId, List.of());
    }

    /**
     * The direct members of each of the groups, in one query: {@code groupId → [{userId, display}]},
     * each list ordered by Keycloak username, then id.
     */
    static Map<String, List<Object[]>> membersOf(ScimContext ctx, List<String> groupIds) {
        Map<String, List<Object[]>> out = new HashMap<>();
        if (groupIds.isEmpty()) {
            return out;
        }
        EntityManager em = ctx.session().getProvider(JpaConnectionProvider.class).getEntityManager();
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Tuple> q = cb.createTupleQuery();
        Root<UserGroupMembershipEntity> m = q.from(UserGroupMembershipEntity.class);
        Join<UserGroupMembershipEntity, UserEntity> u = m.join("user");
        LinkPaths link = ctx.orgs().userLinks().leftJoin(cb, u, u.get("id"), ctx.organizationId());
        q.multiselect(m.get("groupId"), u.get("id"), cb.coalesce(link.userName(), u.<String>get("username")))
                .where(groupIds.size() == 1 ? cb.equal(m.get("groupId"), groupIds.get(0)) : m.get("groupId").in(groupIds))
                .orderBy(cb.asc(u.get("username")), cb.asc(u.get("id")));
        for (Tuple t : em.createQuery(q).getResultList()) {
            out.computeIfAbsent(t.get(0, String.class), k -> new ArrayList<>()).add(new Object[] {t.get(1), t.get(2)});
        }
        return out;
    }
}
