package dev.tenancy.it.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/** The connected-apps API of one realm, as a realm administrator calls it, and polling helpers. */
public final class Apps {

    final Admin admin;
    final String realm;

    public Apps(Admin admin, String realm) {
        this.admin = admin;
        this.realm = realm;
    }

    String url() {
        return admin.url() + "/realms/" + realm + "/provisioning/apps";
    }

    public static Map<String, Object> bearerApp(String name, String orgId, String baseUrl, String token) {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", name);
        app.put("organizationId", orgId);
        app.put("scim", Map.of("baseUrl", baseUrl, "auth", Map.of("type", "BEARER", "token", token)));
        app.put("maxRequestsPerSecond", 0);
        return app;
    }

    public String create(Map<String, Object> app) {
        Http.Response r = Http.post(url()).bearer(admin.token()).json(app).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    JsonNode get(String id) {
        return Http.get(url() + "/" + id).bearer(admin.token()).send().json();
    }

    Http.Response put(String id, Map<String, Object> changes) {
        return Http.put(url() + "/" + id).bearer(admin.token()).json(changes).send();
    }

    public JsonNode status(String id) {
        Http.Response r = Http.get(url() + "/" + id + "/status").bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    String sync(String id, boolean dryRun) {
        Http.Response r = Http.post(url() + "/" + id + "/sync" + (dryRun ? "?dryRun=true" : "")).bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("runId").asText();
    }

    JsonNode run(String id, String runId) {
        return Http.get(url() + "/" + id + "/sync/" + runId).bearer(admin.token()).send().json();
    }

    JsonNode awaitRun(String id, String runId) {
        JsonNode[] last = {null};
        await("sync " + runId + " to finish", Duration.ofSeconds(90), () -> {
            last[0] = run(id, runId);
            String s = last[0].path("status").asText();
            return s.equals("DONE") || s.equals("FAILED");
        }, () -> String.valueOf(last[0]));
        return last[0];
    }

    /** A user that is no member of any group: updates go through the admin REST API. */
    void updateUser(String userId, Map<String, Object> changes) {
        JsonNode current = Http.get(admin.url() + "/admin/realms/" + realm + "/users/" + userId).bearer(admin.token()).send().json();
        Map<String, Object> rep = Http.JSON.convertValue(current, Map.class);
        rep.putAll(changes);
        Http.Response r = Http.put(admin.url() + "/admin/realms/" + realm + "/users/" + userId).bearer(admin.token()).json(rep).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    String createGroup(String name) {
        Http.Response r = Http.post(admin.url() + "/admin/realms/" + realm + "/groups").bearer(admin.token())
                .json(Map.of("name", name)).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return Admin.idFromLocation(r);
    }

    void renameGroup(String groupId, String name) {
        Http.Response r = Http.put(admin.url() + "/admin/realms/" + realm + "/groups/" + groupId).bearer(admin.token())
                .json(Map.of("name", name)).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    void deleteGroup(String groupId) {
        Http.Response r = Http.delete(admin.url() + "/admin/realms/" + realm + "/groups/" + groupId).bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    void joinGroup(String userId, String groupId) {
        Http.Response r = Http.put(admin.url() + "/admin/realms/" + realm + "/users/" + userId + "/groups/" + groupId)
                .bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    void leaveGroup(String userId, String groupId) {
        Http.Response r = Http.delete(admin.url() + "/admin/realms/" + realm + "/users/" + userId + "/groups/" + groupId)
                .bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Timed out waiting for " + what + ": " + describe.get());
    }

    static void await(String what, BooleanSupplier condition, Supplier<String> describe) {
        await(what, Duration.ofSeconds(30), condition, describe);
    }

    static List<String> userNames(JsonNode list) {
        List<String> out = new java.util.ArrayList<>();
        list.path("Resources").forEach(r -> out.add(r.path("userName").asText()));
        return out;
    }
}
