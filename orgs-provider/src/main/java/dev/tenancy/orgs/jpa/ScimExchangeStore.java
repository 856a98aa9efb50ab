package dev.tenancy.orgs.jpa;

import java.util.List;

import jakarta.persistence.EntityManager;

import org.keycloak.models.utils.KeycloakModelUtils;

/** The bounded ring of recent SCIM requests per organization in {@code TNC_SCIM_EXCHANGE}. */
public final class ScimExchangeStore {

    /** How many recent requests are kept per organization. */
    public static final int KEPT = 20;

    private final EntityManager em;

    public ScimExchangeStore(EntityManager em) {
        this.em = em;
    }

    public void add(String realmId, String organizationId, long at, String method, String path, int status) {
        ScimExchangeEntity e = new ScimExchangeEntity();
        e.setId(KeycloakModelUtils.generateId());
        e.setRealmId(realmId);
        e.setOrganizationId(organizationId);
        e.setAt(at);
        e.setMethod(method);
        e.setPath(ScimConfigStore.printable(path, 255));
        e.setStatus(status);
        em.persist(e);
        List<ScimExchangeEntity> kept = recent(organizationId);
        if (kept.size() >= KEPT) {
            em.createNamedQuery("tnc.scimExchange.deleteOlder").setParameter("orgId", organizationId)
                    .setParameter("before", kept.get(KEPT - 1).getAt()).executeUpdate();
        }
    }

    public List<ScimExchangeEntity> recent(String organizationId) {
        return em.createNamedQuery("tnc.scimExchange.byOrg", ScimExchangeEntity.class).setParameter("orgId", organizationId)
                .setMaxResults(KEPT).getResultList();
    }

    public void deleteOrganization(String organizationId) {
        em.createNamedQuery("tnc.scimExchange.deleteByOrg").setParameter("orgId", organizationId).executeUpdate();
    }

    public void deleteRealm(String realmId) {
        em.createNamedQuery("tnc.scimExchange.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }
}
