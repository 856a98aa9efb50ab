package dev.tenancy.provisioning.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class CloudEventsTest {

    @Test
    void givenOrganizationMover_thenStructuredCloudEventPerContract() throws Exception {
        UserState user = new UserState("u1", "ann", "ann@example.test", "Ann", "Lee", true, 1L,
                Map.of("department", List.of("Marketing")), List.of(), List.of(), Map.of(), Map.of());
        Draft draft = new Draft("mover", "o1", "alpha", Draft.Audience.ORGANIZATION,
                List.of(new Change("attributes.department", List.of("Sales"), List.of("Marketing"))));
        String cut = CloudEvents.userEvent("e1", Instant.parse("2026-11-22T10:00:00Z"), "acme", draft, user, "SCIM", 7);
        JsonNode json = CloudEvents.JSON.readTree(cut);
        assertThat(json.path("specversion").asText()).isEqualTo("1.0");
        assertThat(json.path("id").asText()).isEqualTo("e1");
        assertThat(json.path("type").asText()).isEqualTo("dev.tenancy.user.mover");
        assertThat(json.path("source").asText()).isEqualTo("/realms/acme/organizations/o1");
        assertThat(json.path("subject").asText()).isEqualTo("u1");
        assertThat(json.path("time").asText()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(json.path("datacontenttype").asText()).isEqualTo("application/json");
        JsonNode data = json.path("data");
        assertThat(data.path("realm").asText()).isEqualTo("acme");
        assertThat(data.path("organization").toString()).isEqualTo("{\"id\":\"o1\",\"alias\":\"alpha\"}");
        assertThat(data.path("user").path("attributes").path("department").get(0).asText()).isEqualTo("Marketing");
        assertThat(data.path("changes").toString())
                .isEqualTo("[{\"field\":\"attributes.department\",\"old\":[\"Sales\"],\"new\":[\"Marketing\"]}]");
        assertThat(data.path("cause").asText()).isEqualTo("SCIM");
        assertThat(data.path("sequence").asLong()).isEqualTo(7);
    }

    @Test
    void givenRealmEvent_thenSourceIsTheRealmAndOrganizationNull() throws Exception {
        UserState user = new UserState("u1", "ann", null, null, null, false, 1L, Map.of(), List.of(), List.of(), Map.of(), Map.of());
        String cut = CloudEvents.userEvent("e2", Instant.now(), "acme", new Draft("leaver", null, null, Draft.Audience.REALM, List.of()),
                user, "ADMIN", 1);
        JsonNode json = CloudEvents.JSON.readTree(cut);
        assertThat(json.path("source").asText()).isEqualTo("/realms/acme");
        assertThat(json.path("data").has("organization")).isTrue();
        assertThat(json.path("data").path("organization").isNull()).isTrue();
    }

    @Test
    void givenSnapshot_thenRoundTripsAndIgnoresUnknownFields() throws Exception {
        UserState state = new UserState("u1", "ann", "a@x.test", "A", "L", true, 5L, Map.of("title", List.of("Eng")),
                List.of("/b", "/a"), List.of("r"), Map.of("app", List.of("x")),
                Map.of("o1", new UserState.Membership("alpha", List.of("view-members"), List.of("g"))));
        String json = Snapshots.write(state);
        assertThat(Snapshots.parse(json)).isEqualTo(state);
        assertThat(Snapshots.parse(json.replace("{\"id\"", "{\"future\":1,\"id\""))).isEqualTo(state);
        assertThat(state.groups()).containsExactly("/a", "/b");
    }
}
