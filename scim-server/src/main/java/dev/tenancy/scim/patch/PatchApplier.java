package dev.tenancy.scim.patch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.FilterEvaluator;

import dev.tenancy.scim.protocol.Names;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.Values;

/**
 * Applies {@link PatchOperation}s to a resource's JSON form. The caller then stores the result as a
 * whole, so PATCH and PUT share one write path. Value filters are evaluated by the SCIM SDK.
 */
public final class PatchApplier {

    private final Set<String> multiValued;

    public PatchApplier(Set<String> multiValued) {
        this.multiValued = multiValued;
    }

    public void apply(ObjectNode resource, List<PatchOperation> operations) {
        for (PatchOperation op : operations) {
            apply(resource, op);
        }
        Values.normalize(resource);
    }

    private void apply(ObjectNode resource, PatchOperation op) {
        ObjectNode container = resource;
        if (op.schema() != null) {
            JsonNode ext = resource.get(op.schema());
            if (!(ext instanceof ObjectNode)) {
                if (op.isRemove() || op.removesValue()) {
                    return;
                }
                ext = resource.putObject(op.schema());
            }
            container = (ObjectNode) ext;
        }
        if (op.isRemove() || op.removesValue()) {
            remove(container, op);
        } else {
            set(container, op, "add".equals(op.op()));
        }
    }

    private void set(ObjectNode c, PatchOperation op, boolean add) {
        String attr = op.attribute();
        JsonNode value = Names.canonicalize(op.value());
        if (op.filter() != null) {
            ArrayNode arr = c.get(attr) instanceof ArrayNode a ? a : c.putArray(attr);
            List<ObjectNode> matches = matches(arr, op.filter());
            if (matches.isEmpty()) {
                ObjectNode created = Scim.NODES.objectNode();
                seed(created, op.filter());
                if (op.sub() != null) {
                    created.set(op.sub(), value);
                } else if (value instanceof ObjectNode vo) {
                    created.setAll(vo);
                } else {
                    created.set("value", value);
                }
                arr.add(created);
            } else {
                for (ObjectNode m : matches) {
                    if (op.sub() != null) {
                        m.set(op.sub(), value);
                    } else if (value instanceof ObjectNode vo) {
                        m.setAll(vo);
                    }
                }
            }
            return;
        }
        if (op.sub() != null) {
            JsonNode existing = c.get(attr);
            if (existing instanceof ArrayNode arr) {
                ObjectNode target = primaryOrFirst(arr);
                if (target == null) {
                    target = arr.addObject();
                }
                target.set(op.sub(), value);
            } else {
                ObjectNode target = existing instanceof ObjectNode o ? o : c.putObject(attr);
                target.set(op.sub(), value);
            }
            return;
        }
        if (multiValued.contains(attr)) {
            ArrayNode values = value.isArray() ? (ArrayNode) value : Scim.NODES.arrayNode().add(value);
            if (add && c.get(attr) instanceof ArrayNode existing) {
                for (JsonNode v : values) {
                    if (!containsValue(existing, v)) {
                        existing.add(v);
                    }
                }
            } else {
                c.set(attr, values.deepCopy());
            }
            return;
        }
        if (value instanceof ObjectNode vo && c.get(attr) instanceof ObjectNode existing) {
            existing.setAll(vo);
        } else {
            c.set(attr, value);
        }
    }

    private void remove(ObjectNode c, PatchOperation op) {
        String attr = op.attribute();
        JsonNode existing = c.get(attr);
        if (existing == null) {
            return;
        }
        if (op.filter() != null) {
            if (!(existing instanceof ArrayNode arr)) {
                return;
            }
            List<ObjectNode> matches = matches(arr, op.filter());
            for (Iterator<JsonNode> it = arr.iterator(); it.hasNext(); ) {
                JsonNode e = it.next();
                if (matches.contains(e)) {
                    if (op.sub() == null) {
                        it.remove();
                    } else {
                        ((ObjectNode) e).remove(op.sub());
                    }
                }
            }
            return;
        }
        if (op.sub() != null) {
            if (existing instanceof ObjectNode o) {
                o.remove(op.sub());
            } else if (existing instanceof ArrayNode arr) {
                arr.forEach(e -> {
                    if (e instanceof ObjectNode eo) {
                        eo.remove(op.sub());
                    }
                });
            }
            return;
        }
        if (op.isRemove() && op.value() != null && !op.value().isNull() && existing instanceof ArrayNode arr) {
            JsonNode values = op.value().isArray() ? op.value() : Scim.NODES.arrayNode().add(op.value());
            for (Iterator<JsonNode> it = arr.iterator(); it.hasNext(); ) {
                if (containsValue(values, it.next())) {
                    it.remove();
                }
            }
            return;
        }
        c.remove(attr);
    }

    private static List<ObjectNode> matches(ArrayNode arr, Filter filter) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode e : arr) {
            if (e instanceof ObjectNode o) {
                try {
                    if (FilterEvaluator.evaluate(filter, o)) {
                        out.add(o);
                    }
                } catch (ScimException ex) {
                    throw dev.tenancy.scim.protocol.ScimException.invalidFilter(ex.getMessage());
                }
            }
        }
        return out;
    }

    /** A value created for a value path that matched nothing takes the filter's equalities. */
    private static void seed(ObjectNode created, Filter filter) {
        if (filter instanceof EqualFilter eq && eq.getAttributePath().size() == 1) {
            created.set(Names.canonical(eq.getAttributePath().getElement(0).getAttribute()), eq.getComparisonValue());
        } else if (filter instanceof AndFilter and) {
            and.getCombinedFilters().forEach(f -> seed(created, f));
        }
    }

    private static ObjectNode primaryOrFirst(ArrayNode arr) {
        ObjectNode first = null;
        for (JsonNode e : arr) {
            if (e instanceof ObjectNode o) {
                if (Values.truthy(o.get("primary"))) {
                    return o;
                }
                if (first == null) {
                    first = o;
                }
            }
        }
        return first;
    }

    private static boolean containsValue(JsonNode values, JsonNode candidate) {
        JsonNode cv = candidate.isObject() ? candidate.get("value") : candidate;
        for (JsonNode v : values) {
            JsonNode vv = v.isObject() ? v.get("value") : v;
            if (vv != null && cv != null && vv.asText().equals(cv.asText())) {
                return true;
            }
        }
        return false;
    }
}
