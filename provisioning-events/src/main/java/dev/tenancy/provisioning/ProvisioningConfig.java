package dev.tenancy.provisioning;

import java.time.Duration;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.common.util.Environment;

/**
 * The module's server options, parsed once from {@code --spi-tenancy-provisioning--default--*}.
 *
 * @param allowPrivateAddresses deliver to loopback, private and link-local addresses (default: only in dev mode)
 * @param pollInterval how often an idle drainer looks for due deliveries
 * @param batchSize deliveries claimed per round
 * @param senders concurrent HTTP requests per node
 * @param lease how long a claimed delivery stays reserved for the node that claimed it
 * @param connectTimeout TCP connect timeout
 * @param readTimeout socket read timeout
 * @param requestTimeout hard limit on one delivery attempt
 * @param maxAttempts attempts before a delivery is {@code DEAD}
 * @param backoffInitial first retry delay
 * @param backoffMax longest retry delay
 * @param retention how long {@code DELIVERED} deliveries are kept
 * @param deadRetention how long {@code DEAD} deliveries are kept
 * @param defaultTrackedAttributes the tracked fields of realms that do not set their own
 */
public record ProvisioningConfig(
        boolean allowPrivateAddresses,
        Duration pollInterval,
        int batchSize,
        int senders,
        Duration lease,
        Duration connectTimeout,
        Duration readTimeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration backoffInitial,
        Duration backoffMax,
        Duration retention,
        Duration deadRetention,
        List<String> defaultTrackedAttributes) {

    public static final List<String> DEFAULT_TRACKED = List.of("username", "email", "firstName", "lastName",
            "department", "title", "manager", "employeeNumber", "costCenter", "organization", "division");

    public static ProvisioningConfig from(Config.Scope scope) {
        return new ProvisioningConfig(
                scope.getBoolean("allow-private-addresses", Environment.isDevMode()),
                Duration.ofMillis(scope.getLong("poll-interval-millis", 500L)),
                scope.getInt("batch-size", 200),
                scope.getInt("senders", 32),
                Duration.ofSeconds(scope.getLong("lease-seconds", 60L)),
                Duration.ofMillis(scope.getLong("connect-timeout-millis", 5_000L)),
                Duration.ofMillis(scope.getLong("read-timeout-millis", 10_000L)),
                Duration.ofMillis(scope.getLong("request-timeout-millis", 30_000L)),
                scope.getInt("max-attempts", 20),
                Duration.ofMillis(scope.getLong("backoff-initial-millis", 1_000L)),
                Duration.ofSeconds(scope.getLong("backoff-max-seconds", 86_400L)),
                Duration.ofHours(scope.getLong("retention-hours", 168L)),
                Duration.ofHours(scope.getLong("dead-retention-hours", 720L)),
                list(scope.get("tracked-attributes"), DEFAULT_TRACKED));
    }

    static List<String> list(String csv, List<String> fallback) {
        if (csv == null || csv.isBlank()) {
            return fallback;
        }
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** For unit tests: the defaults, with private addresses allowed. */
    public static ProvisioningConfig defaults() {
        return new ProvisioningConfig(true, Duration.ofMillis(500), 200, 32, Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), 20,
                Duration.ofSeconds(1), Duration.ofHours(24), Duration.ofHours(168), Duration.ofHours(720), DEFAULT_TRACKED);
    }
}
