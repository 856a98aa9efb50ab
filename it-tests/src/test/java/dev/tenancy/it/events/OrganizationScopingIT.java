package dev.tenancy.it.events;

import static dev.tenancy.it.events.EventsFixture.change;
import static dev.tenancy.it.events.EventsFixture.ofUser;
import static dev.tenancy.it.events.EventsFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/** Organization membership, organization roles, and subscriptions limited to one organization. */
class OrganizationScopingIT extends ReceiverTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    @Test
    void givenMembershipChanges_thenEachOrganizationSeesOnlyItsOwnEvents() {
        String realm = admin.createRealm();
        EventsFixture.allowUnmanagedAttributes(admin, realm);
        String alpha = admin.createOrganization(realm, Admin.unique("alpha"));
        String beta = admin.createOrganization(realm, Admin.unique("beta"));
        String pathAll = "/" + Admin.unique("all");
        String pathAlpha = "/" + Admin.unique("alpha");
        String pathBeta = "/" + Admin.unique("beta");
        JsonNode all = EventsFixture.subscribe(admin, realm, receiver.url(pathAll), null);
        JsonNode subAlpha = EventsFixture.subscribe(admin, realm, receiver.url(pathAlpha), alpha);
        EventsFixture.subscribe(admin, realm, receiver.url(pathBeta), beta);

        String userId = admin.createUser(realm, Admin.unique("erin"), "Passw0rd!x");
        admin.addMember(realm, alpha, userId);
        EventsFixture.updateUser(admin, realm, userId, rep -> EventsFixture.setAttribute(rep, "title", "Engineer"));
        Http.Response grant = Http.put(admin.url() + "/realms/" + realm + "/orgs/" + alpha + "/roles/manage-members/users/" + userId)
                .bearer(admin.token()).send();
        assertThat(grant.status()).as(grant.toString()).isIn(200, 201, 204);
        admin.removeMember(realm, alpha, userId);

        List<Receiver.Request> alphaRequests = receiver.awaitCount(pathAlpha, 4, WAIT);
        Receiver.sleep(1500);
        List<JsonNode> alphaEvents = ofUser(receiver.accepted(pathAlpha), userId);
        assertThat(types(alphaEvents)).containsExactly("joiner", "mover", "mover", "leaver");
        for (JsonNode e : alphaEvents) {
            assertThat(e.path("source").asText()).isEqualTo("/realms/" + realm + "/organizations/" + alpha);
            assertThat(e.path("data").path("organization").path("id").asText()).isEqualTo(alpha);
            assertThat(e.path("data").path("organization").path("alias").asText()).startsWith("alpha-");
        }
        assertThat(change(alphaEvents.get(0), "organization.member").path("new").asBoolean()).isTrue();
        assertThat(change(alphaEvents.get(1), "attributes.title").path("new").toString()).isEqualTo("[\"Engineer\"]");
        assertThat(change(alphaEvents.get(2), "organization.roles").path("new").toString()).contains("manage-members");
        assertThat(change(alphaEvents.get(3), "organization.member").path("new").asBoolean()).isFalse();
        for (Receiver.Request r : alphaRequests) {
            EventsFixture.verify(r, subAlpha.path("secret").asText());
        }

        // Beta's subscription never hears of a user who was never its member.
        assertThat(receiver.accepted(pathBeta)).isEmpty();

        // The realm-wide subscription: the realm joiner and mover, plus the organization's own changes.
        List<JsonNode> realmWide = ofUser(receiver.accepted(pathAll), userId);
        assertThat(types(realmWide)).containsExactly("joiner", "joiner", "mover", "mover", "leaver");
        assertThat(realmWide.get(0).path("source").asText()).isEqualTo("/realms/" + realm);
        assertThat(realmWide.get(1).path("source").asText()).isEqualTo("/realms/" + realm + "/organizations/" + alpha);
        assertThat(realmWide.get(2).path("source").asText()).isEqualTo("/realms/" + realm);
        for (Receiver.Request r : receiver.accepted(pathAll)) {
            EventsFixture.verify(r, all.path("secret").asText());
        }
    }

    @Test
    void givenUserDeletedWhileMember_thenOrganizationLeaver() {
        String realm = admin.createRealm();
        String alpha = admin.createOrganization(realm, Admin.unique("alpha"));
        String path = "/" + Admin.unique("alpha-del");
        EventsFixture.subscribe(admin, realm, receiver.url(path), alpha, "leaver");
        String userId = admin.createUser(realm, Admin.unique("fay"), "Passw0rd!x");
        admin.addMember(realm, alpha, userId);
        Http.Response delete = Http.delete(admin.url() + "/admin/realms/" + realm + "/users/" + userId).bearer(admin.token()).send();
        assertThat(delete.status()).isEqualTo(204);

        receiver.awaitCount(path, 1, WAIT);
        Receiver.sleep(1500);
        List<JsonNode> events = ofUser(receiver.accepted(path), userId);
        assertThat(types(events)).containsExactly("leaver");
        assertThat(events.get(0).path("data").path("organization").path("id").asText()).isEqualTo(alpha);
    }
}
