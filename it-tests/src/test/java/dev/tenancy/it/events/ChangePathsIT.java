package dev.tenancy.it.events;

import static dev.tenancy.it.events.EventsFixture.change;
import static dev.tenancy.it.events.EventsFixture.ofUser;
import static dev.tenancy.it.events.EventsFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/** Every kind of event, from the admin REST API and the account console, with old and new values. */
class ChangePathsIT extends ReceiverTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    @Test
    void givenAdminRestChanges_thenJoinerMoversLeaverJoinerLeaver_inOrder_signed() {
        String path = "/" + Admin.unique("paths");
        EventsFixture.Setup setup = EventsFixture.realmWithSubscription(admin, receiver, path);
        String realm = setup.realm();
        String secret = setup.secret();

        String userId = admin.createUser(realm, Admin.unique("ann"), "Passw0rd!x");
        EventsFixture.updateUser(admin, realm, userId, rep -> EventsFixture.setAttribute(rep, "department", "Sales"));
        EventsFixture.updateUser(admin, realm, userId, rep -> {
            EventsFixture.setAttribute(rep, "department", "Marketing");
            rep.put("lastName", "Smith");
        });
        // realm role mapping
        Http.Response role = Http.post(admin.url() + "/admin/realms/" + realm + "/roles").bearer(admin.token())
                .json(Map.of("name", "auditor")).send();
        assertThat(role.status()).as(role.toString()).isEqualTo(201);
        JsonNode auditor = Http.get(admin.url() + "/admin/realms/" + realm + "/roles/auditor").bearer(admin.token()).send().json();
        Http.Response grant = Http.post(admin.url() + "/admin/realms/" + realm + "/users/" + userId + "/role-mappings/realm")
                .bearer(admin.token()).json(List.of(auditor)).send();
        assertThat(grant.status()).as(grant.toString()).isEqualTo(204);
        // group membership
        Http.Response group = Http.post(admin.url() + "/admin/realms/" + realm + "/groups").bearer(admin.token())
                .json(Map.of("name", "engineering")).send();
        String groupId = Admin.idFromLocation(group);
        Http.Response join = Http.put(admin.url() + "/admin/realms/" + realm + "/users/" + userId + "/groups/" + groupId)
                .bearer(admin.token()).send();
        assertThat(join.status()).as(join.toString()).isEqualTo(204);
        EventsFixture.updateUser(admin, realm, userId, rep -> rep.put("enabled", false));
        EventsFixture.updateUser(admin, realm, userId, rep -> rep.put("enabled", true));
        Http.Response delete = Http.delete(admin.url() + "/admin/realms/" + realm + "/users/" + userId).bearer(admin.token()).send();
        assertThat(delete.status()).as(delete.toString()).isEqualTo(204);

        List<JsonNode> events = awaitUserEvents(path, userId, 8);
        assertThat(types(events)).containsExactly("joiner", "mover", "mover", "mover", "mover", "leaver", "joiner", "leaver");
        JsonNode first = events.get(0);
        assertThat(first.path("specversion").asText()).isEqualTo("1.0");
        assertThat(first.path("source").asText()).isEqualTo("/realms/" + realm);
        assertThat(first.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(first.path("data").path("realm").asText()).isEqualTo(realm);
        assertThat(first.path("data").path("organization").isNull()).isTrue();
        assertThat(first.path("data").path("cause").asText()).isEqualTo("ADMIN");

        assertThat(change(events.get(1), "attributes.department").path("old").isNull()).isTrue();
        assertThat(change(events.get(1), "attributes.department").path("new").toString()).isEqualTo("[\"Sales\"]");
        assertThat(change(events.get(2), "attributes.department").path("old").toString()).isEqualTo("[\"Sales\"]");
        assertThat(change(events.get(2), "attributes.department").path("new").toString()).isEqualTo("[\"Marketing\"]");
        assertThat(change(events.get(2), "lastName").path("old").asText()).isEqualTo("User");
        assertThat(change(events.get(2), "lastName").path("new").asText()).isEqualTo("Smith");
        assertThat(change(events.get(3), "realmRoles").path("new").toString()).contains("auditor");
        assertThat(change(events.get(4), "groups").path("new").toString()).contains("/engineering");
        assertThat(change(events.get(5), "enabled").path("new").asBoolean()).isFalse();
        assertThat(change(events.get(6), "enabled").path("new").asBoolean()).isTrue();
        assertThat(events.get(7).path("data").path("user").path("id").asText()).isEqualTo(userId);

        long previous = 0;
        for (JsonNode e : events) {
            long sequence = e.path("data").path("sequence").asLong();
            assertThat(sequence).isGreaterThan(previous);
            previous = sequence;
        }
        for (Receiver.Request r : receiver.accepted(path)) {
            EventsFixture.verify(r, secret);
            assertThat(r.header("content-type")).startsWith("application/cloudevents+json");
            assertThat(r.id()).isEqualTo(r.json().path("id").asText());
        }
    }

    @Test
    void givenAccountConsoleProfileUpdate_thenMoverWithCauseAccount() {
        String path = "/" + Admin.unique("account");
        String realm = EventsFixture.realmWithSubscription(admin, receiver, path).realm();
        String username = Admin.unique("bob");
        String userId = admin.createUser(realm, username, "Passw0rd!x");
        String token = admin.userToken(realm, username, "Passw0rd!x");
        Http.Response me = Http.get(admin.url() + "/realms/" + realm + "/account/").bearer(token)
                .header("Accept", "application/json").send();
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        Map<String, Object> rep = Http.JSON.convertValue(me.json(), Map.class);
        rep.put("firstName", "Robert");
        Http.Response update = Http.post(admin.url() + "/realms/" + realm + "/account/").bearer(token).json(rep).send();
        assertThat(update.status()).as(update.toString()).isIn(200, 204);

        List<JsonNode> events = awaitUserEvents(path, userId, 2);
        assertThat(types(events)).containsExactly("joiner", "mover");
        assertThat(change(events.get(1), "firstName").path("old").asText()).isEqualTo("Test");
        assertThat(change(events.get(1), "firstName").path("new").asText()).isEqualTo("Robert");
        assertThat(events.get(1).path("data").path("cause").asText()).isEqualTo("ACCOUNT");
    }

    @Test
    void givenRefusedChanges_thenNothingIsSent() {
        String path = "/" + Admin.unique("refused");
        String realm = EventsFixture.realmWithSubscription(admin, receiver, path).realm();
        String taken = Admin.unique("carol");
        String userId = admin.createUser(realm, taken, "Passw0rd!x");
        String other = admin.createUser(realm, Admin.unique("dave"), "Passw0rd!x");
        // A duplicate username is refused: no joiner for it.
        Http.Response duplicate = Http.post(admin.url() + "/admin/realms/" + realm + "/users").bearer(admin.token())
                .json(Map.of("username", taken, "enabled", true)).send();
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
        // Taking another user's email is refused (the transaction rolls back): no mover for it.
        Map<String, Object> rep = EventsFixture.userRep(admin, realm, other);
        rep.put("email", taken + "@example.test");
        Http.Response clash = Http.put(admin.url() + "/admin/realms/" + realm + "/users/" + other).bearer(admin.token()).json(rep).send();
        assertThat(clash.status()).as(clash.toString()).isEqualTo(409);
        // A marker change afterwards: when it arrives, everything before it has arrived.
        EventsFixture.updateUser(admin, realm, userId, r -> r.put("firstName", "Marker"));

        List<JsonNode> mine = awaitUserEvents(path, userId, 2);
        assertThat(types(mine)).containsExactly("joiner", "mover");
        List<JsonNode> others = ofUser(receiver.accepted(path), other);
        assertThat(types(others)).containsExactly("joiner");
        assertThat(receiver.accepted(path)).hasSize(3);
    }

    private List<JsonNode> awaitUserEvents(String path, String userId, int atLeast) {
        receiver.await(WAIT, list -> ofUser(list.stream().filter(r -> r.path().equals(path)).toList(), userId).size() >= atLeast);
        Receiver.sleep(1500); // anything extra (a duplicate, a stray event) would arrive now
        return ofUser(receiver.accepted(path), userId);
    }
}
