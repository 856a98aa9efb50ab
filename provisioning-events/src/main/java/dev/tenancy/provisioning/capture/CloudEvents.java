package dev.tenancy.provisioning.capture;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Renders CloudEvents 1.0 structured-mode JSON: the exact bytes every attempt of a delivery sends. */
public final class CloudEvents {

    public static final String TYPE_PREFIX = "dev.tenancy.user.";
    public static final String PING_TYPE = "dev.tenancy.ping";
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    static final ObjectMapper JSON = new ObjectMapper();

    private CloudEvents() {
    }

    public static String userEvent(String id, Instant time, String realmName, Draft draft, UserState user,
                                   String cause, long sequence) {
        String source = "/realms/" + realmName
                + (draft.organizationId() == null ? "" : "/organizations/" + draft.organizationId());
        Map<String, Object> organization = null;
        if (draft.organizationId() != null) {
            organization = new LinkedHashMap<>();
            organization.put("id", draft.organizationId());
            organization.put("alias", draft.organizationAlias());
        }
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", user.id());
        u.put("username", user.username());
        u.put("email", user.email());
        u.put("firstName", user.firstName());
        u.put("lastName", user.lastName());
        u.put("enabled", user.enabled());
        u.put("attributes", user.attributes());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("realm", realmName);
        data.put("organization", organization);
        data.put("user", u);
        data.put("changes", draft.changes());
        data.put("cause", cause);
        data.put("sequence", sequence);
        return envelope(id, TYPE_PREFIX + draft.kind(), source, user.id(), time, data);
    }

    /**
     * A {@code dev.tenancy.group.*} event: {@code data.group} with its path and organization, and
     * {@code data.member} for membership changes. The subject is the group id.
     */
    public static String groupEvent(String id, Instant time, String realmName, String kind, GroupChange.GroupView group,
                                    GroupChange.Member member, String cause, Long memberSequence) {
        String source = "/realms/" + realmName
                + (group.organizationId() == null ? "" : "/organizations/" + group.organizationId());
        Map<String, Object> organization = null;
        if (group.organizationId() != null) {
            organization = new LinkedHashMap<>();
            organization.put("id", group.organizationId());
            organization.put("alias", group.organizationAlias());
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", group.id());
        g.put("name", group.name());
        g.put("path", group.path());
        g.put("parentId", group.parentId());
        g.put("organization", organization);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("realm", realmName);
        data.put("organization", organization);
        data.put("group", g);
        if (member != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", member.id());
            m.put("username", member.username());
            m.put("email", member.email());
            data.put("member", m);
        }
        data.put("cause", cause);
        if (memberSequence != null) {
            data.put("sequence", memberSequence); // the member's counter: ordered with the member's own events
        }
        return envelope(id, GroupChange.TYPE_PREFIX + kind, source, group.id(), time, data);
    }

    public static String ping(String id, Instant time, String realmName, String subscriptionId, String organizationId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("realm", realmName);
        data.put("subscription", subscriptionId);
        data.put("organizationId", organizationId);
        return envelope(id, PING_TYPE, "/realms/" + realmName + (organizationId == null ? "" : "/organizations/" + organizationId),
                null, time, data);
    }

    private static String envelope(String id, String type, String source, String subject, Instant time, Object data) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", id);
        e.put("type", type);
        e.put("source", source);
        if (subject != null) {
            e.put("subject", subject);
        }
        e.put("time", time.toString());
        e.put("datacontenttype", "application/json");
        e.put("data", data);
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Cannot render event " + id, ex);
        }
    }
}
