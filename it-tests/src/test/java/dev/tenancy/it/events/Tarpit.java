package dev.tenancy.it.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver that answers every request after {@code delayMillis} (longer than Keycloak's
 * request timeout in the tests): one organization's hopeless endpoint. It counts the requests it
 * holds at once, so a test can check the per-subscription bound.
 */
final class Tarpit implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private final java.util.List<Long> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final long delayMillis;

    Tarpit(long delayMillis) {
        this.delayMillis = delayMillis;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/tarpit";
    }

    int received() {
        return received.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    /**
     * The most requests that arrived within any {@code windowMillis}. Keycloak gives up on a request
     * after its timeout while this server still holds it, so with a window shorter than that timeout
     * this is how many attempts Keycloak had in flight at once.
     */
    int maxStartedWithin(long windowMillis) {
        java.util.List<Long> sorted = starts.stream().sorted().toList();
        int max = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (sorted.get(i) - sorted.get(j) >= windowMillis) {
                j++;
            }
            max = Math.max(max, i - j + 1);
        }
        return max;
    }

    private void handle(HttpExchange exchange) throws IOException {
        received.incrementAndGet();
        starts.add(System.currentTimeMillis());
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            exchange.getRequestBody().readAllBytes();
            Thread.sleep(delayMillis);
            exchange.sendResponseHeaders(200, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
