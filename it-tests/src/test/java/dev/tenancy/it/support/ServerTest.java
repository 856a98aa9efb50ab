package dev.tenancy.it.support;

import org.junit.jupiter.api.BeforeAll;

/**
 * A test class on the shared server: {@link #admin}, the master administrator, is set before the
 * first test. Each test still makes its own realm and organization.
 */
public abstract class ServerTest {

    protected static Admin admin;

    @BeforeAll
    protected static void connectToSharedServer() {
        admin = Admin.of(KeycloakServer.get());
    }
}
