package dev.tenancy.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KafkaBroker;
import dev.tenancy.it.support.TcpProxy;

/**
 * Kafka and NATS JetStream subscriptions against real brokers: an in-process single-node Kafka
 * (KRaft) and the NATS server at 127.0.0.1:4222 behind a TCP proxy the test can cut. Each event
 * arrives as the stored CloudEvent, keyed by user, in order per user, and nothing is lost when the
 * broker connection drops mid-stream (duplicates are allowed: delivery is at least once).
 */
class StreamingSinksIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static Admin admin;
    private static KafkaBroker kafka;
    private static Connection nats;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.get();
        TcpProxy.nats();
        admin = Admin.of(EventsFixture.server());
        nats = Nats.connect("nats://127.0.0.1:4222");
    }

    @AfterAll
    static void stop() throws Exception {
        nats.close();
    }

    // ---- API ------------------------------------------------------------------------------------

    @Test
    void givenSinkFieldsThatDoNotFit_then400NamingTheField() {
        String realm = admin.createRealm();
        String url = EventsFixture.webhooks(admin, realm);
        assertThat(field(Http.post(url).bearer(admin.token()).json(Map.of("type", "sqs")).send())).isEqualTo("type");
        assertThat(field(Http.post(url).bearer(admin.token()).json(Map.of("type", "kafka")).send())).isEqualTo("topic");
        assertThat(field(Http.post(url).bearer(admin.token()).json(Map.of("type", "kafka", "topic", "a b")).send())).isEqualTo("topic");
        assertThat(field(Http.post(url).bearer(admin.token()).json(Map.of("type", "nats", "subject", "a.*")).send())).isEqualTo("subject");
        assertThat(field(Http.post(url).bearer(admin.token())
                .json(Map.of("type", "nats", "subject", "a.b", "url", "http://127.0.0.1:1/x")).send())).isEqualTo("url");
        assertThat(Http.get(url).bearer(admin.token()).send().json()).isEmpty();
    }

    private static String field(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return r.json().path("field").asText();
    }

    @Test
    void givenAKafkaSubscription_thenItsTypeTopicAndHealthAreListed_andNoSecretIsIssued() {
        String realm = admin.createRealm();
        String topic = "tnc-it-" + UUID.randomUUID();
        JsonNode s = subscribe(realm, Map.of("type", "kafka", "topic", topic));
        assertThat(s.path("type").asText()).isEqualTo("kafka");
        assertThat(s.path("topic").asText()).isEqualTo(topic);
        assertThat(s.has("secret")).isFalse();
        assertThat(s.path("url").isNull()).isTrue();
        Http.Response ping = Http.post(EventsFixture.webhooks(admin, realm) + "/" + s.path("id").asText() + "/test")
                .bearer(admin.token()).send();
        assertThat(ping.json().path("delivered").asBoolean()).as(ping.toString()).isTrue();
        JsonNode listed = Http.get(EventsFixture.webhooks(admin, realm)).bearer(admin.token()).send().json().get(0);
        assertThat(listed.path("health").path("lastSuccessAt").isTextual()).isTrue();
        assertThat(listed.path("health").path("backlog").asLong()).isZero();
        JsonNode deliveries = Http.get(EventsFixture.webhooks(admin, realm) + "/" + s.path("id").asText() + "/deliveries")
                .bearer(admin.token()).send().json();
        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.get(0).path("type").asText()).isEqualTo("dev.tenancy.ping");
        assertThat(deliveries.get(0).path("test").asBoolean()).isTrue();
        List<ConsumerRecord<String, String>> records = consumeKafka(topic, 1);
        assertThat(records.get(0).value()).contains("dev.tenancy.ping");
    }

    // ---- Kafka ----------------------------------------------------------------------------------

    @Test
    void givenAKafkaSubscription_thenEachEventIsARecordKeyedByUser_structuredCloudEvent_inOrderPerUser() {
        String realm = admin.createRealm();
        EventsFixture.allowUnmanagedAttributes(admin, realm);
        String topic = "tnc-it-" + UUID.randomUUID();
        String subscription = subscribe(realm, Map.of("type", "kafka", "topic", topic)).path("id").asText();
        List<String> users = changes(realm, 3, 3, null);

        List<String> expected = awaitAllDelivered(realm, subscription, 3 * 4);
        List<ConsumerRecord<String, String>> records = consumeKafka(topic, expected.size());
        for (ConsumerRecord<String, String> r : records) {
            JsonNode event = json(r.value());
            assertThat(r.key()).isEqualTo(event.path("subject").asText());
            assertThat(header(r, "content-type")).startsWith("application/cloudevents+json");
            assertThat(header(r, "ce_id")).isEqualTo(event.path("id").asText());
            assertThat(header(r, "ce_type")).isEqualTo(event.path("type").asText());
        }
        assertNothingLostNorReordered(users, expected, records.stream().map(r -> json(r.value())).toList());
    }

    @Test
    void givenTheKafkaBrokerStopsMidStream_thenNothingIsLostOrReorderedPerUser() throws Exception {
        String realm = admin.createRealm();
        EventsFixture.allowUnmanagedAttributes(admin, realm);
        String topic = "tnc-it-" + UUID.randomUUID();
        String subscription = subscribe(realm, Map.of("type", "kafka", "topic", topic)).path("id").asText();
        AtomicReference<List<String>> users = new AtomicReference<>();
        Thread writer = new Thread(() -> users.set(changes(realm, 4, 6, Duration.ofMillis(150))));
        writer.start();
        awaitDelivered(realm, subscription, 5);
        kafka.stop();
        try {
            Thread.sleep(4_000); // an outage of a few seconds, longer than one send timeout
        } finally {
            kafka.start();
        }
        writer.join();

        List<String> expected = awaitAllDelivered(realm, subscription, 4 * 7);
        List<ConsumerRecord<String, String>> records = consumeKafka(topic, expected.size());
        assertNothingLostNorReordered(users.get(), expected, records.stream().map(r -> json(r.value())).toList());
    }

    // ---- NATS -----------------------------------------------------------------------------------

    @Test
    void givenANatsSubscription_thenEachEventIsPublishedWithItsIdAsNatsMsgId_inOrderPerUser() throws Exception {
        String stream = "TNC_IT_" + UUID.randomUUID().toString().replace("-", "");
        String subject = "tnc-it." + stream + ".events";
        JetStreamManagement jsm = createStream(stream, subject);
        try {
            String realm = admin.createRealm();
            EventsFixture.allowUnmanagedAttributes(admin, realm);
            String subscription = subscribe(realm, Map.of("type", "nats", "subject", subject)).path("id").asText();
            List<String> users = changes(realm, 3, 3, null);
            List<String> expected = awaitAllDelivered(realm, subscription, 3 * 4);
            List<MessageInfo> messages = messages(jsm, stream);
            for (MessageInfo m : messages) {
                JsonNode event = json(new String(m.getData(), StandardCharsets.UTF_8));
                assertThat(m.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(event.path("id").asText());
                assertThat(m.getSubject()).isEqualTo(subject);
            }
            assertNothingLostNorReordered(users, expected,
                    messages.stream().map(m -> json(new String(m.getData(), StandardCharsets.UTF_8))).toList());
            assertThat(messages).as("Nats-Msg-Id de-duplicates retries").hasSize(expected.size());
        } finally {
            jsm.deleteStream(stream);
        }
    }

    @Test
    void givenTheNatsConnectionIsCutMidStream_thenNothingIsLostOrReorderedPerUser() throws Exception {
        String stream = "TNC_IT_" + UUID.randomUUID().toString().replace("-", "");
        String subject = "tnc-it." + stream + ".events";
        JetStreamManagement jsm = createStream(stream, subject);
        TcpProxy proxy = TcpProxy.nats();
        try {
            String realm = admin.createRealm();
            EventsFixture.allowUnmanagedAttributes(admin, realm);
            String subscription = subscribe(realm, Map.of("type", "nats", "subject", subject)).path("id").asText();
            AtomicReference<List<String>> users = new AtomicReference<>();
            Thread writer = new Thread(() -> users.set(changes(realm, 4, 6, Duration.ofMillis(150))));
            writer.start();
            awaitDelivered(realm, subscription, 5);
            proxy.cut();
            try {
                Thread.sleep(4_000);
            } finally {
                proxy.restore();
            }
            writer.join();
            List<String> expected = awaitAllDelivered(realm, subscription, 4 * 7);
            List<JsonNode> events = messages(jsm, stream).stream()
                    .map(m -> json(new String(m.getData(), StandardCharsets.UTF_8))).toList();
            assertNothingLostNorReordered(users.get(), expected, events);
        } finally {
            proxy.restore();
            jsm.deleteStream(stream);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static JsonNode subscribe(String realm, Map<String, Object> body) {
        Http.Response r = Http.post(EventsFixture.webhooks(admin, realm)).bearer(admin.token()).json(body).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    /** Creates {@code users} users and makes {@code updates} changes to each, interleaved; returns their ids. */
    private static List<String> changes(String realm, int users, int updates, Duration pause) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            ids.add(admin.createUser(realm, Admin.unique("s" + i), "Passw0rd!x"));
        }
        for (int n = 0; n < updates; n++) {
            for (String id : ids) {
                int round = n;
                EventsFixture.updateUser(admin, realm, id, rep -> EventsFixture.setAttribute(rep, "department", "d" + round));
                if (pause != null) {
                    Receiver.sleep(pause.toMillis());
                }
            }
        }
        return ids;
    }

    private static JsonNode deliveries(String realm, String subscription) {
        return Http.get(EventsFixture.webhooks(admin, realm) + "/" + subscription + "/deliveries?max=1000")
                .bearer(admin.token()).send().json();
    }

    private static void awaitDelivered(String realm, String subscription, int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            int delivered = 0;
            for (JsonNode d : deliveries(realm, subscription)) {
                delivered += "DELIVERED".equals(d.path("status").asText()) ? 1 : 0;
            }
            if (delivered >= n) {
                return;
            }
            Receiver.sleep(100);
        }
        throw new AssertionError("fewer than " + n + " deliveries in " + WAIT);
    }

    /** Waits until the subscription has {@code n} deliveries, all DELIVERED; returns their event ids. */
    private static List<String> awaitAllDelivered(String realm, String subscription, int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode all = null;
        while (System.nanoTime() < deadline) {
            all = deliveries(realm, subscription);
            List<String> ids = new ArrayList<>();
            boolean done = all.size() == n;
            for (JsonNode d : all) {
                done &= "DELIVERED".equals(d.path("status").asText());
                ids.add(d.path("eventId").asText());
            }
            if (done) {
                return ids;
            }
            Receiver.sleep(250);
        }
        throw new AssertionError("not all " + n + " deliveries DELIVERED in " + WAIT + ": " + all);
    }

    /**
     * Every delivered event arrived at least once, and per user the first arrivals follow the
     * user's sequence with nothing missing in between.
     */
    private static void assertNothingLostNorReordered(List<String> users, List<String> expectedIds, List<JsonNode> arrived) {
        Set<String> seen = new LinkedHashSet<>();
        Map<String, List<Long>> sequences = new HashMap<>();
        for (JsonNode e : arrived) {
            if (seen.add(e.path("id").asText())) {
                sequences.computeIfAbsent(e.path("subject").asText(), k -> new ArrayList<>())
                        .add(e.path("data").path("sequence").asLong());
            }
        }
        assertThat(seen).containsAll(expectedIds);
        for (String user : users) {
            List<Long> s = sequences.get(user);
            assertThat(s).as("events of " + user).isNotNull().isSorted();
            assertThat(new LinkedHashSet<>(s)).as("no sequence twice for " + user).hasSameSizeAs(s);
        }
    }

    private static List<ConsumerRecord<String, String>> consumeKafka(String topic, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            Set<String> ids = new LinkedHashSet<>();
            while (ids.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    records.add(r);
                    ids.add(json(r.value()).path("id").asText());
                }
            }
            // Records of one key are on one partition: consumed in their order.
            return records;
        }
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static JetStreamManagement createStream(String stream, String subject) throws Exception {
        JetStreamManagement jsm = nats.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subject).storageType(StorageType.Memory)
                .duplicateWindow(Duration.ofMinutes(2)).build());
        return jsm;
    }

    private static List<MessageInfo> messages(JetStreamManagement jsm, String stream) throws Exception {
        long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        List<MessageInfo> result = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            result.add(jsm.getMessage(stream, seq));
        }
        return result;
    }

    private static JsonNode json(String s) {
        try {
            return Http.JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

}
