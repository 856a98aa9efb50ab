package dev.tenancy.it.scim;

import static dev.tenancy.it.scim.ScimClient.GROUP;
import static dev.tenancy.it.scim.ScimClient.assertScimError;
import static dev.tenancy.it.scim.ScimClient.op;
import static dev.tenancy.it.scim.ScimClient.patchOp;
import static dev.tenancy.it.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.ServerTest;

/** Groups: native organization groups, members, filters, and concurrent member PATCHes. */
@Tag("h2")
class ScimGroupsIT extends ServerTest {

    @Test
    void givenAGroup_thenItIsANativeOrganizationGroupWithMembers() {
        ScimClient scim = ScimClient.create(admin);
        String a = scim.createUser("ga-user", "ga@example.com").get("id").asText();
        String b = scim.createUser("gb-user", "gb@example.com").get("id").asText();
        JsonNode g = scim.createGroup("Engineering", a);
        String gid = g.get("id").asText();
        assertThat(g.get("members")).hasSize(1);

        JsonNode native_ = Http.get(admin.url() + "/admin/realms/" + scim.fixture.realm + "/organizations/" + scim.fixture.orgId + "/groups")
                .bearer(admin.token()).send().json();
        assertThat(native_.toString()).contains(gid);

        assertThat(scim.get("/Users/" + a).send().json().at("/groups/0/value").asText()).isEqualTo(gid);

        Http.Response add = scim.patch("/Groups/" + gid, patchOp(op("Add", "members", List.of(Map.of("value", b))))).send();
        assertThat(add.status()).as(add.toString()).isEqualTo(200);
        assertThat(scim.get("/Groups/" + gid).send().json().get("members")).hasSize(2);

        // Remove with a value list removes only those (Entra legacy)
        scim.patch("/Groups/" + gid, patchOp(op("Remove", "members", List.of(Map.of("value", a))))).send();
        JsonNode afterRemove = scim.get("/Groups/" + gid).send().json();
        assertThat(afterRemove.get("members")).hasSize(1);
        assertThat(afterRemove.at("/members/0/value").asText()).isEqualTo(b);

        // Remove with a value filter (Okta, Entra with aadOptscim062020)
        scim.patch("/Groups/" + gid, patchOp(op("remove", "members[value eq \"" + b + "\"]", null))).send();
        assertThat(scim.get("/Groups/" + gid).send().json().path("members")).isEmpty();

        // path-less rename (Okta)
        Http.Response rename = scim.patch("/Groups/" + gid, patchOp(op("replace", null, Map.of("id", gid, "displayName", "Eng")))).send();
        assertThat(rename.status()).as(rename.toString()).isEqualTo(200);
        assertThat(rename.json().get("displayName").asText()).isEqualTo("Eng");

        JsonNode found = scim.get("/Groups?excludedAttributes=members&filter=" + q("displayName eq \"eng\"")).send().json();
        assertThat(found.get("totalResults").asInt()).isEqualTo(1);
        assertThat(found.at("/Resources/0").has("members")).isFalse();

        assertThat(scim.delete("/Groups/" + gid).send().status()).isEqualTo(204);
        assertThat(scim.get("/Groups/" + gid).send().status()).isEqualTo(404);
    }

    @Test
    void givenANonMember_thenAddingItIs400AndNothingChanges() {
        ScimClient scim = ScimClient.create(admin);
        String a = scim.createUser("na-user", "na@example.com").get("id").asText();
        String outsider = admin.createUser(scim.fixture.realm, "outsider", "pw-123456");
        String gid = scim.createGroup("G").get("id").asText();
        assertScimError(scim.patch("/Groups/" + gid, patchOp(op("add", "members", List.of(Map.of("value", a), Map.of("value", outsider))))).send(),
                400, "invalidValue");
        assertThat(scim.get("/Groups/" + gid).send().json().path("members")).isEmpty();
        assertScimError(scim.post("/Groups", Map.of("schemas", List.of(GROUP), "displayName", "H", "members", List.of(Map.of("value", outsider)))).send(),
                400, "invalidValue");
        assertThat(scim.get("/Groups?filter=" + q("displayName eq \"H\"")).send().json().get("totalResults").asInt()).isZero();
    }

    @Test
    void givenDuplicateDisplayName_then409() {
        ScimClient scim = ScimClient.create(admin);
        scim.createGroup("Sales");
        assertScimError(scim.post("/Groups", Map.of("schemas", List.of(GROUP), "displayName", "Sales")).send(), 409, "uniqueness");
    }

