package dev.tenancy.it.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** Rule, expiry and review changes reach webhooks as the same mover events, with cause RULE, EXPIRY and REVIEW. */
class GovernanceEventsIT {

    static Admin admin;
    static HttpServer receiver;
    static final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        admin = Admin.of(KeycloakServer.get());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(Http.JSON.readTree(new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
    }

    static boolean moverWithCause(String userId, String cause) {
        return received.stream().anyMatch(e -> "dev.tenancy.user.mover".equals(e.path("type").asText())
                && userId.equals(e.path("subject").asText()) && cause.equals(e.at("/data/cause").asText()));
    }

    @Test
    void givenRuleExpiryAndReviewChanges_thenMoverEventsNameTheirCause() {
        Gov g = Gov.create(admin);
        Http.Response sub = Http.post(admin.url() + "/realms/" + g.f.realm + "/provisioning/webhooks").bearer(admin.token())
                .json(Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                        "events", List.of("joiner", "mover", "leaver"), "organizationId", g.f.orgId, "enabled", true)).send();
        assertThat(sub.status()).as(sub.toString()).isEqualTo(201);
        g.role("crm");
        g.role("temp");
        g.role("reviewed");
        String alice = g.member("alice", Map.of("department", List.of("Sales")));
        g.delegate("checker");
        String checker = g.userId("checker");

        g.rule("sales-crm", Map.of("attribute", "department", "op", "eq", "value", "Sales"), List.of("crm"), List.of());
        Gov.await(Duration.ofSeconds(30), () -> moverWithCause(alice, "RULE"));

        Http.put(g.f.rolesUrl() + "/temp/users/" + alice).bearer(admin.token())
                .json(Map.of("expiresAt", Instant.now().plusSeconds(2).toString())).send();
        Gov.await(Duration.ofSeconds(30), () -> moverWithCause(alice, "EXPIRY"));

        g.f.grant("reviewed", alice);
        Http.Response review = Http.post(g.org() + "/access-reviews").bearer(admin.token()).json(Map.of("name", "r",
                "scope", Map.of("roles", List.of("reviewed")), "reviewers", List.of(checker),
                "dueAt", Instant.now().plus(Duration.ofDays(1)).toString(), "defaultDecision", "REVOKE")).send();
        assertThat(review.status()).as(review.toString()).isEqualTo(201);
        assertThat(Http.post(g.org() + "/access-reviews/" + review.json().get("id").asText() + "/close").bearer(admin.token()).send().status())
                .isEqualTo(200);
        Gov.await(Duration.ofSeconds(30), () -> moverWithCause(alice, "REVIEW"));
        assertThat(g.holderIds("reviewed")).doesNotContain(alice);
    }
}
