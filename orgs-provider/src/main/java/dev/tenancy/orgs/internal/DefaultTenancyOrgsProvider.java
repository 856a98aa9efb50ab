package dev.tenancy.orgs.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.api.ScimAuthenticationException;
import dev.tenancy.orgs.api.ScimClient;
import dev.tenancy.orgs.api.ScimConfig;
import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.orgs.auth.CallerAuthenticator;
import dev.tenancy.orgs.jpa.JpaGroupLinkStore;
import dev.tenancy.orgs.jpa.JpaUserLinkStore;
import dev.tenancy.orgs.jpa.OrgRoleStore;
import dev.tenancy.orgs.jpa.ScimConfigEntity;
import dev.tenancy.orgs.jpa.ScimConfigStore;
import dev.tenancy.orgs.jpa.ScimExchangeStore;

/** The organizations model of one Keycloak session. */
public final class DefaultTenancyOrgsProvider implements TenancyOrgsProvider {

    /** Realm attribute holding the realm switch. */
    public static final String SCIM_ENABLED_ATTRIBUTE = "tenancy.scimEnabled";

    private final KeycloakSession session;
    private final DefaultTenancyOrgsProviderFactory factory;
    private EntityManager em;

    DefaultTenancyOrgsProvider(KeycloakSession session, DefaultTenancyOrgsProviderFactory factory) {
        this.session = session;
        this.factory = factory;
    }

    private EntityManager em() {
        if (em == null) {
            em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        }
        return em;
    }

    public ScimConfigStore configs() {
        return new ScimConfigStore(em());
    }

    public OrgRoleStore roles() {
        return new OrgRoleStore(em());
    }

    public DefaultTenancyOrgsProviderFactory factory() {
        return factory;
    }

    @Override
    public OrganizationModel findOrganization(RealmModel realm, String organizationId) {
        OrganizationProvider provider = session.getProvider(OrganizationProvider.class);
        if (organizationId == null || provider == null || !realm.isOrganizationsEnabled()) {
            return null;
        }
        try {
            return provider.getById(organizationId);
        } catch (ModelException e) {
            // Keycloak throws for an organization of another realm: to the caller it does not exist.
            return null;
        }
    }

    @Override
    public boolean isScimEnabled(RealmModel realm) {
        return Boolean.parseBoolean(realm.getAttribute(SCIM_ENABLED_ATTRIBUTE));
    }

    public void setScimEnabled(RealmModel realm, boolean enabled) {
        realm.setAttribute(SCIM_ENABLED_ATTRIBUTE, Boolean.toString(enabled));
    }

    @Override
    public Optional<ScimConfig> scimConfig(RealmModel realm, String organizationId) {
        return configs().find(realm, organizationId).map(ScimConfigStore::toConfig);
    }

    @Override
    public ScimClient authenticate(RealmModel realm, OrganizationModel organization, String authorizationHeader)
            throws ScimAuthenticationException {
        ScimConfigEntity stored = configs().find(realm, organization.getId())
                .orElseThrow(() -> new ScimAuthenticationException("SCIM is not configured", "Bearer"));
        String address = session.getContext().getConnection() == null ? null : session.getContext().getConnection().getRemoteAddr();
        try {
            return factory.authenticator().authenticate(session, realm, ScimConfigStore.toConfig(stored), stored,
                    authorizationHeader, address);
        } catch (ScimAuthenticationException e) {
            if (authorizationHeader != null && !authorizationHeader.isBlank()) {
                recordFailure(realm, organization.getId(), e, address);
            }
            throw e;
        }
    }

    /** A failed authentication in recentErrors: rate-limited per organization, with our reason, never the credential. */
    private void recordFailure(RealmModel realm, String organizationId, ScimAuthenticationException e, String address) {
        int skipped = factory.failureToRecord(organizationId, System.currentTimeMillis());
        if (skipped < 0) {
            return;
        }
        String detail = (e.status() == 429 ? "Authentication throttled: " : "Authentication failed: ") + e.getMessage()
                + (address == null ? "" : " (client " + address + ")")
                + (skipped > 0 ? "; " + skipped + " more failed or throttled attempts since the previous entry" : "");
        recordError(realm, organizationId, e.status(), null, detail);
    }

