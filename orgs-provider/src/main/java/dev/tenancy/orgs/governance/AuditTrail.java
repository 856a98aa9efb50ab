package dev.tenancy.orgs.governance;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

/**
 * The audit trail per organization. Every change reaches it as a Keycloak admin event — from the
 * admin REST API and console, Tenancy's REST APIs, SCIM, and the changes no caller made (rules,
 * expiry, reviews), which carry their actor in the event details — and is written in the same
 * transaction as the change. States never carry secrets.
 */
final class AuditTrail {

    static final String DETAIL_ORGANIZATION = "organization_id";
    static final String DETAIL_ACTOR = "tenancy_actor";
    static final String DETAIL_BEFORE = "tenancy_before";

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_STATE = 16_000;
    private static final Set<String> SECRET_KEYS = Set.of("password", "secret", "secrethash", "credentials", "credential",
            "clientsecret", "token", "hash", "salt", "privatekey", "basicpassword", "passwordhash");

    private AuditTrail() {
    }

    static String json(Object value) {
        try {
            return value == null ? null : MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return json == null ? null : MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the admin event into the trail of each organization it concerns. */
    static void record(KeycloakSession session, EntityManager em, AdminEvent event) {
        if (event.getError() != null || event.getRealmId() == null || event.getResourcePath() == null) {
            return;
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        for (String orgId : organizations(session, event, details)) {
            AuditEntity a = new AuditEntity();
            a.setId(KeycloakModelUtils.generateId());
            a.setRealmId(event.getRealmId());
            a.setOrganizationId(orgId);
            a.setTime(event.getTime() > 0 ? event.getTime() : System.currentTimeMillis());
            a.setSeq(System.nanoTime());
            a.setActor(actor(event, details));
            a.setOperation(event.getOperationType() == null ? "ACTION" : event.getOperationType().name());
            a.setResourceType(event.getResourceTypeAsString());
            a.setResource(truncate(event.getResourcePath(), 1024));
            a.setBefore(clean(details.get(DETAIL_BEFORE)));
            a.setAfter(clean(event.getRepresentation()));
            em.persist(a);
        }
    }

    /**
     * User events that change a member without an admin event (the account console, registration,
     * identity-provider first logins and links, credentials), by the type's name: the operation each
     * is recorded as.
     */
    private static final Map<String, String> USER_EVENTS = Map.ofEntries(
            Map.entry("UPDATE_PROFILE", "UPDATE"), Map.entry("UPDATE_EMAIL", "UPDATE"), Map.entry("VERIFY_PROFILE", "UPDATE"),
            Map.entry("REGISTER", "CREATE"), Map.entry("IDENTITY_PROVIDER_FIRST_LOGIN", "UPDATE"),
            Map.entry("FEDERATED_IDENTITY_LINK", "UPDATE"), Map.entry("IDENTITY_PROVIDER_LINK_ACCOUNT", "UPDATE"),
            Map.entry("REMOVE_FEDERATED_IDENTITY", "UPDATE"), Map.entry("UPDATE_CREDENTIAL", "UPDATE"),
            Map.entry("REMOVE_CREDENTIAL", "UPDATE"), Map.entry("DELETE_ACCOUNT", "DELETE"));

    /** Whether a user event of this type is a change to the user that the trail records. */
    static boolean records(Event event) {
        return event.getType() != null && USER_EVENTS.containsKey(event.getType().name());
    }

    /**
     * Writes a user event (the member acting on their own account: account console, login flows) into
     * the trail of each organization the user belongs to: actor {@code user:<id>}, resource
     * {@code users/<id>}, before and after from the event's {@code previous_…}/{@code updated_…}
     * details, the event type and the client in {@code after}.
     */
    static void record(KeycloakSession session, EntityManager em, Event event) {
        if (event.getError() != null || event.getUserId() == null || !records(event)) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || !realm.isOrganizationsEnabled()) {
            return;
        }
        if (session.getContext().getRealm() == null) {
            session.getContext().setRealm(realm);
        }
        UserModel user = session.users().getUserById(realm, event.getUserId());
        List<String> orgs = user != null
                ? session.getProvider(OrganizationProvider.class).getByMember(user).map(OrganizationModel::getId).toList()
                : removedUsers(session).getOrDefault(event.getUserId(), List.of());
        if (orgs.isEmpty()) {
            return;
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        Map<String, Object> before = new java.util.TreeMap<>();
        Map<String, Object> after = new java.util.LinkedHashMap<>();
        after.put("event", event.getType().name());
        after.put("clientId", event.getClientId());
        Map<String, Object> updated = new java.util.TreeMap<>();
        details.forEach((k, v) -> {
            if (k.startsWith("previous_")) {
                before.put(k.substring("previous_".length()), v);
            } else if (k.startsWith("updated_")) {
                updated.put(k.substring("updated_".length()), v);
            } else if (Set.of("identity_provider", "identity_provider_identity", "credential_type", "register_method", "username", "email")
                    .contains(k)) {
                after.put(k, v);
            }
        });
        after.putAll(updated);
        for (String orgId : orgs) {
            write(em, event.getRealmId(), orgId, event.getTime() > 0 ? event.getTime() : System.currentTimeMillis(),
                    "user:" + event.getUserId(), USER_EVENTS.get(event.getType().name()), "USER", "users/" + event.getUserId(),
                    before.isEmpty() ? null : json(before), json(after));
        }
    }

    /** A member joining through a login flow (an identity provider's first login), which raises no admin event. */
    static void recordLoginJoin(EntityManager em, RealmModel realm, OrganizationModel org, UserModel user) {
        Map<String, Object> after = new java.util.LinkedHashMap<>();
        after.put("userId", user.getId());
        after.put("username", user.getUsername());
        after.put("via", "login");
        write(em, realm.getId(), org.getId(), System.currentTimeMillis(), "user:" + user.getId(), "CREATE", "ORGANIZATION_MEMBERSHIP",
                "organizations/" + org.getId() + "/members/" + user.getId(), null, json(after));
    }

    private static void write(EntityManager em, String realmId, String orgId, long time, String actor, String operation,
                              String resourceType, String resource, String before, String after) {
        AuditEntity a = new AuditEntity();
        a.setId(KeycloakModelUtils.generateId());
        a.setRealmId(realmId);
        a.setOrganizationId(orgId);
        a.setTime(time);
        a.setSeq(System.nanoTime());
        a.setActor(actor);
        a.setOperation(operation);
        a.setResourceType(resourceType);
        a.setResource(truncate(resource, 1024));
        a.setBefore(clean(before));
        a.setAfter(clean(after));
        em.persist(a);
    }

    private static List<String> organizations(KeycloakSession session, AdminEvent event, Map<String, String> details) {
        String org = details.get(DETAIL_ORGANIZATION);
        if (org != null) {
            return List.of(org);
        }
        String[] path = event.getResourcePath().split("/");
        if (path.length >= 2 && "organizations".equals(path[0])) {
            return List.of(path[1]);
        }
        if (path.length >= 2 && "users".equals(path[0])) {
            UserModel user = session.users().getUserById(session.getContext().getRealm(), path[1]);
            if (user == null) {
                return removedUsers(session).getOrDefault(path[1], List.of());
            }
            return session.getProvider(OrganizationProvider.class).getByMember(user).map(OrganizationModel::getId).toList();
        }
        if (path.length >= 2 && "groups".equals(path[0])) {
            var group = session.groups().getGroupById(session.getContext().getRealm(), path[1]);
            if (group != null && group.getOrganization() != null) {
                return List.of(group.getOrganization().getId());
            }
            return List.of();
        }
        if (path.length >= 3 && "provisioning".equals(path[0])) {
            JsonNode rep = read(event.getRepresentation());
            if (rep != null && rep.hasNonNull("organizationId")) {
                return List.of(rep.get("organizationId").asText());
            }
        }
        return List.of();
    }

    /** Notes a user's organizations just before the user is deleted, so that the deletion reaches their trails. */
    static void rememberOrganizations(KeycloakSession session, UserModel user) {
        removedUsers(session).put(user.getId(),
                session.getProvider(OrganizationProvider.class).getByMember(user).map(OrganizationModel::getId).toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> removedUsers(KeycloakSession session) {
        String key = AuditTrail.class.getName() + ".removed";
        Map<String, List<String>> m = session.getAttribute(key, Map.class);
        if (m == null) {
            m = new java.util.HashMap<>();
            session.setAttribute(key, m);
        }
        return m;
    }

    private static String actor(AdminEvent event, Map<String, String> details) {
        String actor = details.get(DETAIL_ACTOR);
        if (actor != null) {
            return actor;
        }
        if (details.containsKey("scim_client")) {
            return "scim";
        }
        if (event.getAuthDetails() != null && event.getAuthDetails().getUserId() != null) {
            return "user:" + event.getAuthDetails().getUserId();
        }
        if (event.getAuthDetails() != null && event.getAuthDetails().getClientId() != null) {
            return "client:" + event.getAuthDetails().getClientId();
        }
        return "unknown";
    }

    /** Drops secret-looking fields from a JSON state; non-JSON states are kept only when short. */
    static String clean(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(state);
        } catch (JsonProcessingException e) {
            return null;
        }
        strip(node);
        String out = json(node);
        return out.length() > MAX_STATE ? json(Map.of("truncated", true)) : out;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<String> names = o.fieldNames();
            java.util.List<String> drop = new java.util.ArrayList<>();
            names.forEachRemaining(n -> {
                if (SECRET_KEYS.contains(n.toLowerCase(Locale.ROOT).replace("_", "").replace("-", ""))) {
                    drop.add(n);
                }
            });
            drop.forEach(o::remove);
            o.forEach(AuditTrail::strip);
        } else if (node != null && node.isArray()) {
            node.forEach(AuditTrail::strip);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
