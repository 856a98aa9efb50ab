package dev.tenancy.it.apps;

import static dev.tenancy.it.apps.Apps.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * Many concurrent changes to many users through several paths (admin REST, the organization's
 * inbound SCIM, group membership) while the pusher runs; afterwards, within a bounded wait, every
 * user's remote copy in the scimmy server equals the user in Keycloak: names, and membership of the
 * pushed group. A push that reads stale state (the user cache, a work item claimed before the change
 * committed) leaves a remote copy behind for good and fails this test.
 */
class OutboundConsistencyIT {

    private static final String SCIM = "application/scim+json";
    private static final int USERS = 30;
    private static final int THREADS = 4;
    private static final int CHANGES_PER_THREAD = 40;

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    @Test
    void givenConcurrentChangesThroughSeveralPaths_thenEveryRemoteUserEqualsKeycloak() throws Exception {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        String secret = f.enableScimWithSecret();
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            String all = apps.createGroup("all");
            String extra = apps.createGroup("extra");
            Map<String, Object> app = new HashMap<>(Apps.bearerApp("scimmy", f.orgId, scim.scimUrl(), scim.token));
            app.put("pushGroups", true);
            app.put("scope", Map.of("groups", List.of(all, extra)));
            String appId = apps.create(app);

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String name = "c" + i + "@" + f.alias + ".test";
                Http.Response created = Http.post(f.scimBaseUrl() + "/Users").bearer(secret).body(SCIM, """
                        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s",
                         "name": {"givenName": "G%d", "familyName": "F%d"},
                         "emails": [{"value": "%s", "primary": true}]}
                        """.formatted(name, i, i, name)).send();
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                String id = created.json().get("id").asText();
                apps.joinGroup(id, all);
                ids.add(id);
            }
            await("every user pushed", Duration.ofSeconds(60), () -> scim.users(null).path("totalResults").asInt() == USERS,
                    () -> scim.users(null).path("totalResults").toString());

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    for (int n = 0; n < CHANGES_PER_THREAD; n++) {
                        String id = ids.get(random.nextInt(ids.size()));
                        String value = "v" + thread + "x" + n;
                        switch (random.nextInt(4)) {
                            case 0 -> adminSet(id, "lastName", value, f);
                            case 1 -> {
                                Http.Response r = Http.patch(f.scimBaseUrl() + "/Users/" + id).bearer(secret).body(SCIM, """
                                        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                         "Operations": [{"op": "replace", "path": "name.givenName", "value": "%s"}]}
                                        """.formatted(value)).send();
                                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                            }
                            case 2 -> Http.put(admin.url() + "/admin/realms/" + f.realm + "/users/" + id + "/groups/" + extra)
                                    .bearer(admin.token()).send();
                            default -> Http.delete(admin.url() + "/admin/realms/" + f.realm + "/users/" + id + "/groups/" + extra)
                                    .bearer(admin.token()).send();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            String[] last = {""};
            await("every remote user equal to Keycloak", Duration.ofSeconds(90), () -> {
                List<String> diff = differences(f, scim, ids, extra);
                last[0] = diff.toString();
                return diff.isEmpty();
            }, () -> last[0] + " status " + apps.status(appId));
            assertThat(apps.status(appId).path("failed").asInt()).as("no work item given up").isZero();
        }
    }

    /** A single-attribute change through the admin REST API: GET the representation, change it, PUT it back. */
    private static void adminSet(String id, String attribute, String value, Fixture f) {
        String url = admin.url() + "/admin/realms/" + f.realm + "/users/" + id;
        JsonNode current = Http.get(url).bearer(admin.token()).send().json();
        @SuppressWarnings("unchecked")
        Map<String, Object> rep = Http.JSON.convertValue(current, Map.class);
        rep.put(attribute, value);
        Http.Response r = Http.put(url).bearer(admin.token()).json(rep).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    /** What differs between Keycloak and the remote: per user, names and membership of the pushed group. */
    private static List<String> differences(Fixture f, ScimmyServer scim, List<String> ids, String extra) {
        List<String> out = new ArrayList<>();
        Map<String, JsonNode> remote = new HashMap<>();
        scim.users(null).path("Resources").forEach(r -> remote.put(r.path("userName").asText().toLowerCase(), r));
        Set<String> localMembers = new TreeSet<>();
        for (JsonNode m : Http.get(admin.url() + "/admin/realms/" + f.realm + "/groups/" + extra + "/members?max=1000")
                .bearer(admin.token()).send().json()) {
            localMembers.add(m.path("username").asText());
        }
        Map<String, String> remoteNames = new HashMap<>();
        remote.forEach((name, r) -> remoteNames.put(r.path("id").asText(), name));
        Set<String> remoteMembers = new TreeSet<>();
        for (JsonNode g : scim.groups().path("Resources")) {
            if ("extra".equals(g.path("displayName").asText())) {
                g.path("members").forEach(m -> remoteMembers.add(remoteNames.getOrDefault(m.path("value").asText(), m.path("value").asText())));
            }
        }
        if (!localMembers.equals(remoteMembers)) {
            out.add("extra members local " + localMembers + " remote " + remoteMembers);
        }
        for (String id : ids) {
            JsonNode local = Http.get(admin.url() + "/admin/realms/" + f.realm + "/users/" + id).bearer(admin.token()).send().json();
            String name = local.path("username").asText();
            JsonNode r = remote.get(name);
            if (r == null) {
                out.add(name + " missing remotely");
                continue;
            }
            if (!local.path("firstName").asText().equals(r.at("/name/givenName").asText())
                    || !local.path("lastName").asText().equals(r.at("/name/familyName").asText())
                    || !r.path("active").asBoolean(false)) {
                out.add(name + " local " + local.path("firstName").asText() + "/" + local.path("lastName").asText()
                        + " remote " + r.at("/name/givenName").asText() + "/" + r.at("/name/familyName").asText()
                        + " active " + r.path("active"));
            }
        }
        return out;
    }
}
