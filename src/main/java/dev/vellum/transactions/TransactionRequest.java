package dev.vellum.transactions;

import dev.vellum.fence.TransactionSpec;
import dev.vellum.datastore.RequestFields;
import dev.vellum.auth.FingerprintKey;
import dev.vellum.error.VellumException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /v1/transactions}:
 * <pre>{"idempotency_key", "lock_resource"?, "lock_ttl_seconds"?, "result_ttl_seconds"?, "operations": [...]}</pre>
 * where each operation is one of
 * <ul>
 * <li>{@code {"datastore": <a POST /v1/datastore body>}}</li>
 * <li>{@code {"mutate_in": {"collection", "key", ...the mutate_in body}}}</li>
 * <li>{@code {"method", "path", "body"?, "if_match"?}}: a call of a documents, KV or sub-document
 * route ({@code /v1/collections/...}, {@code /v1/kv/...}) or of {@code /v1/datastore}.</li>
 * </ul>
 * The fingerprint that a reused key is checked against covers the operations, compared as JSON
 * (member order does not matter): an HMAC-SHA256 with the server's fingerprint secret.
 */
record TransactionRequest(TransactionSpec spec, List<Operation> operations) {

    static final int MAX_OPERATIONS = 50;
    private static final Set<String> FIELDS =
            Set.of("idempotency_key", "lock_resource", "lock_ttl_seconds", "result_ttl_seconds", "operations");
    private static final Set<String> CALL_FIELDS = Set.of("method", "path", "body", "if_match");
    private static final Set<HttpMethod> METHODS =
            Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    static TransactionRequest parse(JsonNode body, JsonMapper mapper, FingerprintKey fingerprints) {
        if (!body.isObject()) {
            throw VellumException.validation("the body must be a JSON object");
        }
        RequestFields fields = new RequestFields(body, FIELDS);
        JsonNode list = fields.node("operations");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_OPERATIONS) {
            throw VellumException.validation("'operations' must be a list of 1 to " + MAX_OPERATIONS + " operations",
                    Map.of("field", "operations"));
        }
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            operations.add(operation(list.get(i), i));
        }
        TransactionSpec spec = new TransactionSpec(fields.string("idempotency_key", true),
                fields.string("lock_resource", false),
                fields.integer("lock_ttl_seconds", TransactionSpec.DEFAULT_LOCK_TTL_SECONDS, 1,
                        TransactionSpec.MAX_LOCK_TTL_SECONDS),
                fields.integer("result_ttl_seconds", TransactionSpec.DEFAULT_RESULT_TTL_SECONDS, 1,
                        TransactionSpec.MAX_RESULT_TTL_SECONDS),
                fingerprints.hex(mapper.writeValueAsString(canonical(list, mapper))));
        return new TransactionRequest(spec, List.copyOf(operations));
    }

    private static Operation operation(JsonNode node, int index) {
        try {
            if (node == null || !node.isObject()) {
                throw VellumException.validation("an operation must be a JSON object");
            }
            if (node.size() == 1 && node.has("datastore")) {
                return new Operation.Datastore(object(node.get("datastore"), "datastore"));
            }
            if (node.size() == 1 && node.has("mutate_in")) {
                return mutateIn(object(node.get("mutate_in"), "mutate_in"));
            }
            return call(new RequestFields(node, CALL_FIELDS), node);
        } catch (VellumException e) {
            Map<String, Object> details = new HashMap<>(e.details());
            details.put("operation_index", index);
            throw new VellumException(e.code(), "operation " + index + ": " + e.getMessage(), details);
        }
    }

    private static Operation mutateIn(ObjectNode spec) {
        ObjectNode body = spec.deepCopy();
        String collection = segment(body.remove("collection"), "collection");
        String key = segment(body.remove("key"), "key");
        return new Operation.MutateIn(collection, key, body);
    }

    private static Operation call(RequestFields fields, JsonNode node) {
        String method = fields.string("method", true);
        HttpMethod httpMethod = HttpMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT));
        if (!METHODS.contains(httpMethod)) {
            throw VellumException.validation("'method' must be GET, POST, PUT, PATCH or DELETE", Map.of("field", "method"));
        }
        String path = fields.string("path", true);
        if (!routable(path)) {
            throw VellumException.validation("'path' must name a /v1/datastore, /v1/collections/... or /v1/kv/... route",
                    Map.of("field", "path"));
        }
        String ifMatch = fields.string("if_match", false);
        if (ifMatch != null && (ifMatch.isEmpty() || ifMatch.length() > 64 || !ifMatch.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw VellumException.validation("'if_match' must be a short visible ASCII string", Map.of("field", "if_match"));
        }
        return RouteCall.operation(httpMethod, path, fields.node("body"), ifMatch);
    }

    /** Only data routes, and only paths that make a valid URI (percent-encode what needs it). */
    private static boolean routable(String path) {
        try {
            URI uri = URI.create("http://localhost" + path);
            String raw = uri.getRawPath();
            return path.startsWith("/") && raw != null && !raw.contains("/../") && !raw.endsWith("/..")
                    && (raw.equals("/v1/datastore") || raw.startsWith("/v1/collections/") || raw.startsWith("/v1/kv/"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ObjectNode object(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            throw VellumException.validation("'" + name + "' must be a JSON object", Map.of("field", name));
        }
        return (ObjectNode) node;
    }

    private static String segment(JsonNode node, String name) {
        if (node == null || !node.isString() || node.asString().isEmpty()) {
            throw VellumException.validation("'mutate_in." + name + "' must be a non-empty string",
                    Map.of("field", "mutate_in." + name));
        }
        return node.asString();
    }

    /** The same JSON with every object's members in name order. */
    static JsonNode canonical(JsonNode node, JsonMapper mapper) {
        if (node.isObject()) {
            ObjectNode sorted = mapper.createObjectNode();
            node.propertyNames().stream().sorted().forEach(name -> sorted.set(name, canonical(node.get(name), mapper)));
            return sorted;
        }
        if (node.isArray()) {
            var array = mapper.createArrayNode();
            node.forEach(item -> array.add(canonical(item, mapper)));
            return array;
        }
        return node;
    }
}
