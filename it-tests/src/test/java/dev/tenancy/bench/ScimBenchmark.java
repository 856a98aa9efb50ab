package dev.tenancy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * Per-organization SCIM against Keycloak's own realm-level SCIM, in one run on one server, then
 * at scale (1k versus 50k members of one organization, loaded through /Bulk). Not a test: run with
 * {@code mvn -B verify -pl orgs-provider,scim-server,it-tests -am -Pbench} (see docs/benchmarks.md);
 * results go to {@code it-tests/target/benchmarks/scim.md}.
 */
class ScimBenchmark {

    static final String SCIM = "application/scim+json";
    static final int CLIENTS = 4;

    final Admin admin = Admin.of(KeycloakServer.get());
    final StringBuilder report = new StringBuilder();
    final AtomicInteger seq = new AtomicInteger();

    @Test
    void run() throws Exception {
        Fixture f = Fixture.create(admin);
        Http.Response realmOn = Http.put(admin.url() + "/admin/realms/" + f.realm).bearer(admin.token())
                .json(Map.of("scimApiEnabled", true)).send();
        assertThat(realmOn.status()).as(realmOn.toString()).isEqualTo(204);
        String secret = f.enableScimWithSecret();
        String benchAdmin = admin.createUser(f.realm, "bench-admin", "pw-bench-admin-1");
        admin.grantRealmManagement(f.realm, benchAdmin, "manage-users");
        admin.grantRealmManagement(f.realm, benchAdmin, "view-users");
        Supplier<String> kcToken = new TokenCache(() -> admin.userToken(f.realm, "bench-admin", "pw-bench-admin-1"));
        Supplier<String> ours = () -> secret;
        String oursUrl = f.scimBaseUrl();
        String kcUrl = admin.url() + "/realms/" + f.realm + "/scim/v2";

        line("# SCIM benchmark");
        line("");
        line("Server: Keycloak " + System.getProperty("keycloak.version", "26.7.4") + " (start-dev, db " + KeycloakServer.get().db()
                + "), " + Runtime.getRuntime().availableProcessors() + " cores; client in the same machine. " + CLIENTS + " client threads for creation.");
        line("");

        // Warm up both implementations.
        create(oursUrl, ours, 100, 2);
        create(kcUrl, kcToken, 100, 2);

        line("## Ours versus Keycloak's realm SCIM (same realm, same server)");
        line("");
        line("| measure | ours | Keycloak realm SCIM | ratio |");
        line("|---|---|---|---|");
        double oursRate = 0;
        double kcRate = 0;
        for (int round = 0; round < 2; round++) {
            oursRate = Math.max(oursRate, create(oursUrl, ours, 400, CLIENTS));
            kcRate = Math.max(kcRate, create(kcUrl, kcToken, 400, CLIENTS));
        }
        line(String.format(Locale.ROOT, "| user creation, %d clients (best of 2 rounds of 400) | %.0f users/s | %.0f users/s | %.2f× |",
                CLIENTS, oursRate, kcRate, oursRate / kcRate));
        Stats oursPage = latency(60, i -> Http.get(oursUrl + "/Users?startIndex=1&count=100").bearer(ours.get()).send());
        Stats kcPage = latency(60, i -> Http.get(kcUrl + "/Users?startIndex=1&count=100").bearer(kcToken.get()).send());
        line(String.format(Locale.ROOT, "| `GET /Users?count=100` p50 | %.1f ms | %.1f ms | %.2f× |", oursPage.p50(), kcPage.p50(), oursPage.p50() / kcPage.p50()));
        String name = "bench-user-" + (seq.get() / 2);
        Stats oursEq = latency(100, i -> Http.get(oursUrl + "/Users?filter=" + enc("userName eq \"" + name + "\"")).bearer(ours.get()).send());
        Stats kcEq = latency(100, i -> Http.get(kcUrl + "/Users?filter=" + enc("userName eq \"" + name + "\"")).bearer(kcToken.get()).send());
        line(String.format(Locale.ROOT, "| `userName eq` p50 | %.1f ms | %.1f ms | %.2f× |", oursEq.p50(), kcEq.p50(), oursEq.p50() / kcEq.p50()));
        line("");

        line("## Scale: one organization with 1k, then 50k members");
        line("");
        Fixture small = f.sibling();
        String smallSecret = small.enableScimWithSecret();
        Fixture big = f.sibling();
        String bigSecret = big.enableScimWithSecret();
        double smallRate = bulkLoad(small.scimBaseUrl(), smallSecret, 1_000);
        double bigRate = bulkLoad(big.scimBaseUrl(), bigSecret, Integer.getInteger("bench.members", 50_000));
        line(String.format(Locale.ROOT, "- Bulk import (1000 operations per request): %.0f users/s at 1k, %.0f users/s at 50k", smallRate, bigRate));
        Stats page1k = latency(60, i -> Http.get(small.scimBaseUrl() + "/Users?startIndex=1&count=100").bearer(smallSecret).send());
        Stats page50k = latency(60, i -> Http.get(big.scimBaseUrl() + "/Users?startIndex=1&count=100").bearer(bigSecret).send());
        Stats deep50k = latency(30, i -> Http.get(big.scimBaseUrl() + "/Users?startIndex=40001&count=100").bearer(bigSecret).send());
        Stats eq1k = latency(100, i -> Http.get(small.scimBaseUrl() + "/Users?filter=" + enc("userName eq \"scale-500\"")).bearer(smallSecret).send());
        Stats eq50k = latency(100, i -> Http.get(big.scimBaseUrl() + "/Users?filter=" + enc("userName eq \"scale-25000\"")).bearer(bigSecret).send());
        Stats sw50k = latency(30, i -> Http.get(big.scimBaseUrl() + "/Users?filter=" + enc("userName sw \"scale-2500\"") + "&count=100").bearer(bigSecret).send());
        line("");
        line("| measure | 1k members | 50k members | ratio |");
        line("|---|---|---|---|");
        line(String.format(Locale.ROOT, "| `count=100` first page p50 | %.1f ms | %.1f ms | %.2f× |", page1k.p50(), page50k.p50(), page50k.p50() / page1k.p50()));
        line(String.format(Locale.ROOT, "| `count=100` at `startIndex=40001` p50 | — | %.1f ms | |", deep50k.p50()));
        line(String.format(Locale.ROOT, "| `userName eq` p50 | %.1f ms | %.1f ms | %.2f× |", eq1k.p50(), eq50k.p50(), eq50k.p50() / eq1k.p50()));
        line(String.format(Locale.ROOT, "| `userName sw` (111 matches) p50 | — | %.1f ms | |", sw50k.p50()));
        line("");

        line("## One member added to a 10k-member group");
        line("");
        String groupId = groupWithMembers(big.scimBaseUrl(), bigSecret, 10_000);
        List<String> extra = userIds(big.scimBaseUrl(), bigSecret, 10_001, 20);
        Stats addOne = latency(extra.size(), i -> patchMembers(big.scimBaseUrl(), bigSecret, groupId, List.of(extra.get(i))));
        line("- `PATCH /Groups/{id}` adding one member to a group of 10,000: " + addOne);
        Files.createDirectories(Path.of("target/benchmarks"));
        Files.writeString(Path.of("target/benchmarks/scim.md"), report.toString());
        System.out.println(report);
    }

