package dev.tenancy.orgs.net;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.util.EntityUtils;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * An Apache HttpClient for outbound calls that obeys the {@link AddressPolicy}: its DNS resolver
 * resolves a host once, checks every address and hands only those checked addresses to the
 * connection, so the address that was checked is the address connected to. It never follows a
 * redirect, never retries on its own, ignores proxy system properties (a proxy would connect
 * elsewhere than what was checked) and keeps no cookies. Callers check the URL's form first with
 * {@link #refusal(String)}.
 */
public final class OutboundClient implements Closeable {

    private final AddressPolicy policy;
    private final CloseableHttpClient http;

    private OutboundClient(AddressPolicy policy, CloseableHttpClient http) {
        this.policy = policy;
        this.http = http;
    }

    /**
     * @param connectTimeout connect and pool-wait timeout
     * @param readTimeout    socket read timeout
     */
    public static OutboundClient create(AddressPolicy policy, Duration connectTimeout, Duration readTimeout, int maxConnections) {
        DnsResolver resolver = policy::resolve;
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", PlainConnectionSocketFactory.getSocketFactory())
                        .register("https", SSLConnectionSocketFactory.getSystemSocketFactory())
                        .build(),
                null, null, resolver, -1, java.util.concurrent.TimeUnit.MILLISECONDS);
        connections.setMaxTotal(maxConnections);
        connections.setDefaultMaxPerRoute(Math.max(2, maxConnections / 4));
        connections.setValidateAfterInactivity(2_000);
        RequestConfig requests = RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setRelativeRedirectsAllowed(false)
                .setCircularRedirectsAllowed(false)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setConnectionRequestTimeout((int) connectTimeout.toMillis())
                .setSocketTimeout((int) readTimeout.toMillis())
                .build();
        CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(requests)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("Tenancy/1.0")
                .build();
        return new OutboundClient(policy, http);
    }

    public AddressPolicy policy() {
        return policy;
    }

    /** The client; execute only URLs for which {@link #refusal(String)} is empty. */
    public CloseableHttpClient http() {
        return http;
    }

    /** Why the URL may not be called (its form; the addresses are checked when connecting); empty when it may. */
    public Optional<String> refusal(String url) {
        return policy.formRefusal(url);
    }

    /**
     * {@code GET} of a document of at most {@code maxBytes}: the body of a 200.
     *
     * @throws IOException on a refused URL ({@link AddressPolicyException}), another status
     *                     ({@link HttpStatusException}), a longer body, or a transport failure
     */
    public String getString(String url, int maxBytes) throws IOException {
        Optional<String> refused = refusal(url);
        if (refused.isPresent()) {
            throw new AddressPolicyException(refused.get());
        }
        HttpGet get = new HttpGet(url);
        get.setHeader("Accept", "application/json");
        try (CloseableHttpResponse response = http.execute(get)) {
            int status = response.getStatusLine().getStatusCode();
            HttpEntity entity = response.getEntity();
            if (status != 200) {
                EntityUtils.consumeQuietly(entity);
                throw new HttpStatusException(status);
            }
            if (entity == null) {
                return "";
            }
            try (InputStream in = entity.getContent()) {
                byte[] body = in.readNBytes(maxBytes + 1);
                if (body.length > maxBytes) {
                    throw new IOException("response larger than " + maxBytes + " bytes");
                }
                return new String(body, StandardCharsets.UTF_8);
            }
        }
    }

    /** A non-200 answer of {@link #getString(String, int)}. */
    public static final class HttpStatusException extends IOException {

        private static final long serialVersionUID = 1L;
        private final int status;

        public HttpStatusException(int status) {
            super("HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
