package dev.tenancy.scim.groups;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.OrFilter;
import com.unboundid.scim2.common.utils.FilterEvaluator;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.orgs.api.GroupLink;
import dev.tenancy.orgs.api.GroupLinkStore;
import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.scim.Audit;
import dev.tenancy.scim.ETags;
import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.patch.PatchApplier;
import dev.tenancy.scim.patch.PatchOperation;
import dev.tenancy.scim.patch.PatchParser;
import dev.tenancy.scim.protocol.AttributeSelection;
import dev.tenancy.scim.protocol.Names;
import dev.tenancy.scim.protocol.Responses;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;
import dev.tenancy.scim.protocol.SearchParams;
import dev.tenancy.scim.protocol.Values;
import dev.tenancy.scim.query.Page;
import dev.tenancy.scim.resource.ScimResourceType;

/**
 * SCIM Groups of one organization: its native organization groups. Member changes are applied one
 * membership row at a time, so concurrent PATCHes of one group never overwrite each other.
 */
public final class GroupService implements ScimResourceType {

    @Override
    public Kind kind() {
        return Kind.GROUPS;
    }

    private static final PatchApplier PATCH = new PatchApplier(Set.of("members", "schemas"));

    private final ScimContext ctx;
    private final GroupLinkStore links;

    public GroupService(ScimContext ctx) {
        this.ctx = ctx;
        this.links = ctx.orgs().groupLinks();
    }

    @Override
    public ScimResult get(String id, AttributeSelection selection, String ifNoneMatch) {
        GroupModel group = group(id);
        Optional<GroupLink> link = links.get(ctx.realm(), ctx.organizationId(), group.getId());
        ObjectNode rep = GroupReader.toScim(ctx, group, link, true);
        return ETags.read(rep, ifNoneMatch, selection, Scim.GROUP_SCHEMA);
    }

    @Override
    public ScimResult list(SearchParams params) {
        Page<GroupQuery.Row> page = new GroupQuery(ctx).page(params);
        ArrayNode resources = Scim.NODES.arrayNode();
        // the page query has read each group's name and link; the members of all of them are one query
        Map<String, List<Object[]>> members = GroupReader.membersOf(ctx,
                page.rows().stream().map(GroupQuery.Row::groupId).toList());
        for (GroupQuery.Row row : page.rows()) {
            ObjectNode rep = GroupReader.toScim(ctx, row.groupId(), row.name(), row.link(),
                    members.getOrDefault(row.groupId(), List.of()), true);
            resources.add(params.selection().apply(rep, Scim.GROUP_SCHEMA));
        }
        return ScimResult.ok(Responses.listResponse(page.total(), params.startIndex(), resources));
    }

    @Override
    public ScimResult create(JsonNode body) {
        ObjectNode rep = representation(body);
        String name = displayName(rep);
        String externalId = Values.externalId(rep);
        requireUniqueName(name, null);
        if (externalId != null && links.findByExternalId(ctx.realm(), ctx.organizationId(), externalId).isPresent()) {
            throw ScimException.uniqueness("externalId is already used in this organization");
        }
        List<UserModel> members = members(rep.get("members"));
        GroupModel group = ctx.organizations().createGroup(ctx.organization(), name, null);
        members.forEach(u -> join(u, group));
        GroupLink link = links.save(ctx.realm(), new GroupLink(ctx.organizationId(), group.getId(), externalId, 0, null, null));
        flush();
        ObjectNode out = GroupReader.toScim(ctx, group, Optional.of(link), true);
        return Audit.created(ctx, ResourceType.GROUP, "Groups", group.getId(), out);
    }

    @Override
    public ScimResult replace(String id, JsonNode body, String ifMatch) {
        GroupModel group = group(id);
        Optional<GroupLink> link = links.get(ctx.realm(), ctx.organizationId(), group.getId());
        checkIfMatch(ifMatch, group, link);
        ObjectNode rep = representation(body);
        String name = displayName(rep);
        String externalId = Values.externalId(rep);
        List<UserModel> wanted = members(rep.get("members"));
        rename(group, name);
        Set<String> wantedIds = new LinkedHashSet<>();
        wanted.forEach(u -> wantedIds.add(u.getId()));
        for (Object[] m : GroupReader.members(ctx, group.getId())) {
            if (!wantedIds.contains((String) m[0])) {
                UserModel u = ctx.session().users().getUserById(ctx.realm(), (String) m[0]);
                if (u != null) {
                    u.leaveGroup(group);
                }
            }
        }
        wanted.forEach(u -> join(u, group));
        return saved(group, externalId, link, OperationType.UPDATE, true);
    }

