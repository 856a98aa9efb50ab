package dev.tenancy.orgs.setup;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

/** Setup links in {@code TNC_SCIM_SETUP_LINK}. Every lookup reads the database: revocation is immediate on every node. */
public final class SetupLinkStore {

    private final EntityManager em;

    public SetupLinkStore(EntityManager em) {
        this.em = em;
    }

    void persist(SetupLinkEntity e) {
        em.persist(e);
        em.flush();
    }

    /** The link of this realm with that token hash, whatever its state. */
    Optional<SetupLinkEntity> byHash(String realmId, String hash) {
        return em.createNamedQuery("tnc.setupLink.byHash", SetupLinkEntity.class).setParameter("hash", hash)
                .getResultStream().filter(l -> l.getRealmId().equals(realmId)).findFirst();
    }

    List<SetupLinkEntity> byOrganization(String realmId, String organizationId) {
        return em.createNamedQuery("tnc.setupLink.byOrg", SetupLinkEntity.class).setParameter("realmId", realmId)
                .setParameter("orgId", organizationId).setMaxResults(500).getResultList();
    }

    Optional<SetupLinkEntity> find(String realmId, String organizationId, String id) {
        SetupLinkEntity e = id == null ? null : em.find(SetupLinkEntity.class, id);
        return e != null && e.getRealmId().equals(realmId) && e.getOrganizationId().equals(organizationId) ? Optional.of(e) : Optional.empty();
    }

    public void deleteOrganization(String organizationId) {
        em.createNamedQuery("tnc.setupLink.deleteByOrg").setParameter("orgId", organizationId).executeUpdate();
    }

    public void deleteRealm(String realmId) {
        em.createNamedQuery("tnc.setupLink.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }
}
