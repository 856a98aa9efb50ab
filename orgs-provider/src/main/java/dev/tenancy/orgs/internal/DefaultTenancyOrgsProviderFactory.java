package dev.tenancy.orgs.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.orgs.api.TenancyOrgsProviderFactory;
import dev.tenancy.orgs.auth.AuthThrottle;
import dev.tenancy.orgs.auth.JwksCache;
import dev.tenancy.orgs.auth.ScimAuthenticator;
import dev.tenancy.orgs.auth.VerificationCache;
import dev.tenancy.orgs.auth.VerificationGate;
import dev.tenancy.orgs.net.AddressPolicy;
import dev.tenancy.orgs.net.OutboundClient;
import dev.tenancy.orgs.setup.SetupOptions;

/** The options are declared in {@link OrgsConfig} and read once here. */
public final class DefaultTenancyOrgsProviderFactory implements TenancyOrgsProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "default";

    private static final Logger LOG = Logger.getLogger(DefaultTenancyOrgsProviderFactory.class);
    private static final int MAX_JWKS_BYTES = 512 * 1024;

    private OrgsConfig config;
    private VerificationCache credentials;
    private JwksCache jwks;
    private ScimAuthenticator authenticator;
    private AddressPolicy addressPolicy;
    private OutboundClient outbound;
    private final Map<String, Long> lastRecorded = new ConcurrentHashMap<>();
    private final Map<String, Long> lastFailureRecorded = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> unrecordedFailures = new ConcurrentHashMap<>();
    private final Map<String, Long> lastExchange = new ConcurrentHashMap<>();
    private SetupOptions setup;
    private Map<String, String> info;

    @Override
    public TenancyOrgsProvider create(KeycloakSession session) {
        return new DefaultTenancyOrgsProvider(session, this);
    }

    @Override
    public void init(Config.Scope scope) {
        config = OrgsConfig.from(scope);
        credentials = new VerificationCache(config.credentialCacheSeconds() * 1000, config.credentialCacheSize());
        addressPolicy = new AddressPolicy(config.allowPrivateAddresses());
        outbound = OutboundClient.create(addressPolicy, Duration.ofMillis(config.outboundConnectTimeoutMillis()),
                Duration.ofMillis(config.outboundReadTimeoutMillis()), 20);
        jwks = new JwksCache(config.jwksCacheSeconds() * 1000, config.jwksMinRefreshSeconds() * 1000,
                uri -> outbound.getString(uri, MAX_JWKS_BYTES), System::currentTimeMillis);
        authenticator = new ScimAuthenticator(credentials, jwks,
                new AuthThrottle(config.authFailuresPerOrganization(), config.authFailuresPerAddress(),
                        config.authFailureWindowSeconds() * 1000),
                new VerificationGate(config.maxConcurrentVerifications(), config.verificationWaitMillis()));
        setup = SetupOptions.of(scope);
        info = Map.of("version", String.valueOf(getClass().getPackage().getImplementationVersion()),
                "credential-cache-seconds", Long.toString(config.credentialCacheSeconds()),
                "jwks-cache-seconds", Long.toString(config.jwksCacheSeconds()),
                "max-concurrent-verifications", Integer.toString(config.maxConcurrentVerifications()),
                "allow-private-addresses", Boolean.toString(config.allowPrivateAddresses()));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new OrgsLifecycleListener());
    }

    ScimAuthenticator authenticator() {
        return authenticator;
    }

    /** The outbound address policy of this module (JWKS fetching, {@code jwksUri} validation). */
    public AddressPolicy addressPolicy() {
        return addressPolicy;
    }

    /** Drops cached verifications and keys: called on every configuration change on this node. */
    public void configurationChanged() {
        credentials.clear();
        jwks.clear();
    }

    boolean shouldRecordRequest(String organizationId, long now) {
        Long last = lastRecorded.get(organizationId);
        if (last != null && now - last < config.requestRecordSeconds() * 1000) {
            return false;
        }
        lastRecorded.put(organizationId, now);
        return true;
    }

    boolean shouldRecordExchange(String organizationId, long now) {
        if (lastExchange.size() > 100_000) {
            lastExchange.clear();
        }
        boolean[] record = {false};
        lastExchange.compute(organizationId, (k, last) -> {
            if (last != null && now - last < config.exchangeRecordMillis()) {
                return last;
            }
            record[0] = true;
            return now;
        });
        return record[0];
    }

    /** The setup page's options and its node-local rate limiters. */
    public SetupOptions setup() {
        return setup;
    }

    /**
     * Whether a failed authentication is written to recentErrors now; -1 when not (it is counted),
     * else how many earlier failures were not written.
     */
    int failureToRecord(String organizationId, long now) {
        Long last = lastFailureRecorded.get(organizationId);
        AtomicInteger skipped = unrecordedFailures.computeIfAbsent(organizationId, k -> new AtomicInteger());
        if (last != null && now - last < config.authFailureRecordSeconds() * 1000) {
            skipped.incrementAndGet();
            return -1;
        }
        lastFailureRecorded.put(organizationId, now);
        return skipped.getAndSet(0);
    }

    @Override
    public void close() {
        try {
            if (outbound != null) {
                outbound.close();
            }
        } catch (IOException e) {
            LOG.debug("Closing the outbound HTTP client failed", e);
        }
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
        return OrgsConfig.metadata();
    }
}
