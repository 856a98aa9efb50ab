package dev.tenancy.provisioning.apps;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchOperation;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.tenancy.provisioning.apps.store.AppEntity;
import dev.tenancy.provisioning.apps.store.LinkEntity;

/**
 * Brings one user's copy in one app to the user's current state: joiner (match by
 * {@code userName}, then {@code externalId}, and link, else create), mover (PATCH of the changed
 * attributes, or PUT when the app has no PATCH), leaver or out of scope (deactivate or delete), and
 * with {@code pushGroups} the user's memberships of the groups in scope. Change-driven pushes
 * compare with what was last pushed; a reconciliation ({@code verify}) compares with what the app
 * holds. With a {@link Plan} nothing is written, locally or remotely.
 */
final class Pusher {

    enum Action { NONE, CREATE, UPDATE, DEACTIVATE }

    /** Where a dry run records what it would do. */
    interface Plan {
        void planned(Action action, String userId, String userName, List<String> attributes);

        /** A group: DEACTIVATE = delete it remotely, UPDATE = rename ({@code attributes}) and/or members to add and remove. */
        void plannedGroup(Action action, String groupId, String displayName, List<String> attributes, int membersToAdd,
                          int membersToRemove);
    }

    private static final Object[] GROUP_LOCKS = new Object[64];

