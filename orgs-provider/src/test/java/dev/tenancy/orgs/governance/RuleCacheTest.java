package dev.tenancy.orgs.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RuleCacheTest {

    /** Rule rows of one database shared by the nodes: id → (generation, updated, enabled). */
    static final class Table {
        final Map<String, long[]> rows = new LinkedHashMap<>();
        final AtomicInteger loads = new AtomicInteger();
        long clock = 1_000;

        void put(String id, boolean enabled) {
            long[] r = rows.get(id);
            rows.put(id, new long[] {r == null ? 1 : r[0] + 1, ++clock, enabled ? 1 : 0});
        }

        /** What tnc.govRule.stamp computes. */
        RuleCache.Stamp stamp() {
            return new RuleCache.Stamp(rows.size(), rows.values().stream().mapToLong(r -> r[0]).sum(),
                    rows.values().stream().mapToLong(r -> r[1]).sum());
        }

        List<RulePlanner.Rule> load() {
            loads.incrementAndGet();
            List<RulePlanner.Rule> out = new ArrayList<>();
            rows.forEach((id, r) -> {
                if (r[2] == 1) {
                    out.add(new RulePlanner.Rule(id + "@" + r[0], null, List.of(), List.of()));
                }
            });
            return out;
        }

        List<String> read(RuleCache node) {
            return node.enabledRules("org", this::stamp, this::load).stream().map(RulePlanner.Rule::id).toList();
        }

        /** Whether each stamp read through a transaction flushed first. */
        final List<Boolean> stampReads = new ArrayList<>();

        List<String> read(RuleCache node, RuleCache.Transaction tx) {
            return node.enabledRules("org", () -> tx.stamp("org", flush -> {
                stampReads.add(flush);
                return stamp();
            }), this::load).stream().map(RulePlanner.Rule::id).toList();
        }
    }

    @Test
    void givenUnchangedRules_thenTheyAreReadOnce() {
        Table db = new Table();
        db.put("a", true);
        RuleCache cut = new RuleCache();

        assertThat(db.read(cut)).containsExactly("a@1");
        assertThat(db.read(cut)).containsExactly("a@1");

        assertThat(db.loads).hasValue(1);
    }

    @Test
    void givenARuleChangedOnAnotherNode_thenThisNodeSeesItAtItsNextEvaluation() {
        Table db = new Table();
        db.put("a", true);
        db.put("b", true);
        RuleCache nodeA = new RuleCache();
        RuleCache nodeB = new RuleCache();
        assertThat(db.read(nodeB)).containsExactly("a@1", "b@1");

        db.put("a", true); // edited on node A
        assertThat(db.read(nodeB)).containsExactly("a@2", "b@1");
        db.put("b", false); // disabled
        assertThat(db.read(nodeB)).containsExactly("a@2");
        db.rows.remove("a"); // deleted
        assertThat(db.read(nodeB)).isEmpty();
        db.put("c", true); // created
        assertThat(db.read(nodeB)).containsExactly("c@1");
        assertThat(db.read(nodeA)).containsExactly("c@1");
    }

    @Test
    void givenADeleteAndACreateThatKeepTheCountAndTheGenerations_thenTheStampStillChanges() {
        Table db = new Table();
        db.put("a", true);
        db.put("b", true);
        db.put("b", true); // a@1 + b@2: count 2, generations 3
        RuleCache cut = new RuleCache();
        assertThat(db.read(cut)).containsExactly("a@1", "b@2");

        db.rows.remove("b");
        db.put("a", true);
        db.put("c", true); // a@2 + c@1: count 2, generations 3 again

        assertThat(db.read(cut)).containsExactly("a@2", "c@1");
    }

    @Test
    void givenNoRules_thenNothingIsLoaded() {
        Table db = new Table();
        RuleCache cut = new RuleCache();

        assertThat(db.read(cut)).isEmpty();

        assertThat(db.loads).hasValue(0);
    }

    @Test
    void givenMoreOrganizationsThanTheBound_thenCopiesAreDroppedAndReadAgain() {
        Table db = new Table();
        db.put("a", true);
        RuleCache cut = new RuleCache(2);
        for (String org : List.of("o1", "o2", "o3", "o1")) {
            cut.enabledRules(org, db::stamp, db::load);
        }

        assertThat(db.loads).hasValue(4);
    }

    @Test
    void givenOneTransaction_thenTheStampIsReadOnceAndWithoutFlushing() {
        Table db = new Table();
        db.put("a", true);
        RuleCache node = new RuleCache();
        RuleCache.Transaction tx = new RuleCache.Transaction();

        assertThat(db.read(node, tx)).containsExactly("a@1");
        assertThat(db.read(node, tx)).containsExactly("a@1");

        assertThat(db.stampReads).containsExactly(false);
    }

    @Test
    void givenARuleWrittenInTheTransaction_thenItsLaterReadsFlushAndSeeIt() {
        Table db = new Table();
        db.put("a", true);
        RuleCache node = new RuleCache();
        RuleCache.Transaction tx = new RuleCache.Transaction();
        assertThat(db.read(node, tx)).containsExactly("a@1");

        tx.ruleWritten();
        db.put("a", false); // the pending change, visible to a read that flushes first

        assertThat(db.read(node, tx)).isEmpty();
        assertThat(db.read(node, tx)).isEmpty();
        assertThat(db.stampReads).containsExactly(false, true, true);
    }

    @Test
    void givenARuleCommittedOnNodeA_thenNodeBSeesItInItsNextTransaction() {
        Table db = new Table();
        db.put("a", true);
        RuleCache nodeB = new RuleCache();
        assertThat(db.read(nodeB, new RuleCache.Transaction())).containsExactly("a@1");

        db.put("a", true); // edited and committed on node A
        db.put("b", true);

        assertThat(db.read(nodeB, new RuleCache.Transaction())).containsExactly("a@2", "b@1");
        assertThat(db.stampReads).containsExactly(false, false);
    }
}