    @Override
    public ScimResult patch(String id, JsonNode body, String ifMatch, AttributeSelection selection) {
        boolean returnMembers = selection.wants(null, "members");
        GroupModel group = group(id);
        Optional<GroupLink> link = links.get(ctx.realm(), ctx.organizationId(), group.getId());
        checkIfMatch(ifMatch, group, link);
        List<PatchOperation> ops = PatchParser.parse(body);
        List<PatchOperation> others = new ArrayList<>();
        List<Runnable> memberChanges = new ArrayList<>();
        for (PatchOperation op : ops) {
            if ("members".equals(op.attribute()) && op.schema() == null) {
                memberChanges.add(memberChange(group, op));
            } else {
                others.add(op);
            }
        }
        String externalId = link.map(GroupLink::externalId).orElse(null);
        if (!others.isEmpty()) {
            ObjectNode rep = Scim.NODES.objectNode();
            rep.put("displayName", group.getName());
            if (externalId != null) {
                rep.put("externalId", externalId);
            }
            PATCH.apply(rep, others);
            rename(group, displayName(rep));
            externalId = Values.externalId(rep);
        }
        memberChanges.forEach(Runnable::run);
        return saved(group, externalId, link, OperationType.UPDATE, returnMembers);
    }

    @Override
    public ScimResult delete(String id, String ifMatch) {
        GroupModel group = group(id);
        Optional<GroupLink> link = links.get(ctx.realm(), ctx.organizationId(), group.getId());
        checkIfMatch(ifMatch, group, link);
        links.remove(ctx.realm(), ctx.organizationId(), group.getId());
        ctx.session().groups().removeGroup(ctx.realm(), group);
        flush();
        Audit.send(ctx, OperationType.DELETE, ResourceType.GROUP, "groups/" + id, Scim.NODES.objectNode().put("id", id));
        return ScimResult.noContent();
    }

    private void checkIfMatch(String ifMatch, GroupModel group, Optional<GroupLink> link) {
        if (ifMatch != null && !ifMatch.isBlank()) {
            ETags.checkIfMatch(ifMatch, GroupReader.version(ctx, group, link));
        }
    }

    /** Validates a member operation at once (nothing changes on a 400), and returns its effect. */
    private Runnable memberChange(GroupModel group, PatchOperation op) {
        if (op.sub() != null) {
            throw ScimException.invalidPath("members sub-attributes cannot be changed");
        }
        if (op.isRemove()) {
            if (op.filter() != null) {
                List<String> ids = filteredMembers(group, op.filter());
                return () -> ids.forEach(uid -> leave(uid, group));
            }
            if (op.value() != null && !op.value().isNull()) {
                List<String> ids = values(op.value());
                return () -> ids.forEach(uid -> leave(uid, group));
            }
            return () -> GroupReader.members(ctx, group.getId()).forEach(m -> leave((String) m[0], group));
        }
        if (op.filter() != null) {
            throw ScimException.invalidPath("members cannot be added through a value filter");
        }
        List<UserModel> added = op.removesValue() ? List.of() : members(op.value());
        if ("replace".equals(op.op())) {
            return () -> {
                Set<String> keep = new LinkedHashSet<>();
                added.forEach(u -> keep.add(u.getId()));
                GroupReader.members(ctx, group.getId()).stream().map(m -> (String) m[0])
                        .filter(uid -> !keep.contains(uid)).forEach(uid -> leave(uid, group));
                added.forEach(u -> join(u, group));
            };
        }
        return () -> added.forEach(u -> join(u, group));
    }

