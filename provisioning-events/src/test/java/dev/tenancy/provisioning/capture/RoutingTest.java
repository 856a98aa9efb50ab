package dev.tenancy.provisioning.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import java.util.Set;

import dev.tenancy.provisioning.store.SubscriptionCache;

class RoutingTest {

    private static SubscriptionCache.Target subscription(String org, String events) {
        return new SubscriptionCache.Target("s1", org, Set.of(events.split(",")));
    }

    private record D(String kind, String org, Draft.Audience audience) {
    }

    private static D draft(String kind, String org, Draft.Audience audience) {
        return new D(kind, org, audience);
    }

    private static boolean receives(SubscriptionCache.Target s, D d) {
        return OutboxWriter.receives(s, d.kind(), d.audience(), d.org());
    }

    @Test
    void givenGroupKinds_thenNamedOnes_elseAllWithMovers() {
        assertThat(receives(subscription(null, "joiner,mover,leaver"), draft("group.created", null, Draft.Audience.REALM))).isTrue();
        assertThat(receives(subscription(null, "joiner,leaver"), draft("group.created", null, Draft.Audience.REALM))).isFalse();
        assertThat(receives(subscription(null, "group.created,mover"), draft("group.created", null, Draft.Audience.REALM))).isTrue();
        assertThat(receives(subscription(null, "group.created,mover"), draft("group.deleted", null, Draft.Audience.REALM))).isFalse();
        assertThat(receives(subscription("o1", "group.member_added"), draft("group.member_added", "o1", Draft.Audience.BOTH))).isTrue();
        assertThat(receives(subscription("o2", "group.member_added"), draft("group.member_added", "o1", Draft.Audience.BOTH))).isFalse();
        assertThat(receives(subscription("o1", "group.member_added"), draft("group.member_added", null, Draft.Audience.REALM))).isFalse();
    }

    @Test
    void givenRealmWideSubscription_thenRealmAndOrganizationOnlyEvents_notOrganizationCopies() {
        SubscriptionCache.Target cut = subscription(null, "joiner,mover,leaver");
        assertThat(receives(cut, draft("mover", null, Draft.Audience.REALM))).isTrue();
        assertThat(receives(cut, draft("joiner", "o1", Draft.Audience.BOTH))).isTrue();
        assertThat(receives(cut, draft("mover", "o1", Draft.Audience.ORGANIZATION))).isFalse();
    }

    @Test
    void givenOrganizationSubscription_thenOnlyItsOrganizationsEvents() {
        SubscriptionCache.Target cut = subscription("o1", "joiner,mover,leaver");
        assertThat(receives(cut, draft("mover", "o1", Draft.Audience.ORGANIZATION))).isTrue();
        assertThat(receives(cut, draft("leaver", "o1", Draft.Audience.BOTH))).isTrue();
        assertThat(receives(cut, draft("mover", "o2", Draft.Audience.ORGANIZATION))).isFalse();
        assertThat(receives(cut, draft("mover", null, Draft.Audience.REALM))).isFalse();
        assertThat(receives(cut, draft("mover", "o1", Draft.Audience.REALM))).isFalse();
    }

    @Test
    void givenEventFilter_thenOnlyThoseKinds() {
        SubscriptionCache.Target cut = subscription(null, "leaver");
        assertThat(receives(cut, draft("leaver", null, Draft.Audience.REALM))).isTrue();
        assertThat(receives(cut, draft("joiner", null, Draft.Audience.REALM))).isFalse();
    }
}
