package dev.tenancy.it.scim;

import static dev.tenancy.it.scim.ScimClient.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * Organization SCIM against Keycloak's realm-level SCIM, on one server in one run. Skipped unless
 * {@code -Dtenancy.bench=true}; sizes: {@code -Dbench.small=1000 -Dbench.large=50000 -Dbench.group=10000}.
 * Prints a Markdown table and writes it to {@code <it.build.dir>/scim-benchmark.md}.
 */
class ScimBenchmarkIT {

    static Admin admin;
    static final int SMALL = Integer.getInteger("bench.small", 1000);
    static final int LARGE = Integer.getInteger("bench.large", 50_000);
    static final int GROUP = Integer.getInteger("bench.group", 10_000);
    static final int CREATE_PER_CLIENT = Integer.getInteger("bench.create", 100);
    static final int SAMPLES = Integer.getInteger("bench.samples", 30);
    /** Which parts to run: {@code compare} (against the realm SCIM) and {@code scale}. */
    static final String PHASES = System.getProperty("bench.phases", "compare,scale");
    /**
     * Organization sizes of the scale phase, for example {@code -Dbench.sizes=1000,10000,100000} (the
     * 100k mode: an hour or more); empty: {@code bench.small} and {@code bench.large}.
     */
    static final String SIZES = System.getProperty("bench.sizes", "");

    /** The per-request creation rate of the compare phase, for the /Bulk ratio. */
    double oursCreateRate;

    final List<String> rows = new ArrayList<>();

    @BeforeAll
    static void server() {
        assumeTrue(Boolean.getBoolean("tenancy.bench"), "benchmark: run with -Dtenancy.bench=true");
        admin = Admin.of(KeycloakServer.get());
    }

