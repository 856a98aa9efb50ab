package dev.tenancy.it.scim;

import static dev.tenancy.it.scim.ScimClient.ENTERPRISE;
import static dev.tenancy.it.scim.ScimClient.USER;
import static dev.tenancy.it.scim.ScimClient.assertScimError;
import static dev.tenancy.it.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.ServerTest;

/** Users: mapping, uniqueness, filters and paging in the database, PUT, DELETE and deprovisioning. */
@Tag("h2")
class ScimUsersIT extends ServerTest {

    @Test
    void givenACreatedUser_thenUserNameIsReturnedExactlyAndAttributesRoundTrip() {
        ScimClient scim = ScimClient.create(admin);
        Map<String, Object> body = ScimClient.map(
                "schemas", List.of(USER, ENTERPRISE),
                "userName", "Alice.Smith@Example.COM",
                "externalId", "ext-alice",
                "id", "client-chosen-id",
                "name", Map.of("givenName", "Alice", "familyName", "Smith", "formatted", "Alice Smith"),
                "displayName", "Alice S.",
                "title", "Engineer",
                "emails", List.of(Map.of("value", "alice@example.com", "type", "work", "primary", true),
                        Map.of("value", "alice@home.example", "type", "home")),
                "phoneNumbers", List.of(Map.of("value", "+1 555 0100", "type", "work")),
                "password", "S3cret-pass!",
                ENTERPRISE, Map.of("employeeNumber", "42", "department", "R&D", "manager", Map.of("value", "boss-id")));
        Http.Response created = scim.post("/Users", body).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith("application/scim+json");
        assertThat(created.header("Location")).isNotNull();
        assertThat(created.header("ETag")).startsWith("W/\"");
        JsonNode u = created.json();
        String id = u.get("id").asText();
        assertThat(id).isNotEqualTo("client-chosen-id");
        assertThat(u.get("userName").asText()).isEqualTo("Alice.Smith@Example.COM");
        assertThat(u.has("password")).isFalse();

        JsonNode got = scim.get("/Users/" + id).send().json();
        assertThat(got.get("userName").asText()).isEqualTo("Alice.Smith@Example.COM");
        assertThat(got.get("externalId").asText()).isEqualTo("ext-alice");
        assertThat(got.at("/name/givenName").asText()).isEqualTo("Alice");
        assertThat(got.at("/name/formatted").asText()).isEqualTo("Alice Smith");
        assertThat(got.get("displayName").asText()).isEqualTo("Alice S.");
        assertThat(got.get("active").asBoolean()).isTrue();
        assertThat(got.get("emails")).hasSize(2);
        assertThat(got.get("phoneNumbers").get(0).get("value").asText()).isEqualTo("+1 555 0100");
        assertThat(got.get(ENTERPRISE).get("department").asText()).isEqualTo("R&D");
        assertThat(got.get(ENTERPRISE).at("/manager/value").asText()).isEqualTo("boss-id");
        assertThat(got.at("/meta/resourceType").asText()).isEqualTo("User");
        assertThat(got.at("/meta/location").asText()).endsWith("/Users/" + id);
        assertThat(got.has("password")).isFalse();

        // Keycloak keeps the username lowercased, and the password works.
        JsonNode kc = Http.get(admin.url() + "/admin/realms/" + scim.fixture.realm + "/users/" + id).bearer(admin.token()).send().json();
        assertThat(kc.get("username").asText()).isEqualTo("alice.smith@example.com");
        assertThat(kc.get("email").asText()).isEqualTo("alice@example.com");
        admin.userToken(scim.fixture.realm, "alice.smith@example.com", "S3cret-pass!");
    }

