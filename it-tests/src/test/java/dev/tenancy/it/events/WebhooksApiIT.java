package dev.tenancy.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/** {@code /realms/{realm}/provisioning/webhooks}: shapes, validation, secrets, permissions. */
class WebhooksApiIT extends ReceiverTestBase {

    @Test
    void givenRealmAdmin_thenCrudWithSecretShownOnce() {
        String realm = admin.createRealm();
        String url = EventsFixture.webhooks(admin, realm);
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        Http.Response created = Http.post(url).bearer(admin.token())
                .json(Map.of("url", receiver.url("/crud"), "secret", secret, "events", List.of("leaver"), "enabled", true)).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.header("Location")).endsWith("/provisioning/webhooks/" + id);
        assertThat(created.json().path("secret").asText()).isEqualTo(secret);
        assertThat(created.json().path("organizationId").isNull()).isTrue();

        JsonNode got = Http.get(url + "/" + id).bearer(admin.token()).send().json();
        assertThat(got.has("secret")).isFalse();
        assertThat(got.path("events").toString()).isEqualTo("[\"leaver\"]");
        assertThat(got.path("enabled").asBoolean()).isTrue();

        Http.Response generated = Http.post(url).bearer(admin.token()).json(Map.of("url", receiver.url("/gen"))).send();
        assertThat(generated.status()).isEqualTo(201);
        assertThat(generated.json().path("secret").asText()).startsWith("whsec_");
        assertThat(generated.json().path("events").toString()).isEqualTo("[\"joiner\",\"mover\",\"leaver\"]");

        JsonNode list = Http.get(url).bearer(admin.token()).send().json();
        assertThat(list).hasSize(2);
        assertThat(list.toString()).doesNotContain("whsec_");

        Http.Response put = Http.put(url + "/" + id).bearer(admin.token())
                .json(Map.of("events", List.of("joiner", "leaver"), "enabled", false)).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("enabled").asBoolean()).isFalse();
        assertThat(put.json().path("url").asText()).isEqualTo(receiver.url("/crud"));
        assertThat(put.json().has("secret")).isFalse();

        assertThat(Http.delete(url + "/" + id).bearer(admin.token()).send().status()).isEqualTo(204);
        assertThat(Http.get(url + "/" + id).bearer(admin.token()).send().status()).isEqualTo(404);
        assertThat(Http.get(url + "/nope").bearer(admin.token()).send().status()).isEqualTo(404);
    }

    @Test
    void givenInvalidBodies_then400NamingTheField() {
        String realm = admin.createRealm();
        String url = EventsFixture.webhooks(admin, realm);
        assertBad(url, Map.of("events", List.of("joiner")), "url");
        assertBad(url, Map.of("url", "ftp://example.test/"), "url");
        assertBad(url, Map.of("url", receiver.url("/x"), "events", List.of("sideways")), "events");
        assertBad(url, Map.of("url", receiver.url("/x"), "events", List.of()), "events");
        assertBad(url, Map.of("url", receiver.url("/x"), "secret", "not-a-secret"), "secret");
        assertBad(url, Map.of("url", receiver.url("/x"), "organizationId", "no-such-org"), "organizationId");
        assertBad(url, Map.of("url", receiver.url("/x"), "enabled", "yes"), "enabled");
        Http.Response malformed = Http.post(url).bearer(admin.token()).json("{").send();
        assertThat(malformed.status()).isEqualTo(400);
    }

    @Test
    void givenNoToken_then401() {
        String realm = admin.createRealm();
        assertThat(Http.get(EventsFixture.webhooks(admin, realm)).send().status()).isEqualTo(401);
    }

    @Test
    void givenOrganizationMembers_thenOnlyTheirOwnOrganizationsSubscriptions() {
        String realm = admin.createRealm();
        String url = EventsFixture.webhooks(admin, realm);
        String alpha = admin.createOrganization(realm, Admin.unique("alpha"));
        String beta = admin.createOrganization(realm, Admin.unique("beta"));
        String manager = member(realm, alpha, "manage-provisioning");
        String viewer = member(realm, alpha, "view-provisioning");
        String nobody = member(realm, alpha, null);
        String managerToken = admin.userToken(realm, manager, PASSWORD);
        String viewerToken = admin.userToken(realm, viewer, PASSWORD);
        String nobodyToken = admin.userToken(realm, nobody, PASSWORD);

        String betaSub = EventsFixture.subscribe(admin, realm, receiver.url("/beta"), beta).path("id").asText();
        String realmSub = EventsFixture.subscribe(admin, realm, receiver.url("/realm"), null).path("id").asText();

        Http.Response mine = Http.post(url).bearer(managerToken).json(body(receiver.url("/alpha"), alpha)).send();
        assertThat(mine.status()).as(mine.toString()).isEqualTo(201);
        String alphaSub = mine.json().path("id").asText();
        assertThat(Http.post(url).bearer(managerToken).json(body(receiver.url("/alpha"), beta)).send().status()).isEqualTo(403);
        assertThat(Http.post(url).bearer(managerToken).json(body(receiver.url("/alpha"), null)).send().status()).isEqualTo(403);

        JsonNode managerList = Http.get(url).bearer(managerToken).send().json();
        assertThat(managerList).extracting(n -> n.path("id").asText()).containsExactly(alphaSub);
        assertThat(Http.get(url + "/" + betaSub).bearer(managerToken).send().status()).isEqualTo(404);
        assertThat(Http.get(url + "/" + realmSub).bearer(managerToken).send().status()).isEqualTo(404);
        assertThat(Http.delete(url + "/" + betaSub).bearer(managerToken).send().status()).isEqualTo(404);
        assertThat(Http.get(url + "/" + alphaSub + "/deliveries").bearer(managerToken).send().status()).isEqualTo(200);

        assertThat(Http.get(url).bearer(viewerToken).send().json()).hasSize(1);
        assertThat(Http.get(url + "/" + alphaSub).bearer(viewerToken).send().status()).isEqualTo(200);
        assertThat(Http.put(url + "/" + alphaSub).bearer(viewerToken).json(Map.of("enabled", false)).send().status()).isEqualTo(403);
        assertThat(Http.post(url).bearer(viewerToken).json(body(receiver.url("/alpha"), alpha)).send().status()).isEqualTo(403);

        assertThat(Http.get(url).bearer(nobodyToken).send().status()).isEqualTo(403);
        assertThat(Http.get(url + "/" + alphaSub).bearer(nobodyToken).send().status()).isEqualTo(404);

        assertThat(Http.delete(url + "/" + alphaSub).bearer(managerToken).send().status()).isEqualTo(204);
    }

    private static Map<String, Object> body(String target, String organizationId) {
        Map<String, Object> b = new HashMap<>();
        b.put("url", target);
        b.put("organizationId", organizationId);
        return b;
    }

    private static void assertBad(String url, Map<String, Object> body, String field) {
        Http.Response r = Http.post(url).bearer(admin.token()).json(body).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("field").asText()).as(r.toString()).isEqualTo(field);
    }
}
