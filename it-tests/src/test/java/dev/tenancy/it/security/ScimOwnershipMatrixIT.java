package dev.tenancy.it.security;

import static dev.tenancy.it.scim.ScimClient.ENTERPRISE;
import static dev.tenancy.it.scim.ScimClient.USER;
import static dev.tenancy.it.scim.ScimClient.asPut;
import static dev.tenancy.it.scim.ScimClient.map;
import static dev.tenancy.it.scim.ScimClient.op;
import static dev.tenancy.it.scim.ScimClient.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * The cross-organization matrix of the trust model: every SCIM write method × an account organization
 * A owns / one it shares with B (provisioned by neither) / one only B has / a privileged member × every
 * attribute family of the Users mapping. Each cell reads the account through the admin REST before and
 * after: A may change its own account; the others must not change at all (400 {@code mutability} for
 * members, 404 for the foreign one).
 */
class ScimOwnershipMatrixIT {

    enum Kind { OWNED, SHARED, FOREIGN, PRIVILEGED }

    enum Method { PUT, PATCH, BULK_PUT, BULK_PATCH }

    record Family(String name, IntFunction<Object> patch, BiConsumer<ObjectNode, Integer> put) {
    }

    static Admin admin;
    static OrgScim a;
    static OrgScim b;
    static final Map<Kind, String> ids = new java.util.EnumMap<>(Kind.class);
    static final Map<Kind, String> usernames = new java.util.EnumMap<>(Kind.class);

    @BeforeAll
    static void setUp() {
        admin = Admin.of(KeycloakServer.get());
        a = OrgScim.create(admin);
        b = a.sibling();
        a.configure(Map.of("adoptExistingUsers", true));
        ids.put(Kind.OWNED, a.createUserId("m.owned", "m.owned@" + a.domain()));
        String shared = a.account("m.shared", "m.shared@" + a.domain(), "Shared-pw-1");
        a.addMember(shared);
        b.addMember(shared);
        ids.put(Kind.SHARED, shared);
        ids.put(Kind.FOREIGN, b.createUserId("m.foreign", "m.foreign@" + b.domain()));
        String privileged = a.account("m.privileged", "m.privileged@" + a.domain(), "Admin-pw-1");
        a.privilegedThroughGroup(privileged);
        a.addMember(privileged);
        ids.put(Kind.PRIVILEGED, privileged);
        usernames.put(Kind.OWNED, "m.owned");
        usernames.put(Kind.SHARED, "m.shared");
        usernames.put(Kind.FOREIGN, "m.foreign");
        usernames.put(Kind.PRIVILEGED, "m.privileged");
    }

