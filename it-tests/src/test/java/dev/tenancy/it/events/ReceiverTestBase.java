package dev.tenancy.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/** The shared server with the provisioning test settings, and one local webhook receiver per test class. */
abstract class ReceiverTestBase {

    /** The password of the users {@link #member} makes. */
    static final String PASSWORD = "Passw0rd!x";

    static Admin admin;
    static Receiver receiver;

    @BeforeAll
    static void startReceiver() {
        admin = Admin.of(EventsFixture.server());
        receiver = new Receiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    /** A member of the organization holding the organization role (or none); returns the username. */
    static String member(String realm, String orgId, String role) {
        String username = Admin.unique("m");
        String userId = admin.createUser(realm, username, PASSWORD);
        admin.addMember(realm, orgId, userId);
        if (role != null) {
            Http.Response r = Http.put(admin.url() + "/realms/" + realm + "/orgs/" + orgId + "/roles/" + role + "/users/" + userId)
                    .bearer(admin.token()).send();
            assertThat(r.status()).as(r.toString()).isIn(200, 201, 204);
        }
        return username;
    }
}
