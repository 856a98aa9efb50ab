package dev.tenancy.orgs.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RulePlannerTest {

    static final ObjectMapper M = new ObjectMapper();

    static Condition when(String json) throws Exception {
        return Condition.parse(M.readTree(json), "when");
    }

    static Condition.Subject subject(Map<String, List<String>> attrs, String... groups) {
        return new Condition.Subject(attrs::get, Set.of(groups));
    }

    static String field(String json) {
        try {
            when(json);
        } catch (BadInput e) {
            return e.field;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void givenEachOperator_thenAttributesMatchIgnoringCase() throws Exception {
        var s = subject(Map.of("department", List.of("Sales EMEA"), "title", List.of("Engineer", "Lead")));
        assertThat(when("{\"attribute\":\"department\",\"op\":\"eq\",\"value\":\"sales emea\"}").matches(s)).isTrue();
        assertThat(when("{\"attribute\":\"department\",\"op\":\"eq\",\"value\":\"Sales\"}").matches(s)).isFalse();
        assertThat(when("{\"attribute\":\"department\",\"op\":\"ne\",\"value\":\"Marketing\"}").matches(s)).isTrue();
        assertThat(when("{\"attribute\":\"department\",\"op\":\"ne\",\"value\":\"Sales EMEA\"}").matches(s)).isFalse();
        assertThat(when("{\"attribute\":\"title\",\"op\":\"in\",\"values\":[\"lead\",\"manager\"]}").matches(s)).isTrue();
        assertThat(when("{\"attribute\":\"department\",\"op\":\"sw\",\"value\":\"sales\"}").matches(s)).isTrue();
        assertThat(when("{\"attribute\":\"department\",\"op\":\"ew\",\"value\":\"emea\"}").matches(s)).isTrue();
        assertThat(when("{\"attribute\":\"department\",\"op\":\"co\",\"value\":\"s e\"}").matches(s)).isTrue();
        assertThat(when("{\"attribute\":\"department\",\"op\":\"pr\"}").matches(s)).isTrue();
        assertThat(when("{\"attribute\":\"costCenter\",\"op\":\"pr\"}").matches(s)).isFalse();
        assertThat(when("{\"attribute\":\"costCenter\",\"op\":\"ne\",\"value\":\"x\"}").matches(s)).isTrue();
    }

    @Test
    void givenGroupsAndCombinations_thenBooleanLogicHolds() throws Exception {
        var s = subject(Map.of("department", List.of("Sales")), "g1");
        assertThat(when("{\"group\":\"g1\"}").matches(s)).isTrue();
        assertThat(when("{\"group\":\"g2\"}").matches(s)).isFalse();
        assertThat(when("{\"all\":[{\"group\":\"g1\"},{\"attribute\":\"department\",\"op\":\"eq\",\"value\":\"Sales\"}]}").matches(s)).isTrue();
        assertThat(when("{\"all\":[{\"group\":\"g1\"},{\"group\":\"g2\"}]}").matches(s)).isFalse();
        assertThat(when("{\"any\":[{\"group\":\"g2\"},{\"attribute\":\"department\",\"op\":\"eq\",\"value\":\"Sales\"}]}").matches(s)).isTrue();
        assertThat(when("{\"not\":{\"group\":\"g2\"}}").matches(s)).isTrue();
        assertThat(when("{\"not\":{\"group\":\"g1\"}}").matches(s)).isFalse();
    }

    @Test
    void givenBadConditions_thenTheErrorNamesTheField() {
        assertThat(field("{\"attribute\":\"department\",\"op\":\"gt\",\"value\":\"x\"}")).isEqualTo("when.op");
        assertThat(field("{\"all\":[{\"attribute\":\"d\",\"op\":\"eq\"}]}")).isEqualTo("when.all[0].value");
        assertThat(field("{\"all\":[]}")).isEqualTo("when.all");
        assertThat(field("{\"attribute\":\"d\",\"op\":\"in\",\"value\":\"x\"}")).isEqualTo("when.values");
        assertThat(field("{\"foo\":1}")).isEqualTo("when");
        assertThat(field("{\"not\":{\"group\":5}}")).isEqualTo("when.not.group");
        assertThat(field("{\"group\":\"g\",\"not\":{\"group\":\"h\"}}")).isIn("when.group", "when.not");
    }

    static RulePlanner.Target role(String r) {
        return new RulePlanner.Target(Grants.ROLE, r);
    }

    @Test
    void givenAMatchingRule_thenTheRoleIsGainedWithTheRuleAsOrigin() throws Exception {
        var rule = new RulePlanner.Rule("r1", when("{\"attribute\":\"department\",\"op\":\"eq\",\"value\":\"Sales\"}"), List.of("sales"), List.of());
        var plan = RulePlanner.plan(subject(Map.of("department", List.of("Sales"))), List.of(rule), Map.of(), Map.of());
        assertThat(plan.gains()).containsExactly(Map.entry(role("sales"), "rule:r1"));
        assertThat(plan.sourcesToAdd()).containsKey(role("sales"));
        assertThat(plan.losses()).isEmpty();
    }

    @Test
    void givenAMoverBetweenRoleRules_thenThePlanChangesNoGroup_soOneRoundSuffices() throws Exception {
        var sales = new RulePlanner.Rule("s", when("{\"attribute\":\"department\",\"op\":\"eq\",\"value\":\"Sales\"}"), List.of("sales"), List.of());
        var support = new RulePlanner.Rule("t", when("{\"attribute\":\"department\",\"op\":\"eq\",\"value\":\"Support\"}"), List.of("support"), List.of());
        var plan = RulePlanner.plan(subject(Map.of("department", List.of("Support"))), List.of(sales, support),
                Map.of(role("sales"), Set.of("s")), Map.of(role("sales"), "rule:s"));

        assertThat(plan.changesGrants()).isTrue();
        assertThat(plan.changesGroups()).isFalse();
    }

    @Test
    void givenARuleThatGrantsAGroup_thenThePlanChangesGroups_soTheMemberIsEvaluatedAgain() throws Exception {
        var joiner = new RulePlanner.Rule("j", when("{\"attribute\":\"department\",\"op\":\"eq\",\"value\":\"Sales\"}"), List.of(), List.of("g1"));
        var chained = new RulePlanner.Rule("c", when("{\"group\":\"g1\"}"), List.of("crm"), List.of());
        var first = RulePlanner.plan(subject(Map.of("department", List.of("Sales"))), List.of(joiner, chained), Map.of(), Map.of());
        assertThat(first.changesGroups()).isTrue();
        assertThat(first.gains()).doesNotContainKey(role("crm"));

        var second = RulePlanner.plan(subject(Map.of("department", List.of("Sales")), "g1"), List.of(joiner, chained),
                first.sourcesToAdd(), Map.of(new RulePlanner.Target(Grants.GROUP, "g1"), "rule:j"));
        assertThat(second.gains()).containsKey(role("crm"));
    }

    @Test
    void givenARuleThatStopsMatching_thenOnlyItsOwnGrantIsLost_neverAManualOne() throws Exception {
        var rule = new RulePlanner.Rule("r1", when("{\"attribute\":\"department\",\"op\":\"eq\",\"value\":\"Sales\"}"), List.of("sales", "crm"), List.of());
        var s = subject(Map.of("department", List.of("Marketing")));
        var plan = RulePlanner.plan(s, List.of(rule),
                Map.of(role("sales"), Set.of("r1"), role("crm"), Set.of("r1")),
                Map.of(role("sales"), "rule:r1", role("crm"), "user:admin"));
        assertThat(plan.losses()).containsExactly(role("sales"));
        assertThat(plan.sourcesToRemove()).containsKeys(role("sales"), role("crm"));
    }

    @Test
    void givenTwoRulesGivingTheSameRole_whenOneStops_thenTheRoleStaysAndChangesOrigin() throws Exception {
        var a = new RulePlanner.Rule("a", when("{\"attribute\":\"department\",\"op\":\"eq\",\"value\":\"Sales\"}"), List.of("crm"), List.of());
        var b = new RulePlanner.Rule("b", when("{\"attribute\":\"title\",\"op\":\"pr\"}"), List.of("crm"), List.of());
        var s = subject(Map.of("department", List.of("Marketing"), "title", List.of("Lead")));
        var plan = RulePlanner.plan(s, List.of(a, b), Map.of(role("crm"), Set.of("a", "b")), Map.of(role("crm"), "rule:a"));
        assertThat(plan.losses()).isEmpty();
        assertThat(plan.gains()).isEmpty();
        assertThat(plan.relabels()).containsExactly(Map.entry(role("crm"), "rule:b"));
    }

    @Test
    void givenNoRules_thenRuleGrantsAreLostAndOthersKept() {
        var plan = RulePlanner.plan(subject(Map.of()), List.of(), Map.of(role("x"), Set.of("gone")),
                Map.of(role("x"), "rule:gone", role("y"), "scim", role("z"), "request:1"));
        assertThat(plan.losses()).containsExactly(role("x"));
    }

    @Test
    void givenCsvCellsThatLookLikeFormulas_thenTheyAreDefused() {
        assertThat(Csv.row("=SUM(A1)", "a,b", "plain", null)).isEqualTo("'=SUM(A1),\"a,b\",plain,\r\n");
    }

    @Test
    void givenExpiries_thenPastAndFarFutureAreRefused() {
        long now = 1_000_000_000_000L;
        assertThatThrownBy(() -> Times.expiresAt("2001-09-09T01:46:39Z", "expiresAt", now)).isInstanceOf(BadInput.class);
        assertThatThrownBy(() -> Times.expiresAt("2003-09-09T01:46:40Z", "expiresAt", now)).isInstanceOf(BadInput.class);
        assertThatThrownBy(() -> Times.expiresAt("tomorrow", "expiresAt", now)).isInstanceOf(BadInput.class);
        assertThat(Times.expiresAt("2001-09-10T01:46:40Z", "expiresAt", now)).isEqualTo(now + 86_400_000L);
    }
}
