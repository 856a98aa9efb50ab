package dev.tenancy.it.apps;

import static dev.tenancy.it.apps.Apps.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.KeycloakServer;

/**
 * Two Keycloak nodes on one PostgreSQL schema push into one app: its {@code maxRequestsPerSecond}
 * holds for the cluster, not per node. Changes arrive through both nodes while the first is busy
 * with the app, so the second claims the rest and both push at once.
 */
class OutboundClusterIT {

    private static final int SECOND_NODE_PORT = Integer.getInteger("tenancy.it.apps.node2.port", 8391);
    private static KeycloakServer second;

    @AfterAll
    static void stop() {
        if (second != null) {
            second.stop();
        }
    }

    @Test
    void givenTwoNodes_thenTheAppsRateLimitHoldsForTheCluster() throws Exception {
        KeycloakServer first = KeycloakServer.get();
        assumeTrue("postgres".equals(first.db()), "the cluster test runs on PostgreSQL only");
        Admin one = Admin.of(first);
        second = KeycloakServer.startSecondNode(SECOND_NODE_PORT);
        Admin two = Admin.of(second);
        Fixture f = Fixture.create(one);
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
