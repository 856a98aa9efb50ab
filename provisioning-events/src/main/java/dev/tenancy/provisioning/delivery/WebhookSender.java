package dev.tenancy.provisioning.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;

import dev.tenancy.provisioning.ProvisioningConfig;
import dev.tenancy.orgs.net.AddressPolicy;
import dev.tenancy.provisioning.capture.CloudEvents;

/**
 * One webhook attempt: {@code POST} of the stored body with the Standard Webhooks headers, through
 * Keycloak's HTTP client, never following redirects, bounded by connect, read and total timeouts.
 */
public final class WebhookSender {

    private static final String USER_AGENT = "Tenancy-Webhooks/1.0";
    private static final int MAX_RESPONSE_BYTES = 16 * 1024;

    private final ProvisioningConfig config;
    private final AddressPolicy addresses;
    private final ScheduledExecutorService watchdog;

    public WebhookSender(ProvisioningConfig config, ScheduledExecutorService watchdog) {
        this.config = config;
        this.addresses = new AddressPolicy(config.allowPrivateAddresses());
        this.watchdog = watchdog;
    }

    /** The result of one attempt: an HTTP status (0 when none) and, for failures, a reason. */
    public record Outcome(int status, Long retryAfterMillis, String error, long durationMillis) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }

        public boolean gone() {
            return status == 410;
        }
    }

    public Outcome send(CloseableHttpClient client, String url, String secret, String id, String body) {
        long started = System.nanoTime();
        String refused = addresses.refusal(url).orElse(null);
        if (refused != null) {
            return new Outcome(0, null, "refused: " + refused, 0);
        }
        long timestamp = System.currentTimeMillis() / 1000;
        HttpPost post = new HttpPost(url);
        post.setConfig(RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setConnectionRequestTimeout((int) config.connectTimeout().toMillis())
                .setSocketTimeout((int) config.readTimeout().toMillis())
                .build());
        post.setHeader("webhook-id", id);
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        post.setHeader("webhook-signature", Signature.sign(secret, id, timestamp, body));
        post.setHeader("User-Agent", USER_AGENT);
        post.setEntity(new StringEntity(body, ContentType.create(CloudEvents.CONTENT_TYPE, StandardCharsets.UTF_8)));
        ScheduledFuture<?> abort = watchdog.schedule(post::abort, config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try (CloseableHttpResponse response = client.execute(post)) {
            int status = response.getStatusLine().getStatusCode();
            drain(response.getEntity());
            Long retryAfter = retryAfter(response.getFirstHeader("Retry-After"));
            String error = status >= 200 && status < 300 ? null : "HTTP " + status;
            return new Outcome(status, retryAfter, error, elapsed(started));
        } catch (IOException | RuntimeException e) {
            String reason = post.isAborted() ? "timed out after " + config.requestTimeout().toMillis() + " ms" : e.toString();
            return new Outcome(0, null, reason, elapsed(started));
        } finally {
            abort.cancel(false);
        }
    }

    private static void drain(HttpEntity entity) throws IOException {
        if (entity == null) {
            return;
        }
        try (InputStream in = entity.getContent()) {
            byte[] buffer = new byte[4096];
            int total = 0;
            int n;
            while (total < MAX_RESPONSE_BYTES && (n = in.read(buffer)) != -1) {
                total += n;
            }
        }
    }

    /** {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
    public static Long retryAfter(Header header) {
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().trim();
        try {
            return Duration.ofSeconds(Long.parseLong(value)).toMillis();
        } catch (NumberFormatException e) {
            try {
                long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.max(0, at - System.currentTimeMillis());
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
