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
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

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
        UserModel user = session.users().getUserById(realm, userId);
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
                JsonNode created = remote.create("Users", mapping.resource(desired, true));
                String rid = created.path("id").asText(null);
                if (rid == null) {
                    throw new RemoteFailure("invalid-response", 201, null, false, "no id in the created user");
                }
                link = links.create(LinkEntity.USER, userId, rid, true);
                Links.save(link, desired, List.of());
                syncGroups(user, link);
                return Action.CREATE;
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
            syncGroups(user, link);
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
        syncGroups(user, link);
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
        if (settings.pushGroups()) {
            for (String g : Links.groups(link)) {
                LinkEntity gl = links.find(LinkEntity.GROUP, g);
                if (gl != null && AppSettings.DEACTIVATE.equals(settings.deprovision())) {
                    members(gl.getRemoteId(), link.getRemoteId(), false);
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

    private JsonNode match(Map<String, String> desired) {
        JsonNode byName = remote.findOne("Users", "userName", desired.get("userName"));
        if (byName != null) {
            return byName;
        }
        String externalId = desired.get("externalId");
        if (externalId == null) {
            return null;
        }
        try {
            return remote.findOne("Users", "externalId", externalId);
        } catch (RemoteFailure f) {
            if (f.status() == 400) {
                return null; // the app cannot filter by externalId: userName was the only way to match
            }
            throw f;
        }
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
        for (String g : desired) {
            if (!before.contains(g)) {
                String rg = ensureGroup(g);
                if (rg != null) {
                    members(rg, link.getRemoteId(), true);
                }
            }
        }
        for (String g : before) {
            if (!desired.contains(g)) {
                LinkEntity gl = links.find(LinkEntity.GROUP, g);
                if (gl != null) {
                    members(gl.getRemoteId(), link.getRemoteId(), false);
                }
            }
        }
        Links.save(link, Links.values(link), List.copyOf(desired));
    }

    private List<String> groupsInScope(UserModel user) {
        if (!settings.scopeGroups().isEmpty()) {
            return settings.scopeGroups().stream().map(realm::getGroupById).filter(Objects::nonNull)
                    .filter(user::isMemberOf).map(GroupModel::getId).toList();
        }
        if (app.getOrganizationId() != null) {
            return List.of(); // an organization's app receives only the groups named in its scope
        }
        return user.getGroupsStream().map(GroupModel::getId).toList();
    }

    /** The remote id of a local group, matched by displayName or created; null when the group is gone. */
    String ensureGroup(String groupId) {
        LinkEntity gl = links.find(LinkEntity.GROUP, groupId);
        if (gl != null) {
            return gl.getRemoteId();
        }
        GroupModel group = realm.getGroupById(groupId);
        if (group == null) {
            return null;
        }
        JsonNode found = remote.findOne("Groups", "displayName", group.getName());
        boolean created = found == null;
        if (created) {
            ObjectNode body = AppSettings.object();
            body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Group");
            body.put("displayName", group.getName());
            body.putArray("members");
            found = remote.create("Groups", body);
        }
        String rid = found.path("id").asText(null);
        if (rid == null) {
            throw new RemoteFailure("invalid-response", 201, null, false, "no id in the created group");
        }
        gl = links.create(LinkEntity.GROUP, groupId, rid, created);
        gl.setState(AppSettings.object().put("displayName", group.getName()).toString());
        return rid;
    }

    private void members(String remoteGroup, String remoteUser, boolean add) {
        if (patchSupported) {
            PatchOperation op = add
                    ? ScimRemote.addOp("members", AppSettings.JSON.createArrayNode().add(AppSettings.object().put("value", remoteUser)))
                    : ScimRemote.removeOp("members[value eq \"" + remoteUser.replace("\"", "\\\"") + "\"]");
            remote.patch("Groups", remoteGroup, List.of(op));
            return;
        }
        JsonNode g = remote.get("Groups", remoteGroup);
        if (g == null) {
            return;
        }
        ObjectNode body = AppSettings.object();
        body.set("schemas", g.path("schemas"));
        body.put("displayName", g.path("displayName").asText());
        var members = body.putArray("members");
        for (JsonNode m : g.path("members")) {
            if (!m.path("value").asText().equals(remoteUser)) {
                members.addObject().put("value", m.path("value").asText());
            }
        }
        if (add) {
            members.addObject().put("value", remoteUser);
        }
        remote.replace("Groups", remoteGroup, body);
    }

    static boolean inScope(KeycloakSession session, RealmModel realm, AppEntity app, AppSettings settings, UserModel user) {
        if (user == null || !user.isEnabled() || user.getServiceAccountClientLink() != null) {
            return false;
        }
        if (app.getOrganizationId() != null) {
            OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
            OrganizationModel org = orgs == null ? null : orgs.getById(app.getOrganizationId());
            if (org == null || !orgs.isMember(org, user)) {
                return false;
            }
        }
        if (!settings.scopeGroups().isEmpty()) {
            return settings.scopeGroups().stream().map(realm::getGroupById).filter(Objects::nonNull).anyMatch(user::isMemberOf);
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
