package dev.tenancy.scim.bulk;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.scim.Failures;
import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.protocol.AttributeSelection;
import dev.tenancy.scim.protocol.Names;
import dev.tenancy.scim.protocol.Responses;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;
import dev.tenancy.scim.resource.ScimResourceType;
import dev.tenancy.scim.resource.ScimResourceTypes;

/**
 * {@code /Bulk} (RFC 7644 §3.7): up to {@link Scim#MAX_BULK_OPERATIONS} operations, each in its own
 * transaction, in order; {@code bulkId:} references resolve to the ids created earlier in the request;
 * processing stops after {@code failOnErrors} errors.
 */
public final class BulkService {

    private final ScimContext ctx;

    public BulkService(ScimContext ctx) {
        this.ctx = ctx;
    }

    public ScimResult process(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("A BulkRequest must be a JSON object");
        }
        JsonNode request = Names.canonicalize(body);
        JsonNode operations = request.get("Operations");
        if (operations == null || !operations.isArray()) {
            throw ScimException.invalidSyntax("Operations must be an array");
        }
        if (operations.size() > Scim.MAX_BULK_OPERATIONS) {
            throw ScimException.tooLarge("At most " + Scim.MAX_BULK_OPERATIONS + " operations per request");
        }
        JsonNode fail = request.get("failOnErrors");
        if (fail != null && !fail.isNull() && (!fail.canConvertToInt() || fail.asInt() < 0)) {
            throw ScimException.invalidValue("failOnErrors must be a non-negative integer");
        }
        int failOnErrors = fail == null || fail.isNull() || fail.asInt() == 0 ? Integer.MAX_VALUE : fail.asInt();

        Map<String, String> bulkIds = new HashMap<>();
        ObjectNode out = Scim.NODES.objectNode();
        out.putArray("schemas").add(Scim.BULK_RESPONSE);
        ArrayNode results = out.putArray("Operations");
        int errors = 0;
        for (JsonNode op : operations) {
            if (errors >= failOnErrors) {
                break;
            }
            ObjectNode result = results.addObject();
            String method = op.path("method").asText("").toUpperCase(Locale.ROOT);
            result.put("method", method);
            String bulkId = op.hasNonNull("bulkId") ? op.get("bulkId").asText() : null;
            if (bulkId != null) {
                result.put("bulkId", bulkId);
            }
            try {
                ScimResult r = execute(op, method, bulkId, bulkIds);
                if (r.location() != null) {
                    result.put("location", r.location());
                } else if (op.hasNonNull("path")) {
                    result.put("location", ctx.baseUri() + resolve(op.get("path").asText(), bulkIds));
                }
                if (r.version() != null) {
                    result.put("version", r.version());
                }
                result.put("status", String.valueOf(r.status()));
                if (bulkId != null && r.status() == 201 && r.body() != null) {
                    bulkIds.put(bulkId, r.body().path("id").asText());
                }
            } catch (RuntimeException failure) {
                // an operation's own failures were mapped in its transaction; a failed commit arrives here
                ScimException e = Failures.toScim(failure);
                errors++;
                result.put("status", String.valueOf(e.status()));
                result.set("response", Responses.errorBody(e.status(), e.scimType(), e.getMessage()));
            }
        }
        return ScimResult.ok(out);
    }

    private ScimResult execute(JsonNode op, String method, String bulkId, Map<String, String> bulkIds) {
        if (!op.isObject()) {
            throw ScimException.invalidSyntax("Each operation must be a JSON object");
        }
        String path = op.path("path").asText("");
        if (method.equals("POST") && bulkId == null) {
            throw ScimException.invalidValue("POST operations need a bulkId");
        }
        String resolved = resolve(path, bulkIds);
        String[] parts = resolved.replaceFirst("^/", "").split("/");
        String type = parts.length > 0 ? parts[0] : "";
        String id = parts.length > 1 ? parts[1] : null;
        if (parts.length > 2 || ScimResourceTypes.of(ctx, type).filter(ScimResourceType::writable).isEmpty()) {
            throw ScimException.invalidPath("Unsupported path " + path);
        }
        JsonNode data = op.get("data") == null ? null : resolveData(op.get("data"), bulkIds);
        String version = op.hasNonNull("version") ? op.get("version").asText() : null;
        boolean needsId = !method.equals("POST");
        if (needsId == (id == null)) {
            throw ScimException.invalidPath(method + " " + path + " is not a valid bulk operation");
        }
        return KeycloakModelUtils.runJobInTransactionWithResult(ctx.session().getKeycloakSessionFactory(),
                ctx.session().getContext(), s -> {
                    ScimContext c = ctx.in(s);
                    return Failures.run(s, () -> dispatch(c, type, method, id, data, version));
                }, "scim-bulk");
    }

    /** One operation on its resource type, whichever it is: the one Bulk dispatcher. */
    private static ScimResult dispatch(ScimContext c, String type, String method, String id, JsonNode data, String version) {
        ScimResourceType t = ScimResourceTypes.of(c, type).orElseThrow(() -> ScimException.invalidPath("Unsupported path /" + type));
        return switch (method) {
            case "POST" -> t.create(data);
            case "PUT" -> t.replace(id, data, version);
            case "PATCH" -> t.patch(id, data, version, AttributeSelection.all());
            case "DELETE" -> t.delete(id, version);
            default -> throw ScimException.invalidSyntax("Unknown method " + method);
        };
    }

    private static String resolve(String path, Map<String, String> bulkIds) {
        int i = path.indexOf("bulkId:");
        if (i < 0) {
            return path;
        }
        String ref = path.substring(i + "bulkId:".length());
        String id = bulkIds.get(ref);
        if (id == null) {
            throw ScimException.invalidValue("Unknown bulkId " + ref);
        }
        return path.substring(0, i) + id;
    }

    private static JsonNode resolveData(JsonNode node, Map<String, String> bulkIds) {
        if (node.isTextual() && node.asText().startsWith("bulkId:")) {
            String id = bulkIds.get(node.asText().substring("bulkId:".length()));
            if (id == null) {
                throw ScimException.invalidValue("Unknown " + node.asText());
            }
            return TextNode.valueOf(id);
        }
        if (node instanceof ObjectNode o) {
            ObjectNode copy = Scim.NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), resolveData(e.getValue(), bulkIds));
            }
            return copy;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode copy = Scim.NODES.arrayNode();
            a.forEach(e -> copy.add(resolveData(e, bulkIds)));
            return copy;
        }
        return node;
    }

}
