package dev.tenancy.provisioning.apps;

import java.time.Duration;

import org.keycloak.Config;
import org.keycloak.common.util.Environment;

/**
 * Options of outbound SCIM, parsed once from {@code --spi-tenancy-provisioning-apps--default--*}.
 * Tests set short intervals so that nothing sleeps.
 */
public record AppsConfig(boolean allowPrivateAddresses, Duration pollInterval, int batchSize, int workers, Duration lease,
                         Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration backoffInitial,
                         Duration backoffMax, int syncPageSize, Duration syncPollInterval, Duration capabilitiesTtl,
                         int threadsPerApp) {

    public static AppsConfig from(Config.Scope s) {
        return new AppsConfig(
                s.getBoolean("allow-private-addresses", Environment.isDevMode()),
                Duration.ofMillis(s.getLong("poll-interval-millis", 500L)),
                s.getInt("batch-size", 100),
                s.getInt("workers", 8),
                Duration.ofSeconds(s.getLong("lease-seconds", 120L)),
                Duration.ofMillis(s.getLong("connect-timeout-millis", 5_000L)),
                Duration.ofMillis(s.getLong("read-timeout-millis", 15_000L)),
                s.getInt("max-attempts", 50),
                Duration.ofMillis(s.getLong("backoff-initial-millis", 1_000L)),
                Duration.ofSeconds(s.getLong("backoff-max-seconds", 3_600L)),
                s.getInt("sync-page-size", 100),
                Duration.ofMillis(s.getLong("sync-poll-interval-millis", 2_000L)),
                Duration.ofSeconds(s.getLong("capabilities-ttl-seconds", 300L)),
                Math.max(1, s.getInt("threads-per-app", 4)));
    }

    /** For unit tests. */
    public static AppsConfig defaults() {
        return new AppsConfig(true, Duration.ofMillis(500), 100, 8, Duration.ofSeconds(120), Duration.ofSeconds(5),
                Duration.ofSeconds(15), 50, Duration.ofSeconds(1), Duration.ofHours(1), 100, Duration.ofSeconds(2),
                Duration.ofMinutes(5), 4);
    }
}
