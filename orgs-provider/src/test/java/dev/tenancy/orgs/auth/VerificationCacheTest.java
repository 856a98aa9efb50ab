package dev.tenancy.orgs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerificationCacheTest {

    @Test
    void givenAVerifiedCredential_thenItIsRemembered() {
        VerificationCache cut = new VerificationCache(60_000, 100);
        cut.markVerified("org", 1, "secret");
        assertThat(cut.isVerified("org", 1, "secret")).isTrue();
    }

    @Test
    void givenTheConfigurationChanged_thenOlderVerificationsNoLongerCount() {
        VerificationCache cut = new VerificationCache(60_000, 100);
        cut.markVerified("org", 1, "secret");
        assertThat(cut.isVerified("org", 2, "secret")).isFalse();
    }

    @Test
    void givenAnotherOrganizationOrCredential_thenNotVerified() {
        VerificationCache cut = new VerificationCache(60_000, 100);
        cut.markVerified("org", 1, "secret");
        assertThat(cut.isVerified("other", 1, "secret")).isFalse();
        assertThat(cut.isVerified("org", 1, "secreT")).isFalse();
    }

    @Test
    void givenAnExpiredEntry_thenNotVerified() throws InterruptedException {
        VerificationCache cut = new VerificationCache(1, 100);
        cut.markVerified("org", 1, "secret");
        Thread.sleep(5);
        assertThat(cut.isVerified("org", 1, "secret")).isFalse();
    }

    @Test
    void givenTtlZero_thenNothingIsCached() {
        VerificationCache cut = new VerificationCache(0, 100);
        cut.markVerified("org", 1, "secret");
        assertThat(cut.isVerified("org", 1, "secret")).isFalse();
    }

    @Test
    void givenTheCacheIsFull_thenItStaysBounded() {
        VerificationCache cut = new VerificationCache(60_000, 10);
        for (int i = 0; i < 100; i++) {
            cut.markVerified("org", 1, "secret-" + i);
        }
        assertThat(cut.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void givenClear_thenEverythingIsForgotten() {
        VerificationCache cut = new VerificationCache(60_000, 100);
        cut.markVerified("org", 1, "secret");
        cut.clear();
        assertThat(cut.isVerified("org", 1, "secret")).isFalse();
    }
}
