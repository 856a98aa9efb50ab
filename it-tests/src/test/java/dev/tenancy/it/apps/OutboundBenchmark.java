package dev.tenancy.it.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * Not part of the regular suite (no {@code IT} suffix): run with
 * {@code -Dit.test=dev.tenancy.it.apps.OutboundBenchmark [-Dbench.users=10000] [-Dbench.rate=50] [-Dbench.seconds=60]
 * [-Dbench.threads=16] [-Dbench.jfr=true]} (threads of the change driver: each change is one PUT of the admin API with a
 * precomputed representation).
 * First sync of an organization of {@code bench.users} members into the scimmy server (rate limit
 * off): time, requests the app received, Keycloak heap peak (jstat every 250 ms); then steady
 * pushes at {@code bench.rate} changes per second: lag from the admin API call to the app. Writes
 * {@code <it.build.dir>/outbound-benchmark.txt}.
 */
class OutboundBenchmark {

    @Test
    void firstSyncAndSteadyStateLag() throws Exception {
        int n = Integer.getInteger("bench.users", 10_000);
        int rate = Integer.getInteger("bench.rate", 50);
        int seconds = Integer.getInteger("bench.seconds", 60);
        KeycloakServer server = KeycloakServer.get();
        Admin admin = Admin.of(server);
        Fixture f = Fixture.create(admin);
        Apps apps = new Apps(admin, f.realm);
        StringBuilder report = new StringBuilder();

        long t0 = System.nanoTime();
        List<String> ids = createMembers(admin, f, n);
        report.append(String.format("setup: %d members in %.1f s%n", n, (System.nanoTime() - t0) / 1e9));

        try (ScimmyServer scim = ScimmyServer.start("bench-" + Admin.unique("k"))) {
            Map<String, Object> app = new java.util.HashMap<>(Apps.bearerApp("bench", f.orgId, scim.scimUrl(), scim.token));
            app.put("maxRequestsPerSecond", 0);
            String appId = apps.create(app);
            HeapSampler heap = HeapSampler.start(server);
            int before = scim.stats().path("requests").asInt();
            long s0 = System.nanoTime();
            String runId = apps.sync(appId, false);
            JsonNode run;
            do {
                Thread.sleep(500);
                run = apps.run(appId, runId);
            } while (!run.path("status").asText().equals("DONE") && !run.path("status").asText().equals("FAILED")
                    && System.nanoTime() - s0 < TimeUnit.MINUTES.toNanos(60));
            double syncSeconds = (System.nanoTime() - s0) / 1e9;
            long peak = heap.stop();
            int requests = scim.stats().path("requests").asInt() - before;
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("DONE");
            assertThat(scim.users(null).path("totalResults").asInt()).isEqualTo(n);
            report.append(String.format("first sync: %d users in %.1f s (%.0f users/s), %d requests to the app (%.2f per user), "
                            + "Keycloak heap peak %d MiB (heap used before: %d MiB)%n", n, syncSeconds, n / syncSeconds, requests,
                    requests / (double) n, peak >> 20, heap.first() >> 20));

            // steady state: `rate` changes per second for `seconds`, each user's familyName carries its send time
            Http.post(scim.url() + "/_control/lags/reset").json(Map.of()).send();
            // One admin PUT per change with a precomputed full representation (no GET first): the server's cost per
            // change is the update itself. Offered = changes the server accepted per second over the sending window.
            ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("bench.threads", 16));
            HeapSampler.jfr(server, seconds + 30);
            List<Future<Long>> sent = new ArrayList<>();
            long start = System.nanoTime();
            int total = rate * seconds;
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * (1e9 / rate));
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int k = i % ids.size();
                String id = ids.get(k);
                sent.add(pool.submit(() -> {
                    long c0 = System.nanoTime();
                    Map<String, Object> rep = Map.of("username", "bench" + k, "email", "bench" + k + "@example.test",
                            "firstName", "Bench", "lastName", "t" + System.currentTimeMillis(), "enabled", true);
                    Http.Response r = Http.put(admin.url() + "/admin/realms/" + f.realm + "/users/" + id).bearer(admin.token()).json(rep).send();
                    assertThat(r.status()).as(r.toString()).isEqualTo(204);
                    return System.nanoTime() - c0;
                }));
            }
            long sentAt = System.nanoTime();
            List<Long> calls = new ArrayList<>();
            for (Future<Long> s : sent) {
                calls.add(s.get());
            }
            double offered = total / ((System.nanoTime() - start) / 1e9);
            double scheduled = total / ((sentAt - start) / 1e9);
            calls.sort(null);
            pool.shutdown();
            long deadline = System.currentTimeMillis() + 120_000;
            JsonNode lags;
            do {
                Thread.sleep(500);
                lags = Http.get(scim.url() + "/_control/lags").send().json();
            } while (lags.size() < total && System.currentTimeMillis() < deadline);
            double delivered = lags.size() / ((System.nanoTime() - start) / 1e9);
            report.append(String.format("steady state: %d changes, target %d/s, scheduled %.1f/s, offered (accepted by the admin API) %.1f/s,"
                            + " admin PUT p50 %d ms p99 %d ms; arrived %d (%.1f/s until the last arrival); lag p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                    total, rate, scheduled, offered, calls.get(calls.size() / 2) / 1_000_000, calls.get((int) (calls.size() * 0.99)) / 1_000_000,
                    lags.size(), delivered, pct(lags, 50), pct(lags, 95), pct(lags, 99), pct(lags, 100)));
        }
        System.out.println(report);
        Files.writeString(Path.of(System.getProperty("keycloak.work.dir", "target")).resolve("outbound-benchmark.txt"), report);
    }

    private static long pct(JsonNode sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1))).asLong();
    }

    /** Users by partial import (500 at a time), then memberships with 8 parallel calls. */
    private static List<String> createMembers(Admin admin, Fixture f, int n) throws Exception {
        for (int from = 0; from < n; from += 500) {
            List<Map<String, Object>> users = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 500); i++) {
                users.add(Map.of("username", "bench" + i, "email", "bench" + i + "@example.test", "firstName", "Bench",
                        "lastName", "User" + i, "enabled", true));
            }
            Http.Response r = Http.post(admin.url() + "/admin/realms/" + f.realm + "/partialImport").bearer(admin.token())
                    .json(Map.of("ifResourceExists", "SKIP", "users", users)).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        String[] byNumber = new String[n]; // ids.get(i) is user bench<i>: the steady state sends its full representation
        for (int first = 0; first < n + 1; first += 1000) {
            for (JsonNode u : Http.get(admin.url() + "/admin/realms/" + f.realm + "/users?briefRepresentation=true&first=" + first + "&max=1000")
                    .bearer(admin.token()).send().json()) {
                if (u.path("username").asText().startsWith("bench")) {
                    byNumber[Integer.parseInt(u.path("username").asText().substring("bench".length()))] = u.path("id").asText();
                }
            }
        }
        List<String> ids = List.of(byNumber);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> joins = new ArrayList<>();
        for (String id : ids) {
            joins.add(pool.submit(() -> admin.addMember(f.realm, f.orgId, id)));
        }
        for (Future<?> j : joins) {
            j.get();
        }
        pool.shutdown();
        return ids;
    }

    /** Samples the Keycloak JVM's used heap with jstat; the peak is the largest sample. */
    static final class HeapSampler {
        private final Process jstat;
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong first = new AtomicLong(-1);
        private final Thread reader;

        private HeapSampler(Process jstat) {
            this.jstat = jstat;
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String[] c = line.trim().split("\\s+");
                        if (c.length < 8 || !Character.isDigit(c[0].charAt(0))) {
                            continue;
                        }
                        // -gc columns: S0C S1C S0U S1U EC EU OC OU ...
                        long used = (long) ((Double.parseDouble(c[2]) + Double.parseDouble(c[3]) + Double.parseDouble(c[5])
                                + Double.parseDouble(c[7])) * 1024);
                        first.compareAndSet(-1, used);
                        peak.accumulateAndGet(used, Math::max);
                    }
                } catch (Exception e) {
                    // sampling ends with the process
                }
            });
            reader.start();
        }

        static HeapSampler start(KeycloakServer server) throws Exception {
            long pid = pid(server);
            String java = ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElseThrow();
            String jstat = Path.of(java).resolveSibling("jstat").toString();
            return new HeapSampler(new ProcessBuilder(jstat, "-gc", Long.toString(pid), "250").redirectErrorStream(true).start());
        }

        /** With -Dbench.jfr=true: a JFR recording of the Keycloak JVM for the steady-state part, into the build directory. */
        static void jfr(KeycloakServer server, int seconds) throws Exception {
            if (!Boolean.getBoolean("bench.jfr")) {
                return;
            }
            long pid = pid(server);
            String java = ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElseThrow();
            Path out = Path.of(System.getProperty("keycloak.work.dir", "target")).resolve("outbound-steady.jfr").toAbsolutePath();
            new ProcessBuilder(Path.of(java).resolveSibling("jcmd").toString(), Long.toString(pid), "JFR.start",
                    "duration=" + seconds + "s", "settings=profile", "filename=" + out).inheritIO().start().waitFor();
        }

        static long pid(KeycloakServer server) {
            String home = server.logFile().toAbsolutePath().toString().replace(".log", "");
            long pid = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("kc.home.dir=" + home) || c.contains("kc.home.dir=" + home + "/"))
                            .orElse(false))
                    .mapToLong(ProcessHandle::pid).findFirst().orElseThrow(() -> new IllegalStateException("Keycloak JVM not found: " + home));
            return pid;
        }

        long first() {
            return first.get();
        }

        long stop() throws InterruptedException {
            jstat.destroy();
            reader.join(2_000);
            return peak.get();
        }
    }
}
