package dev.tenancy.orgs.internal;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.tenancy.orgs.setup.SetupOptions;

/**
 * The module's server options ({@code --spi-tenancy-orgs--default--<option>}), declared once here
 * with their defaults and parsed once in the factory's {@code init}.
 *
 * @param credentialCacheSeconds       how long a verified SCIM credential is remembered (0: never)
 * @param credentialCacheSize          most remembered verifications per node
 * @param jwksCacheSeconds             how long a JWKS is kept
 * @param jwksMinRefreshSeconds        least time between two fetches of one JWKS URI (unknown kid, failure)
 * @param requestRecordSeconds         least time between two writes of an organization's lastRequestAt
 * @param authFailuresPerOrganization  failed SCIM authentications per organization per window before 429
 * @param authFailuresPerAddress       failed SCIM authentications per client address per window before 429
 * @param authFailureWindowSeconds     the throttling window
 * @param authFailureRecordSeconds     least time between two failed-authentication entries in recentErrors
 * @param maxConcurrentVerifications   concurrent Argon2id verifications per node
 * @param verificationWaitMillis       how long a request waits for a verification slot before 429
 * @param allowPrivateAddresses        outbound calls (JWKS) may reach loopback and private addresses
 * @param outboundConnectTimeoutMillis connect timeout of outbound calls
 * @param outboundReadTimeoutMillis    read timeout of outbound calls
 * @param exchangeRecordMillis         least time between two recorded SCIM requests of an organization
 *                                     (the setup page's live panel), per node
 */
public record OrgsConfig(
        long credentialCacheSeconds,
        int credentialCacheSize,
        long jwksCacheSeconds,
        long jwksMinRefreshSeconds,
        long requestRecordSeconds,
        int authFailuresPerOrganization,
        int authFailuresPerAddress,
        long authFailureWindowSeconds,
        long authFailureRecordSeconds,
        int maxConcurrentVerifications,
        long verificationWaitMillis,
        boolean allowPrivateAddresses,
        long outboundConnectTimeoutMillis,
        long outboundReadTimeoutMillis,
        long exchangeRecordMillis) {

    static final int DEFAULT_CONCURRENT_VERIFICATIONS = defaultConcurrentVerifications(Runtime.getRuntime().availableProcessors());

    /**
     * How long a request waits for a verification slot by default: one Argon2id verification takes
     * ~30 ms on an idle core and was measured at ~150 ms on a busy 2-vCPU machine, so a request that
     * queues behind one running verification gets its slot with a wide margin.
     */
    static final long DEFAULT_VERIFICATION_WAIT_MILLIS = 500L;

    /**
     * At least 4 slots, so that an identity provider's first burst (Entra and Okta open with a few
     * parallel requests, each a cache miss) is not refused on a small machine; more on a larger one.
     * Each slot bounds 19 MiB and one core's worth of work, so the flood protection stays: a wrong
     * secret never gets more than this many verifications at once.
     */
    static int defaultConcurrentVerifications(int cpus) {
        return Math.max(4, cpus);
    }

    static OrgsConfig from(Config.Scope c) {
        return new OrgsConfig(
                c.getLong("credential-cache-seconds", 60L),
                c.getInt("credential-cache-size", 10_000),
                c.getLong("jwks-cache-seconds", 600L),
                c.getLong("jwks-min-refresh-seconds", 30L),
                c.getLong("request-record-seconds", 10L),
                c.getInt("auth-failures-per-organization", 100),
                c.getInt("auth-failures-per-address", 20),
                c.getLong("auth-failure-window-seconds", 60L),
                c.getLong("auth-failure-record-seconds", 10L),
                c.getInt("max-concurrent-verifications", DEFAULT_CONCURRENT_VERIFICATIONS),
                c.getLong("verification-wait-millis", DEFAULT_VERIFICATION_WAIT_MILLIS),
                c.getBoolean("allow-private-addresses", Environment.isDevMode()),
                c.getLong("outbound-connect-timeout-millis", 5_000L),
                c.getLong("outbound-read-timeout-millis", 10_000L),
                c.getLong("exchange-record-millis", 1_000L));
    }

    static List<ProviderConfigProperty> metadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("credential-cache-seconds").type("int").defaultValue(60)
                .helpText("How long a verified SCIM credential is remembered in memory (0: never)").add()
                .property().name("credential-cache-size").type("int").defaultValue(10000)
                .helpText("Most remembered verifications per node").add()
                .property().name("jwks-cache-seconds").type("int").defaultValue(600)
                .helpText("How long an external identity provider's JWKS is kept").add()
                .property().name("jwks-min-refresh-seconds").type("int").defaultValue(30)
                .helpText("Least time between two fetches of one JWKS URI (unknown kid, expired set or failure)").add()
                .property().name("request-record-seconds").type("int").defaultValue(10)
                .helpText("Least time between two writes of an organization's lastRequestAt").add()
                .property().name("auth-failures-per-organization").type("int").defaultValue(100)
                .helpText("Failed SCIM authentications of one organization per window before requests answer 429").add()
                .property().name("auth-failures-per-address").type("int").defaultValue(20)
                .helpText("Failed SCIM authentications from one client address per window before its requests answer 429").add()
                .property().name("auth-failure-window-seconds").type("int").defaultValue(60)
                .helpText("The window of the failed-authentication limits").add()
                .property().name("auth-failure-record-seconds").type("int").defaultValue(10)
                .helpText("Least time between two failed-authentication entries in an organization's recentErrors").add()
                .property().name("max-concurrent-verifications").type("int").defaultValue(DEFAULT_CONCURRENT_VERIFICATIONS)
                .helpText("Concurrent Argon2id verifications per node (default: the number of CPUs, at least 4)").add()
                .property().name("verification-wait-millis").type("int").defaultValue((int) DEFAULT_VERIFICATION_WAIT_MILLIS)
                .helpText("How long a request waits for a verification slot before it answers 429").add()
                .property().name("allow-private-addresses").type("boolean").defaultValue(false)
                .helpText("Let outbound calls (JWKS) reach loopback and private addresses (default: only in dev mode; never in production)").add()
                .property().name("outbound-connect-timeout-millis").type("int").defaultValue(5000)
                .helpText("Connect timeout of outbound calls").add()
                .property().name("outbound-read-timeout-millis").type("int").defaultValue(10000)
                .helpText("Read timeout of outbound calls").add()
                .property().name("exchange-record-millis").type("int").defaultValue(1000)
                .helpText("Least time between two recorded SCIM requests of an organization (setup page live panel), per node").add()
                .property().name("setup-requests-per-minute").type("int").defaultValue(SetupOptions.DEFAULT_PER_LINK)
                .helpText("Most setup page requests per link and minute, per node (then 429)").add()
                .property().name("setup-invalid-per-minute").type("int").defaultValue(SetupOptions.DEFAULT_INVALID)
                .helpText("Most setup page requests with an unknown, expired or revoked token per client address and minute, per node").add()
                .property().name("setup-refresh-seconds").type("int").defaultValue(SetupOptions.DEFAULT_REFRESH)
                .helpText("How often the setup page's live panel refreshes").add()
                .property().name("metrics-organization-label").type("boolean").defaultValue(false)
                .helpText("Label SCIM request metrics with the organization id (one series per organization)").add()
                .build();
    }
}
