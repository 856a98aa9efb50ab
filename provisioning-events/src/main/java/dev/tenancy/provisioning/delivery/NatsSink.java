package dev.tenancy.provisioning.delivery;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;

import org.jboss.logging.Logger;

/**
 * The {@code nats} sink: a JetStream publish of the stored CloudEvent (structured JSON) to the
 * subscription's subject, with {@code Nats-Msg-Id} = the event id, so the stream drops a retry's
 * duplicate within its duplicate window. A delivery counts once the stream acknowledged it. The
 * connection reconnects on its own; while it is down, attempts time out and are retried.
 */
public final class NatsSink implements Sink {

    public static final String TYPE = "nats";
    private static final Logger LOG = Logger.getLogger(NatsSink.class);

    private final DeliveryOptions.Nats options;
    private volatile Connection connection;
    private volatile JetStream jetStream;

    public NatsSink(DeliveryOptions.Nats options) {
        this.options = options;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CompletableFuture<Attempt> send(Message m) {
        long started = System.nanoTime();
        CompletableFuture<?> ack;
        try {
            Headers headers = new Headers()
                    .put("Nats-Msg-Id", m.eventId())
                    .put("Content-Type", "application/cloudevents+json; charset=UTF-8")
                    .put("ce-id", m.eventId())
                    .put("ce-type", m.eventType());
            ack = jetStream().publishAsync(m.target(), headers, m.body().getBytes(StandardCharsets.UTF_8),
                    PublishOptions.builder().messageId(m.eventId()).build());
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(Attempt.failed(category(e), elapsed(started)));
        }
        return ack.orTimeout(options.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((a, e) -> e == null ? Attempt.ok(elapsed(started)) : Attempt.failed(category(e), elapsed(started)));
    }

    private JetStream jetStream() throws IOException {
        JetStream js = jetStream;
        if (js != null) {
            return js;
        }
        synchronized (this) {
            if (jetStream == null) {
                try {
                    connection = Nats.connectReconnectOnConnect(natsOptions());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while connecting to NATS", e);
                }
                jetStream = connection.jetStream(JetStreamOptions.builder().requestTimeout(options.publishTimeout()).build());
                LOG.infof("Provisioning NATS sink connecting to %s", options.url());
            }
            return jetStream;
        }
    }

    private Options natsOptions() throws IOException {
        Options.Builder b = new Options.Builder()
                .servers(options.url().split(","))
                .connectionName("tenancy-provisioning")
                .maxReconnects(-1)
                .reconnectWait(java.time.Duration.ofMillis(500))
                .connectionTimeout(java.time.Duration.ofSeconds(5));
        if (options.credsFile() != null) {
            b.authHandler(Nats.credentials(options.credsFile()));
        }
        if (options.token() != null) {
            b.token(options.token().toCharArray());
        }
        if (options.username() != null) {
            b.userInfo(options.username(), options.password() == null ? "" : options.password());
        }
        if (options.truststorePath() != null) {
            b.sslContext(sslContext(options.truststorePath(), options.truststorePassword()));
        }
        return b.build();
    }

    static SSLContext sslContext(String path, String password) throws IOException {
        try (InputStream in = new FileInputStream(path)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the NATS truststore " + path, e);
        }
    }

    /** A short category for {@code lastError}: never the payload, never credentials. */
    static String category(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (c instanceof TimeoutException) {
            return "timeout";
        }
        if (c instanceof JetStreamApiException api) {
            return "nats-" + api.getApiErrorCode();
        }
        if (c instanceof SSLException) {
            return "tls";
        }
        String msg = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (msg.contains("503") || msg.contains("no responders")) {
            return "no-stream";
        }
        if (msg.contains("timeout") || msg.contains("timed out")) {
            return "timeout";
        }
        if (msg.contains("authorization") || msg.contains("authentication")) {
            return "auth";
        }
        return c instanceof IOException ? "refused" : "nats-error";
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void close() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
