package dev.tenancy.provisioning.apps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void givenTwentyPerSecond_thenElevenRequestsTakeAboutHalfASecond() {
        RateLimiter cut = new RateLimiter();
        long start = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            cut.acquire("app", 20);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isBetween(450L, 2_000L);
    }

    @Test
    void givenNoLimit_thenNoWait() {
        RateLimiter cut = new RateLimiter();
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            cut.acquire("app", 0);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(200L);
    }

    @Test
    void givenATokenCache_thenATokenExpiresBeforeItsLifetime() {
        TokenCache cut = new TokenCache();
        cut.put("a:1", "tok", 300);
        assertThat(cut.get("a:1")).isEqualTo("tok");
        assertThat(cut.get("a:2")).isNull();
        cut.put("b:1", "short", 0);
        assertThat(cut.get("b:1")).isNull();
        cut.invalidate("a:1");
        assertThat(cut.get("a:1")).isNull();
    }
}