    @Test
    void givenGroupFilters_thenTheyRunOnMembersAndExternalId() {
        ScimClient scim = ScimClient.create(admin);
        String a = scim.createUser("fa-user", "fa@example.com").get("id").asText();
        String g1 = scim.createGroup("One", a).get("id").asText();
        scim.createGroup("Two");
        Http.Response ext = scim.patch("/Groups/" + g1, patchOp(op("add", "externalId", "grp-ext-1"))).send();
        assertThat(ext.status()).as(ext.toString()).isEqualTo(200);
        assertThat(scim.get("/Groups?filter=" + q("externalId eq \"grp-ext-1\"")).send().json().get("totalResults").asInt()).isEqualTo(1);
        JsonNode withMember = scim.get("/Groups?filter=" + q("id eq \"" + g1 + "\" and members[value eq \"" + a + "\"]")
                + "&excludedAttributes=members").send().json();
        assertThat(withMember.get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Groups?filter=" + q("members pr")).send().json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Groups?sortBy=displayName&sortOrder=descending").send().json().at("/Resources/0/displayName").asText()).isEqualTo("Two");
        assertThat(scim.get("/Users?filter=" + q("groups eq \"" + g1 + "\"")).send().json().get("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void givenPut_thenMembersAreReplaced() {
        ScimClient scim = ScimClient.create(admin);
        String a = scim.createUser("pa-user", "pa@example.com").get("id").asText();
        String b = scim.createUser("pb-user", "pb@example.com").get("id").asText();
        String gid = scim.createGroup("P", a).get("id").asText();
        Http.Response put = scim.put("/Groups/" + gid, Map.of("schemas", List.of(GROUP), "displayName", "P2",
                "members", List.of(Map.of("value", b)))).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        JsonNode got = scim.get("/Groups/" + gid).send().json();
        assertThat(got.get("displayName").asText()).isEqualTo("P2");
        assertThat(got.get("members")).hasSize(1);
        assertThat(got.at("/members/0/value").asText()).isEqualTo(b);
    }

    @Test
    void givenTenConcurrentMemberPatches_thenAllApply() throws Exception {
        ScimClient scim = ScimClient.create(admin);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            users.add(scim.createUser("concurrent" + i, "c" + i + "@example.com").get("id").asText());
        }
        String gid = scim.createGroup("Concurrent").get("id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Http.Response>> calls = new ArrayList<>();
            for (String u : users) {
                calls.add(() -> scim.patch("/Groups/" + gid + "?excludedAttributes=members",
                        patchOp(op("add", "members", List.of(Map.of("value", u))))).send());
            }
            for (Future<Http.Response> f : pool.invokeAll(calls)) {
                Http.Response r = f.get();
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(scim.get("/Groups/" + gid).send().json().get("members")).hasSize(10);
    }

    @Test
    void givenAListedPage_thenEveryGroupAndItsETagIsExactlyWhatASingleGetReturns() {
        ScimClient scim = ScimClient.create(admin);
        String sent = scim.post("/Users", ScimClient.map("schemas", List.of(ScimClient.USER), "userName", "List.Member@Example.COM"))
                .send().json().get("id").asText();
        String plain = scim.createUser("list.plain", "list.plain@example.com").get("id").asText();
        String two = scim.post("/Groups", ScimClient.map("schemas", List.of(GROUP), "displayName", "List Two", "externalId", "ext-list-two",
                "members", List.of(Map.of("value", plain), Map.of("value", sent)))).send().json().get("id").asText();
        String one = scim.createGroup("List One", sent).get("id").asText();
        String empty = scim.createGroup("List Empty").get("id").asText();
        // a group made outside SCIM has no link row
        Http.Response native_ = Http.post(admin.url() + "/admin/realms/" + scim.fixture.realm + "/organizations/" + scim.fixture.orgId + "/groups")
                .bearer(admin.token()).json(Map.of("name", "List Native")).send();
        assertThat(native_.status()).as(native_.toString()).isEqualTo(201);

        JsonNode page = scim.get("/Groups?count=100").send().json();
        List<String> listed = scim.assertEveryItemIsItsSingleGet("Groups", page);
        assertThat(listed).contains(two, one, empty).hasSize(4);
        JsonNode twoItem = page.get("Resources").get(listed.indexOf(two));
        assertThat(twoItem.get("externalId").asText()).isEqualTo("ext-list-two");
        assertThat(twoItem.get("members")).hasSize(2);
        List<String> displays = new ArrayList<>();
        twoItem.get("members").forEach(m -> displays.add(m.get("display").asText()));
        assertThat(displays).contains("List.Member@Example.COM", "list.plain");
        // a page of the list is a window of the same order
        JsonNode second = scim.get("/Groups?startIndex=2&count=2").send().json();
        assertThat(second.at("/Resources/0/id").asText()).isEqualTo(listed.get(1));
        assertThat(second.at("/Resources/1/id").asText()).isEqualTo(listed.get(2));
    }
}
