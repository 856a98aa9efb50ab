package dev.tenancy.it.ui;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP endpoint that keeps every webhook delivery it gets. It answers 204, except that the
 * first user event (not the test ping) gets 410 Gone, so that delivery goes DEAD and the
 * subscription is disabled: what an administrator then repairs from the console.
 */
final class WebhookSink implements AutoCloseable {

    record Delivery(Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean goneSent = new AtomicBoolean();

    private WebhookSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Delivery(headers, body));
                boolean userEvent = body.contains("\"type\":\"dev.tenancy.user.");
                exchange.sendResponseHeaders(userEvent && goneSent.compareAndSet(false, true) ? 410 : 204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    static WebhookSink start() throws IOException {
        return new WebhookSink();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/console";
    }

    List<Delivery> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
