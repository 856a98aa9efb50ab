package dev.tenancy.it.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * Not part of the regular suite (no {@code IT} suffix): run with
 * {@code -Dit.test=dev.tenancy.it.governance.GovernanceBenchmark [-Dbench.members=10000] [-Dbench.patches=300]}.
 * (a) A rule created, then edited, over an organization of {@code bench.members} members: time until
 * the background re-application reports DONE, and the database work it caused (PostgreSQL only:
 * {@code pg_stat_user_tables} of the server's schema before/after — table scans, i.e. one per table
 * a statement reads, and rows inserted/updated/deleted — minus an idle baseline of the same length).
 * (b) SCIM {@code PATCH} of {@code department} in an organization with 20 rules vs one with none,
 * interleaved, p50/p99, once for a PATCH that moves the member between two rules and once for one that changes no
 * rule's outcome ({@code -Dbench.phases=scim} or {@code rules} runs one part). Writes {@code <it.build.dir>/governance-benchmark.txt}.
 */
class GovernanceBenchmark {

    @Test
    void ruleReapplicationAndScimOverhead() throws Exception {
        int n = Integer.getInteger("bench.members", 2_000);
        int patches = Integer.getInteger("bench.patches", 300);
        KeycloakServer server = KeycloakServer.get();
        Admin admin = Admin.of(server);
        StringBuilder report = new StringBuilder();

        String phases = System.getProperty("bench.phases", "scim,rules");
        if (phases.contains("scim")) {
            Gov ruled = Gov.create(admin);
            Gov plain = ruled.sibling();
            for (int i = 0; i < 20; i++) {
                ruled.role("role-" + i);
                ruled.rule("dept-" + i, Map.of("attribute", "department", "op", "eq", "value", "Dept-" + i), List.of("role-" + i), List.of());
            }
            String ru = ruled.scimUser("patch-r", "Dept-0");
            String pu = plain.scimUser("patch-p", "Dept-0");
            plain.role("role-0");
            plain.role("role-1");
            // "mover": Dept-0 <-> Dept-1, each PATCH revokes one rule's role and grants another's;
            // "neutral": Other-0 <-> Other-1, the rules are evaluated and none changes its outcome;
            // "mover, same change by SCIM": the same mover against a PATCH that makes the same role
            // change itself (department and roles) in the organization without rules: what the rules
            // add over the grant change they cause
            for (String kind : List.of("mover", "neutral", "mover, same change by SCIM")) {
                String prefix = kind.startsWith("mover") ? "Dept-" : "Other-";
                boolean sameChange = kind.endsWith("SCIM");
                java.util.function.IntConsumer plainPatch = i -> {
                    if (sameChange) {
                        plain.scimDepartmentAndRole(pu, prefix + (i % 2), "role-" + (i % 2));
                    } else {
                        plain.scimDepartment(pu, prefix + (i % 2));
                    }
                };
                for (int i = 0; i < 30; i++) { // warm-up
                    ruled.scimDepartment(ru, prefix + (i % 2));
                    plainPatch.accept(i);
                }
                long[] withRules = new long[patches];
                long[] without = new long[patches];
                for (int i = 0; i < patches; i++) {
                    String dept = prefix + (i % 2);
                    int k = i;
                    if (i % 2 == 0) {
                        withRules[i] = time(() -> ruled.scimDepartment(ru, dept));
                        without[i] = time(() -> plainPatch.accept(k));
                    } else {
                        without[i] = time(() -> plainPatch.accept(k));
                        withRules[i] = time(() -> ruled.scimDepartment(ru, dept));
                    }
                }
                if (sameChange) {
                    assertThat(plain.holderIds("role-" + ((patches - 1) % 2))).containsExactly(pu);
                    assertThat(plain.holderIds("role-" + (patches % 2))).isEmpty();
                }
                if (kind.startsWith("mover")) {
                    assertThat(ruled.holderIds("role-" + ((patches - 1) % 2))).containsExactly(ru);
                } else {
                    assertThat(ruled.holderIds("role-0")).isEmpty();
                    assertThat(ruled.holderIds("role-1")).isEmpty();
                }
                Arrays.sort(withRules);
                Arrays.sort(without);
                report.append(String.format("SCIM PATCH department (%s), %d interleaved pairs: 20 rules p50 %.1f ms p99 %.1f ms; "
                                + (sameChange ? "no rules, department and role by SCIM p50" : "no rules p50") + " %.1f ms p99 %.1f ms; overhead p50 %+.1f %%, p99 %+.1f %%%n", kind, patches,
                        ms(pct(withRules, 50)), ms(pct(withRules, 99)), ms(pct(without, 50)), ms(pct(without, 99)),
                        100.0 * (pct(withRules, 50) - pct(without, 50)) / pct(without, 50),
                        100.0 * (pct(withRules, 99) - pct(without, 99)) / pct(without, 99)));
                System.out.print(report);
            }
        }
        if (!phases.contains("rules")) {
            Files.writeString(Path.of(System.getProperty("keycloak.work.dir", "target")).resolve("governance-benchmark.txt"), report);
            return;
        }

        // ---- (a)
        Gov g = Gov.create(admin);
        g.role("sales-crm");
        long t0 = System.nanoTime();
        createMembers(admin, g, n);
        report.append(String.format("setup: %d members in %.1f s%n", n, (System.nanoTime() - t0) / 1e9));
        Thread.sleep(12_000); // let PostgreSQL flush the backends' pending statistics

        long[] idle0 = counters(server);
        long i0 = System.nanoTime();
        Thread.sleep(20_000);
        long[] idle1 = counters(server);
        double idleSeconds = (System.nanoTime() - i0) / 1e9;

        Map<String, Object> body = Gov.ruleBody("sales", Map.of("attribute", "department", "op", "eq", "value", "Sales"),
                List.of("sales-crm"), List.of());
        long[] c0 = counters(server);
        long s0 = System.nanoTime();
        Http.Response r = g.createRule(admin.token(), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        String ruleId = r.json().get("id").asText();
        double createSeconds = awaitDone(g, ruleId, s0);
        Thread.sleep(12_000);
        long[] c1 = counters(server);
        int holders = g.holderIds("sales-crm").size(); // the listing returns at most 1000
        report.append(line("rule created (grants to " + n / 2 + " of " + n + "; holders listed, max 1000: " + holders + ")", n, createSeconds, c0, c1, idle0, idle1, idleSeconds,
                (System.nanoTime() - s0) / 1e9));
        report.append(roundTrips(server, ruleId, 1, n));

        body.put("when", Map.of("attribute", "department", "op", "eq", "value", "Marketing"));
        long[] e0 = counters(server);
        long s1 = System.nanoTime();
        r = Http.put(g.org() + "/access-rules/" + ruleId).bearer(admin.token()).json(body).send();
        assertThat(r.status()).as(r.toString()).isIn(200, 204);
        double editSeconds = awaitDone(g, ruleId, s1);
        Thread.sleep(12_000);
        long[] e1 = counters(server);
        report.append(line("rule edited (revokes " + n / 2 + ", grants " + n / 2 + ")", n, editSeconds, e0, e1, idle0, idle1, idleSeconds,
                (System.nanoTime() - s1) / 1e9));
        report.append(roundTrips(server, ruleId, 2, n));

        System.out.print(report);
        Files.writeString(Path.of(System.getProperty("keycloak.work.dir", "target")).resolve("governance-benchmark.txt"), report);
    }

    private static String line(String what, int n, double seconds, long[] c0, long[] c1, long[] idle0, long[] idle1, double idleSeconds,
            double windowSeconds) {
        if (c0 == null) {
            return String.format("%s: re-application over %d members DONE after %.1f s (%.0f members/s); statements not counted on H2%n",
                    what, n, seconds, n / seconds);
        }
        double f = windowSeconds / idleSeconds;
        long scans = c1[0] - c0[0];
        long rows = c1[1] - c0[1];
        long idleScans = Math.round((idle1[0] - idle0[0]) * f);
        long idleRows = Math.round((idle1[1] - idle0[1]) * f);
        return String.format("%s: re-application over %d members DONE after %.1f s (%.0f members/s); table scans %d (idle baseline "
                        + "for the same %.0f s: %d) → %.1f per member; rows written %d (idle %d) → %.2f per member%n",
                what, n, seconds, n / seconds, scans, windowSeconds, idleScans, (scans - idleScans) / (double) n, rows, idleRows,
                (rows - idleRows) / (double) n);
    }

    private static final Pattern REAPPLIED = Pattern.compile("re-applied to (\\d+) members \\(rule ([^,\\s]+), generation (\\d+)\\) in (\\d+) ms: "
            + "(\\d+) transactions, (\\d+) JDBC statements, (\\d+) JDBC batches \\(database round trips: (\\d+)\\)");

    /**
     * The server's own count of the re-application's database round trips (its log line, written by
     * the job after the last commit): JDBC statements and batches its Hibernate sessions executed —
     * Keycloak's user and attribute loads included — plus one commit per transaction.
     */
    private static String roundTrips(KeycloakServer server, String ruleId, int generation, int n) throws Exception {
        Matcher found = null;
        for (String l : Files.readAllLines(server.logFile())) {
            Matcher m = REAPPLIED.matcher(l);
            if (m.find() && m.group(2).equals(ruleId) && Integer.parseInt(m.group(3)) == generation) {
                found = m;
            }
        }
        if (found == null) {
            return "  round trips: no log line of the re-application found\n";
        }
        long trips = Long.parseLong(found.group(8));
        return String.format("  round trips (server-side count, generation %d): %s members, %s transactions, %s JDBC statements, "
                        + "%s JDBC batches = %d round trips → %.2f per member (job's own time %s ms)%n", generation, found.group(1),
                found.group(5), found.group(6), found.group(7), trips, trips / (double) n, found.group(4));
    }

    private static double awaitDone(Gov g, String ruleId, long start) {
        double[] done = new double[1];
        Gov.await(Duration.ofMinutes(30), () -> {
            JsonNode rule = Http.get(g.org() + "/access-rules/" + ruleId).bearer(g.admin.token()).send().json();
            if ("DONE".equals(rule.path("progress").path("state").asText())) {
                done[0] = (System.nanoTime() - start) / 1e9;
                return true;
            }
            return false;
        });
        return done[0];
    }

    /** {seq_scan + idx_scan, n_tup_ins + n_tup_upd + n_tup_del} over the server's schema, or null on H2. */
    private static long[] counters(KeycloakServer server) throws Exception {
        Optional<Connection> jdbc = server.jdbc();
        if (jdbc.isEmpty()) {
            return null;
        }
        try (Connection c = jdbc.get(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(sum(coalesce(seq_scan,0) + coalesce(idx_scan,0)),0), "
                     + "coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del),0) FROM pg_stat_user_tables WHERE schemaname = current_schema()")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** Users with a department (half Sales, half Marketing) by partial import, then memberships with 8 parallel calls. */
    private static void createMembers(Admin admin, Gov g, int n) throws Exception {
        String realm = g.f.realm;
        for (int from = 0; from < n; from += 500) {
            List<Map<String, Object>> users = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 500); i++) {
                users.add(Map.of("username", "gov" + i, "email", "gov" + i + "@example.test", "firstName", "Gov", "lastName", "User" + i,
                        "enabled", true, "attributes", Map.of("department", List.of(i % 2 == 0 ? "Sales" : "Marketing"))));
            }
            Http.Response r = Http.post(admin.url() + "/admin/realms/" + realm + "/partialImport").bearer(admin.token())
                    .json(Map.of("ifResourceExists", "SKIP", "users", users)).send();
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        List<String> ids = new ArrayList<>();
        for (int first = 0; first < n + 1000; first += 1000) {
            for (JsonNode u : Http.get(admin.url() + "/admin/realms/" + realm + "/users?briefRepresentation=true&first=" + first + "&max=1000")
                    .bearer(admin.token()).send().json()) {
                if (u.path("username").asText().startsWith("gov")) {
                    ids.add(u.path("id").asText());
                }
            }
        }
        assertThat(ids).hasSize(n);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> joins = new ArrayList<>();
        for (String id : ids) {
            joins.add(pool.submit(() -> admin.addMember(realm, g.f.orgId, id)));
        }
        for (Future<?> j : joins) {
            j.get();
        }
        pool.shutdown();
    }

    private static long time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return System.nanoTime() - t;
    }

    private static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