    static List<Family> families() {
        List<Family> out = new ArrayList<>();
        out.add(new Family("name.givenName", n -> patchOp(op("replace", "name.givenName", "G" + n)),
                (o, n) -> obj(o, "name").put("givenName", "G" + n)));
        out.add(new Family("name.familyName", n -> patchOp(op("replace", null, Map.of("name.familyName", "F" + n))),
                (o, n) -> obj(o, "name").put("familyName", "F" + n)));
        out.add(new Family("name.formatted", n -> patchOp(op("add", "name.formatted", "Formatted " + n)),
                (o, n) -> obj(o, "name").put("formatted", "Formatted " + n)));
        for (String simple : List.of("displayName", "nickName", "title", "userType", "preferredLanguage", "locale", "timezone", "profileUrl")) {
            out.add(new Family(simple, n -> patchOp(op("replace", simple, simple + n)), (o, n) -> o.put(simple, simple + n)));
        }
        out.add(new Family("userName", n -> patchOp(op("replace", "userName", "renamed" + n)), (o, n) -> o.put("userName", "renamed" + n)));
        out.add(new Family("emails", n -> patchOp(op("replace", "emails[type eq \"work\"].value", "moved" + n + "@evil.example")),
                (o, n) -> o.putArray("emails").addObject().put("value", "moved" + n + "@evil.example").put("type", "work").put("primary", true)));
        out.add(new Family("emails", n -> patchOp(op("add", "emails", List.of(Map.of("value", "second" + n + "@evil.example", "type", "home")))),
                (o, n) -> ((ArrayNode) o.withArray("emails")).addObject().put("value", "second" + n + "@evil.example").put("type", "home")));
        out.add(new Family("phoneNumbers", n -> patchOp(op("add", "phoneNumbers", List.of(Map.of("value", "+1 555 " + n, "type", "work")))),
                (o, n) -> o.putArray("phoneNumbers").addObject().put("value", "+1 555 " + n).put("type", "work")));
        out.add(new Family("addresses", n -> patchOp(op("replace", "addresses[type eq \"work\"].locality", "City" + n)),
                (o, n) -> o.putArray("addresses").addObject().put("type", "work").put("locality", "City" + n)));
        for (String ent : List.of("employeeNumber", "costCenter", "organization", "division", "department")) {
            out.add(new Family(ent, n -> patchOp(op("replace", ENTERPRISE + ":" + ent, ent + n)),
                    (o, n) -> obj(o, ENTERPRISE).put(ent, ent + n)));
        }
        out.add(new Family("manager", n -> patchOp(op("replace", ENTERPRISE + ":manager", "mgr-" + n)),
                (o, n) -> obj(o, ENTERPRISE).putObject("manager").put("value", "mgr-" + n)));
        out.add(new Family("password", n -> patchOp(op("replace", "password", "Taken-over-" + n)), (o, n) -> o.put("password", "Taken-over-" + n)));
        return out;
    }

    /** The account as the organization that has it sees it through SCIM, {@code meta} left out. */
    static JsonNode scimView(OrgScim org, String id) {
        ObjectNode rep = (ObjectNode) org.get("/Users/" + id).send().json();
        rep.remove("meta");
        return rep;
    }

    static ObjectNode obj(ObjectNode o, String field) {
        return o.get(field) instanceof ObjectNode existing ? existing : o.putObject(field);
    }

    @Test
    void givenEveryMethodAccountAndAttribute_thenOnlyTheOwnerChangesTheAccount() {
        SoftAssertions soft = new SoftAssertions();
        int n = 0;
        for (Kind kind : Kind.values()) {
            String id = ids.get(kind);
            for (Family family : families()) {
                for (Method method : Method.values()) {
                    n++;
                    OrgScim viewer = kind == Kind.FOREIGN ? b : a;
                    JsonNode before = a.snapshot(id);
                    JsonNode scimBefore = scimView(viewer, id);
                    int status = send(kind, id, family, method, n);
                    JsonNode after = a.snapshot(id);
                    JsonNode scimAfter = scimView(viewer, id);
                    String cell = kind + " × " + family.name() + " × " + method;
                    switch (kind) {
                        case OWNED -> {
                            soft.assertThat(status).as(cell).isEqualTo(200);
                            // the admin REST does not show every attribute (locale, say): SCIM's view shows the change then
                            soft.assertThat(!after.equals(before) || !scimAfter.equals(scimBefore)).as(cell + " changes the owned account").isTrue();
                        }
                        case FOREIGN -> {
                            soft.assertThat(status).as(cell).isEqualTo(404);
                            soft.assertThat(after).as(cell).isEqualTo(before);
                            soft.assertThat(scimAfter).as(cell + " as its organization's SCIM shows it").isEqualTo(scimBefore);
                        }
                        default -> {
                            soft.assertThat(status).as(cell).isEqualTo(400);
                            soft.assertThat(after).as(cell).isEqualTo(before);
                            soft.assertThat(scimAfter).as(cell + " as SCIM shows it").isEqualTo(scimBefore);
                        }
                    }
                    if (kind == Kind.OWNED && family.name().equals("userName")) {
                        // keep the owned account's name stable for the next cells
                        a.patch("/Users/" + id, patchOp(op("replace", "userName", "m.owned"))).send();
                    }
                }
            }
        }
        soft.assertAll();
    }

