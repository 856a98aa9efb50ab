package dev.tenancy.scim.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.scim.protocol.AttributeSelection;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;
import dev.tenancy.scim.protocol.SearchParams;
import dev.tenancy.scim.resource.ScimResourceType;

/**
 * Independent operations of a {@code /Bulk} run at the same time, each in its own transaction: the
 * outcome (statuses, order of results, bulkId resolution, what is committed) must be that of one after
 * the other. The store stands in for the database: each transaction works on its own copy and commits
 * under a lock, where a username committed meanwhile is a unique-key violation (409).
 */
class BulkConcurrencyTest {

    private final Map<String, String> committed = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final AtomicInteger transactions = new AtomicInteger();

    private final class Users implements ScimResourceType {
        private final Map<String, String> open;

        Users(Map<String, String> open) {
            this.open = open;
        }

        @Override public Kind kind() { return Kind.USERS; }
        @Override public ScimResult list(SearchParams params) { throw new UnsupportedOperationException(); }
        @Override public ScimResult get(String id, AttributeSelection s, String ifNoneMatch) { throw new UnsupportedOperationException(); }

        @Override
        public ScimResult create(JsonNode body) {
            String name = body.path("userName").asText();
            if (open.containsValue(name)) {
                throw ScimException.uniqueness("userName is already in use");
            }
            String id = "id" + ids.incrementAndGet();
            open.put(id, name);
            if (name.equals("bad")) {
                throw ScimException.invalidValue("bad");
            }
            return new ScimResult(201, Scim.NODES.objectNode().put("id", id), "W/\"1\"", "/Users/" + id);
        }

        @Override
        public ScimResult delete(String id, String ifMatch) {
            if (open.remove(id) == null) {
                throw ScimException.notFound("User " + id + " not found");
            }
            return ScimResult.noContent();
        }
    }

    private final BulkService.Transactions store = new BulkService.Transactions() {
        @Override
        public <T> T run(Function<BulkService.Types, T> work) {
            transactions.incrementAndGet();
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            try {
                Map<String, String> open;
                Set<String> before;
                synchronized (committed) {
                    open = new LinkedHashMap<>(committed);
                    before = Set.copyOf(committed.keySet());
                }
                Users users = new Users(open);
                T result = work.apply(name -> name.equals("Users") ? Optional.of(users) : Optional.empty());
                sleep(); // long enough for the other workers to overlap
                synchronized (committed) {
                    for (Map.Entry<String, String> e : open.entrySet()) {
                        if (!committed.containsKey(e.getKey()) && committed.containsValue(e.getValue())) {
                            throw ScimException.uniqueness("userName is already in use (unique key)");
                        }
                    }
                    before.stream().filter(id -> !open.containsKey(id)).forEach(committed::remove); // this transaction's deletes
                    open.forEach((id, name) -> {
                        if (!before.contains(id)) {
                            committed.put(id, name); // this transaction's creations
                        }
                    });
                }
                return result;
            } finally {
                active.decrementAndGet();
            }
        }
    };

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private BulkService bulk(int threads) {
        return bulk(threads, 1);
    }

    private BulkService bulk(int threads, int chunk) {
        return new BulkService("https://scim.test", name -> name.equals("Users") ? Optional.of(new Users(Map.of())) : Optional.empty(),
                store, chunk, threads);
    }

    private static ObjectNode request(Integer failOnErrors, String... userNames) {
        return BulkRequests.creations(failOnErrors, userNames);
    }

    private static List<String> statuses(ScimResult r) {
        return BulkRequests.statuses(r);
    }

    @Test
    void independentCreationsRunTogetherAndAnswerInRequestOrder() {
        String[] names = {"a", "b", "c", "d", "e", "f", "g", "h"};
        ScimResult r = bulk(4).process(request(null, names));
        assertThat(statuses(r)).containsOnly("201").hasSize(names.length);
        assertThat(maxActive.get()).isGreaterThan(1);
        JsonNode ops = r.body().get("Operations");
        for (int i = 0; i < names.length; i++) {
            assertThat(ops.get(i).get("bulkId").asText()).isEqualTo("b" + i);
            String id = ops.get(i).get("location").asText().substring("/Users/".length());
            assertThat(committed.get(id)).isEqualTo(names[i]);
        }
    }

    @Test
    void sameOutcomeAsOneAfterTheOther() {
        String[] names = {"a", "b", "bad", "b", "c", "a", "d", "e", "bad", "f"};
        ScimResult together = bulk(4).process(request(null, names));
        Set<String> afterTogether = Set.copyOf(committed.values());
        committed.clear();
        ScimResult sequential = bulk(1).process(request(null, names));
        assertThat(statuses(together)).isEqualTo(statuses(sequential))
                .containsExactly("201", "201", "400", "409", "201", "409", "201", "201", "400", "201");
        assertThat(afterTogether).isEqualTo(Set.copyOf(committed.values()));
    }