    private List<String> filteredMembers(GroupModel group, Filter filter) {
        List<String> direct = new ArrayList<>();
        if (equalities(filter, direct)) {
            return direct;
        }
        List<String> out = new ArrayList<>();
        for (Object[] m : GroupReader.members(ctx, group.getId())) {
            ObjectNode member = Scim.NODES.objectNode().put("value", (String) m[0]).put("display", (String) m[1]).put("type", "User");
            try {
                if (FilterEvaluator.evaluate(filter, member)) {
                    out.add((String) m[0]);
                }
            } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
                throw ScimException.invalidFilter(e.getMessage());
            }
        }
        return out;
    }

    /** {@code value eq "a"} or {@code value eq "a" or value eq "b"}: the ids, without reading the members. */
    private static boolean equalities(Filter filter, List<String> out) {
        if (filter instanceof EqualFilter eq && eq.getAttributePath().size() == 1
                && "value".equalsIgnoreCase(eq.getAttributePath().getElement(0).getAttribute())) {
            out.add(eq.getComparisonValue().asText());
            return true;
        }
        if (filter instanceof OrFilter or) {
            for (Filter f : or.getCombinedFilters()) {
                if (!equalities(f, out)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private ScimResult saved(GroupModel group, String externalId, Optional<GroupLink> link, OperationType op, boolean withMembers) {
        if (link.isEmpty()) {
            ensureLink(group.getId());
        }
        GroupLink current = links.get(ctx.realm(), ctx.organizationId(), group.getId())
                .orElse(new GroupLink(ctx.organizationId(), group.getId(), null, 0, null, null));
        GroupLink saved = Objects.equals(current.externalId(), externalId)
                ? links.touch(ctx.realm(), ctx.organizationId(), group.getId())
                : links.save(ctx.realm(), current.withExternalId(externalId));
        flush();
        ObjectNode out = GroupReader.toScim(ctx, group, Optional.of(saved), withMembers);
        Audit.send(ctx, op, ResourceType.GROUP, "groups/" + group.getId(), withMembers ? out : out.deepCopy());
        return ScimResult.current(out);
    }

    /**
     * A group made outside SCIM has no link row yet: create it in its own transaction, so that
     * concurrent first PATCHes of the group do not race to insert it.
     */
    private void ensureLink(String groupId) {
        String realmId = ctx.realm().getId();
        String orgId = ctx.organizationId();
        try {
            KeycloakModelUtils.runJobInTransaction(ctx.session().getKeycloakSessionFactory(), s -> {
                s.getContext().setRealm(s.realms().getRealm(realmId));
                GroupLinkStore store = s.getProvider(TenancyOrgsProvider.class).groupLinks();
                if (store.get(s.getContext().getRealm(), orgId, groupId).isEmpty()) {
                    store.touch(s.getContext().getRealm(), orgId, groupId);
                }
            });
        } catch (ModelDuplicateException e) {
            // another request created it first
        }
    }

    private void rename(GroupModel group, String name) {
        if (!name.equals(group.getName())) {
            requireUniqueName(name, group.getId());
            group.setName(name);
        }
    }

    private void requireUniqueName(String name, String self) {
        boolean taken = ctx.organizations().searchGroupsByName(ctx.organization(), name, true, 0, 10)
                .anyMatch(g -> g.getName().equalsIgnoreCase(name) && !g.getId().equals(self) && isScimGroup(g));
        if (taken) {
            throw ScimException.uniqueness("displayName is already used in this organization");
        }
    }

    /** The members named by a {@code members} value; each must be a member of this organization. */
    private List<UserModel> members(JsonNode value) {
        List<UserModel> out = new ArrayList<>();
        for (String id : values(value)) {
            UserModel u = ctx.session().users().getUserById(ctx.realm(), id);
            if (u == null || !ctx.organization().isMember(u)) {
                throw ScimException.invalidValue("members: " + id + " is not a member of this organization");
            }
            out.add(u);
        }
        return out;
    }

    private static List<String> values(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        JsonNode list = value.isArray() ? value : Scim.NODES.arrayNode().add(value);
        for (JsonNode m : list) {
            JsonNode v = m.isObject() ? Names.canonicalize(m).get("value") : m;
            if (v == null || !v.isValueNode() || v.asText().isBlank()) {
                throw ScimException.invalidValue("members: each member needs a value");
            }
            out.add(v.asText());
        }
        return out;
    }

    /** Keycloak's join is a no-op for a direct member already in the group. */
    private void join(UserModel user, GroupModel group) {
        user.joinGroup(group);
    }

    /** Keycloak's leave is a no-op for a user not in the group. */
    private void leave(String userId, GroupModel group) {
        UserModel u = ctx.session().users().getUserById(ctx.realm(), userId);
        if (u != null) {
            u.leaveGroup(group);
        }
    }

    /** One of this organization's groups, or 404. */
    GroupModel group(String id) {
        GroupModel g = id == null ? null : ctx.session().groups().getGroupById(ctx.realm(), id);
        if (g == null || !isScimGroup(g)) {
            throw ScimException.notFound("Group " + id + " not found");
        }
        return g;
    }

    private boolean isScimGroup(GroupModel g) {
        return g.getType() == GroupModel.Type.ORGANIZATION
                && g.getOrganization() != null
                && ctx.organizationId().equals(g.getOrganization().getId())
                && !g.getId().equals(ctx.membershipGroupId());
    }

    private void flush() {
        ctx.session().getProvider(JpaConnectionProvider.class).getEntityManager().flush();
    }

    private static ObjectNode representation(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("A Group must be a JSON object");
        }
        return (ObjectNode) Names.canonicalize(body);
    }

    private static String displayName(ObjectNode rep) {
        JsonNode v = rep.get("displayName");
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw ScimException.invalidValue("displayName is required");
        }
        if (v.asText().length() > Scim.MAX_COLUMN) {
            throw ScimException.invalidValue("displayName is longer than " + Scim.MAX_COLUMN + " characters");
        }
        return v.asText();
    }
}
