package dev.tenancy.it.apps;

import static dev.tenancy.it.apps.Apps.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.KeycloakServer;

/** A sync survives Keycloak dying in the middle of it: the next start resumes it from its last page. */
class OutboundRestartIT {

    @Test
    void givenAKillDuringASync_thenTheRunResumesAndFinishesWithoutDuplicates() {
        KeycloakServer server = KeycloakServer.get();
        Admin admin = Admin.of(server);
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        int n = 15;
        for (int i = 0; i < n; i++) {
            f.member("restart" + i, "pw-123456");
        }
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            Map<String, Object> app = new java.util.HashMap<>(Apps.bearerApp("slow", f.orgId, scim.scimUrl(), scim.token));
            app.put("maxRequestsPerSecond", 3); // about a second per user: the kill lands in the middle
            String appId = apps.create(app);
            String runId = apps.sync(appId, false);
            await("some progress", Duration.ofSeconds(60), () -> apps.run(appId, runId).path("done").asInt() >= 5,
                    () -> apps.run(appId, runId).toString());
            JsonNode before = apps.run(appId, runId);
            assertThat(before.path("status").asText()).isEqualTo("RUNNING");

            server.kill();
            server.restart();
            Admin after = Admin.of(server);
            Apps again = new Apps(after, f.realm);
            JsonNode done = again.awaitRun(appId, runId);
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("DONE");
            assertThat(done.path("done").asInt()).isGreaterThanOrEqualTo(before.path("done").asInt());
            List<String> names = Apps.userNames(scim.users(null));
            assertThat(names).hasSize(n);
            assertThat(new HashSet<>(names)).hasSize(n);
            assertThat(again.status(appId).path("linkedUsers").asInt()).isEqualTo(n);
        }
    }
}
