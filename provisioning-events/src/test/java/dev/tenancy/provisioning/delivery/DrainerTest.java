package dev.tenancy.provisioning.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tenancy.orgs.metrics.TenancyMetrics;
import dev.tenancy.provisioning.ProvisioningConfig;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class DrainerTest {

    private final DeliveryOptions options = new DeliveryOptions(2, 5, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofSeconds(10), null, null);
    private final Drainer cut = new Drainer(null, ProvisioningConfig.defaults(), options, new Sinks(List.of()),
            new TenancyMetrics(new SimpleMeterRegistry(), false));

    private static List<Object[]> due(String... subscriptionAndType) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < subscriptionAndType.length; i += 2) {
            rows.add(new Object[] {"d" + i / 2, subscriptionAndType[i], subscriptionAndType[i + 1]});
        }
        return rows;
    }

    @Test
    void givenOneSubscriptionWithALongBacklogFirst_thenItGetsOnlyItsBoundAndTheOthersTheirTurn() {
        List<String> chosen = cut.choose(due("slow", "webhook", "slow", "webhook", "slow", "webhook", "slow", "webhook",
                "fast", "webhook", "other", "kafka"), 100);
        assertThat(chosen).containsExactly("d0", "d1", "d4", "d5");
    }

    @Test
    void givenFewFreeSenderThreads_thenWebhooksAreCappedButBrokerSinksAreNot() {
        List<String> chosen = cut.choose(due("a", "webhook", "b", "webhook", "c", "nats", "d", "kafka"), 1);
        assertThat(chosen).containsExactly("d0", "d2", "d3");
    }

    @Test
    void theLeaseOutlivesTheLongestAttempt() {
        assertThat(cut.leaseMillis()).isEqualTo(60_000);
    }

    @Test
    void theDueQueryLeavesOutBlockedSubscriptionsAndWebhooksWhenNoThreadIsFree() {
        assertThat(Drainer.dueQuery(true)).contains("not in :blocked").doesNotContain("s.type <> 'webhook'");
        assertThat(Drainer.dueQuery(false)).contains("s.type <> 'webhook'");
    }
}
