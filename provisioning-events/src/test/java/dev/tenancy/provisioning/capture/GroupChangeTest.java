package dev.tenancy.provisioning.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupChangeTest {

    private static GroupChange change(String kind) {
        return new GroupChange(kind, "g1", null, null, "ADMIN", 1);
    }

    @Test
    void givenCreatedThenUpdated_thenCreated() {
        assertThat(change(GroupChange.CREATED).mergedWith(change(GroupChange.UPDATED)).kind()).isEqualTo(GroupChange.CREATED);
    }

    @Test
    void givenCreatedThenDeleted_thenNothing() {
        assertThat(change(GroupChange.CREATED).mergedWith(change(GroupChange.DELETED))).isNull();
    }

    @Test
    void givenUpdatedThenDeleted_thenDeletedAtTheFirstPlace() {
        GroupChange merged = change(GroupChange.UPDATED).mergedWith(change(GroupChange.DELETED).withOrdinal(7));
        assertThat(merged.kind()).isEqualTo(GroupChange.DELETED);
        assertThat(merged.ordinal()).isEqualTo(1);
    }

    @Test
    void givenAGroupEvent_thenCloudEventWithPathOrganizationAndMember() throws Exception {
        String json = CloudEvents.groupEvent("e1", java.time.Instant.EPOCH, "acme", GroupChange.MEMBER_ADDED,
                new GroupChange.GroupView("g1", "sales", "/emea/sales", "g0", "o1", "alpha"),
                new GroupChange.Member("u1", "erin", "erin@alpha.test"), "SCIM", 4L);
        var node = CloudEvents.JSON.readTree(json);
        assertThat(node.path("type").asText()).isEqualTo("dev.tenancy.group.member_added");
        assertThat(node.path("source").asText()).isEqualTo("/realms/acme/organizations/o1");
        assertThat(node.path("subject").asText()).isEqualTo("g1");
        assertThat(node.path("data").path("group").path("path").asText()).isEqualTo("/emea/sales");
        assertThat(node.path("data").path("group").path("organization").path("alias").asText()).isEqualTo("alpha");
        assertThat(node.path("data").path("member").path("username").asText()).isEqualTo("erin");
        assertThat(node.path("data").path("sequence").asLong()).isEqualTo(4);
    }
}