    /** Creates {@code total} users with {@code clients} threads; returns users per second. */
    double create(String base, Supplier<String> token, int total, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger left = new AtomicInteger(total);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    int n = seq.getAndIncrement();
                    Http.Response r = Http.post(base + "/Users").bearer(token.get()).header("Accept", SCIM).body(SCIM, user("bench-user-" + n)).send();
                    assertThat(r.status()).as(r.toString()).isEqualTo(201);
                }
                return null;
            }));
        }
        for (Future<?> d : done) {
            d.get();
        }
        pool.shutdown();
        return total / ((System.nanoTime() - start) / 1e9);
    }

    double bulkLoad(String base, String secret, int total) throws IOException {
        long start = System.nanoTime();
        for (int from = 0; from < total; from += 1000) {
            StringBuilder ops = new StringBuilder();
            for (int i = from; i < Math.min(total, from + 1000); i++) {
                if (ops.length() > 0) {
                    ops.append(',');
                }
                ops.append("{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"u").append(i).append("\",\"data\":")
                        .append(user("scale-" + i + (base.hashCode() % 2 == 0 ? "" : ""))).append('}');
            }
            String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"failOnErrors\":1,\"Operations\":[" + ops + "]}";
            Http.Response r = Http.post(base + "/Bulk").bearer(secret).body(SCIM, body).send();
            assertThat(r.status()).as(r.toString().substring(0, Math.min(500, r.toString().length()))).isEqualTo(200);
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    String groupWithMembers(String base, String secret, int members) {
        Http.Response g = Http.post(base + "/Groups").bearer(secret)
                .body(SCIM, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"big-group\"}").send();
        assertThat(g.status()).as(g.toString()).isEqualTo(201);
        String groupId = g.json().get("id").asText();
        for (int from = 1; from <= members; from += 1000) {
            patchMembers(base, secret, groupId, userIds(base, secret, from, Math.min(1000, members - from + 1)));
        }
        return groupId;
    }

    List<String> userIds(String base, String secret, int startIndex, int count) {
        Http.Response r = Http.get(base + "/Users?attributes=id&startIndex=" + startIndex + "&count=" + count).bearer(secret).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("Resources").forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }

    Http.Response patchMembers(String base, String secret, String groupId, List<String> userIds) {
        StringBuilder values = new StringBuilder();
        for (String id : userIds) {
            values.append(values.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        Http.Response r = Http.patch(base + "/Groups/" + groupId + "?excludedAttributes=members").bearer(secret)
                .body(SCIM, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + values + "]}]}")
                .send();
        assertThat(r.status()).as(r.toString()).isIn(200, 204);
        return r;
    }

    static Stats latency(int n, IntFunction<Http.Response> call) {
        for (int i = 0; i < Math.min(5, n); i++) {
            call.apply(i);
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            Http.Response r = call.apply(i);
            nanos[i] = System.nanoTime() - t;
            assertThat(r.status()).as(r.toString()).isIn(200, 204);
        }
        return Stats.of(nanos);
    }

    static String user(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\","
                + "\"name\":{\"givenName\":\"Bench\",\"familyName\":\"User\"},\"active\":true,"
                + "\"emails\":[{\"value\":\"" + userName + "@bench.test\",\"type\":\"work\",\"primary\":true}]}";
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    void line(String s) {
        report.append(s).append('\n');
    }

    /** Renews a realm token every 4 minutes (realm tokens live 5). */
    static final class TokenCache implements Supplier<String> {
        private final Supplier<String> fetch;
        private String token;
        private long at;

        TokenCache(Supplier<String> fetch) {
            this.fetch = fetch;
        }

        @Override
        public synchronized String get() {
            if (token == null || System.currentTimeMillis() - at > 240_000) {
                token = fetch.get();
                at = System.currentTimeMillis();
            }
            return token;
        }
    }
}
