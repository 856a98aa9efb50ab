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

    static void save(LinkEntity l, Map<String, String> values, List<String> groups) {
        ObjectNode s = AppSettings.object();
        ObjectNode v = s.putObject("values");
        values.forEach(v::put);
        groups.forEach(s.putArray("groups")::add);
        l.setState(s.toString());
        l.setUpdatedAt(System.currentTimeMillis());
    }

    private static JsonNode state(LinkEntity l) {
        try {
            return AppSettings.JSON.readTree(l.getState());
        } catch (IOException e) {
            return AppSettings.object();
        }
    }
}
