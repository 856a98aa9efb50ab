package dev.tenancy.it.events;

import static dev.tenancy.it.events.EventsFixture.ofUser;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/** Retries, Retry-After, 410, dead letters, manual retry and the test ping. */
@Tag("h2")
class DeliveryIT extends ReceiverTestBase {

    private static final Duration WAIT = Duration.ofSeconds(40);
    @Test
    void givenReceiverFailsTwice_thenRetriedDeliveryKeepsItsId_andIsListedDelivered() {
        String path = "/" + Admin.unique("retry");
        AtomicInteger calls = new AtomicInteger();
        receiver.respond(r -> !r.path().equals(path) ? Receiver.Answer.ok()
                : calls.incrementAndGet() == 1 ? new Receiver.Answer(503, Map.of("Retry-After", "2"))
                : calls.get() == 2 ? new Receiver.Answer(500, Map.of())
                : Receiver.Answer.ok());
        try {
            EventsFixture.Setup setup = EventsFixture.realmWithSubscription(admin, receiver, path);
            String userId = admin.createUser(setup.realm(), Admin.unique("gus"), "Passw0rd!x");
            receiver.awaitCount(path, 1, WAIT);

            List<Receiver.Request> attempts = receiver.all().stream().filter(r -> r.path().equals(path)).toList();
            assertThat(attempts).hasSize(3);
            assertThat(attempts).extracting(Receiver.Request::id).containsOnly(attempts.get(0).id());
            assertThat(attempts).extracting(Receiver.Request::body).containsOnly(attempts.get(0).body());
            assertThat(attempts.get(1).receivedAt() - attempts.get(0).receivedAt()).as("Retry-After: 2 honoured").isGreaterThanOrEqualTo(1900);
            for (Receiver.Request r : attempts) {
                EventsFixture.verify(r, setup.secret());
            }
            assertThat(ofUser(receiver.accepted(path), userId)).hasSize(1);

            JsonNode delivered = Http.get(EventsFixture.webhooks(admin, setup.realm()) + "/" + setup.subscriptionId()
                    + "/deliveries?status=DELIVERED").bearer(admin.token()).send().json();
            assertThat(delivered).hasSize(1);
            assertThat(delivered.get(0).path("eventId").asText()).isEqualTo(attempts.get(0).id());
            assertThat(delivered.get(0).path("attempts").asInt()).isEqualTo(3);
            assertThat(delivered.get(0).path("type").asText()).isEqualTo("dev.tenancy.user.joiner");
            JsonNode pending = Http.get(EventsFixture.webhooks(admin, setup.realm()) + "/" + setup.subscriptionId()
                    + "/deliveries?status=PENDING").bearer(admin.token()).send().json();
            assertThat(pending).isEmpty();
            Http.Response bad = Http.get(EventsFixture.webhooks(admin, setup.realm()) + "/" + setup.subscriptionId()
                    + "/deliveries?status=NOPE").bearer(admin.token()).send();
            assertThat(bad.status()).isEqualTo(400);
        } finally {
            receiver.respond(r -> Receiver.Answer.ok());
        }
    }

    @Test
    void givenGone_thenSubscriptionDisabledAndDeliveryDead_thenReEnabledAndRetried_thenDeliveredWithTheSameId() {
        String path = "/" + Admin.unique("gone");
        receiver.respond(r -> r.path().equals(path) ? new Receiver.Answer(410, Map.of()) : Receiver.Answer.ok());
        EventsFixture.Setup setup = EventsFixture.realmWithSubscription(admin, receiver, path);
        String base = EventsFixture.webhooks(admin, setup.realm()) + "/" + setup.subscriptionId();
        try {
            admin.createUser(setup.realm(), Admin.unique("hal"), "Passw0rd!x");
            JsonNode dead = awaitDeliveries(base, "DEAD", 1);
            JsonNode sub = Http.get(base).bearer(admin.token()).send().json();
            assertThat(sub.path("enabled").asBoolean()).isFalse();
            assertThat(sub.path("disabledReason").asText()).contains("410");
            assertThat(sub.has("secret")).isFalse();
            String firstId = receiver.all().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow().id();

            // While disabled, new changes are not queued for it.
            admin.createUser(setup.realm(), Admin.unique("ida"), "Passw0rd!x");

            receiver.respond(r -> Receiver.Answer.ok());
            Http.Response enable = Http.put(base).bearer(admin.token()).json(Map.of("enabled", true)).send();
            assertThat(enable.status()).as(enable.toString()).isEqualTo(200);
            Http.Response retry = Http.post(base + "/deliveries/" + dead.get(0).path("id").asText() + "/retry").bearer(admin.token()).send();
            assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
            List<Receiver.Request> ok = receiver.awaitCount(path, 1, WAIT);
            assertThat(ok.get(0).id()).isEqualTo(firstId);
            EventsFixture.verify(ok.get(0), setup.secret());
            Receiver.sleep(1500);
            assertThat(receiver.accepted(path)).hasSize(1);
            Http.Response unknown = Http.post(base + "/deliveries/nope/retry").bearer(admin.token()).send();
            assertThat(unknown.status()).isEqualTo(404);
        } finally {
            receiver.respond(r -> Receiver.Answer.ok());
        }
    }

    @Test
    void givenTestPing_thenSignedPingArrivesAndTheAnswerIsReported() {
        String path = "/" + Admin.unique("ping");
        EventsFixture.Setup setup = EventsFixture.realmWithSubscription(admin, receiver, path);
        Http.Response r = Http.post(EventsFixture.webhooks(admin, setup.realm()) + "/" + setup.subscriptionId() + "/test")
                .bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("delivered").asBoolean()).isTrue();
        assertThat(r.json().path("statusCode").asInt()).isEqualTo(200);
        List<Receiver.Request> pings = receiver.accepted(path);
        assertThat(pings).hasSize(1);
        assertThat(pings.get(0).type()).isEqualTo("dev.tenancy.ping");
        assertThat(pings.get(0).json().path("source").asText()).isEqualTo("/realms/" + setup.realm());
        EventsFixture.verify(pings.get(0), setup.secret());
    }

    @Test
    void givenRedirectingReceiver_thenNotFollowed() {
        String path = "/" + Admin.unique("redirect");
        String target = "/" + Admin.unique("target");
        receiver.respond(r -> r.path().equals(path) ? new Receiver.Answer(307, Map.of("Location", receiver.url(target)))
                : Receiver.Answer.ok());
        try {
            EventsFixture.Setup setup = EventsFixture.realmWithSubscription(admin, receiver, path);
            Http.Response r = Http.post(EventsFixture.webhooks(admin, setup.realm()) + "/" + setup.subscriptionId() + "/test")
                    .bearer(admin.token()).send();
            assertThat(r.json().path("delivered").asBoolean()).isFalse();
            assertThat(r.json().path("statusCode").asInt()).isEqualTo(307);
            assertThat(receiver.all().stream().filter(x -> x.path().equals(target))).isEmpty();
        } finally {
            receiver.respond(r -> Receiver.Answer.ok());
        }
    }

    private static JsonNode awaitDeliveries(String base, String status, int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = Http.get(base + "/deliveries?status=" + status).bearer(admin.token()).send().json();
            if (list.size() >= n) {
                return list;
            }
            Receiver.sleep(300);
        }
        throw new AssertionError("No " + n + " " + status + " deliveries at " + base);
    }
}
