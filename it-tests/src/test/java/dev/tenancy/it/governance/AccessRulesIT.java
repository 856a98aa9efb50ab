package dev.tenancy.it.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/** {@code …/orgs/{orgId}/access-rules}: every {@code when} form, every change path, overlaps, deletion, preview, refusals. */
class AccessRulesIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    static Map<String, Object> attr(String name, String op, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attribute", name);
        m.put("op", op);
        if (value != null) {
            m.put("value", value);
        }
        return m;
    }

    @Test
    void givenEachWhenForm_thenExactlyTheMatchingMembersHoldItsRole() {
        Gov g = Gov.create(admin);
        String sales = g.member("sales", Map.of("department", List.of("Sales EMEA"), "title", List.of("Lead")));
        String mkt = g.member("mkt", Map.of("department", List.of("Marketing")));
        String none = g.member("none", Map.of());
        String grp = g.scimGroup("Engineers", mkt);

        Map<String, Object> forms = new LinkedHashMap<>();
        forms.put("r-eq", attr("department", "eq", "sales emea"));
        forms.put("r-ne", attr("department", "ne", "Marketing"));
        forms.put("r-in", Map.of("attribute", "department", "op", "in", "values", List.of("Marketing", "Finance")));
        forms.put("r-sw", attr("department", "sw", "Sales"));
        forms.put("r-ew", attr("department", "ew", "EMEA"));
        forms.put("r-co", attr("department", "co", "ark"));
        forms.put("r-pr", attr("title", "pr", null));
        forms.put("r-group", Map.of("group", grp));
        forms.put("r-all", Map.of("all", List.of(attr("department", "sw", "Sales"), attr("title", "eq", "Lead"))));
        forms.put("r-any", Map.of("any", List.of(Map.of("group", grp), attr("title", "eq", "Lead"))));
        forms.put("r-not", Map.of("not", attr("department", "pr", null)));
        Map<String, String> ruleIds = new LinkedHashMap<>();
        forms.forEach((role, when) -> {
            g.role(role);
            ruleIds.put(role, g.rule(role, when, List.of(role), List.of()));
        });

        assertThat(g.holderIds("r-eq")).containsExactly(sales);
        assertThat(g.holderIds("r-ne")).isEqualTo(new TreeSet<>(Set.of(sales, none)));
        assertThat(g.holderIds("r-in")).containsExactly(mkt);
        assertThat(g.holderIds("r-sw")).containsExactly(sales);
        assertThat(g.holderIds("r-ew")).containsExactly(sales);
        assertThat(g.holderIds("r-co")).containsExactly(mkt);
        assertThat(g.holderIds("r-pr")).containsExactly(sales);
        assertThat(g.holderIds("r-group")).containsExactly(mkt);
        assertThat(g.holderIds("r-all")).containsExactly(sales);
        assertThat(g.holderIds("r-any")).isEqualTo(new TreeSet<>(Set.of(sales, mkt)));
        assertThat(g.holderIds("r-not")).containsExactly(none);
        assertThat(g.holders("r-eq").get(sales).get("grantedBy").asText()).isEqualTo("rule:" + ruleIds.get("r-eq"));
        assertThat(g.holders("r-eq").get(sales).get("expiresAt").isNull()).isTrue();

        JsonNode rule = Http.get(g.org() + "/access-rules/" + ruleIds.get("r-eq")).bearer(admin.token()).send().json();
        assertThat(rule.at("/progress/state").asText()).isEqualTo("DONE");
        assertThat(rule.at("/progress/processed").asLong()).isEqualTo(3);
    }

    @Test
    void givenADepartmentRule_thenScimAndAdminChangesGrantAndRevokeInTheSameRequest() {
        Gov g = Gov.create(admin);
        g.role("sales");
        g.rule("department-sales", attr("department", "eq", "Sales"), List.of("sales"), List.of());

        String viaScim = g.scimUser("scim-joiner", "Sales");
        assertThat(g.holderIds("sales")).contains(viaScim);
        g.scimDepartment(viaScim, "Marketing");
        assertThat(g.holderIds("sales")).doesNotContain(viaScim);
        g.scimDepartment(viaScim, "Sales");
        assertThat(g.holderIds("sales")).contains(viaScim);

        String viaAdmin = g.member("admin-mover", Map.of("department", List.of("Finance")));
        assertThat(g.holderIds("sales")).doesNotContain(viaAdmin);
        g.setAttributes(viaAdmin, Map.of("department", List.of("Sales")));
        assertThat(g.holderIds("sales")).contains(viaAdmin);
        g.setAttributes(viaAdmin, Map.of("department", List.of("Marketing")));
        assertThat(g.holderIds("sales")).doesNotContain(viaAdmin);
    }

    @Test
    void givenAnIdentityProviderGroupRule_thenScimGroupPushesDriveTheRoleAndOrganizationGroup() {
        Gov g = Gov.create(admin);
        g.role("engineering");
        String u = g.scimUser("eng", null);
        String pushed = g.scimGroup("Entra-Engineers");
        String target = g.scimGroup("Builders");
        g.rule("idp-engineers", Map.of("group", pushed), List.of("engineering"), List.of(target));

        g.scimGroupMember(pushed, u, true);
        assertThat(g.holderIds("engineering")).contains(u);
        JsonNode members = Http.get(g.org() + "/groups/" + target + "/members").bearer(admin.token()).send().json();
        assertThat(members.toString()).contains(u);
        assertThat(members.get(0).get("grantedBy").asText()).startsWith("rule:");
        // the membership the SCIM client made is its own grant, and listed as such
        JsonNode pushedMembers = Http.get(g.org() + "/groups/" + pushed + "/members").bearer(admin.token()).send().json();
        assertThat(pushedMembers.size()).isEqualTo(1);
        assertThat(pushedMembers.get(0).get("grantedBy").asText()).isEqualTo("scim");

        g.scimGroupMember(pushed, u, false);
        assertThat(Http.get(g.org() + "/groups/" + pushed + "/members").bearer(admin.token()).send().json().size()).isZero();
        g.scimGroupMember(pushed, u, true);
        assertThat(Http.get(g.org() + "/groups/" + pushed + "/members").bearer(admin.token()).send().json().get(0)
                .get("grantedBy").asText()).isEqualTo("scim");
        g.scimGroupMember(pushed, u, false);
        assertThat(g.holderIds("engineering")).doesNotContain(u);
        assertThat(Http.get(g.org() + "/groups/" + target + "/members").bearer(admin.token()).send().json().toString()).doesNotContain(u);
    }

    @Test
    void givenARuleGrantAndAManualGrant_thenTheManualOneSurvivesTheRuleAndAnotherRuleKeepsIt() {
        Gov g = Gov.create(admin);
        g.role("crm");
        String both = g.member("both", Map.of("department", List.of("Sales"), "title", List.of("Lead")));
        String manual = g.member("manual", Map.of("department", List.of("Sales")));
        g.f.grant("crm", manual);
        String bySales = g.rule("sales-crm", attr("department", "eq", "Sales"), List.of("crm"), List.of());
        g.rule("leads-crm", attr("title", "eq", "Lead"), List.of("crm"), List.of());

        assertThat(g.holders("crm").get(manual).get("grantedBy").asText()).startsWith("user:");
        g.setAttributes(manual, Map.of("department", List.of("Marketing")));
        assertThat(g.holderIds("crm")).as("a manual grant is never removed by a rule").contains(manual);

        g.setAttributes(both, Map.of("department", List.of("Marketing")));
        assertThat(g.holderIds("crm")).as("another rule still gives it").contains(both);
        g.setAttributes(both, Map.of("title", List.of("Engineer")));
        assertThat(g.holderIds("crm")).doesNotContain(both);
        assertThat(bySales).isNotBlank();
    }

    @Test
    void givenARuleIsDeletedOrDisabled_thenOnlyTheGrantsItAloneGaveGo() {
        Gov g = Gov.create(admin);
        g.role("sales");
        String a = g.member("alice", Map.of("department", List.of("Sales")));
        String b = g.member("bob", Map.of("department", List.of("Sales")));
        String id = g.rule("sales", attr("department", "eq", "Sales"), List.of("sales"), List.of());
        g.f.grant("sales", b); // b now holds it by hand too
        assertThat(g.holderIds("sales")).contains(a, b);

        Map<String, Object> disabled = Gov.ruleBody("sales", attr("department", "eq", "Sales"), List.of("sales"), List.of());
        disabled.put("enabled", false);
        Http.Response put = Http.put(g.org() + "/access-rules/" + id).bearer(admin.token()).json(disabled).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        g.awaitApplied(id);
        assertThat(g.holderIds("sales")).doesNotContain(a).contains(b);

        disabled.put("enabled", true);
        Http.put(g.org() + "/access-rules/" + id).bearer(admin.token()).json(disabled).send();
        g.awaitApplied(id);
        assertThat(g.holderIds("sales")).contains(a, b);

        assertThat(Http.delete(g.org() + "/access-rules/" + id).bearer(admin.token()).send().status()).isEqualTo(204);
        assertThat(g.holderIds("sales")).doesNotContain(a).contains(b);
        assertThat(Http.get(g.org() + "/access-rules/" + id).bearer(admin.token()).send().status()).isEqualTo(404);
    }

    @Test
    void givenADraft_thenThePreviewIsExactlyTheEffect() {
        Gov g = Gov.create(admin);
        g.role("finance");
        g.role("old");
        String f1 = g.member("fin1", Map.of("department", List.of("Finance")));
        String f2 = g.member("fin2", Map.of("department", List.of("Finance Ops")));
        g.member("xavier", Map.of("department", List.of("Sales")));
        String oldRule = g.rule("old", attr("department", "eq", "Sales"), List.of("old"), List.of());
        Set<String> oldHolders = g.holderIds("old");

        Map<String, Object> draft = Gov.ruleBody("finance", attr("department", "sw", "finance"), List.of("finance"), List.of());
        Http.Response preview = Http.post(g.org() + "/access-rules/preview").bearer(admin.token()).json(draft).send();
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        Set<String> predicted = new TreeSet<>();
        preview.json().get("changes").forEach(c -> {
            if (c.at("/gain/roles").toString().contains("finance")) {
                predicted.add(c.get("userId").asText());
            }
        });
        assertThat(predicted).containsExactlyInAnyOrder(f1, f2);
        g.rule("finance", draft.get("when"), List.of("finance"), List.of());
        assertThat(g.holderIds("finance")).isEqualTo(predicted);

        // An edit's preview: who would lose.
        Map<String, Object> edit = Gov.ruleBody("old", attr("department", "eq", "Nobody"), List.of("old"), List.of());
        edit.put("id", oldRule);
        JsonNode lose = Http.post(g.org() + "/access-rules/preview").bearer(admin.token()).json(edit).send().json();
        Set<String> losing = new TreeSet<>();
        lose.get("changes").forEach(c -> {
            if (c.at("/lose/roles").toString().contains("old")) {
                losing.add(c.get("userId").asText());
            }
        });
        assertThat(losing).isEqualTo(oldHolders);
        edit.remove("id");
        Http.put(g.org() + "/access-rules/" + oldRule).bearer(admin.token()).json(edit).send();
        g.awaitApplied(oldRule);
        assertThat(g.holderIds("old")).isEmpty();
        assertThat(Http.get(g.org() + "/access-rules/" + oldRule + "/preview").bearer(admin.token()).send().json().get("changes")).isEmpty();
    }

    @Test
    void givenADisabledRule_thenItsPreviewIsWhatEnablingItDoes() {
        Gov g = Gov.create(admin);
        g.role("later");
        String s1 = g.member("sales1", Map.of("department", List.of("Sales")));
        String s2 = g.member("sales2", Map.of("department", List.of("sales")));
        g.member("marketing1", Map.of("department", List.of("Marketing")));
        Map<String, Object> body = Gov.ruleBody("later", attr("department", "eq", "Sales"), List.of("later"), List.of());
        body.put("enabled", false);
        Http.Response created = g.createRule(admin.token(), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        g.awaitApplied(id);
        assertThat(g.holderIds("later")).as("disabled: nothing given").isEmpty();

        JsonNode preview = Http.get(g.org() + "/access-rules/" + id + "/preview").bearer(admin.token()).send().json();
        Set<String> predicted = new TreeSet<>();
        preview.get("changes").forEach(c -> {
            assertThat(c.at("/lose/roles")).isEmpty();
            if (c.at("/gain/roles").toString().contains("later")) {
                predicted.add(c.get("userId").asText());
            }
        });
        assertThat(predicted).containsExactlyInAnyOrder(s1, s2);
        assertThat(preview.get("matched").asLong()).isEqualTo(2);
        assertThat(preview.get("evaluated").asLong()).isEqualTo(3);

        body.put("enabled", true);
        assertThat(Http.put(g.org() + "/access-rules/" + id).bearer(admin.token()).json(body).send().status()).isEqualTo(200);
        g.awaitApplied(id);
        assertThat(g.holderIds("later")).isEqualTo(predicted);
        assertThat(Http.get(g.org() + "/access-rules/" + id + "/preview").bearer(admin.token()).send().json().get("changes")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenTheAccountConsole_thenAMembersOwnProfileChangeAppliesTheRulesAndIsAudited() {
        Gov g = Gov.create(admin);
        g.role("sales");
        String ruleId = g.rule("sales", attr("department", "eq", "Sales"), List.of("sales"), List.of());
        String token = g.delegate("self");
        String id = g.userId("self");
        String account = admin.url() + "/realms/" + g.f.realm + "/account/";
        for (String department : List.of("Sales", "Marketing")) {
            Http.Response me = Http.get(account).bearer(token).header("Accept", "application/json").send();
            assertThat(me.status()).as(me.toString()).isEqualTo(200);
            Map<String, Object> rep = Http.JSON.convertValue(me.json(), Map.class);
            Map<String, Object> attrs = (Map<String, Object>) rep.computeIfAbsent("attributes", k -> new LinkedHashMap<>());
            attrs.put("department", List.of(department));
            Http.Response update = Http.post(account).bearer(token).json(rep).send();
            assertThat(update.status()).as(update.toString()).isIn(200, 204);
            if (department.equals("Sales")) {
                assertThat(g.holderIds("sales")).as("granted in the account console's request").contains(id);
                assertThat(g.holders("sales").get(id).get("grantedBy").asText()).isEqualTo("rule:" + ruleId);
            } else {
                assertThat(g.holderIds("sales")).as("revoked in the account console's request").doesNotContain(id);
            }
        }
        JsonNode audit = g.audit();
        int selfEdits = 0;
        int ruleChanges = 0;
        for (JsonNode a : audit) {
            if (a.path("actor").asText().equals("user:" + id) && a.path("resource").asText().equals("users/" + id)) {
                assertThat(a.at("/after/event").asText()).isEqualTo("UPDATE_PROFILE");
                selfEdits++;
            }
            if (a.path("actor").asText().equals("rule:" + ruleId)
                    && a.path("resource").asText().equals("organizations/" + g.f.orgId + "/roles/sales/users/" + id)) {
                ruleChanges++;
            }
        }
        assertThat(selfEdits).as("both account-console edits are in the trail: " + audit).isEqualTo(2);
        assertThat(ruleChanges).as("the rule's grant and revocation: " + audit).isEqualTo(2);
    }

    @Test
    void givenBadInput_then400NamingTheField() {
        Gov g = Gov.create(admin);
        Gov other = g.sibling();
        g.role("mine");
        Http.post(other.f.rolesUrl()).bearer(admin.token()).json(Map.of("name", "theirs")).send();
        String theirGroup = other.scimGroup("Theirs");

        assertThat(Gov.field(g.createRule(admin.token(), Gov.ruleBody("x", attr("department", "gt", "1"), List.of("mine"), List.of()))))
                .isEqualTo("when.op");
        assertThat(Gov.field(g.createRule(admin.token(), Gov.ruleBody("x", Map.of("any", List.of(Map.of("attribute", "d", "op", "eq"))),
                List.of("mine"), List.of())))).isEqualTo("when.any[0].value");
        assertThat(Gov.field(g.createRule(admin.token(), Gov.ruleBody("x", attr("d", "pr", null), List.of("theirs"), List.of()))))
                .isEqualTo("grant.roles");
        assertThat(Gov.field(g.createRule(admin.token(), Gov.ruleBody("x", attr("d", "pr", null), List.of(), List.of(theirGroup)))))
                .isEqualTo("grant.groups");
        assertThat(Gov.field(g.createRule(admin.token(), Gov.ruleBody("x", Map.of("group", theirGroup), List.of("mine"), List.of()))))
                .isEqualTo("when");
        assertThat(Gov.field(g.createRule(admin.token(), Gov.ruleBody("", attr("d", "pr", null), List.of("mine"), List.of()))))
                .isEqualTo("name");
        assertThat(Gov.field(g.createRule(admin.token(), Gov.ruleBody("x", attr("d", "pr", null), List.of(), List.of()))))
                .isEqualTo("grant");
        assertThat(g.createRule(admin.token(), Map.of("name", "x")).status()).isEqualTo(400);
        assertThat(Http.post(g.org() + "/access-rules").bearer(admin.token()).json("{\"name\":").send().status()).isEqualTo(400);
        assertThat(Http.get(g.org() + "/access-rules").bearer(admin.token()).send().json()).isEmpty();
    }

    @Test
    void givenDelegatedMembers_thenEachRoleGetsExactlyWhatItAllows() {
        Gov g = Gov.create(admin);
        g.role("custom");
        String manager = g.delegate("manager", "manage-roles");
        String viewer = g.delegate("viewer", "view-roles");
        String plain = g.delegate("plain");

        Map<String, Object> custom = Gov.ruleBody("custom", attr("department", "pr", null), List.of("custom"), List.of());
        Http.Response created = g.createRule(manager, custom);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(g.createRule(manager, Gov.ruleBody("builtin", attr("department", "pr", null), List.of("manage-members"), List.of())).status())
                .as("manage-roles may only use custom roles").isEqualTo(403);
        assertThat(g.createRule(admin.token(), Gov.ruleBody("builtin", attr("department", "pr", null), List.of("view-members"), List.of())).status())
                .isEqualTo(201);

        assertThat(Http.get(g.org() + "/access-rules/" + id).bearer(viewer).send().status()).isEqualTo(200);
        assertThat(g.createRule(viewer, Gov.ruleBody("v", attr("d", "pr", null), List.of("custom"), List.of())).status()).isEqualTo(403);
        assertThat(Http.delete(g.org() + "/access-rules/" + id).bearer(viewer).send().status()).isEqualTo(403);
        assertThat(Http.get(g.org() + "/access-rules").bearer(plain).send().status()).isEqualTo(403);
        assertThat(Http.post(g.org() + "/access-rules/preview").bearer(plain).json(custom).send().status()).isEqualTo(403);

        Gov other = g.sibling();
        assertThat(Http.get(other.org() + "/access-rules").bearer(manager).send().status()).isEqualTo(403);
        assertThat(Http.get(other.org() + "/access-rules/" + id).bearer(admin.token()).send().status())
                .as("another organization's rule is not here").isEqualTo(404);
        assertThat(Http.get(g.f.orgsUrl() + "/00000000-0000-0000-0000-000000000000/access-rules").bearer(admin.token()).send().status())
                .isEqualTo(404);
    }
}
