package dev.tenancy.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), in this JVM,
 * from the Maven artifacts: no Docker. One per test run, started on first use on the fixed port
 * {@code tenancy.it.kafka.port} (Keycloak is started with that address), stoppable and restartable
 * on the same port and data to simulate a broker outage.
 */
public final class KafkaBroker {

    private static KafkaBroker shared;

    private final int port;
    private final Path dir;
    private KafkaRaftServer server;

    private KafkaBroker(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static synchronized KafkaBroker get() {
        if (shared == null) {
            int port = Integer.parseInt(System.getProperty("tenancy.it.kafka.port", "19092"));
            Path work = Path.of(System.getProperty("keycloak.work.dir", "target"));
            try {
                Path dir = work.resolve("kafka-" + port);
                deleteRecursively(dir);
                Files.createDirectories(dir);
                shared = new KafkaBroker(port, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shared.format();
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private Properties config() {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + (port + 1)),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1)),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", dir.resolve("data").toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.flush.interval.messages", "1"),
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "2"),
                Map.entry("background.threads", "2"),
                Map.entry("log.cleaner.enable", "false")));
        return p;
    }

    private void format() {
        try {
            new Formatter()
                    .setPrintStream(System.out)
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir.resolve("data").toString()))
                    .setMetadataLogDirectory(dir.resolve("data").toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka storage", e);
        }
    }

    /** Starts (or restarts) the broker on the same port and data. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        server = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
        server.startup();
    }

    /** Stops the broker: clients see their connections drop and reconnect when it is back. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
