package dev.tenancy.it.events;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.tenancy.it.support.Admin;

/** The shared server with the provisioning test settings, and one local webhook receiver per test class. */
abstract class ReceiverTestBase {

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
}
