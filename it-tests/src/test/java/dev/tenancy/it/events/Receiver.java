package dev.tenancy.it.events;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.tenancy.it.support.Http;

/**
 * A real webhook receiver on a local port: records every request (headers lower-cased, raw body)
 * and answers what {@link #respond} says (200 by default). It can go down and come back on the same port.
 */
final class Receiver implements AutoCloseable {

    /** One received request. */
    record Request(String path, Map<String, List<String>> headers, String body, long receivedAt) {

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        String id() {
            return header("webhook-id");
        }

        String type() {
            return json().path("type").asText();
        }
    }

    /** What to answer: a status and extra headers. */
    record Answer(int status, Map<String, String> headers) {
        static Answer ok() {
            return new Answer(200, Map.of());
        }
    }

    private final List<Request> all = new CopyOnWriteArrayList<>();
    private final List<Request> accepted = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Answer> respond = r -> Answer.ok();
    private HttpServer server;
    private int port;

    Receiver() {
        start();
    }

    synchronized void start() {
        for (int attempt = 0; server == null; attempt++) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            } catch (IOException e) {
                if (attempt > 50) {
                    throw new IllegalStateException(e);
                }
                sleep(200); // the port may linger for a moment after stop()
            }
        }
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** Stops listening: connections are refused until {@link #start()}. */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void respond(Function<Request, Answer> answer) {
        this.respond = answer;
    }

    /** Every request, including those answered with an error. */
    List<Request> all() {
        return new ArrayList<>(all);
    }

    /** Requests answered with a 2xx. */
    List<Request> accepted() {
        return new ArrayList<>(accepted);
    }

    List<Request> accepted(String path) {
        return accepted().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits until the accepted requests satisfy the condition; returns them. */
    List<Request> await(Duration timeout, Predicate<List<Request>> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Request> now = accepted();
            if (done.test(now)) {
                return now;
            }
            sleep(200);
        }
        throw new AssertionError("Receiver condition not met in " + timeout + "; accepted: "
                + accepted().stream().map(r -> r.path() + " " + r.body()).toList());
    }

    /** Waits until at least {@code n} accepted requests reached {@code path}; returns those. */
    List<Request> awaitCount(String path, int n, Duration timeout) {
        await(timeout, list -> list.stream().filter(r -> r.path().equals(path)).count() >= n);
        return accepted(path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        Request request = new Request(exchange.getRequestURI().getPath(), headers, body, System.currentTimeMillis());
        all.add(request);
        Answer answer = respond.apply(request);
        if (answer.status() >= 200 && answer.status() < 300) {
            accepted.add(request);
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }

    @Override
    public void close() {
        stop();
        dump();
    }

    /** With {@code -Dtenancy.it.events.dump=<dir>}, keeps what arrived (headers and bodies) for the docs' examples. */
    private void dump() {
        String dir = System.getProperty("tenancy.it.events.dump");
        if (dir == null) {
            return;
        }
        StringBuilder out = new StringBuilder();
        for (Request r : all) {
            out.append("### ").append(r.path()).append('\n');
            r.headers().forEach((k, v) -> {
                if (k.startsWith("webhook-") || k.equals("content-type")) {
                    out.append(k).append(": ").append(String.join(",", v)).append('\n');
                }
            });
            out.append(r.body()).append("\n\n");
        }
        try {
            java.nio.file.Path file = java.nio.file.Path.of(dir).resolve("receiver-" + System.nanoTime() + ".txt");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
