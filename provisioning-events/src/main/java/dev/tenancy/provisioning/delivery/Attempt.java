package dev.tenancy.provisioning.delivery;

/**
 * The outcome of one delivery attempt, whatever the sink.
 *
 * @param delivered the receiver or broker acknowledged it
 * @param gone the receiver asked never to be called again (webhook {@code 410}): the subscription is disabled
 * @param statusCode the HTTP status of webhooks; null otherwise or when there was no answer
 * @param retryAfterMillis the receiver's {@code Retry-After}, or null
 * @param error a short error category for failures (no secrets, no payload), null when delivered
 * @param durationMillis how long the attempt took
 */
public record Attempt(boolean delivered, boolean gone, Integer statusCode, Long retryAfterMillis, String error,
                      long durationMillis) {

    public static Attempt ok(long durationMillis) {
        return new Attempt(true, false, null, null, null, durationMillis);
    }

    public static Attempt failed(String error, long durationMillis) {
        return new Attempt(false, false, null, null, error, durationMillis);
    }
}
