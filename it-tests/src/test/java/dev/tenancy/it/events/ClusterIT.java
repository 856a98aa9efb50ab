package dev.tenancy.it.events;

import static dev.tenancy.it.apps.Apps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.apps.Apps;
import dev.tenancy.it.apps.ScimmyServer;
import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.KeycloakServer;

/**
 * Two Keycloak nodes on one PostgreSQL schema (one second node for every cluster test): they share the
 * outbox (every event sent under one id, in order) and an app's request budget.
 */
class ClusterIT {

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
        Admin two = Admin.of(secondNode());
        two.clearLocalCaches();

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

    private static synchronized KeycloakServer secondNode() {
        if (second == null) {
            second = KeycloakServer.startSecondNode(
                    // the shared server's port + 210 (8390 for the default 8180), so parallel runs do not collide
                    Integer.getInteger("tenancy.it.events.node2.port", first.port() + 210));
        }
        return second;
    }

    /**
     * Writers on both nodes commit concurrently while a reader pages the Events API, alternating
     * nodes: every event is read once, none is skipped (the final replay has exactly the same ids in
     * the same order), and each user's events appear in sequence order.
     */
    @Test
    void givenConcurrentWritersOnBothNodes_thenEventsApiPagesWithoutGapOrDuplicate() throws Exception {
        Admin one = Admin.of(first);
        Admin two = Admin.of(secondNode());
        String realm = one.createRealm();
        EventsFixture.allowUnmanagedAttributes(one, realm);
        int writers = 4;
        int updates = 8;
        // The nodes have local caches: node two's cached master administrator does not know the roles
        // this new realm gave it, so node two is driven by a user of the realm itself.
        String ops = Admin.unique("ops");
        String opsId = one.createUser(realm, ops, "Passw0rd!x");
        for (String role : List.of("manage-users", "view-users", "view-realm")) {
            one.grantRealmManagement(realm, opsId, role);
        }
        List<String> users = new java.util.ArrayList<>();
        for (int i = 0; i < writers; i++) {
            users.add(one.createUser(realm, Admin.unique("w"), "Passw0rd!x"));
        }
        String[] tokens = {one.token(), two.userToken(realm, ops, "Passw0rd!x")};
        int expected = writers * updates;
        String[] urls = {EventsApiIT.eventsUrl(one, realm), EventsApiIT.eventsUrl(two, realm)};
        // Start after the users' joiners (already committed): the test pages what commits while it reads.
        List<JsonNode> joiners = EventsApiIT.readUntil(urls[0], one.token(), writers,
                e -> users.contains(e.path("subject").asText()));
        String start = dev.tenancy.it.support.Http.get(urls[1] + "?limit=1000").bearer(tokens[1]).send().json()
                .path("nextCursor").asText();
        assertThat(joiners).isNotEmpty();

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers + 1);
        try {
            java.util.concurrent.Future<List<JsonNode>> reader = pool.submit(() -> {
                List<JsonNode> read = new java.util.ArrayList<>();
                String cursor = start;
                long deadline = System.currentTimeMillis() + 120_000;
                for (int round = 0; read.size() < expected && System.currentTimeMillis() < deadline; round++) {
                    dev.tenancy.it.support.Http.Response r = dev.tenancy.it.support.Http.get(urls[round % 2] + "?limit=3&wait=1"
                            + "&after=" + cursor).bearer(tokens[round % 2]).send();
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                    r.json().path("data").forEach(read::add);
                    cursor = r.json().path("nextCursor").asText();
                }
                return read;
            });
            List<java.util.concurrent.Future<?>> writing = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String userId = users.get(w);
                String base = (w % 2 == 0 ? one : two).url() + "/admin/realms/" + realm + "/users/" + userId;
                String token = tokens[w % 2];
                writing.add(pool.submit(() -> {
                    for (int step = 1; step <= updates; step++) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> rep = dev.tenancy.it.support.Http.JSON.convertValue(
                                dev.tenancy.it.support.Http.get(base).bearer(token).send().json(), Map.class);
                        EventsFixture.setAttribute(rep, "department", "C" + step);
                        dev.tenancy.it.support.Http.Response put = dev.tenancy.it.support.Http.put(base).bearer(token).json(rep).send();
                        assertThat(put.status()).as(put.toString()).isEqualTo(204);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : writing) {
                f.get();
            }
            List<JsonNode> read = reader.get();
            List<String> ids = read.stream().map(e -> e.path("id").asText()).toList();
            assertThat(new java.util.HashSet<>(ids)).as("no duplicate").hasSize(ids.size());
            assertThat(ids).hasSize(expected);

            List<String> replay = new java.util.ArrayList<>();
            String cursor = start;
            for (int i = 0; i < 50 && replay.size() < expected; i++) {
                JsonNode body = dev.tenancy.it.support.Http.get(urls[i % 2] + "?limit=10&after=" + cursor)
                        .bearer(tokens[i % 2]).send().json();
                body.path("data").forEach(e -> replay.add(e.path("id").asText()));
                cursor = body.path("nextCursor").asText();
            }
            assertThat(replay).as("the replay is the same log").containsExactlyElementsOf(ids);
            for (String userId : users) {
                List<Long> sequences = read.stream().filter(e -> e.path("subject").asText().equals(userId))
                        .map(e -> e.path("data").path("sequence").asLong()).toList();
                assertThat(sequences).as("sequence order of " + userId).isSorted().hasSize(updates);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Outbound SCIM (connected apps):
     * Two Keycloak nodes on one PostgreSQL schema push into one app: its {@code maxRequestsPerSecond}
     * holds for the cluster, not per node. Changes arrive through both nodes while the first is busy
     * with the app, so the second claims the rest and both push at once.
     */
    @Test
    void givenTwoNodes_thenTheAppsRateLimitHoldsForTheCluster() throws Exception {
        Admin one = Admin.of(first);
        Admin two = Admin.of(secondNode());
        Fixture f = Fixture.create(one);
        two.clearLocalCaches();
        Apps apps = new Apps(one, f.realm);
        int limit = 6;
        int users = 16;
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            Map<String, Object> app = new java.util.HashMap<>(Apps.bearerApp("shared", f.orgId, scim.scimUrl(), scim.token));
            app.put("maxRequestsPerSecond", limit);
            String appId = apps.create(app);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> joins = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                Admin via = i % 2 == 0 ? one : two;
                String name = "c" + i + "-" + Admin.unique("u");
                joins.add(pool.submit(() -> via.addMember(f.realm, f.orgId, via.createUser(f.realm, name, "Passw0rd!x"))));
            }
            for (Future<?> j : joins) {
                j.get();
            }
            pool.shutdown();
            await("every member pushed", Duration.ofSeconds(90), () -> apps.status(appId).path("linkedUsers").asInt() == users,
                    () -> scim.stats() + " " + apps.status(appId));
            JsonNode stats = scim.stats();
            double seconds = (stats.path("lastAt").asLong() - stats.path("firstAt").asLong()) / 1000.0;
            int requests = stats.path("fromTenancy").asInt(); // the test's own reads of the server are not counted
            // every member costs 3 requests (two filtered GETs, one POST) plus the ServiceProviderConfig per node
            assertThat(requests).isGreaterThanOrEqualTo(users * 3);
            assertThat(stats.path("busiestSecond").asInt()).as(stats.toString()).isLessThanOrEqualTo(limit + 2); // a request granted at the end of a window may arrive in the next second
            assertThat(requests / Math.max(seconds, 0.001)).as(stats + " over " + seconds + " s").isLessThanOrEqualTo(limit * 1.25); // per node it would be about 2 × limit
        }
    }
}
