package dev.tenancy.orgs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tenancy.orgs.auth.Argon2id;
import dev.tenancy.orgs.auth.VerificationGate;

/** The default verification slots and wait: a first burst passes on a small machine, a flood is still bounded. */
class VerificationDefaultsTest {

    @Test
    void givenAnyMachine_thenAtLeastFourSlotsAndOnePerCpu() {
        assertThat(OrgsConfig.defaultConcurrentVerifications(1)).isEqualTo(4);
        assertThat(OrgsConfig.defaultConcurrentVerifications(2)).isEqualTo(4);
        assertThat(OrgsConfig.defaultConcurrentVerifications(16)).isEqualTo(16);
        assertThat(OrgsConfig.DEFAULT_VERIFICATION_WAIT_MILLIS).isGreaterThanOrEqualTo(300);
    }

    @Test
    void givenTwoCpus_thenFourConcurrentFirstRequestsAllVerify() throws Exception {
        VerificationGate cut = new VerificationGate(OrgsConfig.defaultConcurrentVerifications(2),
                OrgsConfig.DEFAULT_VERIFICATION_WAIT_MILLIS);
        String phc = Argon2id.hash("the-shared-secret");
        CyclicBarrier start = new CyclicBarrier(4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    if (!cut.acquire()) {
                        return false;
                    }
                    try {
                        return Argon2id.verify("the-shared-secret", phc);
                    } finally {
                        cut.release();
                    }
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).as("got a slot and verified").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenEverySlotTaken_thenTheNextRequestIsRefusedAfterTheWaitNotQueued() {
        int slots = OrgsConfig.defaultConcurrentVerifications(2);
        VerificationGate cut = new VerificationGate(slots, OrgsConfig.DEFAULT_VERIFICATION_WAIT_MILLIS);
        for (int i = 0; i < slots; i++) {
            assertThat(cut.acquire()).isTrue();
        }
        long started = System.nanoTime();
        assertThat(cut.acquire()).as("a flood gets no more than the slots").isFalse();
        long waited = (System.nanoTime() - started) / 1_000_000;
        assertThat(waited).isBetween(OrgsConfig.DEFAULT_VERIFICATION_WAIT_MILLIS - 50, OrgsConfig.DEFAULT_VERIFICATION_WAIT_MILLIS + 2_000);
        cut.release();
        assertThat(cut.acquire()).as("a released slot is free again").isTrue();
    }
}
