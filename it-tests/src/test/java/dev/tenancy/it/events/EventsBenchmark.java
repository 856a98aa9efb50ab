package dev.tenancy.it.events;

import static dev.tenancy.it.events.BenchmarkReport.pct;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/**
 * Not part of the regular suite (no {@code IT} suffix): run with
 * {@code -Dit.test=dev.tenancy.it.events.EventsBenchmark}. Prints and writes its numbers to
 * {@code <it.build.dir>/events-benchmark.txt}.
 */
class EventsBenchmark extends ReceiverTestBase {

    private static final BenchmarkReport REPORT = new BenchmarkReport("events-benchmark.txt");

    @AfterAll
    static void writeReport() throws Exception {
        REPORT.write();
    }

    /**
     * Admin user updates, interleaved in alternating order on one server: a realm with an enabled
     * realm-wide subscription against an identical realm without any. Both realms capture (every
     * change goes to the event log); the difference is what a subscription adds: the delivery rows
     * and the asynchronous delivery competing for the same CPU.
     */
    @Test
    void overheadOnAdminUserUpdates() {
        int rounds = Integer.getInteger("bench.updates", 300);
        int warmup = 50;
        String bare = admin.createRealm();
        EventsFixture.allowUnmanagedAttributes(admin, bare);
        String subscribed = EventsFixture.realmWithSubscription(admin, receiver, "/bench-overhead").realm();
        String userBare = admin.createUser(bare, "bench-user", "Passw0rd!x");
        String userSub = admin.createUser(subscribed, "bench-user", "Passw0rd!x");
        Map<String, Object> repBare = EventsFixture.userRep(admin, bare, userBare);
        Map<String, Object> repSub = EventsFixture.userRep(admin, subscribed, userSub);
        List<Long> tBare = new ArrayList<>();
        List<Long> tSub = new ArrayList<>();
        for (int i = 0; i < rounds + warmup; i++) {
            String dept = "D" + i;
            long a;
            long b;
            if (i % 2 == 0) { // alternate the order so that neither realm always goes first
                a = timedUpdate(bare, userBare, repBare, dept);
                b = timedUpdate(subscribed, userSub, repSub, dept);
            } else {
                b = timedUpdate(subscribed, userSub, repSub, dept);
                a = timedUpdate(bare, userBare, repBare, dept);
            }
            if (i >= warmup) {
                tBare.add(a);
                tSub.add(b);
            }
        }
        compare("admin PUT /users/{id}", rounds, tBare, tSub);
        receiver.awaitCount("/bench-overhead", rounds + warmup + 1, Duration.ofSeconds(120));
    }

    /**
     * SCIM {@code POST /Users} of an organization, interleaved: an organization with an enabled
     * organization subscription (and a realm-wide one) against an identical organization in a realm
     * without subscriptions.
     */
    @Test
    void overheadOnScimUserCreation() {
        int rounds = Integer.getInteger("bench.scim", 200);
        int warmup = 30;
        dev.tenancy.it.support.Fixture bare = dev.tenancy.it.support.Fixture.create(admin);
        dev.tenancy.it.support.Fixture subscribed = dev.tenancy.it.support.Fixture.create(admin);
        EventsFixture.subscribe(admin, subscribed.realm, receiver.url("/bench-scim-org"), subscribed.orgId);
        EventsFixture.subscribe(admin, subscribed.realm, receiver.url("/bench-scim-realm"), null);
        String secretBare = bare.enableScimWithSecret();
        String secretSub = subscribed.enableScimWithSecret();
        List<Long> tBare = new ArrayList<>();
        List<Long> tSub = new ArrayList<>();
        for (int i = 0; i < rounds + warmup; i++) {
            long a;
            long b;
            if (i % 2 == 0) {
                a = timedScimCreate(bare, secretBare, i);
                b = timedScimCreate(subscribed, secretSub, i);
            } else {
                b = timedScimCreate(subscribed, secretSub, i);
                a = timedScimCreate(bare, secretBare, i);
            }
            if (i >= warmup) {
                tBare.add(a);
                tSub.add(b);
            }
        }
        compare("SCIM POST /Users (organization)", rounds, tBare, tSub);
    }

    private static void compare(String what, int rounds, List<Long> without, List<Long> with) {
        double p50a = pct(without, 50) / 1e6;
        double p50b = pct(with, 50) / 1e6;
        double p99a = pct(without, 99) / 1e6;
        double p99b = pct(with, 99) / 1e6;
        double meanA = without.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        double meanB = with.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        REPORT.line(String.format("%s, %d each, interleaved: without subscription p50 %.2f ms, p99 %.2f ms, mean %.2f ms;"
                        + " with subscription p50 %.2f ms, p99 %.2f ms, mean %.2f ms; added p50 %+.1f %%, p99 %+.1f %%, mean %+.1f %%",
                what, rounds, p50a, p99a, meanA, p50b, p99b, meanB, (p50b / p50a - 1) * 100, (p99b / p99a - 1) * 100,
                (meanB / meanA - 1) * 100));
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

    private static long timedScimCreate(dev.tenancy.it.support.Fixture f, String secret, int i) {
        String name = "bench-" + i + "-" + Admin.unique("u");
        Map<String, Object> body = Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", name,
                "name", Map.of("givenName", "Bench", "familyName", "User"),
                "emails", List.of(Map.of("value", name + "@example.test", "primary", true)));
        long t0 = System.nanoTime();
        Http.Response r = Http.post(f.scimBaseUrl() + "/Users").bearer(secret).json(body).send();
        long t = System.nanoTime() - t0;
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
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
        REPORT.line(String.format("throughput: %d deliveries (%d users x %d subscriptions) drained in %.2f s = %.0f events/s",
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
        REPORT.line(String.format("lag: %d events in %.1f s (%.0f events/s offered); lag p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
                lags.size(), generatedIn / 1000.0, lags.size() / (generatedIn / 1000.0), pct(lags, 50), pct(lags, 90),
                pct(lags, 99), Collections.max(lags)));
    }
}
