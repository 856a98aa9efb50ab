package dev.tenancy.provisioning.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.tenancy.provisioning.ProvisioningConfig;

class DrainerLeaseTest {

    private final Drainer cut = new Drainer(null, ProvisioningConfig.defaults(), null, null);

    @Test
    void givenFewClaims_thenTheConfiguredLease() {
        assertThat(cut.leaseMillis(1)).isEqualTo(60_000);
        assertThat(cut.leaseMillis(32)).isEqualTo(60_000);
    }

    @Test
    void givenMoreClaimsThanOneWaveCanFinishInTheLease_thenLongEnoughForEveryWave() {
        // 200 claims, 32 at a time = 7 waves of at most 30 s each, plus a margin
        assertThat(cut.leaseMillis(200)).isEqualTo(7 * 30_000 + 10_000);
    }
}
