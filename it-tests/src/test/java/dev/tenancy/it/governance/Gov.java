package dev.tenancy.it.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;

/** One organization with SCIM on and free user attributes, and the governance calls the tests make. */
final class Gov {

    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    final Admin admin;
    final Fixture f;
    final String scimAuth;

    private Gov(Admin admin, Fixture f, String scimAuth) {
        this.admin = admin;
        this.f = f;
        this.scimAuth = scimAuth;
    }

    static Gov create(Admin admin) {
        Fixture f = Fixture.create(admin);
        allowUnmanagedAttributes(admin, f.realm);
        return new Gov(admin, f, "Bearer " + f.enableScimWithSecret());
    }

    /** Another organization of the same realm (no SCIM). */
    Gov sibling() {
        Fixture other = f.sibling();
        return new Gov(admin, other, "Bearer " + other.enableScimWithSecret());
    }

    String org() {
        return f.orgsUrl() + "/" + f.orgId;
    }

    @SuppressWarnings("unchecked")
    static void allowUnmanagedAttributes(Admin admin, String realm) {
        String url = admin.url() + "/admin/realms/" + realm + "/users/profile";
        Map<String, Object> profile = Http.JSON.convertValue(Http.get(url).bearer(admin.token()).send().json(), Map.class);
        profile.put("unmanagedAttributePolicy", "ENABLED");
        Http.Response r = Http.put(url).bearer(admin.token()).json(profile).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    void role(String name) {
        Http.Response r = Http.post(f.rolesUrl()).bearer(admin.token()).json(Map.of("name", name)).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    /** A member with attributes (admin API); returns the id. */
    String member(String username, Map<String, List<String>> attributes) {
        String id = admin.createUser(f.realm, username, "pw-" + username);
        if (!attributes.isEmpty()) {
            setAttributes(id, attributes);
        }
        admin.addMember(f.realm, f.orgId, id);
        return id;
    }

    @SuppressWarnings("unchecked")
    void setAttributes(String userId, Map<String, List<String>> attributes) {
        String url = admin.url() + "/admin/realms/" + f.realm + "/users/" + userId;
        Map<String, Object> rep = Http.JSON.convertValue(Http.get(url).bearer(admin.token()).send().json(), Map.class);
        Map<String, Object> attrs = (Map<String, Object>) rep.computeIfAbsent("attributes", k -> new HashMap<>());
        attrs.putAll(attributes);
        Http.Response r = Http.put(url).bearer(admin.token()).json(rep).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    Http.Response createRule(String token, Map<String, Object> rule) {
        return Http.post(org() + "/access-rules").bearer(token).json(rule).send();
    }

    /** Creates an enabled rule as the master admin and waits until it is applied to every member; returns its id. */
    String rule(String name, Object when, List<String> roles, List<String> groups) {
        Http.Response r = createRule(admin.token(), ruleBody(name, when, roles, groups));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        String id = r.json().get("id").asText();
        awaitApplied(id);
        return id;
    }

    static Map<String, Object> ruleBody(String name, Object when, List<String> roles, List<String> groups) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("when", when);
        m.put("grant", Map.of("roles", roles, "groups", groups));
        m.put("enabled", true);
        return m;
    }

    void awaitApplied(String ruleId) {
        await(Duration.ofSeconds(30), () -> {
            JsonNode rule = Http.get(org() + "/access-rules/" + ruleId).bearer(admin.token()).send().json();
            return "DONE".equals(rule.path("progress").path("state").asText());
        });
    }

    /** The holders of a role, as user id → the listing entry. */
    Map<String, JsonNode> holders(String role) {
        Http.Response r = Http.get(f.rolesUrl() + "/" + role + "/users?max=1000").bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        r.json().forEach(n -> out.put(n.get("id").asText(), n));
        return out;
    }

    Set<String> holderIds(String role) {
        return new TreeSet<>(holders(role).keySet());
    }

    // ---- SCIM

    Http scim(String method, String path, Object body) {
        String url = f.scimBaseUrl() + path;
        Http h = switch (method) {
            case "POST" -> Http.post(url);
            case "PATCH" -> Http.patch(url);
            case "PUT" -> Http.put(url);
            case "DELETE" -> Http.delete(url);
            default -> Http.get(url);
        };
        h.header("Authorization", scimAuth);
        if (body != null) {
            try {
                h.body("application/scim+json", Http.JSON.writeValueAsString(body));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return h;
    }

    String scimUser(String userName, String department) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("schemas", department == null ? List.of(USER) : List.of(USER, ENTERPRISE));
        u.put("userName", userName);
        u.put("name", Map.of("givenName", "G", "familyName", "F"));
        u.put("emails", List.of(Map.of("value", userName + "@" + f.alias + ".test", "primary", true)));
        if (department != null) {
            u.put(ENTERPRISE, Map.of("department", department));
        }
        Http.Response r = scim("POST", "/Users", u).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    void scimDepartment(String userId, String department) {
        Http.Response r = scim("PATCH", "/Users/" + userId, Map.of("schemas", List.of(PATCH_OP), "Operations",
                List.of(Map.of("op", "replace", "path", ENTERPRISE + ":department", "value", department)))).send();
        assertThat(r.status()).as(r.toString()).isIn(200, 204);
    }

    /** One SCIM PATCH that sets the department and makes the role the member's only custom role. */
    void scimDepartmentAndRole(String userId, String department, String role) {
        Http.Response r = scim("PATCH", "/Users/" + userId, Map.of("schemas", List.of(PATCH_OP), "Operations",
                List.of(Map.of("op", "replace", "path", ENTERPRISE + ":department", "value", department),
                        Map.of("op", "replace", "path", "roles", "value", List.of(Map.of("value", role)))))).send();
        assertThat(r.status()).as(r.toString()).isIn(200, 204);
    }

    String scimGroup(String displayName, String... members) {
        List<Map<String, String>> ms = new ArrayList<>();
        for (String m : members) {
            ms.add(Map.of("value", m));
        }
        Http.Response r = scim("POST", "/Groups", Map.of("schemas", List.of(GROUP), "displayName", displayName, "members", ms)).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    void scimGroupMember(String groupId, String userId, boolean add) {
        Map<String, Object> op = add ? Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", userId)))
                : Map.of("op", "remove", "path", "members[value eq \"" + userId + "\"]");
        Http.Response r = scim("PATCH", "/Groups/" + groupId, Map.of("schemas", List.of(PATCH_OP), "Operations", List.of(op))).send();
        assertThat(r.status()).as(r.toString()).isIn(200, 204);
    }

    // ---- tokens and delegated members

    /** A member holding the given organization roles; returns a token for them. */
    String delegate(String username, String... roles) {
        String id = member(username, Map.of());
        for (String r : roles) {
            f.grant(r, id);
        }
        return admin.userToken(f.realm, username, "pw-" + username);
    }

    String token(String username) {
        return admin.userToken(f.realm, username, "pw-" + username);
    }

    String userId(String username) {
        return Http.get(admin.url() + "/admin/realms/" + f.realm + "/users?exact=true&username=" + username).bearer(admin.token())
                .send().json().get(0).get("id").asText();
    }

    JsonNode audit() {
        Http.Response r = Http.get(org() + "/audit?max=1000").bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static void await(Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Condition not met within " + timeout);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String field(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return r.json().path("field").asText();
    }
}
