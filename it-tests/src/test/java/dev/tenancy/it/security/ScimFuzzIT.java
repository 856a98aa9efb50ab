package dev.tenancy.it.security;

import static dev.tenancy.it.scim.ScimClient.map;
import static dev.tenancy.it.scim.ScimClient.op;
import static dev.tenancy.it.scim.ScimClient.patchOp;
import static dev.tenancy.it.scim.ScimClient.q;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * A seeded fuzz of filters, PATCH paths and attribute selections against the real server: whatever the
 * input, the answer is never a 5xx. The seed is printed in each failure, so a failing case can be replayed
 * with {@code -Dscim.fuzz.seed=…}.
 */
class ScimFuzzIT {

    static final long SEED = Long.getLong("scim.fuzz.seed", System.nanoTime());
    static final int CASES = Integer.getInteger("scim.fuzz.cases", 150);

    static final String[] ATTRS = {"userName", "name.givenName", "name.familyName", "emails", "emails.value", "emails.type",
            "emails.primary", "active", "externalId", "displayName", "meta.created", "meta.lastModified", "groups", "groups.value",
            "id", "title", "members", "members.value", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "phoneNumbers.value", "addresses.locality",
            "unknown", "x-y", "", "."};
    static final String[] OPS = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "EQ", "xx", ""};
    static final String[] VALUES = {"\"a\"", "\"\"", "true", "false", "null", "1", "-1.5e3", "\"2020-01-01T00:00:00Z\"", "\"\\\"\"",
            "\"é\"", "\"%\"", "\"_\"", "\"'\"", "\"\\\\\"", "[", "]", "(", ")", "\"unterminated", "\"a\"\"b\""};
    static final String[] NOISE = {"(", ")", "[", "]", "not(", " and ", " or ", "\"", ".", ":", ",", "\\", "\u0000", "%", "'", "$"};

    static Admin admin;
    static OrgScim scim;
    static String userId;
    static String groupId;

    @BeforeAll
    static void setUp() {
        admin = Admin.of(KeycloakServer.get());
        scim = OrgScim.create(admin);
        userId = scim.createUserId("fuzz.user", "fuzz.user@" + scim.domain());
        groupId = scim.post("/Groups", map("schemas", List.of(OrgScim.GROUP), "displayName", "Fuzz",
                "members", List.of(Map.of("value", userId)))).send().json().get("id").asText();
    }

    static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    /** A filter from the grammar, sometimes valid, sometimes broken by noise or depth. */
    static String filter(Random r, int depth) {
        int k = r.nextInt(depth > 4 ? 3 : 8);
        String comparison = pick(r, ATTRS) + " " + pick(r, OPS) + (r.nextInt(6) == 0 ? "" : " " + pick(r, VALUES));
        String out = switch (k) {
            case 0, 1, 2 -> comparison;
            case 3 -> filter(r, depth + 1) + " and " + filter(r, depth + 1);
            case 4 -> filter(r, depth + 1) + " or " + filter(r, depth + 1);
            case 5 -> "not(" + filter(r, depth + 1) + ")";
            case 6 -> "(" + filter(r, depth + 1) + ")";
            default -> pick(r, new String[] {"emails", "members", "addresses", "groups"}) + "[" + filter(r, depth + 1) + "]"
                    + (r.nextBoolean() ? ".value eq \"x\"" : "");
        };
        if (r.nextInt(10) == 0) {
            int at = r.nextInt(out.length() + 1);
            out = out.substring(0, at) + pick(r, NOISE) + out.substring(at);
        }
        if (r.nextInt(40) == 0) {
            int n = 45 + r.nextInt(20);
            out = (r.nextBoolean() ? "not(" : "(").repeat(n) + out + ")".repeat(n);
        }
        return out;
    }

    static String selection(Random r) {
        List<String> parts = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String a = pick(r, ATTRS);
            if (r.nextInt(8) == 0) {
                a = a + pick(r, NOISE);
            }
            parts.add(a);
        }
        return String.join(r.nextInt(10) == 0 ? ";" : ",", parts);
    }

    @Test
    void givenRandomFilters_thenNoAnswerIsA5xx() {
        Random r = new Random(SEED);
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < CASES; i++) {
            String f = filter(r, 0);
            String type = r.nextBoolean() ? "/Users" : "/Groups";
            Http.Response get = scim.get(type + "?filter=" + q(f) + (r.nextBoolean() ? "&sortBy=" + q(pick(r, ATTRS)) : "")).send();
            soft.assertThat(get.status()).as("seed " + SEED + " GET " + type + " filter " + f + " → " + get.body()).isLessThan(500);
            Http.Response search = scim.post(r.nextBoolean() ? "/.search" : type + "/.search", map("filter", f,
                    "startIndex", r.nextInt(5) - 1, "count", r.nextInt(5) - 1)).send();
            soft.assertThat(search.status()).as("seed " + SEED + " .search filter " + f + " → " + search.body()).isLessThan(500);
        }
        soft.assertAll();
    }

    @Test
    void givenRandomPatchPaths_thenNoAnswerIsA5xx() {
        Random r = new Random(SEED + 1);
        SoftAssertions soft = new SoftAssertions();
        String[] opsNames = {"add", "replace", "remove", "Add", "REPLACE", "bogus"};
        for (int i = 0; i < CASES; i++) {
            String path = switch (r.nextInt(4)) {
                case 0 -> pick(r, ATTRS);
                case 1 -> pick(r, new String[] {"emails", "members", "addresses", "phoneNumbers"}) + "[" + filter(r, 2) + "]"
                        + (r.nextBoolean() ? "." + pick(r, new String[] {"value", "type", "primary", "x"}) : "");
                case 2 -> pick(r, ATTRS) + pick(r, NOISE) + pick(r, ATTRS);
                default -> filter(r, 0);
            };
            Object value = switch (r.nextInt(6)) {
                case 0 -> "text";
                case 1 -> r.nextBoolean();
                case 2 -> List.of(Map.of("value", userId));
                case 3 -> Map.of("value", "v", "type", "work");
                case 4 -> r.nextInt();
                default -> null;
            };
            String target = r.nextBoolean() ? "/Users/" + userId : "/Groups/" + groupId;
            Http.Response resp = scim.patch(target, patchOp(op(pick(r, opsNames), path, value))).send();
            soft.assertThat(resp.status()).as("seed " + SEED + " PATCH " + target + " path " + path + " value " + value + " → " + resp.body())
                    .isLessThan(500);
        }
        soft.assertAll();
    }

    @Test
    void givenRandomAttributeSelections_thenNoAnswerIsA5xx() {
        Random r = new Random(SEED + 2);
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < CASES; i++) {
            String sel = selection(r);
            String param = r.nextBoolean() ? "attributes" : "excludedAttributes";
            String target = switch (r.nextInt(4)) {
                case 0 -> "/Users";
                case 1 -> "/Users/" + userId;
                case 2 -> "/Groups";
                default -> "/Groups/" + groupId;
            };
            Http.Response resp = scim.get(target + "?" + param + "=" + q(sel)).send();
            soft.assertThat(resp.status()).as("seed " + SEED + " GET " + target + " " + param + "=" + sel + " → " + resp.body())
                    .isLessThan(500);
        }
        soft.assertAll();
    }
}
