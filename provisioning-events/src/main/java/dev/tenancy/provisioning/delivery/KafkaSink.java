package dev.tenancy.provisioning.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@code kafka} sink: one record per event on the subscription's topic, key = the user id (or
 * group id), value = the stored CloudEvent in the CloudEvents Kafka binding's <em>structured</em>
 * mode ({@code content-type: application/cloudevents+json}), with {@code ce_id} and {@code ce_type}
 * headers for consumers that route without parsing. The producer is idempotent with
 * {@code acks=all}; a delivery counts once every in-sync replica has the record. {@code send} runs
 * on the sink's own thread, since a producer blocks while it has no metadata for a topic.
 */
public final class KafkaSink implements Sink {

    public static final String TYPE = "kafka";

    private final DeliveryOptions.Kafka options;
    private final ExecutorService sender;
    private volatile KafkaProducer<String, byte[]> producer;

    public KafkaSink(DeliveryOptions.Kafka options) {
        this.options = options;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tenancy-kafka-send");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CompletableFuture<Attempt> send(Message m) {
        long started = System.nanoTime();
        CompletableFuture<Attempt> result = new CompletableFuture<>();
        try {
            sender.execute(() -> {
                try {
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(m.target(), m.key(),
                            m.body().getBytes(StandardCharsets.UTF_8));
                    record.headers().add(new RecordHeader("content-type",
                            "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8)));
                    record.headers().add(new RecordHeader("ce_id", m.eventId().getBytes(StandardCharsets.UTF_8)));
                    record.headers().add(new RecordHeader("ce_type", m.eventType().getBytes(StandardCharsets.UTF_8)));
                    producer().send(record, (meta, e) -> result.complete(e == null
                            ? Attempt.ok(elapsed(started)) : Attempt.failed(category(e), elapsed(started))));
                } catch (RuntimeException e) {
                    result.complete(Attempt.failed(category(e), elapsed(started)));
                }
            });
        } catch (RuntimeException e) {
            result.complete(Attempt.failed("internal", elapsed(started)));
        }
        // The producer's own delivery timeout ends every send; this only guards against a lost callback.
        return result.completeOnTimeout(Attempt.failed("timeout", options.sendTimeout().toMillis()),
                options.sendTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    ClassLoader previous = Thread.currentThread().getContextClassLoader();
                    Thread.currentThread().setContextClassLoader(KafkaSink.class.getClassLoader());
                    try {
                        producer = new KafkaProducer<>(properties(options), new StringSerializer(), new ByteArraySerializer());
                    } finally {
                        Thread.currentThread().setContextClassLoader(previous);
                    }
                }
                p = producer;
            }
        }
        return p;
    }

    static Properties properties(DeliveryOptions.Kafka o) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "tenancy-provisioning-" + UUID.randomUUID().toString().substring(0, 8));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        int timeout = (int) o.sendTimeout().toMillis();
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(Math.min(timeout, 10_000)));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Math.max(timeout, Math.min(timeout, 10_000) + 5)));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(Math.min(timeout, 10_000)));
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, o.securityProtocol());
        if (o.saslMechanism() != null) {
            p.put(SaslConfigs.SASL_MECHANISM, o.saslMechanism());
            if (o.saslUsername() != null) {
                String module = o.saslMechanism().startsWith("SCRAM")
                        ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                        : "org.apache.kafka.common.security.plain.PlainLoginModule";
                p.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaas(o.saslUsername())
                        + "\" password=\"" + jaas(o.saslPassword() == null ? "" : o.saslPassword()) + "\";");
            }
        }
        if (o.truststorePath() != null) {
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, o.truststorePath());
            if (o.truststorePassword() != null) {
                p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, o.truststorePassword());
            }
            if (o.truststoreType() != null) {
                p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, o.truststoreType());
            }
        }
        if (o.keystorePath() != null) {
            p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, o.keystorePath());
            if (o.keystorePassword() != null) {
                p.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, o.keystorePassword());
            }
        }
        return p;
    }

    private static String jaas(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** A short category for {@code lastError}: never the payload, never credentials. */
    static String category(Throwable e) {
        if (e instanceof TimeoutException) {
            return "timeout";
        }
        if (e instanceof SslAuthenticationException) {
            return "tls";
        }
        if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
            return "auth";
        }
        if (e instanceof RetriableException) {
            return "kafka-unavailable";
        }
        return "kafka-" + e.getClass().getSimpleName().replace("Exception", "");
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void close() {
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
        sender.shutdownNow();
    }
}
