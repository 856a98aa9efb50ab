package dev.tenancy.provisioning.apps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.provisioning.apps.store.LinkEntity;

/** The links of one app: local id → remote id, with the values and groups last pushed. */
final class Links {

    private final EntityManager em;
    private final String appId;

    Links(EntityManager em, String appId) {
        this.em = em;
        this.appId = appId;
    }

    EntityManager em() {
        return em;
    }

    LinkEntity find(String kind, String localId) {
        return em.createNamedQuery("tncPaLink", LinkEntity.class).setParameter("appId", appId).setParameter("kind", kind)
                .setParameter("localId", localId).getResultStream().findFirst().orElse(null);
    }

    LinkEntity byRemote(String kind, String remoteId) {
        return em.createNamedQuery("tncPaLinkByRemote", LinkEntity.class).setParameter("appId", appId).setParameter("kind", kind)
                .setParameter("remoteId", remoteId).getResultStream().findFirst().orElse(null);
    }

    LinkEntity create(String kind, String localId, String remoteId, boolean createdByUs) {
        LinkEntity l = new LinkEntity();
        l.setId(KeycloakModelUtils.generateId());
        l.setAppId(appId);
        l.setKind(kind);
        l.setLocalId(localId);
        l.setRemoteId(remoteId);
        l.setState("{}");
        l.setActive(true);
        l.setCreatedByUs(createdByUs);
        l.setUpdatedAt(System.currentTimeMillis());
        em.persist(l);
        return l;
    }

    /** Removes at once (flushed), so that a new link of the same user can follow in this transaction. */
    void remove(LinkEntity l) {
        em.remove(l);
        em.flush();
    }

    /** The values last pushed (target path → value). */
    static Map<String, String> values(LinkEntity l) {
        Map<String, String> out = new LinkedHashMap<>();
        state(l).path("values").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return out;
    }

    /** The local groups this user was last pushed as a member of. */
    static List<String> groups(LinkEntity l) {
        List<String> out = new ArrayList<>();
        state(l).path("groups").forEach(g -> out.add(g.asText()));
        return out;
    }

    /**
     * The remote group each of {@link #groups} was pushed to (local id → remote id). A group whose
     * link was dropped and made again has a new remote id, so the membership is pushed again. Absent
     * for links saved before this was kept: those count as pushed to the current remote group.
     */
    static Map<String, String> groupRemotes(LinkEntity l) {
        Map<String, String> out = new LinkedHashMap<>();
        state(l).path("groupRemotes").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Saves values and groups, keeping the remote ids known for those groups. */
    static void save(LinkEntity l, Map<String, String> values, List<String> groups) {
        Map<String, String> known = groupRemotes(l);
        Map<String, String> remotes = new LinkedHashMap<>();
        for (String g : groups) {
            if (known.containsKey(g)) {
                remotes.put(g, known.get(g));
            }
        }
        save(l, values, groups, remotes);
    }

    static void save(LinkEntity l, Map<String, String> values, List<String> groups, Map<String, String> remotes) {
        ObjectNode s = AppSettings.object();
        ObjectNode v = s.putObject("values");
        values.forEach(v::put);
        groups.forEach(s.putArray("groups")::add);
        ObjectNode r = s.putObject("groupRemotes");
        remotes.forEach(r::put);
        l.setState(s.toString());
        l.setUpdatedAt(System.currentTimeMillis());
    }

    /** The local users whose last push made them members of the group (a scan of this app's user links). */
    List<String> usersPushedInto(String groupId) {
        return em.createQuery("select l.localId from TncPaLink l where l.appId = :appId and l.kind = 'USER' and l.state like :p",
                String.class).setParameter("appId", appId).setParameter("p", "%\"" + groupId + "\"%").getResultList();
    }

    private static JsonNode state(LinkEntity l) {
        try {
            return AppSettings.JSON.readTree(l.getState());
        } catch (IOException e) {
            return AppSettings.object();
        }
    }
}
