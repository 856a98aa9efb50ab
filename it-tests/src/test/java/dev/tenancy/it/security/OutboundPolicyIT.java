package dev.tenancy.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * The outbound address policy through the real endpoints. The test server allows private addresses
 * (its receivers are on loopback), so this suite checks what holds regardless of that escape hatch:
 * URL length, canonical literals, no redirects, and error categories instead of exception text. The
 * refusal of private, loopback and embedded-IPv4 addresses is covered by {@code AddressPolicyTest}.
 */
class OutboundPolicyIT {

    static Admin admin;
    static HttpServer receiver;
    static final AtomicInteger redirectTargetHits = new AtomicInteger();

    @BeforeAll
    static void server() throws IOException {
        admin = Admin.of(KeycloakServer.get());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/fail", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        receiver.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/target");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        receiver.createContext("/target", exchange -> {
            redirectTargetHits.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    static String webhooks(Fixture f) {
        return admin.url() + "/realms/" + f.realm + "/provisioning/webhooks";
    }

    static Http.Response subscribe(Fixture f, String url) {
        return Http.post(webhooks(f)).bearer(admin.token()).json(Map.of("url", url, "events", List.of("joiner"))).send();
    }

    @Test
    void givenOverlongOrNonCanonicalWebhookUrls_then400NamingUrlNever500() {
        Fixture f = Fixture.create(admin);
        for (String url : List.of("https://hooks.example.test/" + "a".repeat(3000), "http://2130706433/", "http://0x7f.1/",
                "http://0177.0.0.1/", "http://127.1/", "http://user:pw@hooks.example.test/", "gopher://hooks.example.test/")) {
            Http.Response r = subscribe(f, url);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("url");
        }
    }

    static JsonNode test(Fixture f, String url) {
        Http.Response created = subscribe(f, url);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Http.Response r = Http.post(webhooks(f) + "/" + created.json().get("id").asText() + "/test").bearer(admin.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void givenWebhookTests_thenErrorsAreCategoriesAndRedirectsAreNotFollowed() throws IOException {
        Fixture f = Fixture.create(admin);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        JsonNode refused = test(f, "http://127.0.0.1:" + closed + "/hook");
        assertThat(refused.get("delivered").asBoolean()).isFalse();
        assertThat(refused.get("error").asText()).isEqualTo("refused");

        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        assertThat(test(f, base + "/fail").get("error").asText()).isEqualTo("http-500");

        int before = redirectTargetHits.get();
        JsonNode redirect = test(f, base + "/redirect");
        assertThat(redirect.get("error").asText()).isEqualTo("http-302");
        assertThat(redirectTargetHits.get()).as("the redirect is not followed").isEqualTo(before);

        JsonNode dns = test(f, "http://no-such-host.invalid/hook");
        assertThat(dns.get("error").asText()).isIn("dns", "address-policy");
    }

    @Test
    void givenABadJwksUri_then400NamingAuthJwksUri() {
        Fixture f = Fixture.create(admin);
        for (String uri : List.of("http://0x7f000001/jwks", "http://2130706433/jwks", "https://idp.example.test/" + "j".repeat(3000))) {
            Http.Response r = Http.post(f.scimConfigUrl()).bearer(admin.token()).json(Map.of("enabled", true,
                    "auth", Map.of("type", "EXTERNAL_JWT", "issuer", "https://idp.example.test", "audience", "aud", "jwksUri", uri))).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("auth.jwksUri");
        }
        assertThat(Http.get(f.scimConfigUrl()).bearer(admin.token()).send().status()).isEqualTo(404);
    }
}
