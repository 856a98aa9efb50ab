package dev.tenancy.provisioning;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.tenancy.orgs.metrics.TenancyMetrics;
import dev.tenancy.provisioning.delivery.DeliveryOptions;
import dev.tenancy.provisioning.delivery.Drainer;
import dev.tenancy.provisioning.log.EventLog;
import dev.tenancy.provisioning.log.LogConfig;
import dev.tenancy.provisioning.log.Sequencer;
import dev.tenancy.provisioning.store.SubscriptionCache;
import dev.tenancy.provisioning.delivery.KafkaSink;
import dev.tenancy.provisioning.delivery.NatsSink;
import dev.tenancy.provisioning.delivery.Sink;
import dev.tenancy.provisioning.delivery.Sinks;
import dev.tenancy.provisioning.delivery.WebhookSender;
import dev.tenancy.provisioning.delivery.WebhookSink;

/** Parses the options once and runs this node's drainer for the server's lifetime. */
public final class DefaultProvisioningProviderFactory implements ProvisioningProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "default";
    private static final Logger LOG = Logger.getLogger(DefaultProvisioningProviderFactory.class);

    private ProvisioningConfig config;
    private DeliveryOptions delivery;
    private Sinks sinks;
    private WebhookSender sender;
    private Drainer drainer;
    private ExecutorService senders;
    private ScheduledExecutorService watchdog;
    private Thread drainerThread;
    private LogConfig logConfig;
    private EventLog eventLog;
    private final SubscriptionCache subscriptionCache = new SubscriptionCache();
    private Sequencer sequencer;
    private Thread sequencerThread;

    @Override
    public ProvisioningProvider create(KeycloakSession session) {
        ProvisioningConfig c = config;
        Drainer d = drainer;
        return new ProvisioningProvider() {
            @Override
            public ProvisioningConfig config() {
                return c;
            }

            @Override
            public void wakeDrainer() {
                if (d != null) {
                    d.wake();
                }
            }

            @Override
            public WebhookSender sender() {
                return sender;
            }

            @Override
            public SubscriptionCache subscriptions() {
                return subscriptionCache;
            }

            @Override
            public EventLog eventLog() {
                return eventLog;
            }

            @Override
            public DeliveryOptions delivery() {
                return delivery;
            }

            @Override
            public Sinks sinks() {
                return sinks;
            }

            @Override
            public boolean breakerOpen(String subscriptionId) {
                return d != null && d.breakerOpen(subscriptionId);
            }
        };
    }

    @Override
    public void init(Config.Scope scope) {
        config = ProvisioningConfig.from(scope);
        logConfig = LogConfig.from(scope);
        eventLog = new EventLog(logConfig);
        delivery = DeliveryOptions.from(scope, config.senders());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        senders = Executors.newFixedThreadPool(config.senders(), threads("tenancy-webhook-sender"));
        watchdog = Executors.newSingleThreadScheduledExecutor(threads("tenancy-webhook-watchdog"));
        sender = new WebhookSender(config, watchdog);
        List<Sink> all = new java.util.ArrayList<>();
        all.add(new WebhookSink(sender, senders, config.senders()));
        if (delivery.kafka() != null) {
            all.add(new KafkaSink(delivery.kafka()));
        }
        if (delivery.nats() != null) {
            all.add(new NatsSink(delivery.nats()));
        }
        sinks = new Sinks(all);
        drainer = new Drainer(factory, config, delivery, sinks, TenancyMetrics.get());
        drainerThread = threads("tenancy-provisioning-drainer").newThread(drainer);
        drainerThread.start();
        sequencer = new Sequencer(factory, eventLog);
        sequencerThread = threads("tenancy-event-log-sequencer").newThread(sequencer);
        sequencerThread.start();
        LOG.infof("Provisioning events drainer started (private addresses %s; kafka %s; nats %s)",
                config.allowPrivateAddresses() ? "allowed" : "refused",
                delivery.kafka() == null ? "not configured" : delivery.kafka().bootstrapServers(),
                delivery.nats() == null ? "not configured" : delivery.nats().url());
    }

    @Override
    public void close() {
        if (sequencer != null) {
            sequencer.stop();
        }
        if (drainer != null) {
            drainer.stop();
        }
        if (drainerThread != null) {
            try {
                drainerThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sinks != null) {
            sinks.close();
        }
        if (senders != null) {
            senders.shutdownNow();
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        if (sender != null) {
            try {
                sender.close();
            } catch (java.io.IOException e) {
                LOG.debug("Closing the webhook client failed", e);
            }
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        String version = getClass().getPackage().getImplementationVersion();
        return Map.of("version", version == null ? "dev" : version,
                "allowPrivateAddresses", Boolean.toString(config.allowPrivateAddresses()),
                "maxAttempts", Integer.toString(config.maxAttempts()));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("allow-private-addresses").type("boolean").helpText("Deliver to loopback and private addresses (default: only in dev mode)").add()
                .property().name("tracked-attributes").type("string").helpText("Default tracked fields, comma-separated").add()
                .property().name("max-attempts").type("int").helpText("Attempts before a delivery is DEAD").defaultValue(20).add()
                .property().name("backoff-initial-millis").type("long").helpText("First retry delay").defaultValue(1000).add()
                .property().name("backoff-max-seconds").type("long").helpText("Longest retry delay").defaultValue(86400).add()
                .property().name("poll-interval-millis").type("long").helpText("Idle poll interval of the drainer").defaultValue(500).add()
                .property().name("batch-size").type("int").helpText("Deliveries claimed per round").defaultValue(200).add()
                .property().name("senders").type("int").helpText("Concurrent webhook requests per node").defaultValue(32).add()
                .property().name("lease-seconds").type("long").helpText("Minimum time a claimed delivery stays reserved").defaultValue(60).add()
                .property().name("connect-timeout-millis").type("long").helpText("Connect timeout").defaultValue(5000).add()
                .property().name("read-timeout-millis").type("long").helpText("Read timeout").defaultValue(10000).add()
                .property().name("request-timeout-millis").type("long").helpText("Total time limit of one attempt").defaultValue(30000).add()
                .property().name("retention-hours").type("long").helpText("How long DELIVERED deliveries are kept").defaultValue(168).add()
                .property().name("events-retention-days").type("string").helpText("How long the event log keeps events (days, decimals allowed)").defaultValue("30").add()
                .property().name("sequencer-interval-millis").type("long").helpText("Idle interval of the event log sequencer").defaultValue(500).add()
                .property().name("events-purge-interval-seconds").type("long").helpText("How often event log retention runs").defaultValue(60).add()
                .property().name("events-max-waiters").type("int").helpText("Long-polling Events API requests allowed to wait at once per node").defaultValue(32).add()
                .property().name("dead-retention-hours").type("long").helpText("How long DEAD deliveries are kept").defaultValue(720).add()
                .property().name("max-in-flight-per-subscription").type("int").helpText("Attempts of one subscription in flight at once per node (default: senders / 4)").add()
                .property().name("breaker-failures").type("int").helpText("Consecutive failed attempts that open a subscription's circuit breaker").defaultValue(5).add()
                .property().name("breaker-open-millis").type("long").helpText("First cool-down of an open circuit breaker").defaultValue(5000).add()
                .property().name("breaker-max-open-seconds").type("long").helpText("Longest cool-down of a circuit breaker").defaultValue(300).add()
                .property().name("metrics-interval-millis").type("long").helpText("How often the outbox gauges are read").defaultValue(10000).add()
                .property().name("kafka-bootstrap-servers").type("string").helpText("Kafka brokers (host:port,...); enables kafka subscriptions").add()
                .property().name("kafka-security-protocol").type("string").helpText("PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL").defaultValue("PLAINTEXT").add()
                .property().name("kafka-sasl-mechanism").type("string").helpText("PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512").add()
                .property().name("kafka-sasl-username").type("string").helpText("SASL user").add()
                .property().name("kafka-sasl-password").type("password").helpText("SASL password").secret(true).add()
                .property().name("kafka-truststore-path").type("string").helpText("Truststore with the brokers' CA").add()
                .property().name("kafka-truststore-password").type("password").helpText("Truststore password").secret(true).add()
                .property().name("kafka-truststore-type").type("string").helpText("PKCS12, JKS or PEM").add()
                .property().name("kafka-keystore-path").type("string").helpText("Client certificate for mutual TLS").add()
                .property().name("kafka-keystore-password").type("password").helpText("Keystore password").secret(true).add()
                .property().name("kafka-send-timeout-millis").type("long").helpText("Time limit of one publish").defaultValue(30000).add()
                .property().name("kafka-topic-pattern").type("string").helpText("Regular expression topics must match").defaultValue("[A-Za-z0-9._-]{1,249}").add()
                .property().name("nats-url").type("string").helpText("NATS servers (nats://host:4222,...); enables nats subscriptions").add()
                .property().name("nats-creds-file").type("string").helpText("NATS .creds file").add()
                .property().name("nats-token").type("password").helpText("NATS token").secret(true).add()
                .property().name("nats-username").type("string").helpText("NATS user").add()
                .property().name("nats-password").type("password").helpText("NATS password").secret(true).add()
                .property().name("nats-truststore-path").type("string").helpText("Truststore for tls:// servers").add()
                .property().name("nats-truststore-password").type("password").helpText("Truststore password").secret(true).add()
                .property().name("nats-publish-timeout-millis").type("long").helpText("Time limit of one JetStream publish").defaultValue(10000).add()
                .property().name("nats-subject-pattern").type("string").helpText("Regular expression subjects must match").defaultValue("[A-Za-z0-9_.-]+").add()
                .build();
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
