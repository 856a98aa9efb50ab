package dev.tenancy.provisioning.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tenancy.provisioning.ProvisioningConfig;

class ClassifierTest {

    private static final TrackedFields TRACKED = TrackedFields.of(ProvisioningConfig.DEFAULT_TRACKED);
    private static final UserState.Membership ALPHA = new UserState.Membership("alpha", List.of(), List.of());

    private static UserState user(boolean enabled, Map<String, List<String>> attributes, Map<String, UserState.Membership> orgs) {
        return new UserState("u1", "ann", "ann@example.test", "Ann", "Lee", enabled, 1L, attributes, List.of(), List.of(),
                Map.of(), orgs);
    }

    @Test
    void givenNoUserBefore_thenRealmJoiner() {
        List<Draft> cut = Classifier.classify(null, user(true, Map.of(), Map.of()), TRACKED);
        assertThat(cut).extracting(Draft::kind, Draft::organizationId, Draft::audience)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("joiner", null, Draft.Audience.REALM));
    }

    @Test
    void givenCreatedIntoAnOrganization_thenRealmJoinerAndOrganizationJoinerForBoth() {
        List<Draft> cut = Classifier.classify(null, user(true, Map.of(), Map.of("o1", ALPHA)), TRACKED);
        assertThat(cut).extracting(Draft::kind, Draft::organizationId, Draft::audience).containsExactly(
                org.assertj.core.groups.Tuple.tuple("joiner", null, Draft.Audience.REALM),
                org.assertj.core.groups.Tuple.tuple("joiner", "o1", Draft.Audience.BOTH));
    }

    @Test
    void givenDepartmentChangeOfAMember_thenRealmMoverAndOrganizationMoverWithOldAndNew() {
        UserState before = user(true, Map.of("department", List.of("Sales")), Map.of("o1", ALPHA));
        UserState after = user(true, Map.of("department", List.of("Marketing")), Map.of("o1", ALPHA));
        List<Draft> cut = Classifier.classify(before, after, TRACKED);
        assertThat(cut).extracting(Draft::kind, Draft::organizationId, Draft::audience).containsExactly(
                org.assertj.core.groups.Tuple.tuple("mover", null, Draft.Audience.REALM),
                org.assertj.core.groups.Tuple.tuple("mover", "o1", Draft.Audience.ORGANIZATION));
        assertThat(cut.get(0).changes()).containsExactly(new Change("attributes.department", List.of("Sales"), List.of("Marketing")));
    }

    @Test
    void givenUntrackedAttributeChange_thenNothing() {
        UserState before = user(true, Map.of(), Map.of());
        UserState after = user(true, Map.of(), Map.of());
        assertThat(Classifier.classify(before, after, TRACKED)).isEmpty();
        TrackedFields onlyTitle = TrackedFields.of(List.of("title"));
        UserState renamed = new UserState("u1", "ann2", "x@example.test", "A", "L", true, 1L, Map.of(), List.of(), List.of(), Map.of(), Map.of());
        assertThat(Classifier.classify(before, renamed, onlyTitle)).isEmpty();
    }

    @Test
    void givenDisabled_thenLeaverEverywhere_andReEnabled_thenJoiner() {
        UserState on = user(true, Map.of(), Map.of("o1", ALPHA));
        UserState off = user(false, Map.of(), Map.of("o1", ALPHA));
        assertThat(Classifier.classify(on, off, TRACKED)).extracting(Draft::kind, Draft::audience).containsExactly(
                org.assertj.core.groups.Tuple.tuple("leaver", Draft.Audience.REALM),
                org.assertj.core.groups.Tuple.tuple("leaver", Draft.Audience.ORGANIZATION));
        assertThat(Classifier.classify(off, on, TRACKED)).extracting(Draft::kind).containsExactly("joiner", "joiner");
    }

    @Test
    void givenLeftAnOrganization_thenOnlyOrganizationLeaver() {
        UserState in = user(true, Map.of(), Map.of("o1", ALPHA));
        UserState out = user(true, Map.of(), Map.of());
        List<Draft> cut = Classifier.classify(in, out, TRACKED);
        assertThat(cut).extracting(Draft::kind, Draft::organizationId, Draft::audience)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("leaver", "o1", Draft.Audience.BOTH));
        assertThat(cut.get(0).changes()).contains(new Change("organization.member", true, false));
    }

    @Test
    void givenDeleted_thenRealmLeaverAndOrganizationLeaver() {
        UserState in = user(true, Map.of(), Map.of("o1", ALPHA));
        assertThat(Classifier.classify(in, null, TRACKED)).extracting(Draft::kind, Draft::organizationId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("leaver", null), org.assertj.core.groups.Tuple.tuple("leaver", "o1"));
    }

    @Test
    void givenOrganizationRoleGranted_thenOrganizationMoverOnly() {
        UserState before = user(true, Map.of(), Map.of("o1", ALPHA));
        UserState after = user(true, Map.of(), Map.of("o1", new UserState.Membership("alpha", List.of("manage-members"), List.of())));
        List<Draft> cut = Classifier.classify(before, after, TRACKED);
        assertThat(cut).extracting(Draft::kind, Draft::organizationId, Draft::audience)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mover", "o1", Draft.Audience.BOTH));
        assertThat(cut.get(0).changes()).containsExactly(new Change("organization.roles", List.of(), List.of("manage-members")));
    }
}
