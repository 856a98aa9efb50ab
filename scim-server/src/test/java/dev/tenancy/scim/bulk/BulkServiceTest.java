package dev.tenancy.scim.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Runs of operations in one transaction must give exactly the outcome of one transaction per
 * operation: a failed operation leaves nothing, the others all their effects, and {@code failOnErrors}
 * counts the same. A small in-memory store with real commit and rollback stands in for the database.
 */
class BulkServiceTest {

    /** Committed state, and the state of the open transaction. */
    private final Map<String, String> committed = new LinkedHashMap<>();
    private Map<String, String> open;
    private int transactions;
    private int next;

    /** A resource type whose create fails for the userName "bad" (after writing, so a rollback is needed) and for a taken name. */
    private final ScimResourceType users = new ScimResourceType() {
        @Override
        public Kind kind() {
            return Kind.USERS;
        }

        @Override
        public ScimResult list(SearchParams params) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScimResult get(String id, AttributeSelection selection, String ifNoneMatch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScimResult create(JsonNode body) {
            String name = body.path("userName").asText();
            if (open.containsValue(name)) {
                throw ScimException.uniqueness("userName is already in use");
            }
            String id = "id" + next++;
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
    };

    private final BulkService.Transactions store = new BulkService.Transactions() {
        @Override
        public <T> T run(Function<BulkService.Types, T> work) {
            transactions++;
            open = new LinkedHashMap<>(committed);
            try {
                T result = work.apply(name -> name.equals("Users") ? Optional.of(users) : Optional.empty());
                committed.clear();
                committed.putAll(open);
                return result;
            } finally {
                open = null;
            }
        }
    };

    private BulkService bulk(int chunk) {
        return new BulkService("https://scim.test", name -> name.equals("Users") ? Optional.of(users) : Optional.empty(), store, chunk);
    }

    private static ObjectNode request(Integer failOnErrors, String... userNames) {
        return BulkRequests.creations(failOnErrors, userNames);
    }

    private static List<String> statuses(ScimResult r) {
        return BulkRequests.statuses(r);
    }

    @Test
    void allSucceedingRunInFewTransactions() {
        ScimResult r = bulk(50).process(request(null, "a", "b", "c", "d", "e"));
        assertThat(statuses(r)).containsExactly("201", "201", "201", "201", "201");
        assertThat(committed.values()).containsExactly("a", "b", "c", "d", "e");
        assertThat(transactions).isEqualTo(1);
        assertThat(r.body().get("Operations").get(2).get("location").asText()).startsWith("/Users/id");
    }

    @Test
    void aFailureLeavesOnlyItsOwnOperationUndone() {
        ScimResult r = bulk(50).process(request(null, "a", "bad", "c", "a", "e"));
        assertThat(statuses(r)).containsExactly("201", "400", "201", "409", "201");
        assertThat(committed.values()).containsExactly("a", "c", "e");
        assertThat(r.body().get("Operations").get(3).get("response").get("scimType").asText()).isEqualTo("uniqueness");
    }

    @Test
    void sameOutcomeAsOneTransactionEach() {
        String[] names = {"a", "b", "bad", "b", "c", "bad", "d", "e", "f", "a", "g"};
        ScimResult chunked = bulk(4).process(request(null, names));
        Map<String, String> afterChunked = new LinkedHashMap<>(committed);
        committed.clear();
        ScimResult single = bulk(1).process(request(null, names));
        assertThat(statuses(chunked)).isEqualTo(statuses(single));
        assertThat(afterChunked.values()).containsExactlyElementsOf(committed.values());
    }

    @Test
    void failOnErrorsCountsEveryFailedOperation() {
        ScimResult r = bulk(50).process(request(2, "a", "bad", "b", "bad", "c"));
        assertThat(statuses(r)).containsExactly("201", "400", "201", "400");
        assertThat(committed.values()).containsExactly("a", "b");
    }

    @Test
    void bulkIdReferencesResolveWithinARun() {
        ObjectNode r = request(null, "a");
        ((ArrayNode) r.get("Operations")).addObject().put("method", "DELETE").put("path", "/Users/bulkId:b0");
        ScimResult out = bulk(50).process(r);
        assertThat(statuses(out)).containsExactly("201", "204");
        assertThat(committed).isEmpty();
        assertThat(transactions).isEqualTo(1);
    }

    @Test
    void anOperationThatCannotBeReadFailsAlone() {
        ObjectNode r = request(null, "a", "b");
        ((ArrayNode) r.get("Operations")).insertObject(1).put("method", "POST").put("path", "/Nope").put("bulkId", "x");
        ScimResult out = bulk(50).process(r);
        assertThat(statuses(out)).containsExactly("201", "400", "201");
        assertThat(committed.values()).containsExactly("a", "b");
    }
}
