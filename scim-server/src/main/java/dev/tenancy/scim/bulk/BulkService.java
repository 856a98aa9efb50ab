package dev.tenancy.scim.bulk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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
 * {@code /Bulk} (RFC 7644 §3.7): up to {@link Scim#MAX_BULK_OPERATIONS} operations, in order, each
 * with the outcome of its own transaction; {@code bulkId:} references resolve to the ids created
 * earlier in the request; processing stops after {@code failOnErrors} errors.
 *
 * <p>Operations run in runs of up to {@code bulk-chunk} in one transaction, which is where the speed of
 * {@code /Bulk} comes from (one session and one commit per run instead of per operation). When any
 * operation of a run fails, the run is rolled back and its operations are repeated one transaction each,
 * so a failure affects only its own operation, exactly as with one transaction per operation; the next
 * run is then shorter, so a request full of failures costs little more than one transaction each.
 */
public final class BulkService {

    /**
     * The most operations one transaction holds by default: runs of 10 independent creations per worker
     * transaction measured fastest on PostgreSQL (1.7–1.9× the per-request rate, against 1.35–1.45× with
     * one transaction each and 1.4× with runs of 50, where Hibernate's auto-flush dirty-checks the
     * growing persistence context before every query; see docs/benchmarks.md).
     */
    public static final int DEFAULT_CHUNK = 10;

    /**
     * How many independent operations (or, with {@code bulk-chunk} above 1, runs of them) run at once
     * on workers, each run in its own transaction, when {@code failOnErrors} is not set; 1 runs them
     * one after the other. Independent: consecutive {@code POST /Users} with no {@code bulkId:} reference and
     * pairwise distinct {@code userName}, {@code externalId} and email values. Anything else waits for
     * every operation before it, so a reference always finds its definer done.
     */
    public static final int DEFAULT_THREADS = 4;

    /**
     * The Bulk workers of the whole node, across requests: a worker takes a permit before it opens its
     * transaction, so however many Bulk requests arrive at once, at most {@code bulk-threads} extra database
     * connections are in use for them (each request's own thread holds one already). Without it, R
     * concurrent requests would take R × THREADS connections and could exhaust the pool while their
     * request threads wait for their workers. A worker waiting for a permit holds no connection.
     */
    private static volatile java.util.concurrent.Semaphore nodeWorkers = new java.util.concurrent.Semaphore(DEFAULT_THREADS, true);
    private static volatile int nodeChunk = DEFAULT_CHUNK;
    private static volatile int nodeThreads = DEFAULT_THREADS;

    /**
     * The node's settings, from the provider options {@code bulk-chunk} and {@code bulk-threads} of the
     * {@code scim} realm resource (see {@code ScimResourceProviderFactory}); called once at start-up.
     */
    public static void configure(int chunk, int threads) {
        nodeChunk = Math.max(1, chunk);
        nodeThreads = Math.max(1, threads);
        nodeWorkers = new java.util.concurrent.Semaphore(nodeThreads, true);
    }

    /** The most operations started together before their results are collected. */
    private static final int WAVE_PER_THREAD = 8;

    /** The resource types of one transaction, by endpoint name. */
    public interface Types {
        Optional<ScimResourceType> of(String endpoint);
    }

    /** Runs work in a transaction of its own: committed when it returns, rolled back when it throws (which is rethrown). */
    public interface Transactions {
        <T> T run(Function<Types, T> work);
    }

    private final String baseUri;
    private final Types types;
    private final Transactions transactions;
    private final int maxChunk;
    private final int threads;

    /** Bulk of one request: each run of operations in a new Keycloak session and transaction. */
    public BulkService(ScimContext ctx) {
        this(ctx, ctx.session().getContext().getHttpRequest(), ctx.session().getContext().getConnection());
    }

    /**
     * The request and connection are read here, on the request's thread: a session opened on a Bulk
     * worker finds neither by itself (Keycloak looks them up through the request thread's context), and
     * without them its changes would be reported with cause SYSTEM and its admin events without the
     * caller's address.
     */
    private BulkService(ScimContext ctx, org.keycloak.http.HttpRequest request, org.keycloak.common.ClientConnection connection) {
        this(ctx.baseUri().toString(), name -> ScimResourceTypes.of(ctx, name), new Transactions() {
            @Override
            public <T> T run(Function<Types, T> work) {
                return KeycloakModelUtils.runJobInTransactionWithResult(ctx.session().getKeycloakSessionFactory(),
                        ctx.session().getContext(), s -> {
                            if (request != null) {
                                s.getContext().setHttpRequest(request);
                            }
                            if (connection != null) {
                                s.getContext().setConnection(connection);
                            }
                            ScimContext c = ctx.in(s);
                            // one service per type and transaction: what it reads once (the user profile's
                            // validators, for one) serves every operation of the run
                            Map<String, Optional<ScimResourceType>> services = new HashMap<>();
                            return work.apply(name -> services.computeIfAbsent(name, n -> ScimResourceTypes.of(c, n)));
                        }, "scim-bulk");
            }
        }, nodeChunk, nodeThreads);
    }

    /**
     * @param types        the request's resource types, to check an operation's path before any transaction
     * @param transactions where operations run
     * @param maxChunk     the most operations in one transaction (1: one transaction each)
     */
    public BulkService(String baseUri, Types types, Transactions transactions, int maxChunk) {
        this(baseUri, types, transactions, maxChunk, 1);
    }

    /**
     * @param threads how many independent operations run at once (1: one after the other); only
     *                without {@code failOnErrors} and with one transaction per operation
     */
    public BulkService(String baseUri, Types types, Transactions transactions, int maxChunk, int threads) {
        this.baseUri = baseUri;
        this.types = types;
        this.transactions = transactions;
        this.maxChunk = Math.max(1, maxChunk);
        this.threads = Math.max(1, threads);
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
        if (failOnErrors == Integer.MAX_VALUE && threads > 1 && operations.size() > 1) {
            concurrently(operations, bulkIds, results);
            return ScimResult.ok(out);
        }
        int errors = 0;
        int n = operations.size();
        int chunk = maxChunk;
        int i = 0;
        while (i < n && errors < failOnErrors) {
            int end = Math.min(n, i + chunk);
            if (end - i > 1) {
                Map<String, String> ids = new HashMap<>(bulkIds);
                List<ObjectNode> together = together(operations, i, end, ids);
                if (together != null) {
                    together.forEach(results::add);
                    bulkIds = ids;
                    i = end;
                    chunk = Math.min(maxChunk, chunk * 2);
                    continue;
                }
            }
            // one operation failed (or only one is left): each of these in its own transaction, as RFC 7644 has it
            for (; i < end && errors < failOnErrors; i++) {
                ObjectNode result = alone(operations.get(i), bulkIds);
                results.add(result);
                if (result.has("response")) {
                    errors++;
                }
            }
            chunk = Math.max(1, chunk / 4);
        }
        return ScimResult.ok(out);
    }

    /**
     * Operations {@code [from, to)} in one transaction: the same outcome as one transaction each when
     * all succeed, at a fraction of the cost (one session, one commit). Null when any of them fails;
     * the transaction is then rolled back and nothing of it remains.
     */
    private List<ObjectNode> together(JsonNode operations, int from, int to, Map<String, String> bulkIds) {
        try {
            return transactions.run(t -> {
                List<ObjectNode> done = new ArrayList<>(to - from);
                for (int k = from; k < to; k++) {
                    JsonNode op = operations.get(k);
                    Begun b = begin(op);
                    ScimResult r = dispatch(t, prepare(op, b.method(), b.bulkId(), bulkIds));
                    finish(b.result(), op, r, b.bulkId(), bulkIds);
                    done.add(b.result());
                }
                return done;
            });
        } catch (RuntimeException | StackOverflowError failed) {
            return null;
        }
    }

    /** One operation in its own transaction: its result, or its error. */
    private ObjectNode alone(JsonNode op, Map<String, String> bulkIds) {
        Begun b = begin(op);
        Operation prepared;
        try {
            prepared = prepare(op, b.method(), b.bulkId(), bulkIds);
        } catch (RuntimeException | StackOverflowError failure) {
            return failed(b.result(), failure);
        }
        return execute(b.result(), op, prepared, b.bulkId(), bulkIds);
    }

    /** An operation's result object with its method and bulkId set, as every answer echoes them. */
    private record Begun(ObjectNode result, String method, String bulkId) {
    }

    private Begun begin(JsonNode op) {
        ObjectNode result = Scim.NODES.objectNode();
        String method = start(result, op);
        return new Begun(result, method, result.path("bulkId").asText(null));
    }

    /** A prepared operation in its own transaction; a created resource's id goes into {@code bulkIds}. */
    private ObjectNode execute(ObjectNode result, JsonNode op, Operation prepared, String bulkId, Map<String, String> bulkIds) {
        try {
            ScimResult r = transactions.run(t -> dispatch(t, prepared));
            finish(result, op, r, bulkId, bulkIds);
            return result;
        } catch (RuntimeException | StackOverflowError failure) {
            return failed(result, failure);
        }
    }

    /** The transaction was rolled back; the failure is mapped once, here (a 500 is logged once). */
    private static ObjectNode failed(ObjectNode result, Throwable failure) {
        ScimException e = Failures.toScim(failure);
        result.put("status", String.valueOf(e.status()));
        result.set("response", Responses.errorBody(e.status(), e.scimType(), e.getMessage()));
        return result;
    }

    /**
     * Without {@code failOnErrors}: independent creations (see {@code bulk-threads}) are started
     * together on the workers, in runs of up to {@code bulk-chunk} per transaction (a run that fails is
     * repeated one transaction per operation), and their results collected in request order; every other
     * operation runs alone once all before it are done. Checking and {@code bulkId} resolution stay on
     * the request's thread, in order; the workers only run the prepared operations.
     */
    private void concurrently(JsonNode operations, Map<String, String> bulkIds, ArrayNode results) {
        int n = operations.size();
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "scim-bulk-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            int i = 0;
            while (i < n) {
                // a wave: consecutive independent creations, in runs of up to maxChunk per worker transaction
                record Running(Map<String, String> created, java.util.concurrent.Future<List<ObjectNode>> done) {
                }
                List<Running> wave = new ArrayList<>();
                List<Prepared> run = new ArrayList<>();
                java.util.Set<String> keys = new java.util.HashSet<>();
                int started = 0;
                while (i < n && started < threads * Math.max(WAVE_PER_THREAD, maxChunk)) {
                    JsonNode op = operations.get(i);
                    if (!independent(op, keys)) {
                        break;
                    }
                    Begun b = begin(op);
                    Operation prepared;
                    try {
                        prepared = prepare(op, b.method(), b.bulkId(), bulkIds);
                    } catch (RuntimeException e) {
                        break; // fails alone below, in order
                    }
                    run.add(new Prepared(op, b, prepared));
                    started++;
                    i++;
                    if (run.size() == maxChunk) {
                        wave.add(submit(pool, run, Running::new));
                        run = new ArrayList<>();
                    }
                }
                if (!run.isEmpty()) {
                    wave.add(submit(pool, run, Running::new));
                }
                for (Running s : wave) {
                    await(s.done()).forEach(results::add);
                    bulkIds.putAll(s.created());
                }
                if (wave.isEmpty()) {
                    results.add(alone(operations.get(i), bulkIds));
                    i++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** An operation checked on the request's thread, ready for a worker. */
    private record Prepared(JsonNode op, Begun begun, Operation operation) {
    }

    private <R> R submit(java.util.concurrent.ExecutorService pool, List<Prepared> run,
                         java.util.function.BiFunction<Map<String, String>, java.util.concurrent.Future<List<ObjectNode>>, R> running) {
        Map<String, String> created = new java.util.concurrent.ConcurrentHashMap<>();
        return running.apply(created, pool.submit(() -> withPermit(() -> runOnWorker(run, created))));
    }

    /**
     * A run of prepared independent creations on a worker: together in one transaction when there are
     * several (and that succeeds), else — or when any of them fails — each in its own, as always.
     */
    private List<ObjectNode> runOnWorker(List<Prepared> run, Map<String, String> created) {
        if (run.size() > 1) {
            Map<String, String> ids = new HashMap<>();
            try {
                List<ObjectNode> done = transactions.run(t -> {
                    List<ObjectNode> out = new ArrayList<>(run.size());
                    for (Prepared p : run) {
                        ObjectNode result = p.begun().result().deepCopy();
                        finish(result, p.op(), dispatch(t, p.operation()), p.begun().bulkId(), ids);
                        out.add(result);
                    }
                    return out;
                });
                created.putAll(ids);
                return done;
            } catch (RuntimeException | StackOverflowError failed) {
                // rolled back: nothing of the run remains; each operation once more, alone
            }
        }
        List<ObjectNode> out = new ArrayList<>(run.size());
        for (Prepared p : run) {
            out.add(execute(p.begun().result(), p.op(), p.operation(), p.begun().bulkId(), created));
        }
        return out;
    }

    private static <T> T withPermit(java.util.function.Supplier<T> work) throws InterruptedException {
        java.util.concurrent.Semaphore permits = nodeWorkers;
        permits.acquire();
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    private static <T> T await(java.util.concurrent.Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a bulk operation", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("A bulk operation failed", e.getCause());
        }
    }

    /**
     * Whether {@code op} can run at the same time as the operations whose keys are in {@code keys} (and
     * adds its own): a {@code POST /Users} with a bulkId, no {@code bulkId:} reference in its data, and a
     * {@code userName}, {@code externalId} and emails that none of them has (a duplicate among them must
     * see the first one committed to answer 409, as one after the other would).
     */
    static boolean independent(JsonNode op, java.util.Set<String> keys) {
        if (!op.isObject() || !"POST".equalsIgnoreCase(op.path("method").asText())
                || !"/Users".equals(op.path("path").asText()) || !op.hasNonNull("bulkId")) {
            return false;
        }
        JsonNode data = op.get("data");
        if (!(data instanceof ObjectNode) || Responses.write(data).contains("bulkId:")) {
            return false;
        }
        JsonNode userName = data.get("userName");
        if (userName == null || !userName.isTextual()) {
            return false;
        }
        List<String> mine = new ArrayList<>();
        mine.add("u:" + userName.asText().trim().toLowerCase(Locale.ROOT));
        JsonNode externalId = data.get("externalId");
        if (externalId != null && !externalId.isNull()) {
            mine.add("x:" + externalId.asText());
        }
        JsonNode emails = data.get("emails");
        if (emails != null && emails.isArray()) {
            for (JsonNode e : emails) {
                mine.add("e:" + e.path("value").asText(e.asText()).trim().toLowerCase(Locale.ROOT));
            }
        } else if (emails != null && !emails.isNull()) {
            return false;
        }
        if (userName.asText().contains("@")) {
            mine.add("e:" + userName.asText().trim().toLowerCase(Locale.ROOT)); // email as username
        }
        for (String k : mine) {
            if (keys.contains(k)) {
                return false;
            }
        }
        keys.addAll(mine);
        return true;
    }

    /** Starts the result of an operation; answers its method. */
    private static String start(ObjectNode result, JsonNode op) {
        String method = op.path("method").asText("").toUpperCase(Locale.ROOT);
        result.put("method", method);
        if (op.hasNonNull("bulkId")) {
            result.put("bulkId", op.get("bulkId").asText());
        }
        return method;
    }

    private void finish(ObjectNode result, JsonNode op, ScimResult r, String bulkId, Map<String, String> bulkIds) {
        if (r.location() != null) {
            result.put("location", r.location());
        } else if (op.hasNonNull("path")) {
            result.put("location", baseUri + resolve(op.get("path").asText(), bulkIds));
        }
        if (r.version() != null) {
            result.put("version", r.version());
        }
        result.put("status", String.valueOf(r.status()));
        if (bulkId != null && r.status() == 201 && r.body() != null) {
            bulkIds.put(bulkId, r.body().path("id").asText());
        }
    }

    /** An operation, checked and with its {@code bulkId:} references resolved. */
    private record Operation(String type, String method, String id, JsonNode data, String version) {
    }

    private Operation prepare(JsonNode op, String method, String bulkId, Map<String, String> bulkIds) {
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
        if (parts.length > 2 || types.of(type).filter(ScimResourceType::writable).isEmpty()) {
            throw ScimException.invalidPath("Unsupported path " + path);
        }
        JsonNode data = op.get("data") == null ? null : resolveData(op.get("data"), bulkIds);
        String version = op.hasNonNull("version") ? op.get("version").asText() : null;
        boolean needsId = !method.equals("POST");
        if (needsId == (id == null)) {
            throw ScimException.invalidPath(method + " " + path + " is not a valid bulk operation");
        }
        return new Operation(type, method, id, data, version);
    }

    /** One operation on its resource type, whichever it is: the one Bulk dispatcher. */
    private static ScimResult dispatch(Types types, Operation op) {
        ScimResourceType t = types.of(op.type()).orElseThrow(() -> ScimException.invalidPath("Unsupported path /" + op.type()));
        return switch (op.method()) {
            case "POST" -> t.create(op.data());
            case "PUT" -> t.replace(op.id(), op.data(), op.version());
            case "PATCH" -> t.patch(op.id(), op.data(), op.version(), AttributeSelection.all());
            case "DELETE" -> t.delete(op.id(), op.version());
            default -> throw ScimException.invalidSyntax("Unknown method " + op.method());
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
