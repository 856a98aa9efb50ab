package dev.tenancy.provisioning.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tenancy.provisioning.store.SubscriptionEntity;

class RoutingTest {

    private static SubscriptionEntity subscription(String org, String events) {
        SubscriptionEntity s = new SubscriptionEntity();
        s.setOrganizationId(org);
        s.setEvents(events);
        return s;
    }

    private static Draft draft(String kind, String org, Draft.Audience audience) {
        return new Draft(kind, org, org == null ? null : "alpha", audience, List.of());
    }

    @Test
    void givenRealmWideSubscription_thenRealmAndOrganizationOnlyEvents_notOrganizationCopies() {
        SubscriptionEntity cut = subscription(null, "joiner,mover,leaver");
        assertThat(OutboxWriter.receives(cut, draft("mover", null, Draft.Audience.REALM))).isTrue();
        assertThat(OutboxWriter.receives(cut, draft("joiner", "o1", Draft.Audience.BOTH))).isTrue();
        assertThat(OutboxWriter.receives(cut, draft("mover", "o1", Draft.Audience.ORGANIZATION))).isFalse();
    }

    @Test
    void givenOrganizationSubscription_thenOnlyItsOrganizationsEvents() {
        SubscriptionEntity cut = subscription("o1", "joiner,mover,leaver");
        assertThat(OutboxWriter.receives(cut, draft("mover", "o1", Draft.Audience.ORGANIZATION))).isTrue();
        assertThat(OutboxWriter.receives(cut, draft("leaver", "o1", Draft.Audience.BOTH))).isTrue();
        assertThat(OutboxWriter.receives(cut, draft("mover", "o2", Draft.Audience.ORGANIZATION))).isFalse();
        assertThat(OutboxWriter.receives(cut, draft("mover", null, Draft.Audience.REALM))).isFalse();
        assertThat(OutboxWriter.receives(cut, draft("mover", "o1", Draft.Audience.REALM))).isFalse();
    }

    @Test
    void givenEventFilter_thenOnlyThoseKinds() {
        SubscriptionEntity cut = subscription(null, "leaver");
        assertThat(OutboxWriter.receives(cut, draft("leaver", null, Draft.Audience.REALM))).isTrue();
        assertThat(OutboxWriter.receives(cut, draft("joiner", null, Draft.Audience.REALM))).isFalse();
    }
}
