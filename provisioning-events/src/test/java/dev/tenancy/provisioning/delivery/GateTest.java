package dev.tenancy.provisioning.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class GateTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Gate cut = new Gate(3, 2, Duration.ofSeconds(5), Duration.ofSeconds(20), now::get);

    @Test
    void givenDeliveriesInFlight_thenNoMoreThanTheBoundStart() {
        assertThat(cut.slots("a")).isEqualTo(3);
        cut.started("a");
        cut.started("a");
        cut.started("a");
        assertThat(cut.slots("a")).isZero();
        assertThat(cut.blocked()).containsExactly("a");
        assertThat(cut.slots("b")).isEqualTo(3);
        cut.finished("a", true);
        assertThat(cut.slots("a")).isEqualTo(1);
    }

    @Test
    void givenRepeatedFailures_thenTheBreakerOpensAndOnlyThatSubscriptionWaits() {
        cut.started("a");
        assertThat(cut.finished("a", false)).isFalse();
        cut.started("a");
        assertThat(cut.finished("a", false)).isTrue();
        assertThat(cut.open("a")).isTrue();
        assertThat(cut.slots("a")).isZero();
        assertThat(cut.slots("b")).isEqualTo(3);

        now.addAndGet(5_000);
        assertThat(cut.slots("a")).as("half-open: one probe").isEqualTo(1);
        cut.started("a");
        assertThat(cut.slots("a")).isZero();
        assertThat(cut.finished("a", false)).as("failed probe re-opens").isTrue();
        now.addAndGet(5_000);
        assertThat(cut.slots("a")).as("twice as long now").isZero();
        now.addAndGet(5_000);
        assertThat(cut.slots("a")).isEqualTo(1);
        cut.started("a");
        cut.finished("a", true);
        assertThat(cut.open("a")).isFalse();
        assertThat(cut.slots("a")).isEqualTo(3);
    }

    @Test
    void givenTheBreakerKeepsFailing_thenTheCoolDownIsCapped() {
        for (int i = 0; i < 2; i++) {
            cut.started("a");
            cut.finished("a", false);
        }
        for (int i = 0; i < 10; i++) {
            now.addAndGet(20_000);
            assertThat(cut.slots("a")).isEqualTo(1);
            cut.started("a");
            cut.finished("a", false);
        }
        now.addAndGet(19_999);
        assertThat(cut.slots("a")).isZero();
        now.addAndGet(1);
        assertThat(cut.slots("a")).isEqualTo(1);
    }
}
