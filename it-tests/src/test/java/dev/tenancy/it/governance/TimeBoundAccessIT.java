package dev.tenancy.it.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** Time-bound grants, access requests and the audit trail (the server runs the expiry job every second). */
class TimeBoundAccessIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    static String in(Duration d) {
        return Instant.now().plus(d).toString();
    }

    @Test
    void givenATimeBoundRole_thenItIsListedAndEndsByItselfWithTheEvents() {
        Gov g = Gov.create(admin);
        g.role("contractor");
        String u = g.member("temp", Map.of());
        Http.Response put = Http.put(g.f.rolesUrl() + "/contractor/users/" + u).bearer(admin.token())
                .json(Map.of("expiresAt", in(Duration.ofSeconds(3)))).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(204);
        JsonNode entry = g.holders("contractor").get(u);
        assertThat(entry.get("expiresAt").asText()).isNotBlank();
        assertThat(entry.get("grantedBy").asText()).startsWith("user:");

        Gov.await(Duration.ofSeconds(20), () -> !g.holderIds("contractor").contains(u));
        JsonNode audit = g.audit();
        assertThat(audit.toString()).contains("\"actor\":\"expiry\"");
        JsonNode ended = null;
        for (JsonNode a : audit) {
            if ("expiry".equals(a.path("actor").asText())) {
                ended = a;
                break;
            }
        }
        assertThat(ended.get("operation").asText()).isEqualTo("DELETE");
        assertThat(ended.get("resource").asText()).isEqualTo("organizations/" + g.f.orgId + "/roles/contractor/users/" + u);
        assertThat(ended.at("/before/role").asText()).isEqualTo("contractor");
    }

    @Test
    void givenATimeBoundOrganizationGroupMembership_thenItEndsByItself() {
        Gov g = Gov.create(admin);
        String u = g.member("gtemp", Map.of());
        String group = g.scimGroup("Project-X");
        Http.Response put = Http.put(g.org() + "/groups/" + group + "/members/" + u).bearer(admin.token())
                .json(Map.of("expiresAt", in(Duration.ofSeconds(3)))).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(204);
        JsonNode members = Http.get(g.org() + "/groups/" + group + "/members").bearer(admin.token()).send().json();
        assertThat(members.get(0).get("id").asText()).isEqualTo(u);
        assertThat(members.get(0).get("expiresAt").asText()).isNotBlank();
        Gov.await(Duration.ofSeconds(20), () -> Http.get(g.org() + "/groups/" + group + "/members").bearer(admin.token()).send().json().isEmpty());
    }

    @Test
    void givenBadExpiries_then400NamingExpiresAt() {
        Gov g = Gov.create(admin);
        g.role("r");
        String u = g.member("bad", Map.of());
        String group = g.scimGroup("G");
        for (String value : new String[] {in(Duration.ofSeconds(-60)), in(Duration.ofDays(400)), "next tuesday"}) {
            assertThat(Gov.field(Http.put(g.f.rolesUrl() + "/r/users/" + u).bearer(admin.token()).json(Map.of("expiresAt", value)).send()))
                    .isEqualTo("expiresAt");
            assertThat(Gov.field(Http.put(g.org() + "/groups/" + group + "/members/" + u).bearer(admin.token())
                    .json(Map.of("expiresAt", value)).send())).isEqualTo("expiresAt");
        }
        assertThat(g.holderIds("r")).isEmpty();
        Gov other = g.sibling();
        String foreignGroup = other.scimGroup("Foreign");
        assertThat(Http.put(g.org() + "/groups/" + foreignGroup + "/members/" + u).bearer(admin.token()).json(Map.of()).send().status())
                .isEqualTo(404);
    }

    @Test
    void givenARequest_whenAnotherApproverApproves_thenATimeBoundGrantFromTheRequestThatEnds() {
        Gov g = Gov.create(admin);
        g.role("prod-access");
        String requester = g.delegate("requester", "manage-roles");
        String approver = g.delegate("approver", "manage-roles");
        String plain = g.delegate("plain");
        String requesterId = g.userId("requester");

        Http.Response created = Http.post(g.org() + "/access-requests").bearer(requester)
                .json(Map.of("role", "prod-access", "reason", "incident 42", "durationSeconds", 4)).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("PENDING");
        String id = created.json().get("id").asText();

        assertThat(Http.post(g.org() + "/access-requests/" + id + "/approve").bearer(requester).json(Map.of()).send().status())
                .as("never one's own request").isEqualTo(403);
        assertThat(Http.post(g.org() + "/access-requests/" + id + "/approve").bearer(plain).json(Map.of()).send().status())
                .as("a member without manage-roles may not approve").isEqualTo(403);
        assertThat(Http.post(g.org() + "/access-requests/" + id + "/deny").bearer(plain).json(Map.of()).send().status())
                .as("nor deny").isEqualTo(403);
        assertThat(Http.post(g.org() + "/access-requests/" + id + "/deny").bearer(requester).json(Map.of()).send().status())
                .as("nor does the requester deny their own").isEqualTo(403);
        assertThat(Http.get(g.org() + "/access-requests").bearer(plain).send().json()).isEmpty();
        Http.Response ok = Http.post(g.org() + "/access-requests/" + id + "/approve").bearer(approver)
                .json(Map.of("comment", "ok for the incident")).send();
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("status").asText()).isEqualTo("APPROVED");
        assertThat(Http.post(g.org() + "/access-requests/" + id + "/deny").bearer(approver).json(Map.of()).send().status()).isEqualTo(409);
        assertThat(Http.post(g.org() + "/access-requests/" + id + "/cancel").bearer(requester).send().status())
                .as("a decided request is not cancelled").isEqualTo(409);

        // cancel: the requester only, and only while pending
        Http.Response second = Http.post(g.org() + "/access-requests").bearer(plain)
                .json(Map.of("role", "prod-access", "reason", "second", "durationSeconds", 60)).send();
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        String secondId = second.json().get("id").asText();
        assertThat(Http.post(g.org() + "/access-requests/" + secondId + "/cancel").bearer(approver).send().status())
                .as("an approver does not cancel another member's request").isEqualTo(403);
        assertThat(Http.post(g.org() + "/access-requests/" + secondId + "/cancel").bearer(requester).send().status())
                .as("nor does another member").isEqualTo(403);
        Http.Response cancelled = Http.post(g.org() + "/access-requests/" + secondId + "/cancel").bearer(plain).send();
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(Http.post(g.org() + "/access-requests/" + secondId + "/approve").bearer(approver).json(Map.of()).send().status())
                .as("a cancelled request is not approved").isEqualTo(409);

        JsonNode entry = g.holders("prod-access").get(requesterId);
        assertThat(entry.get("grantedBy").asText()).isEqualTo("request:" + id);
        assertThat(entry.get("expiresAt").asText()).isNotBlank();
        Gov.await(Duration.ofSeconds(20), () -> !g.holderIds("prod-access").contains(requesterId));
        assertThat(g.audit().toString()).contains("\"actor\":\"request:" + id + "\"");
    }

    @Test
    void givenRequestRules_thenBuiltInRolesDurationAndTargetsAreChecked() {
        Gov g = Gov.create(admin);
        g.role("r");
        String member = g.delegate("member1");
        String approver = g.delegate("approver1", "manage-roles");
        assertThat(Http.post(g.org() + "/access-requests").bearer(member)
                .json(Map.of("role", "manage-members", "reason", "x", "durationSeconds", 60)).send().status())
                .as("built-in roles: realm administrators only").isEqualTo(403);
        assertThat(Gov.field(Http.post(g.org() + "/access-requests").bearer(member)
                .json(Map.of("role", "r", "reason", "x", "durationSeconds", 31 * 24 * 3600)).send())).isEqualTo("durationSeconds");
        assertThat(Gov.field(Http.post(g.org() + "/access-requests").bearer(member)
                .json(Map.of("role", "nope", "reason", "x", "durationSeconds", 60)).send())).isEqualTo("role");
        assertThat(Gov.field(Http.post(g.org() + "/access-requests").bearer(member)
                .json(Map.of("role", "r", "durationSeconds", 60)).send())).isEqualTo("reason");
        Http.Response d = Http.post(g.org() + "/access-requests").bearer(member).json(Map.of("role", "r", "reason", "x", "durationSeconds", 60)).send();
        assertThat(d.status()).isEqualTo(201);
        String id = d.json().get("id").asText();
        Http.Response denied = Http.post(g.org() + "/access-requests/" + id + "/deny").bearer(approver).json(Map.of("comment", "no")).send();
        assertThat(denied.json().get("status").asText()).isEqualTo("DENIED");
        assertThat(g.holderIds("r")).isEmpty();
        assertThat(Http.get(g.org() + "/access-requests/" + id).bearer(member).send().json().get("status").asText()).isEqualTo("DENIED");
        Gov other = g.sibling();
        assertThat(Http.post(other.org() + "/access-requests").bearer(member).json(Map.of("role", "r", "reason", "x", "durationSeconds", 60))
                .send().status()).as("not a member there").isEqualTo(403);
    }

    @Test
    void givenChangesFromEveryPath_thenTheAuditTrailHasThemNewestFirstWithoutSecrets() {
        Gov g = Gov.create(admin);
        g.role("sales");
        String viewer = g.delegate("auditor", "view-organization");
        String plain = g.delegate("nobody");
        String ruleId = g.rule("sales", Map.of("attribute", "department", "op", "eq", "value", "Sales"), List.of("sales"), List.of());
        String scimUser = g.scimUser("from-idp", "Sales");
        String manual = g.member("manual", Map.of());
        g.f.grant("sales", manual);
        Http.post(g.f.scimConfigUrl() + "/rotate-secret").bearer(admin.token()).send();
        String leaver = g.member("leaver", Map.of());
        assertThat(Http.delete(admin.url() + "/admin/realms/" + g.f.realm + "/users/" + leaver).bearer(admin.token()).send().status())
                .isEqualTo(204);

        JsonNode audit = Http.get(g.org() + "/audit").bearer(viewer).send().json();
        String all = audit.toString();
        assertThat(all).contains("\"actor\":\"scim\"").contains("\"actor\":\"rule:" + ruleId + "\"")
                .contains("\"actor\":\"user:").contains("/access-rules/" + ruleId).contains("/roles/sales/users/" + manual)
                .contains("/roles/sales/users/" + scimUser).contains("\"resource\":\"users/" + leaver + "\"");
        assertThat(all.toLowerCase()).doesNotContain("\"secret\"").doesNotContain("\"password\"");
        for (int i = 1; i < audit.size(); i++) {
            assertThat(Instant.parse(audit.get(i - 1).get("time").asText())).isAfterOrEqualTo(Instant.parse(audit.get(i).get("time").asText()));
        }
        Http.Response csv = Http.get(g.org() + "/audit?format=csv").bearer(viewer).send();
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("time,actor,operation,resourceType,resource,before,after").contains("rule:" + ruleId);
        assertThat(Http.get(g.org() + "/audit").bearer(plain).send().status()).isEqualTo(403);
        assertThat(Gov.field(Http.get(g.org() + "/audit?from=yesterday").bearer(viewer).send())).isEqualTo("from");
        String future = Instant.now().plus(Duration.ofDays(1)).toString();
        assertThat(Http.get(g.org() + "/audit?from=" + future).bearer(viewer).send().json()).isEmpty();
    }
}
