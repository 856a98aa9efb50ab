package dev.tenancy.it.apps;

import static dev.tenancy.it.apps.Apps.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** Outbound SCIM into a SCIM server built on scimmy (npm), changes made through Keycloak's admin REST API. */
class OutboundScimmyIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    @Test
    void givenJoinerAndMover_thenCreatedMatchedAndOnlyTheChangePatched() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            // a remote user that already exists is matched by userName, not duplicated
            Http.Response pre = Http.post(scim.scimUrl() + "/Users").bearer(scim.token)
                    .json(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", "already.there", "active", true)).send();
            assertThat(pre.status()).as(pre.toString()).isEqualTo(201);
            String preId = pre.json().get("id").asText();
            String appId = apps.create(Apps.bearerApp("scimmy", f.orgId, scim.scimUrl(), scim.token));

            String alice = f.member("alice", "pw-123456");
            await("alice pushed", () -> scim.user("alice").isObject(), () -> scim.users(null).toString());
            JsonNode remote = scim.user("alice");
            assertThat(remote.path("externalId").asText()).isEqualTo(alice);
            assertThat(remote.at("/name/givenName").asText()).isEqualTo("Test");
            assertThat(remote.at("/emails/0/value").asText()).isEqualTo("alice@example.test");
            assertThat(remote.path("active").asBoolean()).isTrue();

            f.member("already.there", "pw-123456");
            await("already.there linked", () -> apps.status(appId).path("linkedUsers").asInt() == 2, () -> apps.status(appId).toString());
            assertThat(Apps.userNames(scim.users(null))).containsExactlyInAnyOrder("alice", "already.there");
            assertThat(scim.user("already.there").path("id").asText()).isEqualTo(preId);
            assertThat(scim.user("already.there").at("/name/familyName").asText()).isEqualTo("User");

            int patchesBefore = scim.stats().at("/byMethod/PATCH").asInt(0);
            apps.updateUser(alice, Map.of("firstName", "Alicia"));
            await("the new first name", () -> "Alicia".equals(scim.user("alice").at("/name/givenName").asText()), () -> scim.user("alice").toString());
            assertThat(scim.stats().at("/byMethod/PATCH").asInt()).isEqualTo(patchesBefore + 1);
            assertThat(scim.stats().at("/byMethod/POST").asInt()).as("no second create").isEqualTo(2);
            assertThat(apps.status(appId).path("pending").asInt()).isZero();
        }
    }

    @Test
    void givenAScopeWidenedAndNarrowedByPut_thenTheUsersComingInArePushedAndThoseLeavingDeactivated() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            String sales = apps.createGroup("sales");
            String support = apps.createGroup("support");
            String erin = f.member("erin", "pw-123456");
            String finn = f.member("finn", "pw-123456");
            apps.joinGroup(erin, sales);
            apps.joinGroup(finn, support);
            Map<String, Object> app = new java.util.HashMap<>(Apps.bearerApp("scimmy", f.orgId, scim.scimUrl(), scim.token));
            app.put("scope", Map.of("groups", List.of(sales)));
            String appId = apps.create(app);
            // creating the app queues nobody: a sync (or a change) brings the first users in
            apps.awaitRun(appId, apps.sync(appId, false));
            assertThat(Apps.userNames(scim.users(null))).containsExactly("erin");

            // widening: finn comes into scope through support, with no change of his own
            Http.Response widened = apps.put(appId, Map.of("scope", Map.of("groups", List.of(sales, support))));
            assertThat(widened.status()).as(widened.toString()).isEqualTo(200);
            await("finn pushed after the widening", () -> scim.user("finn").path("active").asBoolean(false), () -> scim.users(null).toString());

            // narrowing: erin leaves the scope and is deactivated; finn stays
            Http.Response narrowed = apps.put(appId, Map.of("scope", Map.of("groups", List.of(support))));
            assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);
            await("erin deactivated after the narrowing", () -> !scim.user("erin").path("active").asBoolean(true), () -> scim.users(null).toString());
            assertThat(scim.user("finn").path("active").asBoolean()).isTrue();
            await("nothing pending", () -> apps.status(appId).path("pending").asInt() == 0, () -> apps.status(appId).toString());
        }
    }

    @Test
    void givenAnAppWithoutFilterSupportAndNumericIds_thenATakenUserNameIsLinkedByItsConflictAndPushesStillWork() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            Http.post(scim.url() + "/_control/quirks").json(Map.of("noFilter", true, "numericIds", true)).send();
            Http.Response refused = Http.get(scim.scimUrl() + "/Users?filter=" + java.net.URLEncoder.encode("userName eq \"x\"",
                    java.nio.charset.StandardCharsets.UTF_8)).bearer(scim.token).send();
            assertThat(refused.status()).as("the quirk is on: " + refused).isEqualTo(400);
            // a remote user that exists under another case of the userName: not found by a filter, create answers 409
            Http.Response pre = Http.post(scim.scimUrl() + "/Users").bearer(scim.token)
                    .json(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", "Hana.Taken", "active", true)).send();
            assertThat(pre.status()).as(pre.toString()).isEqualTo(201);
            String preId = pre.json().get("id").asText();
            assertThat(preId).as("not a UUID").matches("\\d+");
            String appId = apps.create(Apps.bearerApp("scimmy", f.orgId, scim.scimUrl(), scim.token));

            String hana = f.member("hana.taken", "pw-123456");
            String ivan = f.member("ivan", "pw-123456");
            await("both linked", () -> apps.status(appId).path("linkedUsers").asInt() == 2, () -> apps.status(appId) + " " + scim.users(null));
            JsonNode all = scim.users(null);
            assertThat(all.path("totalResults").asInt()).as("no duplicate of the taken userName: " + all).isEqualTo(2);
            assertThat(byName(all, "Hana.Taken").path("id").asText()).isEqualTo(preId);
            assertThat(byName(all, "Hana.Taken").at("/name/familyName").asText()).as("the linked user is brought in line").isEqualTo("User");

            apps.updateUser(ivan, Map.of("firstName", "Ivo"));
            await("the mover of a numeric id", () -> "Ivo".equals(byName(scim.users(null), "ivan").at("/name/givenName").asText()),
                    () -> scim.users(null).toString());
            apps.updateUser(hana, Map.of("enabled", false));
            await("the leaver deactivated", () -> !byName(scim.users(null), "Hana.Taken").path("active").asBoolean(true),
                    () -> scim.users(null).toString());
            assertThat(apps.status(appId).path("failed").asInt()).isZero();
        }
    }

    private static JsonNode byName(JsonNode list, String userName) {
        for (JsonNode r : list.path("Resources")) {
            if (userName.equalsIgnoreCase(r.path("userName").asText())) {
                return r;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void givenPatchUnsupported_thenMoverIsAPut() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            Http.post(scim.url() + "/_control/patch").json(Map.of("supported", false)).send();
            apps.create(Apps.bearerApp("scimmy", f.orgId, scim.scimUrl(), scim.token));
            String bob = f.member("bob", "pw-123456");
            await("bob pushed", () -> scim.user("bob").isObject(), () -> scim.users(null).toString());
            apps.updateUser(bob, Map.of("lastName", "Builder"));
            await("the new last name", () -> "Builder".equals(scim.user("bob").at("/name/familyName").asText()), () -> scim.user("bob").toString());
            assertThat(scim.stats().at("/byMethod/PATCH").asInt(0)).isZero();
            assertThat(scim.stats().at("/byMethod/PUT").asInt(0)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void givenPushGroups_thenGroupCreatedAndMembersKeptEqual_andLeavingTheScopeDeactivates() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            String engineering = apps.createGroup("engineering");
            String appId = apps.create(groupApp(f, scim, engineering));

            String carol = f.member("carol", "pw-123456");
            String dave = f.member("dave", "pw-123456");
            Thread.yield();
            assertThat(scim.user("carol").isMissingNode()).as("not in the scope yet").isTrue();
            apps.joinGroup(carol, engineering);
            apps.joinGroup(dave, engineering);
            await("the group and its two members", () -> members(scim, "engineering").size() == 2, () -> scim.groups().toString());
            assertThat(members(scim, "engineering")).containsExactlyInAnyOrder(scim.user("carol").path("id").asText(),
                    scim.user("dave").path("id").asText());
            assertThat(apps.status(appId).path("linkedGroups").asInt()).isEqualTo(1);

            apps.leaveGroup(dave, engineering);
            await("dave out of the group and deactivated", () -> members(scim, "engineering").size() == 1
                    && !scim.user("dave").path("active").asBoolean(true), () -> scim.groups() + " " + scim.user("dave"));
            assertThat(scim.groups().path("totalResults").asInt()).isEqualTo(1);
            String remoteGroup = scim.groups().at("/Resources/0/id").asText();

            // a rename is one PATCH of displayName on the same remote group
            int patches = scim.stats().at("/byMethod/PATCH").asInt(0);
            apps.renameGroup(engineering, "platform");
            await("the group renamed", () -> members(scim, "platform").size() == 1, () -> scim.groups().toString());
            assertThat(scim.groups().at("/Resources/0/id").asText()).isEqualTo(remoteGroup);
            assertThat(scim.stats().at("/byMethod/PATCH").asInt()).isEqualTo(patches + 1);

            // deleting the scope's group deletes the remote group and makes its members leavers
            apps.deleteGroup(engineering);
            await("the remote group deleted, carol deactivated", () -> scim.groups().path("totalResults").asInt() == 0
                    && !scim.user("carol").path("active").asBoolean(true), () -> scim.groups() + " " + scim.user("carol"));
            await("no group linked", () -> apps.status(appId).path("linkedGroups").asInt() == 0, () -> apps.status(appId).toString());
        }
    }

    @Test
    void givenPushGroupsWithoutPatch_thenRenameIsAPut_andAGroupLeavingTheScopeIsDeleted() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            Http.post(scim.url() + "/_control/patch").json(Map.of("supported", false)).send();
            String red = apps.createGroup("red");
            String blue = apps.createGroup("blue");
            String appId = apps.create(groupApp(f, scim, red, blue));
            String gina = f.member("gina", "pw-123456");
            apps.joinGroup(gina, red);
            apps.joinGroup(gina, blue);
            await("both groups with gina", () -> members(scim, "red").size() == 1 && members(scim, "blue").size() == 1,
                    () -> scim.groups().toString());

            apps.renameGroup(red, "crimson");
            await("red renamed by PUT, gina still a member", () -> members(scim, "crimson").size() == 1, () -> scim.groups().toString());
            assertThat(scim.stats().at("/byMethod/PATCH").asInt(0)).isZero();

            // blue leaves the app's scope: deleted remotely; gina stays (still in scope through crimson)
            assertThat(apps.put(appId, Map.of("scope", Map.of("groups", List.of(red)))).status()).isEqualTo(200);
            await("blue deleted remotely", () -> scim.groups().path("totalResults").asInt() == 1, () -> scim.groups().toString());
            assertThat(members(scim, "crimson")).containsExactly(scim.user("gina").path("id").asText());
            assertThat(scim.user("gina").path("active").asBoolean()).isTrue();
            await("one group linked", () -> apps.status(appId).path("linkedGroups").asInt() == 1, () -> apps.status(appId).toString());
        }
    }

    /** An app of the fixture's organization into {@code scim} that pushes these groups (its scope). */
    private static Map<String, Object> groupApp(Fixture f, ScimmyServer scim, String... groups) {
        Map<String, Object> app = new java.util.HashMap<>(Apps.bearerApp("scimmy", f.orgId, scim.scimUrl(), scim.token));
        app.put("pushGroups", true);
        app.put("scope", Map.of("groups", List.of(groups)));
        return app;
    }

    private static List<String> members(ScimmyServer scim, String displayName) {
        for (JsonNode g : scim.groups().path("Resources")) {
            if (displayName.equals(g.path("displayName").asText())) {
                List<String> out = new java.util.ArrayList<>();
                g.path("members").forEach(m -> out.add(m.path("value").asText()));
                return out;
            }
        }
        return List.of();
    }

    @Test
    void givenLeavers_thenDeactivatedOrDeleted() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        try (ScimmyServer deactivate = ScimmyServer.start("t-" + Admin.unique("k"));
             ScimmyServer delete = ScimmyServer.start("t-" + Admin.unique("k"))) {
            apps.create(Apps.bearerApp("deactivating", f.orgId, deactivate.scimUrl(), deactivate.token));
            Map<String, Object> deleting = new java.util.HashMap<>(Apps.bearerApp("deleting", f.orgId, delete.scimUrl(), delete.token));
            deleting.put("deprovision", "DELETE");
            apps.create(deleting);
            String erin = f.member("erin", "pw-123456");
            String frank = f.member("frank", "pw-123456");
            await("both pushed to both", () -> deactivate.users(null).path("totalResults").asInt() == 2
                    && delete.users(null).path("totalResults").asInt() == 2, () -> deactivate.users(null) + " " + delete.users(null));

            admin.removeMember(f.realm, f.orgId, erin);         // leaves the organization
            apps.updateUser(frank, Map.of("enabled", false));   // disabled
            await("leavers handled", () -> !deactivate.user("erin").path("active").asBoolean(true)
                    && !deactivate.user("frank").path("active").asBoolean(true)
                    && delete.users(null).path("totalResults").asInt() == 0, () -> deactivate.users(null) + " " + delete.users(null));
            assertThat(deactivate.users(null).path("totalResults").asInt()).isEqualTo(2);

            // a returning user is activated again
            apps.updateUser(frank, Map.of("enabled", true));
            await("frank active again", () -> deactivate.user("frank").path("active").asBoolean(false)
                    && delete.user("frank").isObject(), () -> deactivate.users(null) + " " + delete.users(null));
        }
    }

    @Test
    void givenA429StormAndAnOutage_thenEverythingArrivesOnceRecovered() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            String appId = apps.create(Apps.bearerApp("scimmy", f.orgId, scim.scimUrl(), scim.token));
            scim.fail(429, 8, 1);
            for (int i = 0; i < 4; i++) {
                f.member("storm" + i, "pw-123456");
            }
            await("every user despite the 429s", Duration.ofSeconds(60), () -> scim.users(null).path("totalResults").asInt() == 4,
                    () -> scim.stats() + " " + apps.status(appId));
            assertThat(scim.stats().path("rejected").asInt()).isEqualTo(8);

            scim.fail(503, 1_000_000, null); // the app is down
            String late = f.member("during.outage", "pw-123456");
            await("a failed attempt", () -> "http-503".equals(apps.status(appId).path("lastError").asText()), () -> apps.status(appId).toString());
            assertThat(scim.user("during.outage").isMissingNode()).isTrue();
            assertThat(apps.status(appId).path("pending").asInt()).isEqualTo(1);
            scim.fail(503, 0, null); // back
            await("pushed after recovery", Duration.ofSeconds(30), () -> scim.user("during.outage").isObject(), () -> apps.status(appId).toString());
            assertThat(scim.user("during.outage").path("externalId").asText()).isEqualTo(late);
            await("no backlog", () -> apps.status(appId).path("pending").asInt() == 0, () -> apps.status(appId).toString());
        }
    }

    @Test
    void givenA401_thenTheAppIsPausedWithAReason_andSavingNewCredentialsResumesIt() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            String appId = apps.create(Apps.bearerApp("scimmy", f.orgId, scim.scimUrl(), scim.token));
            scim.acceptToken("rotated-" + Admin.unique("k"));
            f.member("grace", "pw-123456");
            await("paused", () -> apps.status(appId).path("paused").asBoolean(), () -> apps.status(appId).toString());
            JsonNode status = apps.status(appId);
            assertThat(status.path("lastError").asText()).isEqualTo("http-401");
            assertThat(status.path("pausedReason").asText()).contains("http-401");
            assertThat(status.path("pending").asInt()).isEqualTo(1);
            int requests = scim.stats().path("requests").asInt();
            f.member("heidi", "pw-123456");
            assertThat(scim.stats().path("requests").asInt()).as("a paused app gets no requests").isEqualTo(requests);

            Http.Response saved = apps.put(appId, Map.of("scim", Map.of("auth", Map.of("type", "BEARER", "token", scim.token))));
            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
            assertThat(saved.json().path("paused").asBoolean()).isFalse();
            await("both pushed after the fix", () -> scim.users(null).path("totalResults").asInt() == 2, () -> apps.status(appId).toString());
        }
    }

    @Test
    void givenAPrePopulatedApp_thenDryRunChangesNothingAndPredictsTheSync_andSyncRepairsDrift() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            // members that exist before the app does: nothing is pushed for them until a sync
            for (int i = 0; i < 7; i++) {
                f.member("pre" + i, "pw-123456");
            }
            Http.post(scim.scimUrl() + "/Users").bearer(scim.token).json(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                    "userName", "pre0", "name", Map.of("givenName", "Stale"), "active", true)).send();
            String appId = apps.create(Apps.bearerApp("scimmy", f.orgId, scim.scimUrl(), scim.token));
            int requestsBefore = scim.stats().path("requests").asInt();
            int writesBefore = writes(scim);

            JsonNode dry = apps.awaitRun(appId, apps.sync(appId, true));
            assertThat(dry.path("status").asText()).as(dry.toString()).isEqualTo("DONE");
            assertThat(dry.path("toCreate").asInt()).isEqualTo(6);
            assertThat(dry.path("toUpdate").asInt()).isEqualTo(1);
            assertThat(dry.path("done").asInt()).isZero();
            assertThat(dry.path("planned")).hasSize(7);
            assertThat(dry.path("planned").toString()).contains("\"userName\":\"pre0\"", "\"action\":\"UPDATE\"");
            assertThat(writes(scim)).as("a dry run writes nothing").isEqualTo(writesBefore);
            assertThat(scim.stats().path("requests").asInt()).isGreaterThan(requestsBefore);
            assertThat(apps.status(appId).path("linkedUsers").asInt()).isZero();

            JsonNode real = apps.awaitRun(appId, apps.sync(appId, false));
            assertThat(real.path("toCreate").asInt()).isEqualTo(6);
            assertThat(real.path("toUpdate").asInt()).isEqualTo(1);
            assertThat(real.path("done").asInt()).isEqualTo(7);
            assertThat(scim.users(null).path("totalResults").asInt()).isEqualTo(7);
            assertThat(scim.user("pre0").at("/name/givenName").asText()).isEqualTo("Test");

            // drift: an attribute changed remotely, a user deleted remotely, a user who left while nothing listened
            String pre1 = scim.user("pre1").path("id").asText();
            Http.put(scim.scimUrl() + "/Users/" + pre1).bearer(scim.token).json(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                    "userName", "pre1", "name", Map.of("givenName", "Drifted"), "active", true)).send();
            Http.delete(scim.scimUrl() + "/Users/" + scim.user("pre2").path("id").asText()).bearer(scim.token).send();
            Http.put(apps.url() + "/" + appId).bearer(admin.token()).json(Map.of("enabled", false)).send();
            String pre3 = Http.get(admin.url() + "/admin/realms/" + f.realm + "/users?exact=true&username=pre3").bearer(admin.token())
                    .send().json().get(0).get("id").asText();
            admin.removeMember(f.realm, f.orgId, pre3);
            Http.put(apps.url() + "/" + appId).bearer(admin.token()).json(Map.of("enabled", true)).send();

            JsonNode plan = apps.awaitRun(appId, apps.sync(appId, true));
            assertThat(plan.path("toCreate").asInt()).as(plan.toString()).isEqualTo(1);
            assertThat(plan.path("toUpdate").asInt()).isEqualTo(1);
            assertThat(plan.path("toDeactivate").asInt()).isEqualTo(1);
            JsonNode repair = apps.awaitRun(appId, apps.sync(appId, false));
            assertThat(repair.path("toCreate").asInt()).as(repair.toString()).isEqualTo(plan.path("toCreate").asInt());
            assertThat(repair.path("toUpdate").asInt()).isEqualTo(plan.path("toUpdate").asInt());
            assertThat(repair.path("toDeactivate").asInt()).isEqualTo(plan.path("toDeactivate").asInt());
            assertThat(scim.user("pre1").at("/name/givenName").asText()).isEqualTo("Test");
            assertThat(scim.user("pre2").isObject()).isTrue();
            assertThat(scim.user("pre3").path("active").asBoolean(true)).isFalse();
            JsonNode again = apps.awaitRun(appId, apps.sync(appId, true));
            assertThat(again.path("planned")).as("in agreement").isEmpty();
        }
    }

    @Test
    void givenGroupDrift_thenDryRunPredictsTheMembershipRepair_andSyncMakesTheGroupEqual() {
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        try (ScimmyServer scim = ScimmyServer.start("t-" + Admin.unique("k"))) {
            String ops = apps.createGroup("ops");
            String appId = apps.create(groupApp(f, scim, ops));
            List<String> local = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                local.add(f.member("ops" + i, "pw-123456"));
                apps.joinGroup(local.get(i), ops);
            }
            await("ops with three members", () -> members(scim, "ops").size() == 3, () -> scim.groups().toString());

            // drift: ops0 dropped and a stranger added remotely, the group renamed remotely; ops3 joins while the app is off
            String stranger = Http.post(scim.scimUrl() + "/Users").bearer(scim.token).json(Map.of("schemas",
                    List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", "stranger", "active", true)).send().json().get("id").asText();
            String gid = scim.groups().at("/Resources/0/id").asText();
            Http.Response put = Http.put(scim.scimUrl() + "/Groups/" + gid).bearer(scim.token).json(Map.of("schemas",
                    List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", "ops-renamed-remotely", "members",
                    List.of(Map.of("value", scim.user("ops1").path("id").asText()), Map.of("value", scim.user("ops2").path("id").asText()),
                            Map.of("value", stranger)))).send();
            assertThat(put.status()).as(put.toString()).isEqualTo(200);
            assertThat(apps.put(appId, Map.of("enabled", false)).status()).isEqualTo(200);
            String ops3 = f.member("ops3", "pw-123456");
            apps.joinGroup(ops3, ops);
            assertThat(apps.put(appId, Map.of("enabled", true)).status()).isEqualTo(200);

            int writesBefore = writes(scim);
            JsonNode dry = apps.awaitRun(appId, apps.sync(appId, true));
            assertThat(writes(scim)).as("a dry run writes nothing").isEqualTo(writesBefore);
            assertThat(dry.path("toCreate").asInt()).as(dry.toString()).isEqualTo(1); // ops3
            assertThat(dry.path("toUpdate").asInt()).as(dry.toString()).isEqualTo(1); // the group
            assertThat(dry.path("toDeactivate").asInt()).isZero();
            JsonNode group = null;
            for (JsonNode e : dry.path("planned")) {
                if ("UPDATE_GROUP".equals(e.path("action").asText())) {
                    group = e;
                }
            }
            assertThat(group).as(dry.toString()).isNotNull();
            assertThat(group.path("membersToAdd").asInt()).isEqualTo(2);    // ops0 back, ops3 new
            assertThat(group.path("membersToRemove").asInt()).isEqualTo(1); // the stranger
            assertThat(group.path("attributes").toString()).contains("displayName");

            JsonNode real = apps.awaitRun(appId, apps.sync(appId, false));
            assertThat(real.path("toCreate").asInt()).as(real.toString()).isEqualTo(1);
            assertThat(real.path("toUpdate").asInt()).isEqualTo(1);
            assertThat(real.path("done").asInt()).isEqualTo(2);
            assertThat(members(scim, "ops")).containsExactlyInAnyOrder(scim.user("ops0").path("id").asText(),
                    scim.user("ops1").path("id").asText(), scim.user("ops2").path("id").asText(), scim.user("ops3").path("id").asText());
            assertThat(scim.user("stranger").path("active").asBoolean()).as("a stranger is left alone, only out of the group").isTrue();
            JsonNode again = apps.awaitRun(appId, apps.sync(appId, true));
            assertThat(again.path("planned")).as("in agreement").isEmpty();

            // and change-driven pushes still know the memberships the sync made
            apps.leaveGroup(ops3, ops);
            await("ops3 out of the group", () -> members(scim, "ops").size() == 3, () -> scim.groups().toString());
        }
    }

    private static int writes(ScimmyServer scim) {
        JsonNode m = scim.stats().path("byMethod");
        return m.path("POST").asInt(0) + m.path("PUT").asInt(0) + m.path("PATCH").asInt(0) + m.path("DELETE").asInt(0);
    }
}