    @Test
    void runsOfSeveralCreationsPerWorkerTransactionHaveTheSameOutcomeAsOneAfterTheOther() {
        String[] names = {"a", "b", "bad", "b", "c", "a", "d", "e", "bad", "f", "g", "h", "i"};
        ScimResult runs = bulk(4, 3).process(request(null, names));
        Set<String> afterRuns = Set.copyOf(committed.values());
        committed.clear();
        ScimResult sequential = bulk(1).process(request(null, names));
        assertThat(statuses(runs)).isEqualTo(statuses(sequential))
                .containsExactly("201", "201", "400", "409", "201", "409", "201", "201", "400", "201", "201", "201", "201");
        assertThat(afterRuns).isEqualTo(Set.copyOf(committed.values()));
        JsonNode ops = runs.body().get("Operations");
        for (int i = 0; i < names.length; i++) {
            assertThat(ops.get(i).get("bulkId").asText()).isEqualTo("b" + i);
        }
    }

    @Test
    void independentCreationsShareWorkerTransactions() {
        String[] names = {"a", "b", "c", "d", "e", "f", "g", "h"};
        ScimResult r = bulk(2, 4).process(request(null, names));
        assertThat(statuses(r)).containsOnly("201").hasSize(names.length);
        assertThat(transactions.get()).isEqualTo(2);
        assertThat(maxActive.get()).isEqualTo(2);
        assertThat(committed.values()).containsExactlyInAnyOrder(names);
        JsonNode ops = r.body().get("Operations");
        for (int i = 0; i < names.length; i++) {
            String id = ops.get(i).get("location").asText().substring("/Users/".length());
            assertThat(committed.get(id)).isEqualTo(names[i]);
        }
    }

    @Test
    void aFailingRunIsRepeatedOneTransactionPerOperation() {
        ScimResult r = bulk(2, 4).process(request(null, "a", "b", "bad", "c"));
        assertThat(statuses(r)).containsExactly("201", "201", "400", "201");
        assertThat(transactions.get()).isEqualTo(1 + 4);
        assertThat(committed.values()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aReferenceWaitsForItsDefiner() {
        ObjectNode r = request(null, "a", "b");
        ArrayNode ops = (ArrayNode) r.get("Operations");
        ops.addObject().put("method", "DELETE").put("path", "/Users/bulkId:b0");
        ObjectNode c = ops.addObject().put("method", "POST").put("path", "/Users").put("bulkId", "b3");
        c.putObject("data").put("userName", "c");
        ScimResult out = bulk(4).process(r);
        assertThat(statuses(out)).containsExactly("201", "201", "204", "201");
        assertThat(committed.values()).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void anUnknownReferenceFailsAloneAndTheRestGoOn() {
        ObjectNode r = request(null, "a");
        ArrayNode ops = (ArrayNode) r.get("Operations");
        ops.addObject().put("method", "DELETE").put("path", "/Users/bulkId:nope");
        ObjectNode c = ops.addObject().put("method", "POST").put("path", "/Users").put("bulkId", "b2");
        c.putObject("data").put("userName", "c");
        ScimResult out = bulk(4).process(r);
        assertThat(statuses(out)).containsExactly("201", "400", "201");
        assertThat(committed.values()).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void withFailOnErrorsOperationsRunOneAfterTheOther() {
        ScimResult r = bulk(4).process(request(2, "a", "bad", "b", "bad", "c"));
        assertThat(statuses(r)).containsExactly("201", "400", "201", "400");
        assertThat(maxActive.get()).isEqualTo(1);
        assertThat(committed.values()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void independenceNeedsDistinctNamesEmailsAndExternalIds() {
        Set<String> keys = new java.util.HashSet<>();
        assertThat(BulkService.independent(op("{\"userName\":\"Ann\",\"externalId\":\"x1\",\"emails\":[{\"value\":\"ann@x.test\"}]}"), keys)).isTrue();
        assertThat(BulkService.independent(op("{\"userName\":\"ann\"}"), keys)).isFalse();
        assertThat(BulkService.independent(op("{\"userName\":\"bob\",\"externalId\":\"x1\"}"), keys)).isFalse();
        assertThat(BulkService.independent(op("{\"userName\":\"cy\",\"emails\":[{\"value\":\"ANN@x.test\"}]}"), keys)).isFalse();
        assertThat(BulkService.independent(op("{\"userName\":\"ann@x.test\"}"), keys)).isFalse();
        assertThat(BulkService.independent(op("{\"userName\":\"dee\",\"manager\":{\"value\":\"bulkId:b1\"}}"), keys)).isFalse();
        assertThat(BulkService.independent(op("{\"userName\":\"eve\"}"), keys)).isTrue();
    }

    private static JsonNode op(String data) {
        try {
            ObjectNode op = Scim.NODES.objectNode().put("method", "POST").put("path", "/Users").put("bulkId", "q");
            op.set("data", Scim.JSON.readTree(data));
            return op;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
