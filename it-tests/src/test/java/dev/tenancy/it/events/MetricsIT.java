package dev.tenancy.it.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;

/**
 * Tenancy's meters on Keycloak's own {@code /metrics} (management interface), with bounded labels,
 * and the example alert rules of {@code docs/prometheus/tenancy-alerts.yml} evaluated by
 * {@code promtool test rules} against series built from two real scrapes.
 */
class MetricsIT extends ReceiverTestBase {

    private static final Pattern SAMPLE = Pattern.compile("^(tenancy_[a-z_]+)(\\{[^}]*})? ([-0-9.eE+]+|NaN)$");

    @Test
    void givenDeliveriesFailingDeadAndSlow_thenTheMetersShowThem_andTheAlertRulesFireOnAScrape() throws Exception {
        String base = "/" + Admin.unique("m");
        receiver.respond(r -> r.path().equals(base + "-fail") ? new Receiver.Answer(500, Map.of())
                : r.path().equals(base + "-gone") ? new Receiver.Answer(410, Map.of()) : Receiver.Answer.ok());
        try {
            String realm = admin.createRealm();
            EventsFixture.subscribe(admin, realm, receiver.url(base + "-ok"), null);
            EventsFixture.subscribe(admin, realm, receiver.url(base + "-fail"), null);
            List<String> users = new ArrayList<>();
            users.add(admin.createUser(realm, Admin.unique("m"), "Passw0rd!x"));
            receiver.awaitCount(base + "-ok", 1, Duration.ofSeconds(30));
            scimFailures(realm);
            Map<String, Double> first = awaitScrape(m -> m.getOrDefault("tenancy_provisioning_outbox_backlog{type=\"webhook\"}", 0.0) >= 1
                    && m.containsKey("tenancy_auth_failures_total{reason=\"rejected\"}"));

            EventsFixture.subscribe(admin, realm, receiver.url(base + "-gone"), null);
            for (int i = 0; i < 3; i++) {
                users.add(admin.createUser(realm, Admin.unique("m"), "Passw0rd!x"));
            }
            scimFailures(realm);
            double backlog = first.get("tenancy_provisioning_outbox_backlog{type=\"webhook\"}");
            Map<String, Double> second = awaitScrape(m -> m.getOrDefault("tenancy_provisioning_deliveries_dead_total{type=\"webhook\"}", 0.0) >= 1
                    && m.getOrDefault("tenancy_provisioning_outbox_backlog{type=\"webhook\"}", 0.0) > backlog
                    && m.getOrDefault("tenancy_provisioning_subscriptions_disabled{type=\"webhook\"}", 0.0) >= 1);

            assertThat(second).containsKeys("tenancy_provisioning_deliveries_failed_total{type=\"webhook\"}",
                    "tenancy_provisioning_outbox_oldest_pending_age_seconds{type=\"webhook\"}",
                    "tenancy_provisioning_outbox_backlog{type=\"kafka\"}",
                    "tenancy_provisioning_outbox_backlog{type=\"nats\"}");
            assertThat(second.keySet()).anyMatch(k -> k.startsWith("tenancy_provisioning_delivery_lag_seconds_bucket{"));
            assertThat(second.keySet()).anyMatch(k -> k.startsWith("tenancy_scim_requests_total{") && k.contains("status_class=\"4xx\""));
            String text = String.join("\n", second.keySet());
            for (String user : users) {
                assertThat(text).as("no user id in any label").doesNotContain(user);
            }

            promtool(first, second);
        } finally {
            receiver.respond(r -> Receiver.Answer.ok());
        }
    }

    /** Requests with a wrong credential: 401s, counted by resource type and as authentication failures. */
    private static void scimFailures(String realm) {
        String org = admin.createOrganization(realm, Admin.unique("org"), Admin.unique("d") + ".test");
        Http.Response enable = Http.put(admin.url() + "/realms/" + realm + "/orgs/config").bearer(admin.token())
                .json(Map.of("scimEnabled", true)).send();
        assertThat(enable.status()).as(enable.toString()).isLessThan(300);
        Http.Response config = Http.post(admin.url() + "/realms/" + realm + "/orgs/" + org + "/scim").bearer(admin.token())
                .json(Map.of("enabled", true, "auth", Map.of("type", "EXTERNAL_SECRET"))).send();
        assertThat(config.status()).as(config.toString()).isLessThan(300);
        for (int i = 0; i < 3; i++) {
            Http.Response r = Http.get(admin.url() + "/realms/" + realm + "/scim/v2/organizations/" + org + "/Users")
                    .bearer("wrong-secret").send();
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
        }
    }

