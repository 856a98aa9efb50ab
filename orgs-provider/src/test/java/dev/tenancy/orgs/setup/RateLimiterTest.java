package dev.tenancy.orgs.setup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void givenALimit_thenTheHitAfterItIsRefusedUntilTheWindowEnds() {
        RateLimiter cut = new RateLimiter(3, 1000);
        assertThat(cut.tryAcquire("a", 0)).isTrue();
        assertThat(cut.tryAcquire("a", 10)).isTrue();
        assertThat(cut.tryAcquire("a", 20)).isTrue();
        assertThat(cut.isOver("a", 30)).isTrue();
        assertThat(cut.tryAcquire("a", 30)).isFalse();
        assertThat(cut.retryAfterSeconds("a", 30)).isEqualTo(1);
        assertThat(cut.tryAcquire("b", 30)).as("another key has its own budget").isTrue();
        assertThat(cut.isOver("a", 1000)).isFalse();
        assertThat(cut.tryAcquire("a", 1000)).as("a new window").isTrue();
    }

    @Test
    void givenMoreKeysThanTheBound_thenNewKeysShareOneWindowAndEndedWindowsAreDropped() {
        RateLimiter cut = new RateLimiter(1, 1000);
        for (int i = 0; i <= RateLimiter.MAX_KEYS; i++) {
            cut.tryAcquire("k" + i, 0);
        }
        assertThat(cut.tryAcquire("k0", 0)).as("flooding never resets a limit").isFalse();
        assertThat(cut.tryAcquire("new1", 0)).as("the overflow window's first hit").isTrue();
        assertThat(cut.tryAcquire("new2", 0)).as("shares the overflow window").isFalse();
        assertThat(cut.tryAcquire("fresh", 5000)).isTrue();
        assertThat(cut.tryAcquire("k0", 5000)).as("the old windows were dropped").isTrue();
    }
}
