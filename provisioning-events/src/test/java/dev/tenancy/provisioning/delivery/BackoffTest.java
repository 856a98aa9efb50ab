package dev.tenancy.provisioning.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff cut = new Backoff(Duration.ofSeconds(1), Duration.ofHours(24), new Random(7));

    @Test
    void givenAttempts_thenDelaysGrowExponentiallyWithJitter_upTo24Hours() {
        assertThat(cut.delayMillis(1, null)).isBetween(800L, 1200L);
        assertThat(cut.delayMillis(2, null)).isBetween(1600L, 2400L);
        assertThat(cut.delayMillis(10, null)).isBetween(409_600L, 614_400L);
        assertThat(cut.delayMillis(30, null)).isBetween(69_120_000L, 86_400_000L);
    }

    @Test
    void givenRetryAfter_thenItIsALowerBound_stillCapped() {
        assertThat(cut.delayMillis(1, 120_000L)).isEqualTo(120_000L);
        assertThat(cut.delayMillis(1, 200_000_000L)).isEqualTo(86_400_000L);
        assertThat(cut.delayMillis(5, 10L)).isBetween(12_800L, 19_200L);
    }
}
