package dev.tenancy.it.events;

import static dev.tenancy.it.events.BenchmarkReport.pct;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;

/**
 * Not part of the regular suite (no {@code IT} suffix): run with
 * {@code -Dit.test=dev.tenancy.it.events.FairnessBenchmark}. 50 fast webhook subscriptions, first
 * alone, then next to one tarpit subscription (answers after 8 s, beyond the 5 s request timeout)
 * with a standing backlog (after a discarded warm-up); prints the fast ones' delivery lag (event time → received) and writes it
 * to {@code <it.build.dir>/fairness-benchmark.txt}.
 */
class FairnessBenchmark extends ReceiverTestBase {

    private static final int FAST = 50;
    private static final BenchmarkReport REPORT = new BenchmarkReport("fairness-benchmark.txt");

    @AfterAll
    static void writeReport() throws Exception {
        REPORT.write();
    }

    @Test
    void fastSubscriptionsLagWithAndWithoutATarpit() {
        int users = Integer.getInteger("bench.users", 20);
        String realm = admin.createRealm();
        for (int i = 0; i < FAST; i++) {
            EventsFixture.subscribe(admin, realm, receiver.url("/fast-" + i), null);
        }
        REPORT.line("Fairness: " + FAST + " fast webhook subscriptions, " + users + " users created one after another,"
                + " lag = CloudEvent time -> received");
        phase("warm-up", realm, 5);
        REPORT.line(phase("alone", realm, users));
        try (Tarpit tarpit = new Tarpit(8_000)) {
            String slowRealm = admin.createRealm();
            EventsFixture.subscribe(admin, slowRealm, tarpit.url(), null);
            for (int i = 0; i < 40; i++) {
                admin.createUser(slowRealm, Admin.unique("t" + i), "Passw0rd!x");
            }
            REPORT.line(phase("with a tarpit (40 backlog, 8 s answers)", realm, users));
            REPORT.line("tarpit: " + tarpit.received() + " requests received, at most " + tarpit.maxStartedWithin(4_500)
                    + " started within 4.5 s (the request timeout is 5 s)");
        }
    }

    private static String phase(String name, String realm, int users) {
        int before = receiver.accepted().size();
        for (int i = 0; i < users; i++) {
            admin.createUser(realm, Admin.unique("u" + i), "Passw0rd!x");
            Receiver.sleep(100);
        }
        List<Receiver.Request> got = receiver.await(Duration.ofSeconds(120), l -> l.size() >= before + users * FAST);
        List<Long> lags = new ArrayList<>();
        for (Receiver.Request r : got.subList(before, got.size())) {
            lags.add(r.receivedAt() - Instant.parse(r.json().path("time").asText()).toEpochMilli());
        }
        Collections.sort(lags);
        return String.format("%-45s deliveries %5d  p50 %5d ms  p99 %5d ms  max %5d ms", name, lags.size(),
                pct(lags, 50), pct(lags, 99), lags.get(lags.size() - 1));
    }
}
