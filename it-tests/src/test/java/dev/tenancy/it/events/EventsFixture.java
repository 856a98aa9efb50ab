package dev.tenancy.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * The shared server with the provisioning module's test options, and the steps every events test
 * takes: a realm, a subscription pointing at a local receiver, signature checks.
 */
final class EventsFixture {

    /**
     * Test settings: short retry delays (so an outage of minutes is caught up quickly) with enough
     * attempts to outlast it, a short lease (so a killed node's claims expire quickly). Private
     * addresses are allowed by dev mode anyway; the option says so explicitly.
     */
    static final String OPTIONS = "--spi-tenancy-provisioning--default--backoff-max-seconds=4"
            + " --spi-tenancy-provisioning--default--max-attempts=500"
            + " --spi-tenancy-provisioning--default--lease-seconds=10"
            + " --spi-tenancy-provisioning--default--request-timeout-millis=5000"
            + " --spi-tenancy-provisioning--default--poll-interval-millis=250"
            + " --spi-tenancy-provisioning--default--allow-private-addresses=true"
            // Event log: an 86 s retention checked every 2 s (EventsApiIT waits for it), a fast sequencer.
            + " --spi-tenancy-provisioning--default--events-retention-days=0.001"
            + " --spi-tenancy-provisioning--default--events-purge-interval-seconds=2"
            + " --spi-tenancy-provisioning--default--sequencer-interval-millis=250";

    private EventsFixture() {
    }

    static synchronized KeycloakServer server() {
        String current = System.getProperty("tenancy.it.kc.options", "");
        if (!current.contains("tenancy-provisioning")) {
            System.setProperty("tenancy.it.kc.options", (current + " " + OPTIONS).trim());
        }
        return KeycloakServer.get();
    }

    static String webhooks(Admin admin, String realm) {
        return admin.url() + "/realms/" + realm + "/provisioning/webhooks";
    }

    /** Creates a subscription as the master admin; returns its JSON (with the secret). */
    static JsonNode subscribe(Admin admin, String realm, String url, String organizationId, String... events) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("events", events.length == 0 ? List.of("joiner", "mover", "leaver") : List.of(events));
        body.put("organizationId", organizationId);
        body.put("enabled", true);
        Http.Response r = Http.post(webhooks(admin, realm)).bearer(admin.token()).json(body).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode json = r.json();
        assertThat(json.path("secret").asText()).startsWith("whsec_");
        return json;
    }

    /** Verifies the request's signature with the Standard Webhooks reference library. */
    static void verify(Receiver.Request request, String secret) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            headers.put(name, List.of(request.header(name)));
        }
        try {
            new Webhook(secret).verify(request.body(), headers);
        } catch (WebhookVerificationException e) {
            throw new AssertionError("Bad signature on " + request.body(), e);
        }
    }

    /** The events of one user, in arrival order. */
    static List<JsonNode> ofUser(List<Receiver.Request> requests, String userId) {
        List<JsonNode> result = new ArrayList<>();
        for (Receiver.Request r : requests) {
            JsonNode json = r.json();
            if (userId.equals(json.path("subject").asText())) {
                result.add(json);
            }
        }
        return result;
    }

    static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText().replace("dev.tenancy.user.", "")).toList();
    }

    /** The change of {@code field} in an event, or null. */
    static JsonNode change(JsonNode event, String field) {
        for (JsonNode c : event.path("data").path("changes")) {
            if (field.equals(c.path("field").asText())) {
                return c;
            }
        }
        return null;
    }

    static Map<String, Object> userRep(Admin admin, String realm, String userId) {
        JsonNode u = Http.get(admin.url() + "/admin/realms/" + realm + "/users/" + userId).bearer(admin.token()).send().json();
        return Http.JSON.convertValue(u, Map.class);
    }

    /** Updates a user through the admin REST API (GET, change, PUT). */
    static void updateUser(Admin admin, String realm, String userId, java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> rep = userRep(admin, realm, userId);
        change.accept(rep);
        Http.Response r = Http.put(admin.url() + "/admin/realms/" + realm + "/users/" + userId).bearer(admin.token()).json(rep).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    @SuppressWarnings("unchecked")
    static void setAttribute(Map<String, Object> rep, String name, String... values) {
        Map<String, Object> attributes = (Map<String, Object>) rep.computeIfAbsent("attributes", k -> new HashMap<>());
        attributes.put(name, List.of(values));
    }

    /** Lets the realm's users carry attributes the user profile does not declare (department, title, …). */
    @SuppressWarnings("unchecked")
    static void allowUnmanagedAttributes(Admin admin, String realm) {
        String url = admin.url() + "/admin/realms/" + realm + "/users/profile";
        Map<String, Object> profile = Http.JSON.convertValue(Http.get(url).bearer(admin.token()).send().json(), Map.class);
        profile.put("unmanagedAttributePolicy", "ENABLED");
        Http.Response r = Http.put(url).bearer(admin.token()).json(profile).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** A test realm and its realm-wide subscription. */
    record Setup(String realm, String subscriptionId, String secret) {
    }

    /** A realm with organizations, attributes allowed, and a realm-wide subscription to the receiver's {@code path}. */
    static Setup realmWithSubscription(Admin admin, Receiver receiver, String path) {
        String realm = admin.createRealm();
        allowUnmanagedAttributes(admin, realm);
        JsonNode s = subscribe(admin, realm, receiver.url(path), null);
        return new Setup(realm, s.path("id").asText(), s.path("secret").asText());
    }
}