    static {
        for (int i = 0; i < GROUP_LOCKS.length; i++) {
            GROUP_LOCKS[i] = new Object();
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AppEntity app;
    private final AppSettings settings;
    private final Mapping mapping;
    private final ScimRemote remote;
    private final Links links;
    private final boolean patchSupported;

    Pusher(KeycloakSession session, RealmModel realm, AppEntity app, AppSettings settings, ScimRemote remote, Links links,
           boolean patchSupported) {
        this.session = session;
        this.realm = realm;
        this.app = app;
        this.settings = settings;
        this.mapping = settings.parsedMapping();
        this.remote = remote;
        this.links = links;
        this.patchSupported = patchSupported;
    }

    Action push(String userId, boolean verify, Plan plan) {
        UserModel user = Committed.user(session, realm, userId);
        LinkEntity link = links.find(LinkEntity.USER, userId);
        if (!inScope(session, realm, app, settings, user)) {
            return leave(userId, user, link, verify, plan);
        }
        Map<String, String> desired = mapping.render(placeholders(user));
        JsonNode found = null;
        if (link != null && verify) {
            found = remote.get("Users", link.getRemoteId());
            if (found == null) {
                if (plan != null) {
                    plan.planned(Action.CREATE, userId, desired.get("userName"), List.of());
                    return Action.CREATE;
                }
                links.remove(link);
                link = null;
            }
        }
        if (link == null) {
            JsonNode match = found != null ? found : match(desired);
            if (match == null) {
                if (plan != null) {
                    plan.planned(Action.CREATE, userId, desired.get("userName"), List.of());
                    return Action.CREATE;
                }
                JsonNode created;
                try {
                    created = remote.create("Users", mapping.resource(desired, true));
                } catch (RemoteFailure f) {
                    // 409 uniqueness: the app holds the userName although its filter did not find it
                    // (no filter support, another case): find it by listing and link it
                    match = f.status() == 409 ? scan(desired.get("userName")) : null;
                    if (match == null) {
                        throw f;
                    }
                    created = null;
                }
                if (created != null) {
                    String rid = created.path("id").asText(null);
                    if (rid == null || rid.isEmpty()) {
                        throw new RemoteFailure("invalid-response", 201, null, false, "no id in the created user");
                    }
                    link = links.create(LinkEntity.USER, userId, rid, true);
                    Links.save(link, desired, List.of());
                    if (!verify) {
                        syncGroups(user, link);
                    }
                    return Action.CREATE;
                }
            }
            String rid = match.path("id").asText();
            LinkEntity other = links.byRemote(LinkEntity.USER, rid);
            if (other != null && !other.getLocalId().equals(userId)) {
                throw new RemoteFailure("conflict", 409, null, false, "the remote user is linked to another user");
            }
            List<String> changed = changed(mapping.read(match), null, desired, match.path("active").asBoolean(true));
            if (plan != null) {
                plan.planned(changed.isEmpty() ? Action.NONE : Action.UPDATE, userId, desired.get("userName"), changed);
                return changed.isEmpty() ? Action.NONE : Action.UPDATE;
            }
            link = links.create(LinkEntity.USER, userId, rid, false);
            update(link, changed, desired);
            Links.save(link, desired, List.of());
            if (!verify) {
                syncGroups(user, link);
            }
            return changed.isEmpty() ? Action.NONE : Action.UPDATE;
        }
        Map<String, String> current = found != null ? mapping.read(found) : Links.values(link);
        boolean active = found != null ? found.path("active").asBoolean(true) : link.isActive();
        List<String> changed = changed(current, found != null ? Links.values(link) : null, desired, active);
        if (plan != null) {
            plan.planned(changed.isEmpty() ? Action.NONE : Action.UPDATE, userId, desired.get("userName"), changed);
            return changed.isEmpty() ? Action.NONE : Action.UPDATE;
        }
        if (!update(link, changed, desired)) {
            links.remove(link); // gone remotely: create it again
            return push(userId, false, null);
        }
        link.setActive(true);
        Links.save(link, desired, Links.groups(link));
        if (!verify) {
            syncGroups(user, link); // a reconciliation brings memberships in line per group, in its GROUPS phase
        }
        return changed.isEmpty() ? Action.NONE : Action.UPDATE;
    }

    private Action leave(String userId, UserModel user, LinkEntity link, boolean verify, Plan plan) {
        if (link == null || (!link.isActive() && !verify)) {
            return Action.NONE;
        }
        if (verify) {
            JsonNode r = remote.get("Users", link.getRemoteId());
            if (r == null || (AppSettings.DEACTIVATE.equals(settings.deprovision()) && !r.path("active").asBoolean(true))) {
                return Action.NONE;
            }
        }
        if (plan != null) {
            plan.planned(Action.DEACTIVATE, userId, Links.values(link).get("userName"), List.of());
            return Action.DEACTIVATE;
        }
        if (settings.pushGroups() && !verify) {
            for (String g : Links.groups(link)) {
                LinkEntity gl = links.find(LinkEntity.GROUP, g);
                if (gl != null && AppSettings.DEACTIVATE.equals(settings.deprovision())) {
                    members(gl.getRemoteId(), List.of(link.getRemoteId()), false);
                }
            }
            Links.save(link, Links.values(link), List.of());
        }
        if (AppSettings.DELETE.equals(settings.deprovision())) {
            remote.delete("Users", link.getRemoteId());
            links.remove(link);
            return Action.DEACTIVATE;
        }
        boolean present = patchSupported
                ? remote.patch("Users", link.getRemoteId(), List.of(ScimRemote.replaceOp("active", BooleanNode.FALSE)))
                : remote.replace("Users", link.getRemoteId(), mapping.resource(Links.values(link), false));
        if (!present) {
            links.remove(link);
            return Action.DEACTIVATE;
        }
        link.setActive(false);
        link.setUpdatedAt(System.currentTimeMillis());
        return Action.DEACTIVATE;
    }

    /** Pages of the remote users scanned for a userName when create answers 409 (100 pages of 100). */
    private static final int SCAN_PAGES = 100;

    /** The remote user with this userName (ignoring case) found by listing, or null. */
    private JsonNode scan(String userName) {
        int start = 1;
        for (int i = 0; i < SCAN_PAGES; i++) {
            JsonNode page = remote.page("Users", start, 100);
            JsonNode resources = page.path("Resources");
            JsonNode found = ScimRemote.matching(resources, "userName", userName);
            if (found != null || resources.size() == 0) {
                return found;
            }
            start += resources.size();
            if (page.path("totalResults").isNumber() && start > page.path("totalResults").asInt()) {
                return null;
            }
        }
        return null;
    }

    /** The remote group with this displayName, or null (also when the app cannot filter groups: it is created). */
    private JsonNode findGroup(String displayName) {
        return findIfFilterable("Groups", "displayName", displayName);
    }

    /**
     * {@link ScimRemote#findOne}, with an app that cannot filter by the attribute (400 invalidFilter,
     * 501) answering null: not found that way.
     */
    private JsonNode findIfFilterable(String resource, String attribute, String value) {
        try {
            return remote.findOne(resource, attribute, value);
        } catch (RemoteFailure f) {
            if (f.status() == 400 || f.status() == 501) {
                return null;
            }
            throw f;
        }
    }

    private JsonNode match(Map<String, String> desired) {
        // without filter support a create that answers 409 is linked instead (push)
        JsonNode byName = findIfFilterable("Users", "userName", desired.get("userName"));
        if (byName != null) {
            return byName;
        }
        String externalId = desired.get("externalId");
        if (externalId == null) {
            return null;
        }
        // an app that cannot filter by externalId: userName was the only way to match
        return findIfFilterable("Users", "externalId", externalId);
    }

    /**
     * The top-level attributes whose values differ. With {@code pushed} (a reconciliation of a linked
     * user), a value the app does not return although it was pushed unchanged is not drift: the app
     * does not keep that attribute (Keycloak's SCIM and {@code externalId}, for example).
     */
    private List<String> changed(Map<String, String> current, Map<String, String> pushed, Map<String, String> desired,
                                 boolean active) {
        List<String> changed = new ArrayList<>();
        for (String attr : mapping.attributes()) {
            boolean differs = false;
            for (Map.Entry<String, String> e : desired.entrySet()) {
                String now = current.get(e.getKey());
                boolean notKept = now == null && pushed != null && Objects.equals(pushed.get(e.getKey()), e.getValue());
                if (attrOf(e.getKey()).equals(attr) && !notKept && !Mapping.same(e.getKey(), now, e.getValue())) {
                    differs = true;
                }
            }
            if (differs) {
                changed.add(attr);
            }
        }
        if (!active) {
            changed.add("active");
        }
        return changed;
    }

    private static String attrOf(String path) {
        if (path.startsWith(Mapping.ENTERPRISE + ":")) {
            String rest = path.substring(Mapping.ENTERPRISE.length() + 1);
            int dot = rest.indexOf('.');
            return Mapping.ENTERPRISE + ":" + (dot < 0 ? rest : rest.substring(0, dot));
        }
        int cut = path.length();
        for (char c : new char[] {'.', '['}) {
            int i = path.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return path.substring(0, cut);
    }

    /** Sends the changed attributes; false when the remote user is gone. */
    private boolean update(LinkEntity link, List<String> changed, Map<String, String> desired) {
        if (changed.isEmpty()) {
            return true;
        }
        if (!patchSupported) {
            return remote.replace("Users", link.getRemoteId(), mapping.resource(desired, true));
        }
        List<PatchOperation> ops = new ArrayList<>();
        for (String attr : changed) {
            if (attr.equals("active")) {
                ops.add(ScimRemote.replaceOp("active", BooleanNode.TRUE));
                continue;
            }
            JsonNode value = mapping.attributeValue(attr, desired);
            ops.add(value == null ? ScimRemote.removeOp(attr) : ScimRemote.replaceOp(attr, value));
        }
        return remote.patch("Users", link.getRemoteId(), ops);
    }

    /** With pushGroups: the user's memberships of the groups in scope, created remotely when needed. */
    private void syncGroups(UserModel user, LinkEntity link) {
        if (!settings.pushGroups()) {
            return;
        }
        Set<String> desired = new LinkedHashSet<>(groupsInScope(user));
        List<String> before = Links.groups(link);
        Map<String, String> pushedTo = Links.groupRemotes(link);
        Map<String, String> remotes = new java.util.LinkedHashMap<>();
        for (String g : desired) {
            String rg = ensureGroup(g);
            if (rg == null) {
                continue;
            }
            remotes.put(g, rg);
            boolean member = before.contains(g) && (!pushedTo.containsKey(g) || pushedTo.get(g).equals(rg));
            if (!member) {
                members(rg, List.of(link.getRemoteId()), true);
            }
        }
        for (String g : before) {
            if (!desired.contains(g)) {
                LinkEntity gl = links.find(LinkEntity.GROUP, g);
                if (gl != null && (!pushedTo.containsKey(g) || pushedTo.get(g).equals(gl.getRemoteId()))) {
                    members(gl.getRemoteId(), List.of(link.getRemoteId()), false);
                }
            }
        }
        Links.save(link, Links.values(link), List.copyOf(remotes.keySet()), remotes);
    }

    /**
     * A change of a pushed group (work of kind GROUP): renamed → the remote {@code displayName} is
     * replaced; deleted in Keycloak or no longer in the app's scope → the remote group is deleted
     * (only when this app created it; an adopted group is left as it is) and the link dropped, and the
     * users pushed into it are queued, so that those who left the scope with it become leavers.
     */
    Action pushGroup(String groupId, Plan plan) {
        LinkEntity gl = links.find(LinkEntity.GROUP, groupId);
        if (gl == null || !settings.pushGroups()) {
            return Action.NONE;
        }
        GroupModel group = Committed.group(session, realm, groupId);
        String pushedName = groupState(gl).path("displayName").asText(null);
        if (group == null || !groupInScope(group)) {
            if (plan != null) {
                plan.plannedGroup(Action.DEACTIVATE, groupId, pushedName, List.of(), 0, 0);
                return Action.DEACTIVATE;
            }
            if (gl.isCreatedByUs()) {
                remote.delete("Groups", gl.getRemoteId());
            }
            links.remove(gl);
            for (String userId : links.usersPushedInto(groupId)) {
                AppOutbox.add(links.em(), app, realm.getId(), userId, dev.tenancy.provisioning.apps.store.WorkEntity.USER);
            }
            return Action.DEACTIVATE;
        }
        if (group.getName().equals(pushedName)) {
            return Action.NONE;
        }
        if (plan != null) {
            plan.plannedGroup(Action.UPDATE, groupId, group.getName(), List.of("displayName"), 0, 0);
            return Action.UPDATE;
        }
        boolean present;
        if (patchSupported) {
            present = remote.patch("Groups", gl.getRemoteId(),
                    List.of(ScimRemote.replaceOp("displayName", AppSettings.JSON.getNodeFactory().textNode(group.getName()))));
        } else {
            JsonNode g = remote.get("Groups", gl.getRemoteId());
            present = g != null && remote.replace("Groups", gl.getRemoteId(), groupBody(g, group.getName(), g.path("members")));
        }
        if (!present) {
            // gone remotely: drop the link; the members' next push (queued here) makes it again
            links.remove(gl);
            for (String userId : links.usersPushedInto(groupId)) {
                AppOutbox.add(links.em(), app, realm.getId(), userId, dev.tenancy.provisioning.apps.store.WorkEntity.USER);
            }
            return Action.CREATE;
        }
        gl.setState(AppSettings.object().put("displayName", group.getName()).toString());
        gl.setUpdatedAt(System.currentTimeMillis());
        return Action.UPDATE;
    }

    /**
     * Reconciliation of one group (GROUPS phase of a sync): gone or out of scope → {@link #pushGroup}
     * (deleted remotely); in scope → created or matched when it has members in scope, renamed when
     * its remote displayName differs, and its remote members made equal to its local members in
     * scope: missing ones added, others removed (in a group this app created; in an adopted group only
     * the app's linked users). Local members are read in keyset pages; only this group's member ids
     * are held. A dry run counts the same changes with GET requests only, including the members
     * that the LOCAL phase would have created or adopted.
     */
    Action reconcileGroup(String groupId, Plan plan) {
        if (!settings.pushGroups()) {
            return Action.NONE;
        }
        LinkEntity gl = links.find(LinkEntity.GROUP, groupId);
        GroupModel group = Committed.group(session, realm, groupId);
        if (group == null || !groupInScope(group)) {
            return gl == null ? Action.NONE : pushGroup(groupId, plan);
        }
        Map<String, String> expected = new java.util.HashMap<>(); // remote user id → local user id
        int newcomers = 0; // dry run: members the LOCAL phase would create (no remote id yet)
        List<String> ids = settings.scopeGroups().isEmpty() ? List.of(groupId) : withSubgroups(group);
        String after = "";
        while (true) {
            List<String> page = membersPage(links.em(), ids, after, MEMBER_PAGE);
            for (String uid : page) {
                UserModel u = Committed.user(session, realm, uid);
                if (!inScope(session, realm, app, settings, u)) {
                    continue;
                }
                LinkEntity ul = links.find(LinkEntity.USER, uid);
                if (ul != null) {
                    expected.put(ul.getRemoteId(), uid);
                } else if (plan != null) {
                    JsonNode m = match(mapping.render(placeholders(u)));
                    if (m == null) {
                        newcomers++;
                    } else {
                        expected.put(m.path("id").asText(), uid);
                    }
                }
            }
            if (page.size() < MEMBER_PAGE) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        JsonNode current = null;
        boolean created = false;
        if (gl != null) {
            current = remote.get("Groups", gl.getRemoteId());
            if (current == null && plan == null) {
                links.remove(gl); // gone remotely: made again below
                gl = null;
            }
        }
        if (gl == null) {
            if (expected.isEmpty() && newcomers == 0) {
                return Action.NONE; // a group is pushed with its first member
            }
            if (plan != null) {
                JsonNode found = findGroup(group.getName());
                current = found == null ? null : remote.get("Groups", found.path("id").asText());
                if (current == null) {
                    plan.plannedGroup(Action.CREATE, groupId, group.getName(), List.of(), expected.size() + newcomers, 0);
                    return Action.CREATE;
                }
            } else {
                String rid = ensureGroup(groupId);
                gl = links.find(LinkEntity.GROUP, groupId);
                if (rid == null || gl == null) {
                    return Action.NONE;
                }
                created = gl.isCreatedByUs();
                current = remote.get("Groups", rid);
                if (current == null) {
                    throw new RemoteFailure("invalid-response", 404, null, false, "the group just made is not there");
                }
            }
        } else if (current == null) {
            plan.plannedGroup(Action.CREATE, groupId, group.getName(), List.of(), expected.size() + newcomers, 0);
            return Action.CREATE;
        }
        java.util.Set<String> present = new java.util.HashSet<>();
        current.path("members").forEach(m -> present.add(m.path("value").asText()));
        List<String> add = expected.keySet().stream().filter(r -> !present.contains(r)).sorted().toList();
        boolean ours = gl != null && gl.isCreatedByUs();
        List<String> remove = present.stream().filter(r -> !expected.containsKey(r))
                .filter(r -> ours || links.byRemote(LinkEntity.USER, r) != null).sorted().toList();
        boolean rename = !group.getName().equals(current.path("displayName").asText());
        if (add.isEmpty() && remove.isEmpty() && !rename && newcomers == 0) {
            return created ? Action.CREATE : Action.NONE;
        }
        if (plan != null) {
            plan.plannedGroup(Action.UPDATE, groupId, group.getName(), rename ? List.of("displayName") : List.of(),
                    add.size() + newcomers, remove.size());
            return Action.UPDATE;
        }
        String rid = gl.getRemoteId();
        if (rename) {
            if (patchSupported) {
                remote.patch("Groups", rid, List.of(ScimRemote.replaceOp("displayName",
                        AppSettings.JSON.getNodeFactory().textNode(group.getName()))));
            } else {
                remote.replace("Groups", rid, groupBody(current, group.getName(), current.path("members")));
            }
            gl.setState(AppSettings.object().put("displayName", group.getName()).toString());
        }
        for (int i = 0; i < add.size(); i += MEMBER_PAGE / 5) {
            members(rid, add.subList(i, Math.min(add.size(), i + MEMBER_PAGE / 5)), true);
        }
        for (int i = 0; i < remove.size(); i += MEMBER_PAGE / 5) {
            members(rid, remove.subList(i, Math.min(remove.size(), i + MEMBER_PAGE / 5)), false);
        }
        add.forEach(r -> noteMembership(r, groupId, rid, true));
        remove.forEach(r -> noteMembership(r, groupId, rid, false));
        gl.setUpdatedAt(System.currentTimeMillis());
        return created ? Action.CREATE : Action.UPDATE;
    }

    private static final int MEMBER_PAGE = 500;

    /** The ids of the users in any of the groups, after {@code after} in id order (a keyset page). */
    static List<String> membersPage(jakarta.persistence.EntityManager em, List<String> groupIds, String after, int max) {
        return em.createQuery("select distinct m.user.id from UserGroupMembershipEntity m"
                        + " where m.groupId in :ids and m.user.id > :after order by m.user.id", String.class)
                .setParameter("ids", groupIds).setParameter("after", after).setMaxResults(max).getResultList();
    }

    /** The group's id and those of all its subgroups, at any depth. */
    static List<String> withSubgroups(GroupModel group) {
        List<String> out = new ArrayList<>();
        java.util.ArrayDeque<GroupModel> todo = new java.util.ArrayDeque<>(List.of(group));
        while (!todo.isEmpty()) {
            GroupModel g = todo.pop();
            out.add(g.getId());
            try (var subs = g.getSubGroupsStream()) {
                subs.forEach(todo::push);
            }
        }
        return out;
    }

    /** Keeps a user link's pushed groups in line with a membership a reconciliation changed. */
    private void noteMembership(String remoteUser, String groupId, String remoteGroup, boolean member) {
        LinkEntity ul = links.byRemote(LinkEntity.USER, remoteUser);
        if (ul == null) {
            return;
        }
        List<String> groups = new ArrayList<>(Links.groups(ul));
        Map<String, String> remotes = new java.util.LinkedHashMap<>(Links.groupRemotes(ul));
        groups.remove(groupId);
        remotes.remove(groupId);
        if (member) {
            groups.add(groupId);
            remotes.put(groupId, remoteGroup);
        }
        Links.save(ul, Links.values(ul), groups, remotes);
    }

    /** Whether the app pushes this group: one of {@code scope.groups}, or any group for a realm-wide app without them. */
    boolean groupInScope(GroupModel group) {
        if (!settings.scopeGroups().isEmpty()) {
            return settings.scopeGroups().contains(group.getId());
        }
        return app.getOrganizationId() == null;
    }

    private static JsonNode groupState(LinkEntity gl) {
        try {
            return AppSettings.JSON.readTree(gl.getState());
        } catch (java.io.IOException e) {
            return AppSettings.object();
        }
    }

    private static ObjectNode groupBody(JsonNode current, String displayName, JsonNode members) {
        ObjectNode body = AppSettings.object();
        body.set("schemas", current.path("schemas").isArray() ? current.get("schemas")
                : AppSettings.JSON.createArrayNode().add("urn:ietf:params:scim:schemas:core:2.0:Group"));
        body.put("displayName", displayName);
        var out = body.putArray("members");
        for (JsonNode m : members) {
            out.addObject().put("value", m.path("value").asText());
        }
        return body;
    }

    private List<String> groupsInScope(UserModel user) {
        if (!settings.scopeGroups().isEmpty()) {
            return settings.scopeGroups().stream().map(g -> Committed.group(session, realm, g)).filter(Objects::nonNull)
                    .filter(user::isMemberOf).map(GroupModel::getId).toList();
        }
        if (app.getOrganizationId() != null) {
            return List.of(); // an organization's app receives only the groups named in its scope
        }
        return user.getGroupsStream().map(GroupModel::getId).toList();
    }

    /**
     * The remote id of a local group, matched by displayName or created; null when the group is gone.
     * A new link is made in its own committed transaction under a lock of this app and group, so that
     * two users of one app pushed in parallel never create the group twice.
     */
    String ensureGroup(String groupId) {
        LinkEntity gl = links.find(LinkEntity.GROUP, groupId);
        if (gl != null) {
            return gl.getRemoteId();
        }
        GroupModel group = Committed.group(session, realm, groupId);
        if (group == null) {
            return null;
        }
        String name = group.getName();
        String[] rid = {null};
        synchronized (GROUP_LOCKS[Math.floorMod((app.getId() + groupId).hashCode(), GROUP_LOCKS.length)]) {
            org.keycloak.models.utils.KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                Links own = new Links(s.getProvider(org.keycloak.connections.jpa.JpaConnectionProvider.class).getEntityManager(), app.getId());
                LinkEntity existing = own.find(LinkEntity.GROUP, groupId);
                if (existing != null) {
                    rid[0] = existing.getRemoteId();
                    return;
                }
                JsonNode found = findGroup(name);
                boolean created = found == null;
                if (created) {
                    ObjectNode body = AppSettings.object();
                    body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Group");
                    body.put("displayName", name);
                    body.putArray("members");
                    found = remote.create("Groups", body);
                }
                rid[0] = found.path("id").asText(null);
                if (rid[0] == null) {
                    throw new RemoteFailure("invalid-response", 201, null, false, "no id in the created group");
                }
                LinkEntity made = own.create(LinkEntity.GROUP, groupId, rid[0], created);
                made.setState(AppSettings.object().put("displayName", name).toString());
            });
        }
        return rid[0];
    }

    /** Adds or removes remote users as members of a remote group (PATCH, or GET + PUT without PATCH); false when the group is gone. */
    boolean members(String remoteGroup, java.util.Collection<String> remoteUsers, boolean add) {
        if (remoteUsers.isEmpty()) {
            return true;
        }
        if (patchSupported) {
            List<PatchOperation> ops = new ArrayList<>();
            if (add) {
                var values = AppSettings.JSON.createArrayNode();
                remoteUsers.forEach(u -> values.add(AppSettings.object().put("value", u)));
                ops.add(ScimRemote.addOp("members", values));
            } else {
                for (String u : remoteUsers) {
                    ops.add(ScimRemote.removeOp("members[value eq \"" + u.replace("\"", "\\\"") + "\"]"));
                }
            }
            return remote.patch("Groups", remoteGroup, ops);
        }
        JsonNode g = remote.get("Groups", remoteGroup);
        if (g == null) {
            return false;
        }
        var members = AppSettings.JSON.createArrayNode();
        for (JsonNode m : g.path("members")) {
            if (!remoteUsers.contains(m.path("value").asText())) {
                members.addObject().put("value", m.path("value").asText());
            }
        }
        if (add) {
            remoteUsers.forEach(u -> members.addObject().put("value", u));
        }
        return remote.replace("Groups", remoteGroup, groupBody(g, g.path("displayName").asText(), members));
    }

    static boolean inScope(KeycloakSession session, RealmModel realm, AppEntity app, AppSettings settings, UserModel user) {
        if (user == null || !user.isEnabled() || user.getServiceAccountClientLink() != null) {
            return false;
        }
        if (app.getOrganizationId() != null) {
            if (!OrgMembership.isMember(session, realm, app.getOrganizationId(), user.getId())) {
                return false;
            }
        }
        if (!settings.scopeGroups().isEmpty()) {
            return settings.scopeGroups().stream().map(g -> Committed.group(session, realm, g)).filter(Objects::nonNull).anyMatch(user::isMemberOf);
        }
        return true;
    }

    static java.util.function.Function<String, String> placeholders(UserModel user) {
        return name -> switch (name) {
            case "id" -> user.getId();
            case "username" -> user.getUsername();
            case "email" -> user.getEmail();
            case "firstName" -> user.getFirstName();
            case "lastName" -> user.getLastName();
            default -> name.startsWith("attributes.") ? user.getFirstAttribute(name.substring("attributes.".length())) : null;
        };
    }
}
