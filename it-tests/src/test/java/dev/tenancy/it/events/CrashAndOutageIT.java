package dev.tenancy.it.events;

import static dev.tenancy.it.events.EventsFixture.ofUser;
import static dev.tenancy.it.events.EventsFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** Keycloak killed right after a commit; a receiver down for minutes. Nothing lost, nothing re-issued, in order. */
class CrashAndOutageIT {

    /** How long the receiver stays down: several retry rounds at the test backoff-max of 4 s (set 120 for two minutes). */
    private static final long OUTAGE_SECONDS = Long.getLong("tenancy.it.events.outage.seconds", 15);
    private static KeycloakServer server;
    private static Admin admin;
    private static Receiver receiver;

    @BeforeAll
    static void start() {
        server = EventsFixture.server();
        admin = Admin.of(server);
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void givenKill9RightAfterCommit_thenTheEventIsDeliveredAfterRestart() {
        String path = "/" + Admin.unique("crash");
        EventsFixture.Setup setup = EventsFixture.realmWithSubscription(admin, receiver, path);
        receiver.stop(); // nothing can be delivered before the crash
        String userId = admin.createUser(setup.realm(), Admin.unique("ike"), "Passw0rd!x"); // 201: committed
        if ("h2".equals(server.db())) {
            // H2 (dev only) writes its commits to disk up to about a second late: a kill -9 within that second
            // loses Keycloak's own change too (the user, and with it its event). PostgreSQL is durable at commit.
            Receiver.sleep(2500);
        }
        server.kill();
        receiver.start();
        server.restart();
        Http.Response user = Http.get(admin.url() + "/admin/realms/" + setup.realm() + "/users/" + userId).bearer(admin.token()).send();
        assertThat(user.status()).as("the committed user survived the crash").isEqualTo(200);

        List<Receiver.Request> got = receiver.awaitCount(path, 1, Duration.ofSeconds(120));
        Receiver.sleep(2000);
        got = receiver.accepted(path);
        assertThat(types(ofUser(got, userId))).containsOnly("joiner");
        assertThat(got).extracting(Receiver.Request::id).containsOnly(got.get(0).id());
        EventsFixture.verify(got.get(0), setup.secret());
    }

    @Test
    void givenReceiverDownForMinutes_thenEverythingArrivesAfterwards_inOrderPerUser() {
        String path = "/" + Admin.unique("outage");
        EventsFixture.Setup setup = EventsFixture.realmWithSubscription(admin, receiver, path);
        receiver.stop();
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 3; u++) {
            String userId = admin.createUser(setup.realm(), Admin.unique("jo"), "Passw0rd!x");
            users.add(userId);
        }
        for (int step = 1; step <= 5; step++) {
            for (String userId : users) {
                String value = "D" + step;
                EventsFixture.updateUser(admin, setup.realm(), userId, rep -> EventsFixture.setAttribute(rep, "department", value));
            }
        }
        long downSince = System.currentTimeMillis();
        Receiver.sleep(OUTAGE_SECONDS * 1000);
        receiver.start();
        int expected = users.size() * 6;
        List<Receiver.Request> got = receiver.awaitCount(path, expected, Duration.ofSeconds(90));
        Receiver.sleep(2000);
        got = receiver.accepted(path);
        assertThat(got).hasSize(expected);
        Set<String> ids = new HashSet<>();
        for (Receiver.Request r : got) {
            assertThat(ids.add(r.id())).as("one id per event").isTrue();
            assertThat(r.receivedAt()).isGreaterThan(downSince);
            EventsFixture.verify(r, setup.secret());
        }
        for (String userId : users) {
            List<JsonNode> events = ofUser(got, userId);
            assertThat(types(events)).containsExactly("joiner", "mover", "mover", "mover", "mover", "mover");
            for (int step = 1; step <= 5; step++) {
                JsonNode c = EventsFixture.change(events.get(step), "attributes.department");
                assertThat(c.path("new").get(0).asText()).isEqualTo("D" + step);
            }
            long previous = 0;
            for (JsonNode e : events) {
                assertThat(e.path("data").path("sequence").asLong()).isGreaterThan(previous);
                previous = e.path("data").path("sequence").asLong();
            }
        }
    }
}
