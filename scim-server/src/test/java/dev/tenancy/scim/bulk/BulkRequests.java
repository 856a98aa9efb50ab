package dev.tenancy.scim.bulk;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimResult;

/** Bulk requests and answers for the Bulk unit tests. */
final class BulkRequests {

    private BulkRequests() {
    }

    /** A BulkRequest of one {@code POST /Users} per user name, with bulkIds b0, b1, … */
    static ObjectNode creations(Integer failOnErrors, String... userNames) {
        ObjectNode r = Scim.NODES.objectNode();
        r.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:BulkRequest");
        if (failOnErrors != null) {
            r.put("failOnErrors", failOnErrors);
        }
        ArrayNode ops = r.putArray("Operations");
        for (int i = 0; i < userNames.length; i++) {
            ObjectNode op = ops.addObject().put("method", "POST").put("path", "/Users").put("bulkId", "b" + i);
            op.putObject("data").put("userName", userNames[i]);
        }
        return r;
    }

    /** The operations' statuses, in order. */
    static List<String> statuses(ScimResult r) {
        List<String> out = new ArrayList<>();
        r.body().get("Operations").forEach(o -> out.add(o.get("status").asText()));
        return out;
    }
}
