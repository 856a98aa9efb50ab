package dev.tenancy.it.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/**
 * The Events API (pull) on the shared server: paging in commit order without gap or duplicate,
 * long-polling, organization scoping and permissions, bad parameters, retention; group events and
 * a pre-existing user's first change, as the log shows them.
 */
class EventsApiIT extends ReceiverTestBase {

    static String eventsUrl(Admin admin, String realm) {
        return admin.url() + "/realms/" + realm + "/provisioning/events";
    }

    /** Reads the log from the start (or {@code after}) until {@code count} events matching are seen. */
    static List<JsonNode> readUntil(String url, String token, int count, java.util.function.Predicate<JsonNode> matching) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Http.Response r = Http.get(url + (url.contains("?") ? "&" : "?") + "limit=5&wait=2"
                    + (cursor == null ? "" : "&after=" + cursor)).bearer(token).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode body = r.json();
            body.path("data").forEach(all::add);
            cursor = body.path("nextCursor").asText();
            if (all.stream().filter(matching).count() >= count) {
                return all;
            }
        }
        throw new AssertionError("Only " + all.size() + " events read: " + all);
    }

    @Test
    void givenChanges_thenPagesInOrder_noGapNoDuplicate_andBadParametersAre400() {
        String realm = admin.createRealm();
        String url = eventsUrl(admin, realm);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            users.add(admin.createUser(realm, Admin.unique("p"), PASSWORD));
        }
        List<JsonNode> events = readUntil(url, admin.token(), 7, e -> e.path("type").asText().equals("dev.tenancy.user.joiner"));
        List<String> subjects = events.stream().filter(e -> e.path("type").asText().endsWith("joiner"))
                .map(e -> e.path("subject").asText()).toList();
        assertThat(subjects).containsExactlyElementsOf(users);
        Set<String> ids = new HashSet<>();
        events.forEach(e -> assertThat(ids.add(e.path("id").asText())).as("duplicate " + e).isTrue());
        assertThat(events).allSatisfy(e -> assertThat(e.path("source").asText()).isEqualTo("/realms/" + realm));

        // A full replay with limit=1 gives the same events in the same order.
        List<String> replay = new ArrayList<>();
        String cursor = null;
        for (int i = 0; i < 20 && replay.size() < events.size(); i++) {
            JsonNode body = Http.get(url + "?limit=1" + (cursor == null ? "" : "&after=" + cursor)).bearer(admin.token()).send().json();
            body.path("data").forEach(e -> replay.add(e.path("id").asText()));
            cursor = body.path("nextCursor").asText();
        }
        assertThat(replay).containsExactlyElementsOf(events.stream().map(e -> e.path("id").asText()).toList());

        // Filter by type.
        JsonNode joiners = Http.get(url + "?types=joiner&limit=1000").bearer(admin.token()).send().json();
        assertThat(joiners.path("data")).hasSize(7);
        assertThat(Http.get(url + "?types=mover").bearer(admin.token()).send().json().path("data")).isEmpty();

        assertField(Http.get(url + "?after=garbage").bearer(admin.token()).send(), "after");
        assertField(Http.get(url + "?after=cDE6OTk5OTk5OTk5OTk5").bearer(admin.token()).send(), "after"); // a position not reached
        assertField(Http.get(url + "?limit=0").bearer(admin.token()).send(), "limit");
        assertField(Http.get(url + "?limit=1001").bearer(admin.token()).send(), "limit");
        assertField(Http.get(url + "?limit=ten").bearer(admin.token()).send(), "limit");
        assertField(Http.get(url + "?wait=-1").bearer(admin.token()).send(), "wait");
        assertField(Http.get(url + "?wait=61").bearer(admin.token()).send(), "wait");
        assertField(Http.get(url + "?types=sideways").bearer(admin.token()).send(), "types");
        assertThat(Http.get(url).send().status()).isEqualTo(401);
    }

    @Test
    void givenNothingNew_thenLongPollAnswersWhenAnEventCommits() throws Exception {
        String realm = admin.createRealm();
        String url = eventsUrl(admin, realm);
        String token = admin.token();
        String cursor = Http.get(url).bearer(token).send().json().path("nextCursor").asText();

        long started = System.currentTimeMillis();
        JsonNode quiet = Http.get(url + "?wait=2&after=" + cursor).bearer(token).send().json();
        assertThat(quiet.path("data")).isEmpty();
        assertThat(System.currentTimeMillis() - started).isGreaterThanOrEqualTo(1900);
        cursor = quiet.path("nextCursor").asText();

        String after = cursor;
        CompletableFuture<Http.Response> poll = CompletableFuture.supplyAsync(
                () -> Http.get(url + "?wait=30&after=" + after).bearer(token).send());
        Thread.sleep(1500);
        String userId = admin.createUser(realm, Admin.unique("lp"), PASSWORD);
        long created = System.currentTimeMillis();
        Http.Response r = poll.get();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(System.currentTimeMillis() - created).isLessThan(10_000);
        assertThat(r.json().path("data")).extracting(e -> e.path("subject").asText()).contains(userId);
    }

    @Test
    void givenOrganizationMembers_thenOnlyTheirOrganizationsEvents() {
        String realm = admin.createRealm();
        String url = eventsUrl(admin, realm);
        String alpha = admin.createOrganization(realm, Admin.unique("alpha"));
        String beta = admin.createOrganization(realm, Admin.unique("beta"));
        String viewer = member(realm, alpha, "view-provisioning");
        String nobody = member(realm, alpha, null);
        String betaManager = member(realm, beta, "manage-provisioning");
        String inAlpha = admin.createUser(realm, Admin.unique("a"), PASSWORD);
        admin.addMember(realm, alpha, inAlpha);
        String inBeta = admin.createUser(realm, Admin.unique("b"), PASSWORD);
        admin.addMember(realm, beta, inBeta);

        String viewerToken = admin.userToken(realm, viewer, PASSWORD);
        List<JsonNode> seen = readUntil(url, viewerToken, 1, e -> e.path("subject").asText().equals(inAlpha));
        assertThat(seen).allSatisfy(e -> {
            assertThat(e.path("source").asText()).isEqualTo("/realms/" + realm + "/organizations/" + alpha);
            assertThat(e.path("data").path("organization").path("id").asText()).isEqualTo(alpha);
        });
        assertThat(seen).noneMatch(e -> e.path("subject").asText().equals(inBeta));
        assertThat(Http.get(url + "?organizationId=" + alpha).bearer(viewerToken).send().status()).isEqualTo(200);
        assertThat(Http.get(url + "?organizationId=" + beta).bearer(viewerToken).send().status()).isEqualTo(404);
        assertThat(Http.get(url + "?organizationId=nope").bearer(viewerToken).send().status()).isEqualTo(404);
        assertThat(Http.get(url).bearer(admin.userToken(realm, nobody, PASSWORD)).send().status()).isEqualTo(403);
        List<JsonNode> betaSeen = readUntil(url, admin.userToken(realm, betaManager, PASSWORD), 1,
                e -> e.path("subject").asText().equals(inBeta));
        assertThat(betaSeen).noneMatch(e -> e.path("subject").asText().equals(inAlpha));

        // The realm administrator reads the realm stream, or one organization's.
        List<JsonNode> adminAlpha = readUntil(url + "?organizationId=" + alpha, admin.token(), 1,
                e -> e.path("subject").asText().equals(inAlpha));
        assertThat(adminAlpha).noneMatch(e -> e.path("subject").asText().equals(inBeta));
        assertThat(Http.get(url + "?organizationId=nope").bearer(admin.token()).send().status()).isEqualTo(404);
    }

    @Test
    void givenGroupChanges_thenGroupEventsInOrderWithTheUserEvents() {
        String realm = admin.createRealm();
        String url = eventsUrl(admin, realm);
        String base = admin.url() + "/admin/realms/" + realm;
        String orgId = admin.createOrganization(realm, Admin.unique("g"));
        String userId = admin.createUser(realm, Admin.unique("gm"), PASSWORD);
        admin.addMember(realm, orgId, userId);

        Http.Response created = Http.post(base + "/groups").bearer(admin.token()).json(Map.of("name", "engineering")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String groupId = Admin.idFromLocation(created);
        assertThat(Http.put(base + "/users/" + userId + "/groups/" + groupId).bearer(admin.token()).send().status()).isEqualTo(204);
        assertThat(Http.put(base + "/groups/" + groupId).bearer(admin.token()).json(Map.of("name", "eng")).send().status()).isEqualTo(204);
        assertThat(Http.delete(base + "/users/" + userId + "/groups/" + groupId).bearer(admin.token()).send().status()).isEqualTo(204);
        assertThat(Http.delete(base + "/groups/" + groupId).bearer(admin.token()).send().status()).isEqualTo(204);

        Http.Response orgGroup = Http.post(base + "/organizations/" + orgId + "/groups").bearer(admin.token())
                .json(Map.of("name", "sales")).send();
        assertThat(orgGroup.status()).as(orgGroup.toString()).isEqualTo(201);
        String orgGroupId = Admin.idFromLocation(orgGroup);

        List<JsonNode> events = readUntil(url, admin.token(), 1, e -> e.path("subject").asText().equals(orgGroupId));
        List<String> realmGroup = new ArrayList<>();
        for (JsonNode e : events) {
            String type = e.path("type").asText();
            if (e.path("subject").asText().equals(groupId) || (e.path("subject").asText().equals(userId) && type.endsWith("mover")
                    && change(e, "groups") != null)) {
                realmGroup.add(type.replace("dev.tenancy.", ""));
            }
        }
        assertThat(realmGroup).containsExactly("group.created", "group.member_added", "user.mover", "group.updated",
                "group.member_removed", "user.mover", "group.deleted");
        JsonNode added = events.stream().filter(e -> e.path("type").asText().equals("dev.tenancy.group.member_added")).findFirst().orElseThrow();
        assertThat(added.path("data").path("group").path("path").asText()).isEqualTo("/engineering");
        assertThat(added.path("data").path("member").path("id").asText()).isEqualTo(userId);
        JsonNode renamed = events.stream().filter(e -> e.path("type").asText().equals("dev.tenancy.group.updated")).findFirst().orElseThrow();
        assertThat(renamed.path("data").path("group").path("path").asText()).isEqualTo("/eng");

        JsonNode sales = events.stream().filter(e -> e.path("subject").asText().equals(orgGroupId)).findFirst().orElseThrow();
        assertThat(sales.path("type").asText()).isEqualTo("dev.tenancy.group.created");
        assertThat(sales.path("data").path("group").path("path").asText()).isEqualTo("/sales");
        assertThat(sales.path("data").path("group").path("organization").path("id").asText()).isEqualTo(orgId);
        // The organization's own stream has its group too.
        List<JsonNode> orgStream = readUntil(url + "?organizationId=" + orgId, admin.token(), 1,
                e -> e.path("subject").asText().equals(orgGroupId));
        assertThat(orgStream).noneMatch(e -> e.path("subject").asText().equals(groupId));
    }

    @Test
    void givenUserWithoutSnapshot_thenFirstChangeHasTheOldValues() throws Exception {
        Optional<Connection> jdbc = EventsFixture.server().jdbc();
        assumeTrue(jdbc.isPresent(), "removing a snapshot needs direct database access (PostgreSQL)");
        String realm = admin.createRealm();
        EventsFixture.allowUnmanagedAttributes(admin, realm);
        String userId = admin.createUser(realm, Admin.unique("old"), PASSWORD);
        EventsFixture.updateUser(admin, realm, userId, rep -> EventsFixture.setAttribute(rep, "department", "Sales"));
        // As if the user had existed before this module recorded anyone: no snapshot.
        try (Connection c = jdbc.get(); PreparedStatement s = c.prepareStatement("delete from TNC_PE_USER_SNAPSHOT where USER_ID = ?")) {
            s.setString(1, userId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        String path = "/old-" + Admin.unique("r");
        JsonNode sub = EventsFixture.subscribe(admin, realm, receiver.url(path), null);
        EventsFixture.updateUser(admin, realm, userId, rep -> {
            EventsFixture.setAttribute(rep, "department", "Marketing");
            rep.put("lastName", "Smith");
        });
        List<Receiver.Request> got = receiver.awaitCount(path, 1, Duration.ofSeconds(30));
        EventsFixture.verify(got.get(0), sub.path("secret").asText());
        JsonNode event = got.get(0).json();
        assertThat(event.path("type").asText()).isEqualTo("dev.tenancy.user.mover");
        JsonNode department = change(event, "attributes.department");
        assertThat(department).isNotNull();
        assertThat(department.path("old").toString()).isEqualTo("[\"Sales\"]");
        assertThat(department.path("new").toString()).isEqualTo("[\"Marketing\"]");
        assertThat(change(event, "lastName").path("old").asText()).isEqualTo("User");
    }

    @Test
    void givenShortRetention_thenOldEventsGo_andTheirCursorIs400() throws Exception {
        String realm = admin.createRealm();
        String url = eventsUrl(admin, realm);
        String start = Http.get(url).bearer(admin.token()).send().json().path("nextCursor").asText();
        String userId = admin.createUser(realm, Admin.unique("ret"), PASSWORD);
        readUntil(url, admin.token(), 1, e -> e.path("subject").asText().equals(userId));
        // The test server keeps events for 0.001 days (86 s) and runs retention every 2 s.
        long deadline = System.currentTimeMillis() + 240_000;
        Http.Response r;
        do {
            Thread.sleep(2000);
            r = Http.get(url + "?after=" + start).bearer(admin.token()).send();
        } while (r.status() == 200 && System.currentTimeMillis() < deadline);
        assertField(r, "after");
        JsonNode fromOldest = Http.get(url).bearer(admin.token()).send().json();
        assertThat(fromOldest.path("data")).noneMatch(e -> e.path("subject").asText().equals(userId));
    }

    static JsonNode change(JsonNode event, String field) {
        return EventsFixture.change(event, field);
    }

    private static void assertField(Http.Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("field").asText()).as(r.toString()).isEqualTo(field);
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> map() {
        return new HashMap<>();
    }
}