    @Override
    public void recordRequest(RealmModel realm, String organizationId) {
        long now = System.currentTimeMillis();
        if (!factory.shouldRecordRequest(organizationId, now)) {
            return;
        }
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s ->
                new ScimConfigStore(s.getProvider(JpaConnectionProvider.class).getEntityManager()).touchRequest(organizationId, now));
    }

    @Override
    public void recordError(RealmModel realm, String organizationId, int status, String scimType, String detail) {
        String realmId = realm.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                RealmModel r = s.realms().getRealm(realmId);
                if (r != null) {
                    new ScimConfigStore(s.getProvider(JpaConnectionProvider.class).getEntityManager())
                            .addError(r, organizationId, status, scimType, detail);
                }
            });
        } catch (RuntimeException e) {
            // The status panel is best effort: a failed write must never turn the SCIM answer into a 500.
            org.jboss.logging.Logger.getLogger(DefaultTenancyOrgsProvider.class).warnf("SCIM error of organization %s not recorded: %s",
                    organizationId, e.getClass().getSimpleName());
        }
    }

    @Override
    public void recordExchange(RealmModel realm, String organizationId, String method, String path, int status) {
        long now = System.currentTimeMillis();
        if (realm == null || organizationId == null || !factory.shouldRecordExchange(organizationId, now)) {
            return;
        }
        String realmId = realm.getId();
        String m = method == null ? "?" : method.toUpperCase(java.util.Locale.ROOT);
        String p = ExchangePaths.relative(path, organizationId);
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s ->
                    new ScimExchangeStore(s.getProvider(JpaConnectionProvider.class).getEntityManager())
                            .add(realmId, organizationId, now, m.length() > 16 ? m.substring(0, 16) : m, p, status));
        } catch (RuntimeException e) {
            // The live panel is best effort: a failed write must never change the SCIM answer.
            org.jboss.logging.Logger.getLogger(DefaultTenancyOrgsProvider.class).debugf(e, "SCIM exchange not recorded for %s", organizationId);
        }
    }

    public dev.tenancy.orgs.setup.SetupLinkStore setupLinks() {
        return new dev.tenancy.orgs.setup.SetupLinkStore(em());
    }

    public ScimExchangeStore exchanges() {
        return new ScimExchangeStore(em());
    }

    @Override
    public JpaUserLinkStore userLinks() {
        return new JpaUserLinkStore(em());
    }

    @Override
    public JpaGroupLinkStore groupLinks() {
        return new JpaGroupLinkStore(em());
    }

    @Override
    public boolean isPrivileged(RealmModel realm, UserModel user) {
        return PrivilegedAccounts.isPrivileged(realm, user);
    }

    @Override
    public boolean hasRole(RealmModel realm, String organizationId, String userId, String role) {
        return roles().holds(organizationId, role, userId);
    }

    @Override
    public Map<String, String> customRoles(RealmModel realm, String organizationId) {
        Map<String, String> out = new java.util.TreeMap<>();
        roles().customRoles(organizationId).forEach(r -> out.put(r.getName(), r.getDescription()));
        return out;
    }

    @Override
    public boolean setCustomRole(RealmModel realm, String organizationId, String userId, String role, boolean granted) {
        if (role == null || OrgRoles.isBuiltIn(role) || roles().customRole(organizationId, role).isEmpty()) {
            throw new IllegalArgumentException("Not a custom role of the organization: " + role);
        }
        boolean changed = granted ? roles().grant(realm, organizationId, role, userId, "scim", null) : roles().revoke(organizationId, role, userId);
        if (changed) {
            session.getKeycloakSessionFactory().publish(
                    new dev.tenancy.orgs.api.OrganizationRoleChangedEvent(session, realm, organizationId, userId, role, granted));
        }
        return changed;
    }

    @Override
    public Map<String, Set<String>> rolesByOrganization(RealmModel realm, UserModel user) {
        return roles().rolesByOrganization(realm, user.getId());
    }

    @Override
    public Caller authenticateCaller() {
        RealmModel realm = session.getContext().getRealm();
        return new DefaultCaller(session, realm, CallerAuthenticator.authenticate(session, realm), roles());
    }

    @Override
    public void close() {
    }
}
