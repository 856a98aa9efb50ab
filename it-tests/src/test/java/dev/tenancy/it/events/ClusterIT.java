package dev.tenancy.it.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.KeycloakServer;

/** Two Keycloak nodes on one PostgreSQL schema share the outbox: every event is sent under one id, in order. */
class ClusterIT {

    private static final int SECOND_NODE_PORT = Integer.getInteger("tenancy.it.events.node2.port", 8390);
    private static KeycloakServer first;
    private static KeycloakServer second;
    private static Receiver receiver;

    @BeforeAll
    static void start() {
        first = EventsFixture.server();
        assumeTrue("postgres".equals(first.db()), "the cluster test runs on PostgreSQL only");
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.stop();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void givenChangesOnBothNodes_thenEachEventOnceUnderOneId_inOrderPerUser() throws Exception {
        Admin one = Admin.of(first);
        String path = "/" + Admin.unique("cluster");
        EventsFixture.Setup setup = EventsFixture.realmWithSubscription(one, receiver, path);
        second = KeycloakServer.startSecondNode(SECOND_NODE_PORT);
        Admin two = Admin.of(second);

        int usersPerNode = 10;
        Map<String, Admin> users = new HashMap<>();
        for (int i = 0; i < usersPerNode; i++) {
            users.put(one.createUser(setup.realm(), Admin.unique("n1"), "Passw0rd!x"), one);
            users.put(two.createUser(setup.realm(), Admin.unique("n2"), "Passw0rd!x"), two);
        }
        for (int step = 1; step <= 2; step++) {
            String value = "S" + step;
            for (Map.Entry<String, Admin> u : users.entrySet()) {
                EventsFixture.updateUser(u.getValue(), setup.realm(), u.getKey(), rep -> EventsFixture.setAttribute(rep, "department", value));
            }
        }
        int expected = users.size() * 3;
        receiver.awaitCount(path, expected, Duration.ofSeconds(120));
        Receiver.sleep(3000);
        List<Receiver.Request> got = receiver.accepted(path);

        Map<String, String> idByUserAndSequence = new HashMap<>();
        Map<String, Integer> timesById = new HashMap<>();
        for (Receiver.Request r : got) {
            JsonNode e = r.json();
            String key = e.path("subject").asText() + "#" + e.path("data").path("sequence").asLong();
            String previous = idByUserAndSequence.putIfAbsent(key, r.id());
            assertThat(previous == null || previous.equals(r.id())).as("one id for " + key).isTrue();
            timesById.merge(r.id(), 1, Integer::sum);
            EventsFixture.verify(r, setup.secret());
        }
        assertThat(idByUserAndSequence).hasSize(expected);
        assertThat(timesById.values()).as("no event sent twice").containsOnly(1);
        for (String userId : users.keySet()) {
            assertThat(EventsFixture.types(EventsFixture.ofUser(got, userId))).containsExactly("joiner", "mover", "mover");
        }
        try (Connection c = first.jdbc().orElseThrow(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from TNC_PE_DELIVERY where STATUS = 'DELIVERED' and SUBSCRIPTION_ID = '"
                     + setup.subscriptionId() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(expected);
        }
    }
}
