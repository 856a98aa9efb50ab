package dev.tenancy.orgs.setup;

import org.keycloak.Config;

/**
 * The setup page's server options ({@code --spi-tenancy-orgs--default--setup-…}), read once, and the
 * node-local rate limiters they size. Limits are per node: they bound abuse, they decide nothing
 * about validity (which is always read from the database).
 */
public final class SetupOptions {

    public static final int DEFAULT_PER_LINK = 120;
    public static final int DEFAULT_INVALID = 60;
    public static final int DEFAULT_REFRESH = 5;

    private final int refreshSeconds;
    private final RateLimiter perLink;
    private final RateLimiter invalidPerAddress;

    SetupOptions(int perLinkPerMinute, int invalidPerMinute, int refreshSeconds) {
        this.refreshSeconds = Math.max(1, refreshSeconds);
        this.perLink = new RateLimiter(perLinkPerMinute, 60_000);
        this.invalidPerAddress = new RateLimiter(invalidPerMinute, 60_000);
    }

    public static SetupOptions of(Config.Scope config) {
        return new SetupOptions(config.getInt("setup-requests-per-minute", DEFAULT_PER_LINK),
                config.getInt("setup-invalid-per-minute", DEFAULT_INVALID),
                config.getInt("setup-refresh-seconds", DEFAULT_REFRESH));
    }

    int refreshSeconds() {
        return refreshSeconds;
    }

    RateLimiter perLink() {
        return perLink;
    }

    RateLimiter invalidPerAddress() {
        return invalidPerAddress;
    }
}
