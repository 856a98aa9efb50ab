package dev.tenancy.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/**
 * One organization's receiver that never answers in time does not delay another subscription's
 * deliveries: its in-flight attempts are bounded, no round waits for them, and its circuit breaker
 * opens. (A correctness test with a generous bound, not a benchmark: see FairnessBenchmark.)
 */
class FairnessIT extends ReceiverTestBase {

    /** The test server's request timeout is 5 s: the old drainer made everyone wait at least that long per round. */
    private static final long BOUND_MILLIS = 3_000;

    @Test
    void givenATarpitWithABacklog_thenAnotherSubscriptionIsServedPromptly_andTheTarpitIsBoundedAndBackedOff() {
        try (Tarpit tarpit = new Tarpit(8_000)) {
            String slowRealm = admin.createRealm();
            String slow = EventsFixture.subscribe(admin, slowRealm, tarpit.url(), null).path("id").asText();
            for (int i = 0; i < 40; i++) {
                admin.createUser(slowRealm, Admin.unique("t" + i), "Passw0rd!x");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tarpit.received() == 0 && System.nanoTime() < deadline) {
                Receiver.sleep(50);
            }
            assertThat(tarpit.received()).as("the tarpit is being called").isPositive();

            String path = "/" + Admin.unique("fast");
            EventsFixture.Setup fast = EventsFixture.realmWithSubscription(admin, receiver, path);
            List<Long> lags = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long created = System.currentTimeMillis();
                admin.createUser(fast.realm(), Admin.unique("f" + i), "Passw0rd!x");
                List<Receiver.Request> got = receiver.awaitCount(path, i + 1, Duration.ofSeconds(30));
                lags.add(got.get(i).receivedAt() - created);
            }
            assertThat(lags).as("delivery lag of the other subscription while the tarpit holds its backlog")
                    .allSatisfy(l -> assertThat(l).isLessThan(BOUND_MILLIS));
            // Each attempt lasts the 5 s request timeout: no more than the bound can start within 4.5 s.
            assertThat(tarpit.maxStartedWithin(4_500)).as("in-flight attempts of one subscription are bounded")
                    .isPositive().isLessThanOrEqualTo(8);

            JsonNode health = awaitBreaker(slowRealm, slow);
            assertThat(health.path("lastError").isNull()).isFalse();
            assertThat(health.path("backlog").asLong()).isPositive();
        }
    }

    private static JsonNode awaitBreaker(String realm, String subscription) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode health = null;
        while (System.nanoTime() < deadline) {
            health = Http.get(EventsFixture.webhooks(admin, realm) + "/" + subscription).bearer(admin.token()).send().json()
                    .path("health");
            if (health.path("breakerOpen").asBoolean()) {
                return health;
            }
            Receiver.sleep(250);
        }
        throw new AssertionError("the tarpit's circuit breaker did not open: " + health);
    }
}
