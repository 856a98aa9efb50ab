package dev.tenancy.orgs.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.orgs.api.TenancyOrgsProviderFactory;
import dev.tenancy.orgs.auth.JwksCache;
import dev.tenancy.orgs.auth.ScimAuthenticator;
import dev.tenancy.orgs.auth.VerificationCache;

/**
 * Options ({@code --spi-tenancy-orgs--default--<option>}): {@code credential-cache-seconds} (60;
 * 0 turns the cache off), {@code credential-cache-size} (10000), {@code jwks-cache-seconds} (600),
 * {@code jwks-min-refresh-seconds} (10), {@code request-record-seconds} (10).
 */
public final class DefaultTenancyOrgsProviderFactory implements TenancyOrgsProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "default";

    private VerificationCache credentials;
    private JwksCache jwks;
    private ScimAuthenticator authenticator;
    private long requestRecordMillis;
    private final Map<String, Long> lastRecorded = new ConcurrentHashMap<>();
    private Map<String, String> info;

    @Override
    public TenancyOrgsProvider create(KeycloakSession session) {
        return new DefaultTenancyOrgsProvider(session, this);
    }

    @Override
    public void init(Config.Scope config) {
        long cacheSeconds = config.getLong("credential-cache-seconds", 60L);
        int cacheSize = config.getInt("credential-cache-size", 10_000);
        long jwksSeconds = config.getLong("jwks-cache-seconds", 600L);
        long jwksRefresh = config.getLong("jwks-min-refresh-seconds", 10L);
        credentials = new VerificationCache(cacheSeconds * 1000, cacheSize);
        jwks = new JwksCache(jwksSeconds * 1000, jwksRefresh * 1000);
        authenticator = new ScimAuthenticator(credentials, jwks);
        requestRecordMillis = config.getLong("request-record-seconds", 10L) * 1000;
        info = Map.of("version", String.valueOf(getClass().getPackage().getImplementationVersion()),
                "credential-cache-seconds", Long.toString(cacheSeconds),
                "jwks-cache-seconds", Long.toString(jwksSeconds));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new OrgsLifecycleListener());
    }

    ScimAuthenticator authenticator() {
        return authenticator;
    }

    /** Drops cached verifications and keys: called on every configuration change on this node. */
    public void configurationChanged() {
        credentials.clear();
        jwks.clear();
    }

    boolean shouldRecordRequest(String organizationId, long now) {
        Long last = lastRecorded.get(organizationId);
        if (last != null && now - last < requestRecordMillis) {
            return false;
        }
        lastRecorded.put(organizationId, now);
        return true;
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return info;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("credential-cache-seconds").type("int").defaultValue(60)
                .helpText("How long a verified SCIM credential is remembered in memory (0: never)").add()
                .property().name("credential-cache-size").type("int").defaultValue(10000)
                .helpText("Most remembered verifications per node").add()
                .property().name("jwks-cache-seconds").type("int").defaultValue(600)
                .helpText("How long an external identity provider's JWKS is kept").add()
                .property().name("jwks-min-refresh-seconds").type("int").defaultValue(10)
                .helpText("Least time between two JWKS refreshes triggered by an unknown kid").add()
                .property().name("request-record-seconds").type("int").defaultValue(10)
                .helpText("Least time between two writes of an organization's lastRequestAt").add()
                .property().name("metrics-organization-label").type("boolean").defaultValue(false)
                .helpText("Label SCIM request metrics with the organization id (one series per organization)").add()
                .build();
    }
}
