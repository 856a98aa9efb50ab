package dev.tenancy.orgs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class TenancyMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void givenTheOrganizationLabelOff_thenScimRequestsOfAllOrganizationsShareOneSeries() {
        TenancyMetrics cut = new TenancyMetrics(registry, false);
        cut.scimRequest("Users", 201, "org-1");
        cut.scimRequest("Users", 201, "org-2");
        assertThat(registry.find("tenancy.scim.requests").counters()).hasSize(1);
        assertThat(registry.get("tenancy.scim.requests").tag("status_class", "2xx").tag("organization", "").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void givenTheOrganizationLabelOn_thenOneSeriesPerOrganization() {
        TenancyMetrics cut = new TenancyMetrics(registry, true);
        cut.scimRequest("Users", 401, "org-1");
        cut.scimRequest("Users", 404, "org-2");
        assertThat(registry.find("tenancy.scim.requests").tag("organization", "org-1").counters()).hasSize(1);
        assertThat(registry.get("tenancy.scim.requests").tag("organization", "org-2").counter().count()).isEqualTo(1.0);
    }

    @Test
    void givenLabelValuesFromOutside_thenTheyCannotGrowTheSeriesCount() {
        TenancyMetrics cut = new TenancyMetrics(registry, false);
        cut.authFailure("user 1234 with a very long and unexpected reason text");
        cut.authFailure(null);
        assertThat(registry.get("tenancy.auth.failures").tag("reason", "other").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("tenancy.auth.failures").tag("reason", "unknown").counter().count()).isEqualTo(1.0);
    }

    @Test
    void scimPathsMapToAFixedSetOfResourceTypes() {
        String base = "/realms/acme/scim/v2/organizations/0b7c/";
        assertThat(TenancyMetrics.scimResourceType(base + "Users/123")).isEqualTo("Users");
        assertThat(TenancyMetrics.scimResourceType(base + "Groups")).isEqualTo("Groups");
        assertThat(TenancyMetrics.scimResourceType(base + ".search")).isEqualTo("Search");
        assertThat(TenancyMetrics.scimResourceType(base + "Bulk")).isEqualTo("Bulk");
        assertThat(TenancyMetrics.scimResourceType(base + "Whatever-" + System.nanoTime())).isEqualTo("other");
        assertThat(TenancyMetrics.scimResourceType("/realms/acme/scim/v2/organizations/0b7c")).isEqualTo("other");
        assertThat(TenancyMetrics.scimResourceType(null)).isEqualTo("other");
    }

    @Test
    void theOutboxGaugesFollowTheLastReading() {
        TenancyMetrics cut = new TenancyMetrics(registry, false);
        cut.outbox("kafka", 5, 12.5, 1);
        cut.outbox("kafka", 3, 2.0, 0);
        assertThat(registry.get("tenancy.provisioning.outbox.backlog").tag("type", "kafka").gauge().value()).isEqualTo(3.0);
        assertThat(registry.get("tenancy.provisioning.outbox.oldest.pending.age.seconds").tag("type", "kafka").gauge().value())
                .isEqualTo(2.0);
        assertThat(registry.get("tenancy.provisioning.subscriptions.disabled").tag("type", "kafka").gauge().value()).isZero();
    }

    @Test
    void deliveryLagIsAHistogramPerSinkType() {
        TenancyMetrics cut = new TenancyMetrics(registry, false);
        cut.deliveryLag("webhook", 120);
        cut.deliveryLag("webhook", 4_000);
        assertThat(registry.get("tenancy.provisioning.delivery.lag").tag("type", "webhook").timer().count()).isEqualTo(2);
    }
}
