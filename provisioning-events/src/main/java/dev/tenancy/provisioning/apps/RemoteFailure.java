package dev.tenancy.provisioning.apps;

/**
 * A request to a connected app that did not succeed. {@code category} is what callers see
 * ({@code timeout}, {@code refused}, {@code tls}, {@code http-<status>}, {@code address-policy},
 * {@code invalid-response}); {@code pause} means retrying cannot help until someone fixes the app
 * (401/403, refused address).
 */
public final class RemoteFailure extends RuntimeException {

    private final String category;
    private final int status;
    private final Long retryAfterMillis;
    private final boolean pause;

    RemoteFailure(String category, int status, Long retryAfterMillis, boolean pause, String detail) {
        super(category + (detail == null ? "" : ": " + detail), null, false, false);
        this.category = category;
        this.status = status;
        this.retryAfterMillis = retryAfterMillis;
        this.pause = pause;
    }

    static RemoteFailure http(int status, Long retryAfter) {
        return new RemoteFailure("http-" + status, status, retryAfter, status == 401 || status == 403, null);
    }

    public String category() { return category; }
    public int status() { return status; }
    public Long retryAfterMillis() { return retryAfterMillis; }
    public boolean pause() { return pause; }
}
