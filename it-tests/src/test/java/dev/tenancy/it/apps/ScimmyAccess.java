package dev.tenancy.it.apps;

import dev.tenancy.it.support.Admin;

/** The scimmy test server for tests outside this package (the console test). */
public final class ScimmyAccess implements AutoCloseable {

    private final ScimmyServer server;

    private ScimmyAccess(ScimmyServer server) {
        this.server = server;
    }

    public static ScimmyAccess start() {
        return new ScimmyAccess(ScimmyServer.start("t-" + Admin.unique("k")));
    }

    public String scimUrl() {
        return server.scimUrl();
    }

    public String token() {
        return server.token;
    }

    public int userCount() {
        return server.users(null).path("totalResults").asInt();
    }

    @Override
    public void close() {
        server.close();
    }
}
