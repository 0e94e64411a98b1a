package dev.vellum.transactions;

import dev.vellum.auth.FingerprintKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.VellumException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.json.JsonMapper;

/** The POST /v1/transactions body: shapes, limits, fingerprints. No I/O. */
class TransactionRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TransactionRequest parse(String json) {
        return TransactionRequest.parse(JSON.readTree(json), JSON, FingerprintKey.withSecret(new byte[32]));
    }

    private static VellumException refused(String json) {
        try {
            parse(json);
        } catch (VellumException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void each_operation_shape_becomes_its_operation() {
        TransactionRequest request = parse("""
                {"idempotency_key": "charge-1", "lock_resource": "wallet:u1", "lock_ttl_seconds": 5,
                 "result_ttl_seconds": 60, "operations": [
                   {"datastore": {"op": "collection.insert", "collection": "orders", "data": {"n": 1}}},
                   {"mutate_in": {"collection": "wallets", "key": "u 1/é", "specs": []}},
                   {"method": "patch", "path": "/v1/collections/orders/documents/abc?x=1", "body": {"s": 1}, "if_match": "\\"3\\""}
                 ]}""");
        assertThat(request.spec().key()).isEqualTo("charge-1");
        assertThat(request.spec().lockResource()).isEqualTo("wallet:u1");
        assertThat(request.spec().lockTtlSeconds()).isEqualTo(5);
        assertThat(request.spec().resultTtlSeconds()).isEqualTo(60);
        assertThat(request.operations().get(0)).isInstanceOfSatisfying(Operation.Datastore.class,
                op -> assertThat(op.body().toString()).isEqualTo("{\"op\":\"collection.insert\",\"collection\":\"orders\",\"data\":{\"n\":1}}"));
        assertThat(request.operations().get(1)).isInstanceOfSatisfying(Operation.MutateIn.class, op -> {
            assertThat(op.collection()).isEqualTo("wallets");
            assertThat(op.key()).isEqualTo("u 1/é");
            assertThat(op.body().toString()).isEqualTo("{\"specs\":[]}");
        });
        assertThat(request.operations().get(2)).isInstanceOfSatisfying(Operation.Documents.class, op -> {
            assertThat(op.route()).isEqualTo(DocumentRoute.PATCH);
            assertThat(op.call().pathVariables()).containsExactlyInAnyOrderEntriesOf(Map.of("collection", "orders", "id", "abc"));
            assertThat(op.call().query().toSingleValueMap()).isEqualTo(Map.of("x", "1"));
            assertThat(op.call().body().toString()).isEqualTo("{\"s\":1}");
            assertThat(op.call().ifMatch()).isEqualTo("\"3\"");
        });
    }

    @Test
    void route_calls_are_matched_as_the_router_matches_them() {
        assertThat(route("POST", "/v1/datastore")).isInstanceOf(Operation.Datastore.class);
        assertThat(route("GET", "/v1/datastore")).isEqualTo(new Operation.NoRoute(HttpMethod.GET));
        assertThat(((Operation.Documents) route("GET", "/v1/collections/c%20d/documents/a%2Fb")).call().pathVariables())
                .isEqualTo(Map.of("collection", "c d", "id", "a/b"));
        assertThat(((Operation.Documents) route("GET", "/v1/collections/c/count?a=1&a=2&b&c=&d=x%2By+z")).call().query())
                .containsEntry("a", List.of("1", "2")).containsEntry("b", java.util.Arrays.asList((String) null))
                .containsEntry("c", List.of("")).containsEntry("d", List.of("x+y+z"));
        assertThat(route("DELETE", "/v1/collections/c/count")).isEqualTo(new Operation.NoRoute(HttpMethod.DELETE));
        assertThat(route("GET", "/v1/collections/c")).isInstanceOf(Operation.NoRoute.class);
        assertThat(((Operation.Kv) route("POST", "/v1/kv/c/k/lookup_in")).route()).isEqualTo(KvRoute.LOOKUP_IN);
        assertThat(((Operation.Kv) route("POST", "/v1/kv/c/k")).route()).isEqualTo(KvRoute.INSERT);
        assertThat(((Operation.Kv) route("PUT", "/v1/kv/c/k%2F1")).route()).isEqualTo(KvRoute.UPSERT);
        assertThat(((Operation.Kv) route("DELETE", "/v1/kv/c/")).route()).isEqualTo(KvRoute.MISSING_KEY);
        assertThat(route("GET", "/v1/kv/c/k/lookup_in")).isInstanceOf(Operation.NoRoute.class);
        assertThat(route("PATCH", "/v1/kv/c/k")).isInstanceOf(Operation.NoRoute.class);
    }

    private static Operation route(String method, String path) {
        return parse("{\"idempotency_key\": \"k\", \"operations\": [{\"method\": \"" + method + "\", \"path\": \"" + path
                + "\"}]}").operations().get(0);
    }

    @Test
    void defaults_are_the_seeds() {
        TransactionRequest request = parse("{\"idempotency_key\": \"k\", \"operations\": [{\"datastore\": {}}]}");
        assertThat(request.spec().lockResource()).isNull();
        assertThat(request.spec().lockTtlSeconds()).isEqualTo(30);
        assertThat(request.spec().resultTtlSeconds()).isEqualTo(86_400);
    }

    @Test
    void the_fingerprint_covers_the_operations_in_any_member_order_and_nothing_else() {
        String a = parse("{\"idempotency_key\": \"k\", \"operations\": [{\"datastore\": {\"op\": \"x\", \"data\": {\"a\": 1, \"b\": [1, {\"c\": 2, \"d\": 3}]}}}]}").spec().fingerprint();
        String reordered = parse("{\"operations\": [{\"datastore\": {\"data\": {\"b\": [1, {\"d\": 3, \"c\": 2}], \"a\": 1}, \"op\": \"x\"}}], \"lock_ttl_seconds\": 9, \"idempotency_key\": \"other\"}").spec().fingerprint();
        String arrayOrder = parse("{\"idempotency_key\": \"k\", \"operations\": [{\"datastore\": {\"op\": \"x\", \"data\": {\"a\": 1, \"b\": [{\"c\": 2, \"d\": 3}, 1]}}}]}").spec().fingerprint();
        assertThat(a).hasSize(64).isEqualTo(reordered).isNotEqualTo(arrayOrder);
    }

    @Test
    void malformed_requests_name_the_field_or_operation() {
        assertThat(refused("[]").getMessage()).contains("JSON object");
        assertThat(refused("{\"idempotency_key\": \"k\", \"operations\": [{\"datastore\": {}}], \"extra\": 1}").details())
                .containsEntry("field", "extra");
        assertThat(refused("{\"operations\": [{\"datastore\": {}}]}").getMessage()).contains("idempotency_key");
        assertThat(refused("{\"idempotency_key\": 7, \"operations\": [{\"datastore\": {}}]}").getMessage()).contains("string");
        assertThat(refused("{\"idempotency_key\": \"  \", \"operations\": [{\"datastore\": {}}]}").getMessage()).contains("non-blank");
        assertThat(refused("{\"idempotency_key\": \"k\", \"operations\": {}}").details()).containsEntry("field", "operations");
        assertThat(refused("{\"idempotency_key\": \"k\", \"operations\": [" + "{\"datastore\": {}},".repeat(50)
                + "{\"datastore\": {}}]}").details()).containsEntry("field", "operations");
        assertThat(refused("{\"idempotency_key\": \"k\", \"result_ttl_seconds\": 2592001, \"operations\": [{\"datastore\": {}}]}")
                .details()).containsEntry("field", "result_ttl_seconds");
        assertThat(refused("{\"idempotency_key\": \"k\", \"lock_ttl_seconds\": 1.5, \"operations\": [{\"datastore\": {}}]}")
                .details()).containsEntry("field", "lock_ttl_seconds");
        assertThat(refused("{\"idempotency_key\": \"k\", \"lock_resource\": \"" + "r".repeat(256) + "\", \"operations\": [{\"datastore\": {}}]}")
                .getMessage()).contains("lock_resource");
    }

    @Test
    void operations_outside_the_data_routes_or_with_bad_parts_are_refused_with_their_index() {
        String[] bad = {
            "5",
            "{\"datastore\": []}",
            "{\"datastore\": {}, \"mutate_in\": {}}",
            "{\"mutate_in\": {\"collection\": \"c\"}}",
            "{\"mutate_in\": {\"collection\": \"\", \"key\": \"k\"}}",
            "{\"method\": \"GET\"}",
            "{\"path\": \"/v1/kv/a/b\"}",
            "{\"method\": \"HEAD\", \"path\": \"/v1/kv/a/b\"}",
            "{\"method\": \"POST\", \"path\": \"/v1/transactions\"}",
            "{\"method\": \"POST\", \"path\": \"/v1/users\"}",
            "{\"method\": \"POST\", \"path\": \"/v1/auth/signup\"}",
            "{\"method\": \"GET\", \"path\": \"v1/kv/a/b\"}",
            "{\"method\": \"GET\", \"path\": \"//evil.example/v1/kv/a/b\"}",
            "{\"method\": \"GET\", \"path\": \"/v1/kv/../../v1/users\"}",
            "{\"method\": \"GET\", \"path\": \"/v1/kv/a/..\"}",
            "{\"method\": \"GET\", \"path\": \"/v1/kv/a b\"}",
            "{\"method\": \"GET\", \"path\": \"/v1/kv/a/b\", \"if_match\": \"\"}",
            "{\"method\": \"GET\", \"path\": \"/v1/kv/a/b\", \"if_match\": \"a\\nb\"}",
            "{\"method\": \"GET\", \"path\": \"/v1/kv/a/b\", \"headers\": {}}",
        };
        for (String operation : bad) {
            VellumException error = refused("{\"idempotency_key\": \"k\", \"operations\": [{\"datastore\": {}}, " + operation + "]}");
            assertThat(error.details()).as(operation).containsEntry("operation_index", 1);
            assertThat(error.getMessage()).as(operation).startsWith("operation 1: ");
        }
    }
}
