package dev.tenancy.orgs.jpa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.orgs.api.AuthType;
import dev.tenancy.orgs.api.Deprovision;
import dev.tenancy.orgs.api.ScimConfig;

/** SCIM configurations and recent errors in {@code TNC_SCIM_CONFIG} and {@code TNC_SCIM_ERROR}. */
public final class ScimConfigStore {

    /** How many recent errors the status panel keeps per organization. */
    public static final int RECENT_ERRORS = 20;

    private final EntityManager em;

    public ScimConfigStore(EntityManager em) {
        this.em = em;
    }

    public Optional<ScimConfigEntity> find(RealmModel realm, String organizationId) {
        ScimConfigEntity e = em.find(ScimConfigEntity.class, organizationId);
        return e != null && e.getRealmId().equals(realm.getId()) ? Optional.of(e) : Optional.empty();
    }

    public void persist(ScimConfigEntity e) {
        em.persist(e);
        em.flush();
    }

    public void remove(ScimConfigEntity e) {
        em.remove(e);
        em.createNamedQuery("tnc.scimError.deleteByOrg").setParameter("orgId", e.getOrganizationId()).executeUpdate();
    }

    public void touchRequest(String organizationId, long at) {
        em.createNamedQuery("tnc.scimConfig.touchRequest").setParameter("orgId", organizationId).setParameter("at", at).executeUpdate();
    }

    public void addError(RealmModel realm, String organizationId, int status, String scimType, String detail) {
        ScimErrorEntity e = new ScimErrorEntity();
        e.setId(KeycloakModelUtils.generateId());
        e.setRealmId(realm.getId());
        e.setOrganizationId(organizationId);
        e.setAt(System.currentTimeMillis());
        e.setStatus(status);
        e.setScimType(scimType);
        e.setDetail(printable(detail, 1024));
        em.persist(e);
        List<ScimErrorEntity> kept = recentErrors(organizationId);
        if (kept.size() >= RECENT_ERRORS) {
            em.createNamedQuery("tnc.scimError.deleteOlder").setParameter("orgId", organizationId)
                    .setParameter("before", kept.get(RECENT_ERRORS - 1).getAt()).executeUpdate();
        }
    }

    /**
     * The detail as it may be stored and shown: control characters (a client's NUL byte, which
     * PostgreSQL refuses in text) replaced, at most {@code max} characters.
     */
    public static String printable(String detail, int max) {
        if (detail == null) {
            return null;
        }
        String clean = detail.replaceAll("\\p{Cntrl}", "?");
        return clean.substring(0, Math.min(clean.length(), max));
    }

    public List<ScimErrorEntity> recentErrors(String organizationId) {
        return em.createNamedQuery("tnc.scimError.byOrg", ScimErrorEntity.class).setParameter("orgId", organizationId)
                .setMaxResults(RECENT_ERRORS).getResultList();
    }

    public void deleteOrganization(String organizationId) {
        ScimConfigEntity e = em.find(ScimConfigEntity.class, organizationId);
        if (e != null) {
            em.remove(e);
        }
        em.createNamedQuery("tnc.scimError.deleteByOrg").setParameter("orgId", organizationId).executeUpdate();
    }

    public void deleteRealm(String realmId) {
        em.createNamedQuery("tnc.scimConfig.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("tnc.scimError.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }

    public static ScimConfig toConfig(ScimConfigEntity e) {
        return new ScimConfig(e.getOrganizationId(), e.getRealmId(), e.isEnabled(), AuthType.valueOf(e.getAuthType()),
                e.getClientId(), e.getIssuer(), e.getAudience(), e.getJwksUri(), e.getSecretHash() != null,
                e.getUsername(), e.getPasswordHash() != null, e.isEmailAsUsername(), e.getIdentityProvider(),
                Deprovision.valueOf(e.getDeprovision()), e.isAdoptExistingUsers(), e.getVersion(),
                Instant.ofEpochMilli(e.getCreated()), Instant.ofEpochMilli(e.getLastModified()),
                e.getLastRequestAt() == null ? null : Instant.ofEpochMilli(e.getLastRequestAt()));
    }
}