    @Test
    void givenTheCurrentValuesSentBackUnchanged_thenEveryMemberAccepts_andPostNeverTakesAnExistingAccount() {
        for (Kind kind : List.of(Kind.OWNED, Kind.SHARED, Kind.PRIVILEGED)) {
            String id = ids.get(kind);
            JsonNode before = a.snapshot(id);
            Http.Response put = a.put("/Users/" + id, asPut(a.get("/Users/" + id).send().json())).send();
            assertThat(put.status()).as(kind + ": " + put).isEqualTo(200);
            if (kind != Kind.OWNED) {
                assertThat(a.snapshot(id)).as(kind.name()).isEqualTo(before);
            }
        }
        for (Kind kind : Kind.values()) {
            String id = ids.get(kind);
            JsonNode before = a.snapshot(id);
            JsonNode current = before.get("user");
            Http.Response post = a.post("/Users", map("schemas", List.of(USER), "userName", usernames.get(kind),
                    "name", Map.of("givenName", "Posted", "familyName", "Over"), "password", "Taken-over-0",
                    "emails", List.of(Map.of("value", current.get("email").asText(), "primary", true)))).send();
            assertThat(post.status()).as(kind + ": " + post).isEqualTo(409);
            assertThat(a.snapshot(id)).as(kind.name()).isEqualTo(before);
        }
    }

    @Test
    void givenDelete_thenOnlyTheMembershipOfAnAccountTheOrganizationDoesNotOwnEnds() {
        OrgScim a2 = OrgScim.create(admin);
        OrgScim b2 = a2.sibling();
        a2.configure(Map.of("deprovision", "DELETE"));
        String shared = a2.account("d.shared", "d.shared@" + a2.domain(), "Shared-pw-1");
        a2.addMember(shared);
        b2.addMember(shared);
        String privileged = a2.account("d.privileged", "d.privileged@" + a2.domain(), "Admin-pw-1");
        a2.privilegedThroughComposite(privileged);
        a2.addMember(privileged);
        String foreign = b2.createUserId("d.foreign", "d.foreign@" + b2.domain());
        for (String id : List.of(shared, privileged)) {
            JsonNode before = a2.snapshot(id);
            assertThat(a2.delete("/Users/" + id).send().status()).isEqualTo(204);
            assertThat(a2.snapshot(id)).isEqualTo(before);
            assertThat(a2.isMember(id)).isFalse();
        }
        assertThat(b2.isMember(shared)).isTrue();
        JsonNode before = a2.snapshot(foreign);
        assertThat(a2.delete("/Users/" + foreign).send().status()).isEqualTo(404);
        assertThat(a2.snapshot(foreign)).isEqualTo(before);
        assertThat(b2.isMember(foreign)).isTrue();
        String owned = a2.createUserId("d.owned", "d.owned@" + a2.domain());
        assertThat(a2.delete("/Users/" + owned).send().status()).isEqualTo(204);
        assertThat(Http.get(a2.realmUrl() + "/users/" + owned).bearer(admin.token()).send().status()).isEqualTo(404);
    }

    private static int send(Kind kind, String id, Family family, Method method, int n) {
        Object body;
        boolean put = method == Method.PUT || method == Method.BULK_PUT;
        if (put) {
            OrgScim reader = kind == Kind.FOREIGN ? b : a;
            ObjectNode rep = asPut(reader.get("/Users/" + id).send().json());
            family.put().accept(rep, n);
            body = rep;
        } else {
            body = family.patch().apply(n);
        }
        if (method == Method.PUT) {
            return a.put("/Users/" + id, body).send().status();
        }
        if (method == Method.PATCH) {
            return a.patch("/Users/" + id, body).send().status();
        }
        Http.Response r = a.post("/Bulk", map("schemas", List.of(OrgScim.BULK), "Operations", List.of(
                map("method", put ? "PUT" : "PATCH", "path", "/Users/" + id, "data", body)))).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return Integer.parseInt(r.json().at("/Operations/0/status").asText());
    }
}
