package dev.tenancy.orgs.api;

/**
 * The SCIM request may not proceed: the presented credential is missing or wrong ({@link #status()}
 * 401, answer with {@link #wwwAuthenticate()}), or failed authentications were throttled or the node's
 * verification capacity is exhausted ({@link #status()} 429, answer with {@code Retry-After:}
 * {@link #retryAfterSeconds()}). The message never contains the presented credential.
 */
public final class ScimAuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String wwwAuthenticate;
    private final long retryAfterSeconds;

    public ScimAuthenticationException(String message, String wwwAuthenticate) {
        super(message, null, false, false);
        this.wwwAuthenticate = wwwAuthenticate;
        this.retryAfterSeconds = 0;
    }

    private ScimAuthenticationException(String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.wwwAuthenticate = null;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A 429: too many failed authentications, or no verification capacity left. */
    public static ScimAuthenticationException throttled(String message, long retryAfterSeconds) {
        return new ScimAuthenticationException(message, Math.max(1, retryAfterSeconds));
    }

    /** 401 or 429. */
    public int status() {
        return retryAfterSeconds > 0 ? 429 : 401;
    }

    /** Seconds for {@code Retry-After} of a 429; 0 for a 401. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The value of the {@code WWW-Authenticate} header of a 401; null for a 429. */
    public String wwwAuthenticate() {
        return wwwAuthenticate;
    }
}