    @Test
    void givenAnExistingUserName_thenCreateIs409WhateverTheCase() {
        ScimClient scim = ScimClient.create(admin);
        scim.createUser("Bob", "bob@example.com");
        assertScimError(scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "BOB")).send(), 409, "uniqueness");
        assertScimError(scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "bob2",
                "emails", List.of(Map.of("value", "BOB@example.com", "primary", true)))).send(), 409, "uniqueness");
    }

    @Test
    void givenAUserOutsideTheOrganization_thenCreateIs409WithoutDetails() {
        ScimClient scim = ScimClient.create(admin);
        admin.createUser(scim.fixture.realm, "outsider", "pw-123456");
        Http.Response r = scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "Outsider")).send();
        assertScimError(r, 409, "uniqueness");
        assertThat(r.body()).doesNotContain("outsider@example.test");
    }

    @Test
    void givenInvalidValues_then400InvalidValue() {
        ScimClient scim = ScimClient.create(admin);
        assertScimError(scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "x".repeat(300))).send(), 400, "invalidValue");
        assertScimError(scim.post("/Users", Map.of("schemas", List.of(USER))).send(), 400, "invalidValue");
        assertScimError(scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "name.long",
                "name", Map.of("givenName", "g".repeat(300)))).send(), 400, "invalidValue");
        Http.Response unicode = scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "Zoë.Ĳssel-Ørsted",
                "name", Map.of("givenName", "Zoë", "familyName", "東京"))).send();
        assertThat(unicode.status()).as(unicode.toString()).isEqualTo(201);
        assertThat(unicode.json().get("userName").asText()).isEqualTo("Zoë.Ĳssel-Ørsted");
        // a username outside Latin and common characters is refused by Keycloak's own admin API, and so by SCIM
        assertThat(Http.post(admin.url() + "/admin/realms/" + scim.fixture.realm + "/users").bearer(admin.token())
                .json(Map.of("username", "zoë-東京")).send().status()).isEqualTo(400);
        assertScimError(scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "zoë-東京")).send(), 400, "invalidValue");
    }

    @Test
    void givenManyMembers_thenFiltersSortAndPageInTheDatabase() {
        ScimClient scim = ScimClient.create(admin);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JsonNode u = scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "User" + i, "externalId", "E" + i,
                    "displayName", i % 2 == 0 ? "Even " + i : "Odd " + i, "active", i != 4,
                    "name", Map.of("givenName", "G" + (9 - i), "familyName", "F" + i),
                    "emails", List.of(Map.of("value", "user" + i + "@corp.example", "type", "work", "primary", true)))).send().json();
            ids.add(u.get("id").asText());
        }
        JsonNode eq = scim.get("/Users?filter=" + q("userName eq \"user3\"")).send().json();
        assertThat(eq.get("totalResults").asInt()).isEqualTo(1);
        assertThat(eq.at("/Resources/0/userName").asText()).isEqualTo("User3");

        assertThat(scim.get("/Users?filter=" + q("externalId eq \"E2\"")).send().json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Users?filter=" + q("externalId eq \"e2\"")).send().json().get("totalResults").asInt()).isZero();
        assertThat(scim.get("/Users?filter=" + q("displayName sw \"even\"")).send().json().get("totalResults").asInt()).isEqualTo(3);
        assertThat(scim.get("/Users?filter=" + q("emails[type eq \"work\" and value co \"user1@\"]")).send().json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Users?filter=" + q("emails.value ew \"@CORP.example\" and not (active eq false)")).send().json().get("totalResults").asInt()).isEqualTo(4);
        assertThat(scim.get("/Users?filter=" + q("(userName eq \"user0\" or userName eq \"user1\") and name.familyName pr")).send().json().get("totalResults").asInt()).isEqualTo(2);
        assertThat(scim.get("/Users?filter=" + q("urn:ietf:params:scim:schemas:core:2.0:User:userName ne \"user0\"")).send().json().get("totalResults").asInt()).isEqualTo(4);
        assertThat(scim.get("/Users?filter=" + q("meta.created gt \"2000-01-01T00:00:00Z\"")).send().json().get("totalResults").asInt()).isEqualTo(5);
        assertThat(scim.get("/Users?filter=" + q("userName gt \"user2\"")).send().json().get("totalResults").asInt()).isEqualTo(2);

        // the default order is the user id (the membership index's order), stable between pages
        List<String> all = new ArrayList<>();
        scim.get("/Users?count=100").send().json().get("Resources").forEach(r -> all.add(r.get("id").asText()));
        assertThat(all).hasSize(5).isSorted().containsExactlyInAnyOrderElementsOf(ids);
        JsonNode page = scim.get("/Users?startIndex=2&count=2").send().json();
        assertThat(page.get("totalResults").asInt()).isEqualTo(5);
        assertThat(page.get("startIndex").asInt()).isEqualTo(2);
        assertThat(page.get("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(page.at("/Resources/0/id").asText()).isEqualTo(all.get(1));
        assertThat(page.at("/Resources/1/id").asText()).isEqualTo(all.get(2));
        // a filter keeps that order; sortBy orders by its attribute
        List<String> filtered = new ArrayList<>();
        scim.get("/Users?filter=" + q("userName sw \"user\"")).send().json().get("Resources").forEach(r -> filtered.add(r.get("id").asText()));
        assertThat(filtered).containsExactlyElementsOf(all);
        List<String> byName = new ArrayList<>();
        scim.get("/Users?sortBy=userName").send().json().get("Resources").forEach(r -> byName.add(r.get("userName").asText()));
        assertThat(byName).containsExactly("User0", "User1", "User2", "User3", "User4");

        JsonNode sorted = scim.get("/Users?sortBy=name.givenName&sortOrder=descending&count=1").send().json();
        assertThat(sorted.at("/Resources/0/userName").asText()).isEqualTo("User0");
        JsonNode zero = scim.get("/Users?count=-3&startIndex=0").send().json();
        assertThat(zero.get("totalResults").asInt()).isEqualTo(5);
        assertThat(zero.get("Resources")).isEmpty();

        JsonNode only = scim.get("/Users?attributes=userName&filter=" + q("userName eq \"user1\"")).send().json().at("/Resources/0");
        assertThat(only.has("userName")).isTrue();
        assertThat(only.has("id")).isTrue();
        assertThat(only.has("emails")).isFalse();
        JsonNode excluded = scim.get("/Users/" + ids.get(1) + "?excludedAttributes=emails,name.givenName").send().json();
        assertThat(excluded.has("emails")).isFalse();
        assertThat(excluded.at("/name/familyName").asText()).isEqualTo("F1");
        assertThat(excluded.at("/name/givenName").isMissingNode()).isTrue();

        Http.Response search = scim.post("/Users/.search", Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                "filter", "userName sw \"user\"", "startIndex", 1, "count", 3, "attributes", List.of("userName"))).send();
        assertThat(search.status()).as(search.toString()).isEqualTo(200);
        assertThat(search.json().get("totalResults").asInt()).isEqualTo(5);
        assertThat(search.json().get("Resources")).hasSize(3);
    }

    @Test
    void givenInvalidFilters_then400InvalidFilter() {
        ScimClient scim = ScimClient.create(admin);
        assertScimError(scim.get("/Users?filter=" + q("userName eq")).send(), 400, "invalidFilter");
        assertScimError(scim.get("/Users?filter=" + q("userName xx \"a\"")).send(), 400, "invalidFilter");
        assertScimError(scim.get("/Users?filter=" + q("nosuchattr eq \"a\"")).send(), 400, "invalidFilter");
        assertScimError(scim.get("/Users?filter=" + q("((userName eq \"a\"")).send(), 400, "invalidFilter");
        assertScimError(scim.get("/Users?filter=" + q("active gt true")).send(), 400, "invalidFilter");
    }

    @Test
    void givenPut_thenTheRepresentationIsReplaced() {
        ScimClient scim = ScimClient.create(admin);
        JsonNode u = scim.createUser("Carol", "carol@example.com");
        String id = u.get("id").asText();
        Http.Response put = scim.put("/Users/" + id, Map.of("schemas", List.of(USER), "userName", "Carol.New",
                "name", Map.of("familyName", "Newname"), "active", false,
                "emails", List.of(Map.of("value", "carol.new@example.com", "primary", true)))).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        JsonNode got = scim.get("/Users/" + id).send().json();
        assertThat(got.get("userName").asText()).isEqualTo("Carol.New");
        assertThat(got.at("/name/givenName").isMissingNode()).isTrue();
        assertThat(got.at("/name/familyName").asText()).isEqualTo("Newname");
        assertThat(got.get("active").asBoolean()).isFalse();
        assertThat(got.at("/emails/0/value").asText()).isEqualTo("carol.new@example.com");
    }

    @Test
    void givenDeleteOfAProvisionedUser_thenDeprovisionDisablesAndGetIs404() {
        ScimClient scim = ScimClient.create(admin);
        String id = scim.createUser("Dave", "dave@example.com").get("id").asText();
        Http.Response del = scim.delete("/Users/" + id).send();
        assertThat(del.status()).as(del.toString()).isEqualTo(204);
        assertScimError(scim.get("/Users/" + id).send(), 404, null);
        JsonNode kc = Http.get(admin.url() + "/admin/realms/" + scim.fixture.realm + "/users/" + id).bearer(admin.token()).send().json();
        assertThat(kc.get("enabled").asBoolean()).isFalse();
    }

    @Test
    void givenDeprovisionDelete_thenTheAccountIsDeleted() {
        ScimClient scim = ScimClient.create(admin);
        Http.Response put = Http.put(scim.fixture.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("enabled", true, "auth", Map.of("type", "EXTERNAL_SECRET"), "deprovision", "DELETE")).send();
        assertThat(put.status()).as(put.toString()).isIn(200, 204);
        String id = scim.createUser("Erin", "erin@example.com").get("id").asText();
        assertThat(scim.delete("/Users/" + id).send().status()).isEqualTo(204);
        assertThat(Http.get(admin.url() + "/admin/realms/" + scim.fixture.realm + "/users/" + id).bearer(admin.token()).send().status()).isEqualTo(404);
    }

    @Test
    void givenAMemberNotProvisionedHere_thenDeleteAndInactiveOnlyEndTheMembership() {
        ScimClient scim = ScimClient.create(admin);
        String a = scim.fixture.member("member-a", "pw-123456");
        String b = scim.fixture.member("member-b", "pw-123456");
        assertThat(scim.get("/Users/" + a).send().json().get("userName").asText()).isEqualTo("member-a");
        assertThat(scim.delete("/Users/" + a).send().status()).isEqualTo(204);
        assertThat(scim.get("/Users/" + a).send().status()).isEqualTo(404);
        JsonNode kcA = Http.get(admin.url() + "/admin/realms/" + scim.fixture.realm + "/users/" + a).bearer(admin.token()).send().json();
        assertThat(kcA.get("enabled").asBoolean()).isTrue();

        Http.Response inactive = scim.patch("/Users/" + b, ScimClient.patchOp(ScimClient.op("replace", "active", false))).send();
        assertThat(inactive.status()).as(inactive.toString()).isEqualTo(200);
        assertThat(scim.get("/Users/" + b).send().status()).isEqualTo(404);
        JsonNode kcB = Http.get(admin.url() + "/admin/realms/" + scim.fixture.realm + "/users/" + b).bearer(admin.token()).send().json();
        assertThat(kcB.get("enabled").asBoolean()).isTrue();
    }

    @Test
    void givenAdoptExistingUsers_thenAnExistingAccountOfAVerifiedDomainIsAdopted() {
        ScimClient scim = ScimClient.create(admin);
        Http.Response put = Http.put(scim.fixture.scimConfigUrl()).bearer(admin.token())
                .json(Map.of("enabled", true, "auth", Map.of("type", "EXTERNAL_SECRET"), "adoptExistingUsers", true)).send();
        assertThat(put.status()).as(put.toString()).isIn(200, 204);
        String domain = scim.fixture.alias + ".test";
        Http.Response mk = Http.post(admin.url() + "/admin/realms/" + scim.fixture.realm + "/users").bearer(admin.token())
                .json(Map.of("username", "frank", "enabled", true, "email", "frank@" + domain)).send();
        assertThat(mk.status()).isEqualTo(201);
        Http.Response r = scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "Frank",
                "emails", List.of(Map.of("value", "frank@" + domain, "primary", true)))).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("id").asText()).isEqualTo(Admin.idFromLocation(mk));
        // outside the verified domains: no adoption
        admin.createUser(scim.fixture.realm, "gina", "pw-123456");
        assertScimError(scim.post("/Users", Map.of("schemas", List.of(USER), "userName", "gina")).send(), 409, "uniqueness");
    }

    @Test
    void givenAListedPage_thenEveryItemAndItsETagIsExactlyWhatASingleGetReturns() {
        ScimClient scim = ScimClient.create(admin);
        ScimRolesIT.role(scim, "sales");
        ScimRolesIT.role(scim, "finance");
        String full = scim.post("/Users", ScimClient.map(
                "schemas", List.of(USER, ENTERPRISE),
                "userName", "Page.Full@Example.COM",
                "externalId", "ext-page-full",
                "name", Map.of("givenName", "Paula", "familyName", "Full", "formatted", "Paula Full", "middleName", "M"),
                "displayName", "Paula F.", "title", "Engineer", "nickName", "pf", "locale", "de-CH",
                "emails", List.of(Map.of("value", "page.full@example.com", "type", "work", "primary", true),
                        Map.of("value", "paula@home.example", "type", "home")),
                "phoneNumbers", List.of(Map.of("value", "+1 555 0100", "type", "work")),
                "addresses", List.of(Map.of("streetAddress", "1 Main St", "locality", "Zurich", "type", "work")),
                "roles", List.of(Map.of("value", "sales"), Map.of("value", "finance")),
                ENTERPRISE, Map.of("employeeNumber", "7", "department", "R&D", "manager", Map.of("value", "boss-id"))))
                .send().json().get("id").asText();
        String disabled = scim.post("/Users", ScimClient.map("schemas", List.of(USER), "userName", "page.disabled",
                "active", false)).send().json().path("id").asText();
        String plain = scim.post("/Users", ScimClient.map("schemas", List.of(USER), "userName", "page.plain")).send().json().get("id").asText();
        String grouped = scim.createUser("page.grouped", "page.grouped@example.com").get("id").asText();
        scim.createGroup("page-group-b", grouped, full);
        scim.createGroup("page-group-a", grouped);
        // a second read of one user through Keycloak's cache must not change what the list renders
        scim.get("/Users/" + plain).send();

        JsonNode page = scim.get("/Users?count=100").send().json();
        List<String> listed = scim.assertEveryItemIsItsSingleGet("Users", page);
        assertThat(listed).contains(full, plain, grouped);
        if (!disabled.isEmpty()) {
            assertThat(listed).contains(disabled);
        }
        JsonNode fullItem = scim.get("/Users?filter=" + q("userName eq \"page.full@example.com\"")).send().json().at("/Resources/0");
        assertThat(fullItem.get("roles")).hasSize(2);
        assertThat(fullItem.get("groups")).hasSize(1);
        assertThat(fullItem.get(ENTERPRISE).get("employeeNumber").asText()).isEqualTo("7");
    }
}
