package dev.tenancy.provisioning.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class EventLogTest {

    private final EventLog cut = new EventLog(new LogConfig(Duration.ofDays(1), Duration.ofMillis(100), Duration.ofSeconds(1), 2,
            Duration.ofSeconds(60)));

    @Test
    void givenNoSignal_thenAwaitReturnsAfterTheTimeout() {
        long t0 = System.nanoTime();
        assertThat(cut.await(cut.generation(), 200)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(190);
    }

    @Test
    void givenASignal_thenWaitersWakeAtOnce() throws Exception {
        long seen = cut.generation();
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            cut.await(seen, 10_000);
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        });
        Thread.sleep(100);
        cut.signal();
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isLessThan(5_000);
        assertThat(cut.generation()).isEqualTo(seen + 1);
    }

    @Test
    void givenMaxWaiters_thenFurtherWaitsAreRefusedUntilOneIsDone() {
        assertThat(cut.tryWait()).isTrue();
        assertThat(cut.tryWait()).isTrue();
        assertThat(cut.tryWait()).isFalse();
        cut.doneWaiting();
        assertThat(cut.tryWait()).isTrue();
    }
}