    @Test
    void benchmark() throws Exception {
        Fixture f = Fixture.create(admin);
        Http.Response enable = Http.put(admin.url() + "/admin/realms/" + f.realm).bearer(admin.token())
                .json(Map.of("scimApiEnabled", true, "accessTokenLifespan", 3600)).send();
        assertThat(enable.status()).isEqualTo(204);
        ScimClient ours = new ScimClient(f, "Bearer " + f.enableScimWithSecret());
        String audience = admin.url() + "/realms/" + f.realm + "/scim/v2";
        String clientUuid = admin.createClient(f.realm, Map.of("clientId", "realm-scim", "secret", "realm-scim-secret",
                "publicClient", false, "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "protocolMappers", List.of(Map.of("name", "aud", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.custom.audience", audience, "access.token.claim", "true")))));
        String sa = Http.get(admin.url() + "/admin/realms/" + f.realm + "/clients/" + clientUuid + "/service-account-user")
                .bearer(admin.token()).send().json().get("id").asText();
        admin.grantRealmManagement(f.realm, sa, "manage-users");
        admin.grantRealmManagement(f.realm, sa, "view-users");
        Supplier<String> realmToken = () -> admin.clientCredentials(f.realm, "realm-scim", "realm-scim-secret");

        if (PHASES.contains("compare")) {
            compare(ours, audience, realmToken, f.realm);
        }
        if (PHASES.contains("scale")) {
            scale(ours);
        }

        StringBuilder md = new StringBuilder("| measure | organization SCIM | Keycloak realm SCIM | ratio |\n|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        System.out.println(md);
        Path out = Path.of(System.getProperty("keycloak.work.dir", "target"), "scim-benchmark.md");
        Files.writeString(out, md.toString());
    }

    private void compare(ScimClient ours, String audience, Supplier<String> realmToken, String realm) throws Exception {
        // warm-up, every arm, twice a measured round's size (the first round measured was the slowest of
        // every run with 25 per client); one request first fills the secret-verification cache
        int rounds = Integer.getInteger("bench.rounds", 4);
        int per = Math.max(1, CREATE_PER_CLIENT / rounds);
        int warm = Math.max(25, 2 * per);
        assertThat(ours.get("/Users?count=1").send().status()).isEqualTo(200);
        create("ours", 4, warm, i -> ours.post("/Users", user("warm.o" + i)));
        String t = realmToken.get();
        create("realm", 4, warm, i -> Http.post(audience + "/Users").bearer(t).json(user("warm.k" + i)));

        // interleaved rounds: organization SCIM, bare admin REST, realm SCIM, so that load from other
        // processes on the machine falls on all three arms alike
        String adminUsers = admin.url() + "/admin/realms/" + realm + "/users";
        create("admin", 4, warm, i -> Http.post(adminUsers).bearer(admin.token()).json(adminUser("warm.a" + i)));
        // the same number of accounts through one /Bulk request per round (organization SCIM), as a fourth arm
        bulkLoad(ours, "warm.b", 4 * warm);
        double[] secs = new double[4];
        RETRIES.clear();
        for (int r = 0; r < rounds; r++) {
            int off = r * 4 * per;
            int round = r;
            String tok = admin.token();
            String tk = realmToken.get();
            List<java.util.concurrent.Callable<Void>> arms = List.of(
                    () -> {
                        ours.get("/Users?count=1").send();
                        secs[0] += 4 * per / window("ours", round, () -> create("ours", 4, per, i -> ours.post("/Users", user("c.o" + (off + i)))));
                        return null;
                    },
                    () -> {
                        secs[1] += 4 * per / window("admin", round, () -> create("admin", 4, per, i -> Http.post(adminUsers).bearer(tok).json(adminUser("c.a" + (off + i)))));
                        return null;
                    },
                    () -> {
                        secs[2] += 4 * per / window("realm", round, () -> create("realm", 4, per, i -> Http.post(audience + "/Users").bearer(tk).json(user("c.k" + (off + i)))));
                        return null;
                    },
                    () -> {
                        secs[3] += 4 * per / window("bulk", round, () -> bulkLoad(ours, "c.b" + round, 4 * per));
                        return null;
                    });
            // the arms take turns going first (round r starts with arm r), so that warm-up and what an arm
            // leaves behind (background work after a /Bulk, say) fall on each arm alike
            for (int k = 0; k < arms.size(); k++) {
                arms.get((r + k) % arms.size()).call();
            }
        }
        row(String.format("| (429 answers retried after 1 s: ours %d, admin %d, realm %d) | | | |",
                RETRIES.getOrDefault("ours", 0), RETRIES.getOrDefault("admin", 0), RETRIES.getOrDefault("realm", 0)));
        int total = rounds * 4 * per;
        double oursRate = total / secs[0];
        double adminRate = total / secs[1];
        double realmRate = total / secs[2];
        double bulkRate = total / secs[3];
        oursCreateRate = oursRate;
        row(String.format("| user creation, 4 clients × %d, %d interleaved rounds | %.1f users/s | %.1f users/s | %.2f× |",
                rounds * per, rounds, oursRate, realmRate, oursRate / realmRate));
        row(String.format("| (bare admin-REST creation, same rounds) | %.1f users/s (ours / admin REST = %.2f×) | | |",
                adminRate, oursRate / adminRate));
        row(String.format("| `/Bulk` creation, one request of %d per round, same rounds | %.1f users/s (/Bulk / per request = %.2f×) | | |",
                4 * per, bulkRate, bulkRate / oursRate));
        if (Boolean.parseBoolean(System.getProperty("bench.tables", "true"))) {
            tableAccesses(ours, adminUsers, audience, realmToken);
        }

        String t3 = realmToken.get();
        double oursPage = median(SAMPLES, () -> ours.get("/Users?count=100").send());
        double realmPage = median(SAMPLES, () -> Http.get(audience + "/Users?count=100").bearer(t3).send());
        row(String.format("| `count=100` page | %.1f ms | %.1f ms | %.2f× |", oursPage, realmPage, oursPage / realmPage));
        String eq = URLEncoder.encode("userName eq \"c.o7\"", StandardCharsets.UTF_8);
        String eqK = URLEncoder.encode("userName eq \"c.k7\"", StandardCharsets.UTF_8);
        double oursEq = median(SAMPLES, () -> ours.get("/Users?filter=" + eq).send());
        double realmEq = median(SAMPLES, () -> Http.get(audience + "/Users?filter=" + eqK).bearer(t3).send());
        row(String.format("| `userName eq` | %.1f ms | %.1f ms | %.2f× |", oursEq, realmEq, oursEq / realmEq));
    }

    private void scale(ScimClient ours) throws Exception {

        // scale: one organization of the realm per size, loaded through /Bulk in pages of 1000, while the
        // server's heap is sampled from its metrics endpoint
        List<Integer> sizes = SIZES.isBlank() ? List.of(SMALL, LARGE)
                : java.util.Arrays.stream(SIZES.split(",")).map(String::trim).map(Integer::valueOf).sorted().toList();
        List<ScimClient> orgs = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        double[] rates = new double[sizes.size()];
        HeapSampler heap = new HeapSampler();
        heap.start();
        try {
            for (int k = 0; k < sizes.size(); k++) {
                ScimClient org = ours.sibling();
                String prefix = k == sizes.size() - 1 ? "l" : "s" + k;
                rates[k] = bulkLoad(org, prefix, sizes.get(k));
                row(String.format("| `/Bulk` import of %d users (pages of 1000) | %.1f users/s; heap peak so far %.0f MiB used, %.0f MiB live after GC | | |",
                        sizes.get(k), rates[k], heap.peakUsed / 1048576.0, heap.peakLive / 1048576.0));
                orgs.add(org);
                prefixes.add(prefix);
                // measured at once as well, so that a run stopped before the largest import still has
                // every finished size's numbers (the table below measures them all again, side by side)
                int n = sizes.get(k);
                String eq = URLEncoder.encode("userName eq \"" + prefix + "." + (n / 2) + "\"", StandardCharsets.UTF_8);
                double page = median(SAMPLES, () -> org.get("/Users?count=100&startIndex=" + (n / 2)).send());
                double filter = median(SAMPLES, () -> org.get("/Users?filter=" + eq).send());
                row(String.format("| right after the import of %d users: page (count=100, middle) / `userName eq` | %.1f ms / %.1f ms | | |",
                        n, page, filter));
            }
        } finally {
            heap.stop();
        }
        analyze();
        int last = sizes.size() - 1;
        row(String.format("| `/Bulk` import rate | %.1f users/s (%d users) | | |", rates[last], sizes.get(last)));
        if (oursCreateRate > 0) {
            row(String.format("| `/Bulk` / per-request creation rate | %.2f× | | |", rates[last] / oursCreateRate));
        }
        row(String.format("| server heap during the imports (%d samples) | peak used %.0f MiB, peak live after GC %.0f MiB (max heap %.0f MiB) | | |",
                heap.samples, heap.peakUsed / 1048576.0, heap.peakLive / 1048576.0, heap.max / 1048576.0));
        double[] pageMs = new double[sizes.size()];
        double[] filterMs = new double[sizes.size()];
        for (int k = 0; k < sizes.size(); k++) {
            ScimClient org = orgs.get(k);
            int n = sizes.get(k);
            pageMs[k] = median(SAMPLES, () -> org.get("/Users?count=100&startIndex=" + (n / 2)).send());
            String f = URLEncoder.encode("userName eq \"" + prefixes.get(k) + "." + (n / 2) + "\"", StandardCharsets.UTF_8);
            filterMs[k] = median(SAMPLES, () -> org.get("/Users?filter=" + f).send());
        }
        for (int k = 1; k < sizes.size(); k++) {
            row(String.format("| page (count=100, middle) at %d vs %d members | %.1f ms | %.1f ms (at %d) | %.2f× |",
                    sizes.get(k), sizes.get(0), pageMs[k], pageMs[0], sizes.get(0), pageMs[k] / pageMs[0]));
            row(String.format("| `userName eq` at %d vs %d members | %.1f ms | %.1f ms (at %d) | %.2f× |",
                    sizes.get(k), sizes.get(0), filterMs[k], filterMs[0], sizes.get(0), filterMs[k] / filterMs[0]));
        }
        ScimClient large = orgs.get(last);
        int largeSize = sizes.get(last);
        double smallRate = rates[0];
        int smallSize = sizes.get(0);
        if (!Boolean.parseBoolean(System.getProperty("bench.group.run", "true"))) {
            return;
        }

        // one member into a big group
        int groupSize = Math.min(GROUP, largeSize - SAMPLES - 1);
        String gid = large.createGroup("big").get("id").asText();
        List<String> ids = new ArrayList<>();
        for (int start = 1; start <= groupSize + SAMPLES; start += 1000) {
            String filter = URLEncoder.encode("userName sw \"l.\"", StandardCharsets.UTF_8);
            var page = large.get("/Users?attributes=id&count=1000&startIndex=" + start + "&filter=" + filter).send().json().get("Resources");
            page.forEach(r -> ids.add(r.get("id").asText()));
        }
        for (int i = 0; i < groupSize; i += 1000) {
            List<Map<String, String>> chunk = ids.subList(i, Math.min(groupSize, i + 1000)).stream().map(id -> Map.of("value", id)).toList();
            Http.Response r = large.patch("/Groups/" + gid + "?excludedAttributes=members",
                    ScimClient.patchOp(ScimClient.op("add", "members", chunk))).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        List<String> extra = ids.subList(groupSize, Math.min(ids.size(), groupSize + SAMPLES));
        List<Double> addOne = new ArrayList<>();
        for (String id : extra) {
            long s = System.nanoTime();
            Http.Response r = large.patch("/Groups/" + gid + "?excludedAttributes=members",
                    ScimClient.patchOp(ScimClient.op("add", "members", List.of(Map.of("value", id))))).send();
            addOne.add((System.nanoTime() - s) / 1e6);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        row(String.format("| add one member to a %d-member group | %.1f ms | | |", groupSize, median(addOne)));
        row(String.format("| (small org `/Bulk` import rate) | %.1f users/s (%d users) | | |", smallRate, smallSize));
    }

    /**
     * Runs one arm of a round and prints its wall-clock window ({@code BENCHWIN arm round startMs endMs}),
     * so that a JFR recording of the server can be bucketed by arm: the arms run one after the other.
     */
    private double window(String arm, int round, java.util.concurrent.Callable<Double> arm_) throws Exception {
        long start = System.currentTimeMillis();
        double rate = arm_.call();
        long end = System.currentTimeMillis();
        String line = "BENCHWIN " + arm + " " + round + " " + start + " " + end;
        System.out.println(line);
        Path out = Path.of(System.getProperty("keycloak.work.dir", "target"), "scim-benchmark-windows.txt");
        Files.writeString(out, line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return rate;
    }

    /**
     * Table accesses per created account, per arm (PostgreSQL only): {@code pg_stat_user_tables} of the
     * server's schema before and after {@code bench.tables.n} sequential creations, minus an idle window of
     * the same length (the server's own background work). Index and sequential scans count one per table a
     * statement reads (a join of three tables counts three); inserted, updated and deleted rows are rows.
     */
    private void tableAccesses(ScimClient ours, String adminUsers, String audience, Supplier<String> realmToken) throws Exception {
        var jdbc = KeycloakServer.get().jdbc();
        if (jdbc.isEmpty()) {
            return;
        }
        int n = Integer.getInteger("bench.tables.n", 50);
        // the statistics of a backend reach pg_stat_user_tables when it has been idle for up to 10 s
        long settle = Long.getLong("bench.tables.settle", 11_000);
        try (var c = jdbc.get()) {
            Thread.sleep(settle); // what the rounds before left pending reaches the view first
            Map<String, long[]> idle0 = tableStats(c);
            long t0 = System.nanoTime();
            Thread.sleep(settle);
            Map<String, long[]> idle1 = tableStats(c);
            double idleSecs = (System.nanoTime() - t0) / 1e9;
            String tok = admin.token();
            String tk = realmToken.get();
            Map<String, IntFunction<Http>> arms = new java.util.LinkedHashMap<>();
            arms.put("ours", i -> ours.post("/Users", user("t.o" + i)));
            arms.put("admin", i -> Http.post(adminUsers).bearer(tok).json(adminUser("t.a" + i)));
            arms.put("realm", i -> Http.post(audience + "/Users").bearer(tk).json(user("t.k" + i)));
            StringBuilder md = new StringBuilder();
            for (var arm : arms.entrySet()) {
                Map<String, long[]> before = tableStats(c);
                long s = System.nanoTime();
                create(arm.getKey(), 1, n, arm.getValue());
                Thread.sleep(settle);
                Map<String, long[]> after = tableStats(c);
                double secs = (System.nanoTime() - s) / 1e9;
                long[] sum = new long[4];
                List<String> per = new ArrayList<>();
                for (var e : after.entrySet()) {
                    long[] a = e.getValue();
                    long[] b = before.getOrDefault(e.getKey(), new long[4]);
                    long[] i0 = idle0.getOrDefault(e.getKey(), new long[4]);
                    long[] i1 = idle1.getOrDefault(e.getKey(), new long[4]);
                    double[] d = new double[4];
                    boolean any = false;
                    for (int k = 0; k < 4; k++) {
                        d[k] = ((a[k] - b[k]) - (i1[k] - i0[k]) * secs / idleSecs) / n;
                        sum[k] += Math.round((a[k] - b[k]) - (i1[k] - i0[k]) * secs / idleSecs);
                        any |= Math.abs(d[k]) >= 0.05;
                    }
                    if (any) {
                        per.add(String.format("%s %.1f/%.1f/%.1f/%.1f", e.getKey(), d[0], d[1], d[2], d[3]));
                    }
                }
                String line = String.format("| table accesses per creation, %s (scans / inserted / updated / deleted rows) | %.1f / %.1f / %.1f / %.1f | %s | |",
                        arm.getKey(), sum[0] / (double) n, sum[1] / (double) n, sum[2] / (double) n, sum[3] / (double) n, String.join("; ", per));
                row(line);
            }
        }
    }

    private static Map<String, long[]> tableStats(java.sql.Connection c) throws java.sql.SQLException {
        Map<String, long[]> m = new java.util.TreeMap<>();
        try (var st = c.createStatement(); var rs = st.executeQuery(
                "select relname, coalesce(seq_scan,0) + coalesce(idx_scan,0), n_tup_ins, n_tup_upd, n_tup_del "
                        + "from pg_stat_user_tables where schemaname = current_schema()")) {
            while (rs.next()) {
                m.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
            }
        }
        return m;
    }

    /** A result row, printed and written at once, so that a long run that is stopped keeps what it measured. */
    private void row(String r) {
        rows.add(r);
        System.out.println("BENCH " + r);
        try {
            Path out = Path.of(System.getProperty("keycloak.work.dir", "target"), "scim-benchmark.md");
            Files.writeString(out, String.join("\n", rows) + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Refreshes the planner's statistics after the imports (PostgreSQL only). A schema created for the run
     * has never been analyzed, and autovacuum analyzes a table only after its naptime (a minute) once
     * enough rows changed: without this, the first reads after a fast import are planned for empty tables
     * (2.2 s for {@code userName eq} at 10k in one run). A production import is read after autovacuum has
     * caught up; the numbers after the import (above) show the state before it.
     */
    private void analyze() throws Exception {
        var jdbc = KeycloakServer.get().jdbc();
        if (jdbc.isEmpty()) {
            return;
        }
        try (var c = jdbc.get(); var s = c.createStatement()) {
            s.execute("analyze");
        }
        row("| (statistics refreshed with `ANALYZE` before the side-by-side reads) | | | |");
    }

    /**
     * Samples the server's heap from its metrics endpoint (Micrometer's {@code jvm_memory_used_bytes} of
     * the heap pools, and {@code jvm_gc_live_data_size_bytes}, the old generation after the last GC).
     */
    static final class HeapSampler {
        volatile boolean running;
        double peakUsed;
        double peakLive;
        double max;
        int samples;
        private Thread thread;

        void start() {
            running = true;
            String url = "http://localhost:" + (KeycloakServer.get().port() + 1000) + "/metrics";
            thread = new Thread(() -> {
                while (running) {
                    try {
                        sample(Http.get(url).send().body());
                    } catch (RuntimeException e) {
                        // metrics not reachable: no sample
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private synchronized void sample(String metrics) {
            double used = 0;
            double heapMax = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    used += value(line);
                } else if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"") && value(line) > 0) {
                    heapMax += value(line);
                } else if (line.startsWith("jvm_gc_live_data_size_bytes")) {
                    peakLive = Math.max(peakLive, value(line));
                }
            }
            if (used > 0) {
                samples++;
                peakUsed = Math.max(peakUsed, used);
                max = Math.max(max, heapMax);
            }
        }

        private static double value(String line) {
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(5000);
        }
    }

    private static Map<String, Object> user(String userName) {
        return Map.of("schemas", List.of(USER), "userName", userName, "name", Map.of("givenName", "Bench", "familyName", userName),
                "emails", List.of(Map.of("value", userName + "@bench.example", "type", "work", "primary", true)));
    }

    /** The same account as {@link #user}, as Keycloak's admin REST takes it. */
    private static Map<String, Object> adminUser(String userName) {
        return Map.of("username", userName, "enabled", true, "firstName", "Bench", "lastName", userName,
                "email", userName + "@bench.example");
    }

    /** Users per second created by {@code clients} threads, {@code perClient} each. */
    /** 429 answers retried, per arm, in the measured rounds. */
    private static final Map<String, Integer> RETRIES = new java.util.concurrent.ConcurrentHashMap<>();

    private static double create(String prefix, int clients, int perClient, IntFunction<Http> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int base = c * perClient;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        Http.Response r = request.apply(base + i).send();
                        // the secret-verification gate answers 429 (Retry-After: 1) when several requests
                        // miss the verification cache at once; an identity provider retries, so do we
                        for (int retry = 0; r.status() == 429 && retry < 5; retry++) {
                            RETRIES.merge(prefix, 1, Integer::sum);
                            Thread.sleep(1000);
                            r = request.apply(base + i).send();
                        }
                        assertThat(r.status()).as(prefix + " " + r).isEqualTo(201);
                    }
                    return null;
                }));
            }
            for (Future<?> x : all) {
                x.get();
            }
            return clients * perClient / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double bulkLoad(ScimClient scim, String prefix, int n) {
        long start = System.nanoTime();
        for (int from = 0; from < n; from += 1000) {
            List<Map<String, Object>> ops = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 1000); i++) {
                ops.add(Map.of("method", "POST", "path", "/Users", "bulkId", "b" + i, "data", user(prefix + "." + i)));
            }
            Http.Response r = scim.post("/Bulk", Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
                    "Operations", ops)).send();
            assertThat(r.status()).as(r.request()).isEqualTo(200);
            // a fast /Bulk of failed operations measures nothing: every operation must have created its account
            r.json().get("Operations").forEach(op -> assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("201"));
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(int samples, Supplier<Http.Response> call) {
        for (int i = 0; i < 5; i++) {
            call.get();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long s = System.nanoTime();
            Http.Response r = call.get();
            times.add((System.nanoTime() - s) / 1e6);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        return median(times);
    }

    private static double median(List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
