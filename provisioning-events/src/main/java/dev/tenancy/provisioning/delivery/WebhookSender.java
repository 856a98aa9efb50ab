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

import dev.tenancy.provisioning.ProvisioningConfig;
import dev.tenancy.orgs.net.AddressPolicy;
import dev.tenancy.orgs.net.OutboundClient;
import dev.tenancy.orgs.net.OutboundErrors;
import dev.tenancy.provisioning.capture.CloudEvents;

/**
 * One webhook attempt: {@code POST} of the stored body with the Standard Webhooks headers, through
 * the outbound address-policy client ({@link OutboundClient}: checked address = connected address,
 * no redirects), bounded by connect, read and total timeouts. Failures are reported as categories
 * ({@link OutboundErrors}), never as exception text.
 */
public final class WebhookSender {

    private static final String USER_AGENT = "Tenancy-Webhooks/1.0";
    private static final int MAX_RESPONSE_BYTES = 16 * 1024;

    private final ProvisioningConfig config;
    private final OutboundClient outbound;
    private final ScheduledExecutorService watchdog;

    public WebhookSender(ProvisioningConfig config, ScheduledExecutorService watchdog) {
        this.config = config;
        this.outbound = OutboundClient.create(new AddressPolicy(config.allowPrivateAddresses()),
                config.connectTimeout(), config.readTimeout(), Math.max(8, config.senders() * 2));
        this.watchdog = watchdog;
    }

    /** Closes the address-policy client. */
    public void close() throws IOException {
        outbound.close();
    }

    /** The result of one attempt: an HTTP status (0 when none) and, for failures, a category of {@link OutboundErrors}. */
    public record Outcome(int status, Long retryAfterMillis, String error, long durationMillis) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }

        public boolean gone() {
            return status == 410;
        }
    }

    /** One attempt through the address-policy client: the address checked is the address connected to. */
    public Outcome send(String url, String secret, String id, String body) {
        long started = System.nanoTime();
        if (outbound.refusal(url).isPresent()) {
            return new Outcome(0, null, OutboundErrors.ADDRESS_POLICY, 0);
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
        try (CloseableHttpResponse response = outbound.http().execute(post)) {
            int status = response.getStatusLine().getStatusCode();
            drain(response.getEntity());
            Long retryAfter = retryAfter(response.getFirstHeader("Retry-After"));
            String error = status >= 200 && status < 300 ? null : OutboundErrors.httpStatus(status);
            return new Outcome(status, retryAfter, error, elapsed(started));
        } catch (IOException | RuntimeException e) {
            String reason = post.isAborted() ? OutboundErrors.TIMEOUT : OutboundErrors.category(e);
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
