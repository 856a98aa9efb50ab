package dev.tenancy.provisioning.log;

import java.time.Duration;

import org.keycloak.Config;

/**
 * Options of the event log, parsed once from {@code --spi-tenancy-provisioning--default--*}.
 *
 * @param retention how long events are kept ({@code events-retention-days}, default 30; decimals allowed)
 * @param sequencerInterval how often an idle node's sequencer looks for committed events without a position
 * @param purgeInterval how often retention runs
 * @param maxWaiters long-polling requests one node lets wait at once; others answer at once
 * @param maxWait the largest {@code wait} a request may ask for
 */
public record LogConfig(Duration retention, Duration sequencerInterval, Duration purgeInterval, int maxWaiters, Duration maxWait) {

    public static LogConfig from(Config.Scope scope) {
        String days = scope.get("events-retention-days");
        double d = days == null || days.isBlank() ? 30 : Double.parseDouble(days.trim());
        if (!(d > 0)) {
            throw new IllegalArgumentException("events-retention-days must be a positive number");
        }
        return new LogConfig(Duration.ofMillis((long) (d * 86_400_000L)),
                Duration.ofMillis(scope.getLong("sequencer-interval-millis", 500L)),
                Duration.ofSeconds(scope.getLong("events-purge-interval-seconds", 60L)),
                scope.getInt("events-max-waiters", 32),
                Duration.ofSeconds(60));
    }

    public static LogConfig defaults() {
        return new LogConfig(Duration.ofDays(30), Duration.ofMillis(500), Duration.ofSeconds(60), 32, Duration.ofSeconds(60));
    }
}
