package dev.tenancy.provisioning.delivery;

import java.time.Duration;
import java.util.regex.Pattern;

import org.keycloak.Config;

/**
 * Fairness and broker options, parsed once from {@code --spi-tenancy-provisioning--default--*}.
 * Broker addresses and credentials are server options only, never stored in a realm.
 *
 * @param maxInFlightPerSubscription deliveries of one subscription in flight at once on a node
 * @param breakerFailures consecutive failed attempts that open a subscription's circuit breaker
 * @param breakerOpen first cool-down of an open breaker (doubles on each failed probe)
 * @param breakerMaxOpen longest cool-down
 * @param metricsInterval how often the backlog gauges are refreshed from the database
 * @param kafka the Kafka producer settings, or null when no broker is configured
 * @param nats the NATS settings, or null when no server is configured
 */
public record DeliveryOptions(int maxInFlightPerSubscription, int breakerFailures, Duration breakerOpen,
                              Duration breakerMaxOpen, Duration metricsInterval, Kafka kafka, Nats nats) {

    /**
     * @param bootstrapServers {@code host:port,…}
     * @param securityProtocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
     * @param saslMechanism e.g. PLAIN, SCRAM-SHA-512
     * @param saslUsername user of the PLAIN/SCRAM login module
     * @param saslPassword its password
     * @param truststorePath trusted CA certificates (PKCS12 or PEM)
     * @param truststorePassword the truststore's password
     * @param truststoreType PKCS12, JKS or PEM
     * @param keystorePath client certificate for mutual TLS
     * @param keystorePassword its password
     * @param sendTimeout how long one publish may take before it counts as a failed attempt
     * @param topicPattern topics subscriptions may name
     */
    public record Kafka(String bootstrapServers, String securityProtocol, String saslMechanism, String saslUsername,
                        String saslPassword, String truststorePath, String truststorePassword, String truststoreType,
                        String keystorePath, String keystorePassword, Duration sendTimeout, Pattern topicPattern) {
    }

    /**
     * @param url {@code nats://host:4222} or {@code tls://…}, comma-separated for a cluster
     * @param credsFile a {@code .creds} file (JWT + NKey)
     * @param token a token
     * @param username a user
     * @param password the user's password
     * @param truststorePath trusted CA certificates (PKCS12 or JKS) for {@code tls://}
     * @param truststorePassword its password
     * @param publishTimeout how long one JetStream publish may wait for its ack
     * @param subjectPattern subjects subscriptions may name
     */
    public record Nats(String url, String credsFile, String token, String username, String password,
                       String truststorePath, String truststorePassword, Duration publishTimeout, Pattern subjectPattern) {
    }

    public static DeliveryOptions from(Config.Scope scope, int senders) {
        String bootstrap = blankToNull(scope.get("kafka-bootstrap-servers"));
        Kafka kafka = bootstrap == null ? null : new Kafka(bootstrap,
                scope.get("kafka-security-protocol", "PLAINTEXT"),
                blankToNull(scope.get("kafka-sasl-mechanism")),
                blankToNull(scope.get("kafka-sasl-username")),
                blankToNull(scope.get("kafka-sasl-password")),
                blankToNull(scope.get("kafka-truststore-path")),
                blankToNull(scope.get("kafka-truststore-password")),
                blankToNull(scope.get("kafka-truststore-type")),
                blankToNull(scope.get("kafka-keystore-path")),
                blankToNull(scope.get("kafka-keystore-password")),
                Duration.ofMillis(scope.getLong("kafka-send-timeout-millis", 30_000L)),
                Pattern.compile(scope.get("kafka-topic-pattern", "[A-Za-z0-9._-]{1,249}")));
        String natsUrl = blankToNull(scope.get("nats-url"));
        Nats nats = natsUrl == null ? null : new Nats(natsUrl,
                blankToNull(scope.get("nats-creds-file")),
                blankToNull(scope.get("nats-token")),
                blankToNull(scope.get("nats-username")),
                blankToNull(scope.get("nats-password")),
                blankToNull(scope.get("nats-truststore-path")),
                blankToNull(scope.get("nats-truststore-password")),
                Duration.ofMillis(scope.getLong("nats-publish-timeout-millis", 10_000L)),
                Pattern.compile(scope.get("nats-subject-pattern", "[A-Za-z0-9_.-]+")));
        return new DeliveryOptions(
                scope.getInt("max-in-flight-per-subscription", Math.max(1, senders / 4)),
                scope.getInt("breaker-failures", 5),
                Duration.ofMillis(scope.getLong("breaker-open-millis", 5_000L)),
                Duration.ofSeconds(scope.getLong("breaker-max-open-seconds", 300L)),
                Duration.ofMillis(scope.getLong("metrics-interval-millis", 10_000L)),
                kafka, nats);
    }

    /** For unit tests: the defaults with no brokers. */
    public static DeliveryOptions defaults() {
        return new DeliveryOptions(8, 5, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(10), null, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
