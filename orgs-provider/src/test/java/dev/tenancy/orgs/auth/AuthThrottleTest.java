package dev.tenancy.orgs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthThrottleTest {

    @Test
    void givenFailuresFromOneAddress_thenThatAddressIsThrottledUntilTheWindowEnds() {
        AuthThrottle cut = new AuthThrottle(100, 3, 60_000);
        long t = 1_000_000;
        for (int i = 0; i < 3; i++) {
            assertThat(cut.retryAfterSeconds("org", "10.0.0.1", t)).isZero();
            cut.failed("org", "10.0.0.1", t);
        }
        assertThat(cut.retryAfterSeconds("org", "10.0.0.1", t + 10_000)).isEqualTo(50);
        assertThat(cut.retryAfterSeconds("org", "10.0.0.2", t + 10_000)).as("another address").isZero();
        assertThat(cut.retryAfterSeconds("org", "10.0.0.1", t + 60_000)).as("next window").isZero();
    }

    @Test
    void givenFailuresFromManyAddresses_thenTheOrganizationIsThrottled() {
        AuthThrottle cut = new AuthThrottle(5, 100, 60_000);
        long t = 5_000;
        for (int i = 0; i < 5; i++) {
            cut.failed("org", "10.0.0." + i, t);
        }
        assertThat(cut.retryAfterSeconds("org", "10.9.9.9", t)).isEqualTo(60);
        assertThat(cut.retryAfterSeconds("other", "10.9.9.9", t)).isZero();
    }

    @Test
    void givenLimitsOff_thenNeverThrottled() {
        AuthThrottle cut = new AuthThrottle(0, 0, 60_000);
        for (int i = 0; i < 1000; i++) {
            cut.failed("org", "a", 1);
        }
        assertThat(cut.retryAfterSeconds("org", "a", 2)).isZero();
    }

    @Test
    void givenASaturatedGate_thenAcquireFailsFast() {
        VerificationGate gate = new VerificationGate(1, 10);
        assertThat(gate.acquire()).isTrue();
        long started = System.nanoTime();
        assertThat(gate.acquire()).isFalse();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
        gate.release();
        assertThat(gate.acquire()).isTrue();
    }
}
