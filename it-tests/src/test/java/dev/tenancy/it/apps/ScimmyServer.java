package dev.tenancy.it.apps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tenancy.it.support.Http;

/**
 * A SCIM 2.0 server that this project does not write: {@code scimmy} with {@code scimmy-routers}
 * on Express (src/test/scimmy, npm-installed by the build), run as a local node process. Its
 * {@code /_control} endpoints inject failures (status, count, Retry-After), change the accepted
 * token, switch PATCH off and count requests.
 */
public final class ScimmyServer implements AutoCloseable {

    final int port;
    public String token;
    private final Process process;

    private ScimmyServer(int port, String token, Process process) {
        this.port = port;
        this.token = token;
        this.process = process;
    }

    public static ScimmyServer start(String token) {
        Path dir = Path.of(System.getProperty("tenancy.it.scimmy.dir", "src/test/scimmy"));
        int port = freePort();
        try {
            Process p = new ProcessBuilder(List.of("node", "server.mjs", Integer.toString(port), token))
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target/scimmy-" + port + ".log").toFile()))
                    .start();
            ScimmyServer server = new ScimmyServer(port, token, p);
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                try {
                    if (Http.get(server.url() + "/_control/stats").send().status() == 200) {
                        return server;
                    }
                } catch (RuntimeException e) {
                    // not listening yet
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException("scimmy exited with " + p.exitValue() + "; see target/scimmy-" + port + ".log");
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("scimmy did not start");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    public String scimUrl() {
        return url() + "/scim/v2";
    }

    JsonNode users(String filter) {
        String q = filter == null ? "?count=1000" : "?count=1000&filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8);
        return Http.get(scimUrl() + "/Users" + q).bearer(token).send().json();
    }

    JsonNode user(String userName) {
        JsonNode list = users("userName eq \"" + userName + "\"");
        return list.path("Resources").path(0);
    }

    JsonNode groups() {
        return Http.get(scimUrl() + "/Groups?count=1000").bearer(token).send().json();
    }

    public JsonNode stats() {
        return Http.get(url() + "/_control/stats").send().json();
    }

    void fail(int status, int count, Integer retryAfter) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("status", status, "count", count));
        if (retryAfter != null) {
            body.put("retryAfter", retryAfter);
        }
        Http.post(url() + "/_control/fail").json(body).send();
    }

    void acceptToken(String t) {
        Http.post(url() + "/_control/token").json(Map.of("token", t)).send();
        token = t;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