    private static Map<String, Double> awaitScrape(java.util.function.Predicate<Map<String, Double>> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Double> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = scrape();
            if (done.test(last)) {
                return last;
            }
            Receiver.sleep(500);
        }
        throw new AssertionError("metrics not as expected: " + last);
    }

    /** The {@code tenancy_*} samples of {@code /metrics} on the management port. */
    static Map<String, Double> scrape() throws IOException, InterruptedException {
        int management = EventsFixture.server().port() + 1000;
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + management + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (m.matches()) {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }

    /**
     * A promtool unit test whose input series go from the first scrape's values to the second's over
     * 30 minutes (one sample a minute), then the rules evaluated at the end: the backlog grew, a
     * delivery became DEAD, a subscription is disabled, and SCIM requests keep failing.
     */
    private static void promtool(Map<String, Double> first, Map<String, Double> second) throws Exception {
        ProcessBuilder check = new ProcessBuilder("promtool", "--version");
        boolean available;
        try {
            available = check.start().waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            available = false;
        }
        assumeTrue(available, "promtool is not installed (Debian package 'prometheus'; .ci/run installs it): alert rules not evaluated");

        Path rules = withoutAnnotations(locateRules());
        StringBuilder y = new StringBuilder();
        y.append("rule_files:\n  - ").append(rules.toAbsolutePath()).append("\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n");
        for (Map.Entry<String, Double> e : second.entrySet()) {
            String series = e.getKey().replace("'", "");
            if (series.contains("_bucket{") || series.endsWith("_max") || series.contains("_max{")) {
                continue;
            }
            double from = first.getOrDefault(e.getKey(), 0.0);
            StringBuilder values = new StringBuilder();
            for (int i = 0; i <= 40; i++) {
                double v = i >= 30 ? e.getValue() : from + (e.getValue() - from) * i / 30.0;
                values.append(i == 0 ? "" : " ").append(v);
            }
            y.append("      - series: '").append(series).append("'\n        values: '").append(values).append("'\n");
        }
        y.append("    alert_rule_test:\n");
        alert(y, "TenancyProvisioningDeadDeliveries", "26m", "type: webhook", "critical");
        alert(y, "TenancyProvisioningBacklogGrowing", "29m", "type: webhook", "warning");
        alert(y, "TenancyProvisioningSubscriptionDisabled", "29m", "type: webhook", "warning");
        alert(y, "TenancyProvisioningBacklogStale", "29m", null, null);
        alert(y, "TenancyScimFailing", "29m", "", "warning"); // organization label off: one series
        Path test = Path.of(System.getProperty("keycloak.work.dir", "target")).resolve("tenancy-alerts-test.yml");
        Files.writeString(test, y.toString());
        Process p = new ProcessBuilder("promtool", "test", "rules", test.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("promtool test rules " + test + ":\n" + out).isZero();
    }

    private static void alert(StringBuilder y, String name, String at, String label, String severity) {
        y.append("      - eval_time: ").append(at).append("\n        alertname: ").append(name).append('\n');
        if (label == null) {
            y.append("        exp_alerts: []\n");
            return;
        }
        y.append("        exp_alerts:\n          - exp_labels:\n              severity: ").append(severity).append('\n');
        if (!label.isEmpty()) {
            y.append("              ").append(label).append('\n');
        }
    }

    /** The rules with their annotations left out (they quote values; promtool would compare them verbatim). */
    private static Path withoutAnnotations(Path rules) throws IOException {
        List<String> kept = new ArrayList<>();
        int skipDeeperThan = -1;
        for (String line : Files.readAllLines(rules)) {
            int indent = line.length() - line.stripLeading().length();
            if (skipDeeperThan >= 0 && (line.isBlank() || indent > skipDeeperThan)) {
                continue;
            }
            skipDeeperThan = -1;
            if (line.strip().equals("annotations:")) {
                skipDeeperThan = indent;
                continue;
            }
            kept.add(line);
        }
        Path out = Path.of(System.getProperty("keycloak.work.dir", "target")).resolve("tenancy-alerts-rules.yml");
        Files.write(out, kept);
        return out;
    }

    private static Path locateRules() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("docs/prometheus/tenancy-alerts.yml");
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new AssertionError("docs/prometheus/tenancy-alerts.yml not found");
    }
}
