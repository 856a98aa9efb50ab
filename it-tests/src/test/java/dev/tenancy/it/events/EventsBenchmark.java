package dev.tenancy.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/**
 * Not part of the regular suite (no {@code IT} suffix): run with
 * {@code -Dit.test=dev.tenancy.it.events.EventsBenchmark}. Prints and writes its numbers to
 * {@code <it.build.dir>/events-benchmark.txt}.
 */
class EventsBenchmark {

    private static Admin admin;
    private static Receiver receiver;
    private static final StringBuilder REPORT = new StringBuilder();

    @BeforeAll
    static void start() {
        admin = Admin.of(EventsFixture.server());
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() throws Exception {
        receiver.close();
        Path out = Path.of(System.getProperty("keycloak.work.dir", "target")).resolve("events-benchmark.txt");
        Files.writeString(out, REPORT.toString());
        System.out.println(REPORT);
    }

    private static void report(String line) {
        REPORT.append(line).append('\n');
        System.out.println(line);
    }

    /** Admin user updates, interleaved: a realm with a subscription against one without. */
    @Test
    void overheadOnAdminUserUpdates() {
        int rounds = Integer.getInteger("bench.updates", 300);
        String bare = admin.createRealm();
        EventsFixture.allowUnmanagedAttributes(admin, bare);
        String subscribed = EventsFixture.realmWithSubscription(admin, receiver, "/bench-overhead").realm();
        // Capture only: a disabled subscription keeps snapshots up to date but queues nothing.
        EventsFixture.Setup captured = EventsFixture.realmWithSubscription(admin, receiver, "/bench-disabled");
        Http.Response off = Http.put(EventsFixture.webhooks(admin, captured.realm()) + "/" + captured.subscriptionId())
                .bearer(admin.token()).json(Map.of("enabled", false)).send();
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        String userBare = admin.createUser(bare, "bench-user", "Passw0rd!x");
        String userSub = admin.createUser(subscribed, "bench-user", "Passw0rd!x");
        String userCap = admin.createUser(captured.realm(), "bench-user", "Passw0rd!x");
        Map<String, Object> repBare = EventsFixture.userRep(admin, bare, userBare);
        Map<String, Object> repSub = EventsFixture.userRep(admin, subscribed, userSub);
        Map<String, Object> repCap = EventsFixture.userRep(admin, captured.realm(), userCap);
        List<Long> tBare = new ArrayList<>();
        List<Long> tSub = new ArrayList<>();
        List<Long> tCap = new ArrayList<>();
        for (int i = 0; i < rounds + 50; i++) {
            String dept = "D" + i;
            // rotate the order so that no realm always goes first
            long a = 0;
            long b = 0;
            long c = 0;
            switch (i % 3) {
                case 0 -> { a = timedUpdate(bare, userBare, repBare, dept); b = timedUpdate(subscribed, userSub, repSub, dept);
                        c = timedUpdate(captured.realm(), userCap, repCap, dept); }
                case 1 -> { b = timedUpdate(subscribed, userSub, repSub, dept); c = timedUpdate(captured.realm(), userCap, repCap, dept);
                        a = timedUpdate(bare, userBare, repBare, dept); }
                default -> { c = timedUpdate(captured.realm(), userCap, repCap, dept); a = timedUpdate(bare, userBare, repBare, dept);
                        b = timedUpdate(subscribed, userSub, repSub, dept); }
            }
            if (i >= 50) { // warm-up
                tBare.add(a);
                tSub.add(b);
                tCap.add(c);
            }
        }
        double meanCap = tCap.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        double meanBare = tBare.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        double meanSub = tSub.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        report(String.format("overhead: %d admin PUT /users/{id} each; no subscription: mean %.2f ms, p50 %.2f ms;"
                        + " with subscription: mean %.2f ms, p50 %.2f ms; overhead (mean) %+.1f %%, (p50) %+.1f %%",
                rounds, meanBare, pct(tBare, 50) / 1e6, meanSub, pct(tSub, 50) / 1e6,
                (meanSub / meanBare - 1) * 100, (pct(tSub, 50) / (double) pct(tBare, 50) - 1) * 100));
        report(String.format("overhead (capture only, disabled subscription): mean %.2f ms, p50 %.2f ms; overhead (mean) %+.1f %%,"
                        + " (p50) %+.1f %%", meanCap, pct(tCap, 50) / 1e6, (meanCap / meanBare - 1) * 100,
                (pct(tCap, 50) / (double) pct(tBare, 50) - 1) * 100));
        receiver.awaitCount("/bench-overhead", rounds + 51, Duration.ofSeconds(120));
    }

    private static long timedUpdate(String realm, String userId, Map<String, Object> rep, String dept) {
        EventsFixture.setAttribute(rep, "department", dept);
        String token = admin.token();
        long t0 = System.nanoTime();
        Http.Response r = Http.put(admin.url() + "/admin/realms/" + realm + "/users/" + userId).bearer(token).json(rep).send();
        long t = System.nanoTime() - t0;
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
        return t;
    }

    /** Deliveries queued while the receiver holds its answers, then drained: events per second. */
    @Test
    void deliveryThroughput() throws Exception {
        int subscriptions = 10;
        int users = Integer.getInteger("bench.users", 200);
        String realm = admin.createRealm();
        List<String> paths = new ArrayList<>();
        for (int s = 0; s < subscriptions; s++) {
            String path = "/bench-tp-" + s;
            paths.add(path);
            EventsFixture.subscribe(admin, realm, receiver.url(path), null);
        }
        CountDownLatch gate = new CountDownLatch(1);
        receiver.respond(r -> {
            if (r.path().startsWith("/bench-tp-")) {
                try {
                    gate.await(10, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Receiver.Answer.ok();
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> created = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            created.add(pool.submit(() -> admin.createUser(realm, Admin.unique("tp"), "Passw0rd!x")));
        }
        for (Future<String> f : created) {
            f.get();
        }
        pool.shutdown();
        int expected = users * subscriptions;
        long opened = System.currentTimeMillis();
        gate.countDown();
        receiver.await(Duration.ofMinutes(5), list -> list.stream().filter(r -> r.path().startsWith("/bench-tp-")).count() >= expected);
        long last = receiver.accepted().stream().filter(r -> r.path().startsWith("/bench-tp-"))
                .mapToLong(Receiver.Request::receivedAt).max().orElseThrow();
        double seconds = (last - opened) / 1000.0;
        report(String.format("throughput: %d deliveries (%d users x %d subscriptions) drained in %.2f s = %.0f events/s",
                expected, users, subscriptions, seconds, expected / seconds));
        receiver.respond(r -> Receiver.Answer.ok());
    }

    /** ~100 events/s (10 user updates/s x 10 subscriptions) for a while: commit-to-receipt lag. */
    @Test
    void lagAt100EventsPerSecond() throws Exception {
        int subscriptions = 10;
        int seconds = Integer.getInteger("bench.lag.seconds", 30);
        String realm = admin.createRealm();
        EventsFixture.allowUnmanagedAttributes(admin, realm);
        for (int s = 0; s < subscriptions; s++) {
            EventsFixture.subscribe(admin, realm, receiver.url("/bench-lag-" + s), null);
        }
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 20; u++) {
            users.add(admin.createUser(realm, Admin.unique("lag"), "Passw0rd!x"));
        }
        receiver.await(Duration.ofSeconds(60), list -> list.stream().filter(r -> r.path().startsWith("/bench-lag-")).count() >= 200);
        long startedAt = System.currentTimeMillis();
        var scheduler = Executors.newScheduledThreadPool(8);
        int total = seconds * 10;
        List<Future<?>> jobs = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            String userId = users.get(i % users.size());
            String dept = "L" + i;
            jobs.add(scheduler.schedule(() -> EventsFixture.updateUser(admin, realm, userId,
                    rep -> EventsFixture.setAttribute(rep, "department", dept)), i * 100L, TimeUnit.MILLISECONDS));
        }
        for (Future<?> j : jobs) {
            j.get();
        }
        scheduler.shutdown();
        long generatedIn = System.currentTimeMillis() - startedAt;
        int expected = 200 + total * subscriptions;
        receiver.await(Duration.ofMinutes(3), list -> list.stream().filter(r -> r.path().startsWith("/bench-lag-")).count() >= expected);
        List<Long> lags = new ArrayList<>();
        for (Receiver.Request r : receiver.accepted()) {
            if (!r.path().startsWith("/bench-lag-")) {
                continue;
            }
            JsonNode e = r.json();
            long time = Instant.parse(e.path("time").asText()).toEpochMilli();
            if (time >= startedAt) {
                lags.add(r.receivedAt() - time);
            }
        }
        report(String.format("lag: %d events in %.1f s (%.0f events/s offered); lag p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
                lags.size(), generatedIn / 1000.0, lags.size() / (generatedIn / 1000.0), pct(lags, 50), pct(lags, 90),
                pct(lags, 99), Collections.max(lags)));
    }

    private static long pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
