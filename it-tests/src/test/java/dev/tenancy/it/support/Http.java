package dev.tenancy.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP client for tests: raw requests, JSON in and out, nothing hidden. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String method;
    private final String url;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;

    private Http(String method, String url) {
        this.method = method;
        this.url = url;
    }

    public static Http get(String url) {
        return new Http("GET", url);
    }

    public static Http post(String url) {
        return new Http("POST", url);
    }

    public static Http put(String url) {
        return new Http("PUT", url);
    }

    public static Http patch(String url) {
        return new Http("PATCH", url);
    }

    public static Http delete(String url) {
        return new Http("DELETE", url);
    }

    public Http bearer(String token) {
        return token == null ? this : header("Authorization", "Bearer " + token);
    }

    public Http header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A JSON body: a String is sent as it is, anything else is serialized. */
    public Http json(Object value) {
        headers.putIfAbsent("Content-Type", "application/json");
        try {
            body = value instanceof String s ? s : JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    public Http body(String contentType, String raw) {
        headers.put("Content-Type", contentType);
        body = raw;
        return this;
    }

    public Http form(Map<String, String> fields) {
        return body("application/x-www-form-urlencoded", fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    public Response send() {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(method + " " + url, r);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer; {@link #toString()} shows the request, status and body for assertion messages. */
    public record Response(String request, HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + this, e);
            }
        }

        @Override
        public String toString() {
            return request + " -> " + raw.statusCode() + " " + raw.body();
        }
    }
}
