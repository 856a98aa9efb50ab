package dev.tenancy.orgs.api;

/** The presented credential is missing or wrong: answer 401 with {@link #wwwAuthenticate()}. */
public final class ScimAuthenticationException extends Exception {

    private final String wwwAuthenticate;

    public ScimAuthenticationException(String message, String wwwAuthenticate) {
        super(message, null, false, false);
        this.wwwAuthenticate = wwwAuthenticate;
    }

    /** The value of the {@code WWW-Authenticate} header to send. */
    public String wwwAuthenticate() {
        return wwwAuthenticate;
    }
}
