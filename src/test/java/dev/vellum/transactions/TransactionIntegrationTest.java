package dev.vellum.transactions;

import dev.vellum.fence.TransactionNames;
import dev.vellum.fence.TransactionSpec;
import static dev.vellum.transactions.TxClient.quote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.JsonNode;

/** POST /v1/transactions: outcomes, replay, reuse, failure, locks, privacy, validation. */
class TransactionIntegrationTest extends IntegrationTest {

    @Autowired
    private ReactiveStringRedisTemplate redis;
    @Autowired
    private ApiKeyStore apiKeys;
    @Autowired
    private org.springframework.core.env.Environment environment;

    private TxClient secret() {
        return new TxClient(port, SECRET_KEY, null);
    }

    private static String key() {
        return "k-" + UUID.randomUUID();
    }

    private static String insert(String collection, String json) {
        return "{\"datastore\": {\"op\": \"collection.insert\", \"collection\": " + quote(collection) + ", \"data\": " + json + "}}";
    }

    private static String counter(String collection, String key, long delta) {
        return "{\"mutate_in\": {\"collection\": " + quote(collection) + ", \"key\": " + quote(key)
                + ", \"store_semantics\": \"upsert\", \"specs\": [{\"op\": \"counter\", \"path\": \"balance\", \"delta\": "
                + delta + "}]}}";
    }

    private static String tx(String key, String... operations) {
        return "{\"idempotency_key\": " + quote(key) + ", \"operations\": [" + String.join(", ", operations) + "]}";
    }

    @Test
    void first_run_answers_every_result_in_order_and_a_retry_replays_them_without_running_again() {
        TxClient client = secret();
        String orders = freshCollection();
        String wallets = freshCollection();
        String notes = freshCollection();
        String body = tx(key(),
                insert(orders, "{\"order\": \"o-1\", \"status\": \"paid\"}"),
                counter(wallets, "w-1", -5),
                "{\"method\": \"POST\", \"path\": \"/v1/collections/" + notes + "/documents\", \"body\": {\"text\": \"charged\"}}");

        JsonNode first = client.transaction(body);
        assertThat(first.get("ok").asBoolean()).isTrue();
        assertThat(first.get("idempotent").asBoolean()).isFalse();
        assertThat(first.get("locked").asBoolean()).isFalse();
        assertThat(first.get("error").isNull()).isTrue();
        assertThat(first.get("retry_in").isNull()).isTrue();
        JsonNode results = first.at("/result/results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(0).at("/body/data/0/order").asString()).isEqualTo("o-1");
        assertThat(results.get(1).at("/body/results/0/value").asLong()).isEqualTo(-5);
        assertThat(results.get(2).get("status").asInt()).isEqualTo(201);
        assertThat(results.get(2).at("/body/text").asString()).isEqualTo("charged");

        JsonNode again = client.transaction(body);
        assertThat(again.get("ok").asBoolean()).isTrue();
        assertThat(again.get("idempotent").asBoolean()).isTrue();
        assertThat(again.get("result")).isEqualTo(first.get("result"));

        assertThat(client.count(orders)).isEqualTo(1);
        assertThat(client.count(notes)).isEqualTo(1);
        JsonNode wallet = client.send("GET", "/v1/kv/" + wallets + "/w-1", null).body();
        assertThat(wallet.at("/content/balance").asLong()).isEqualTo(-5);
    }

    @Test
    void replay_survives_a_flushed_cache_because_the_record_is_in_postgres() {
        TxClient client = secret();
        String orders = freshCollection();
        String key = key();
        String body = tx(key, insert(orders, "{\"n\": 1}"));
        JsonNode first = client.transaction(body);
        long projectId = apiKeys.find(SECRET_KEY).block().projectId();
        RedisWipe.wipe(redis, environment, TransactionNames.of(projectId, "key:secret", new TransactionSpec(key, null, 30, 60, null)));

        JsonNode again = client.transaction(body);
        assertThat(again.get("idempotent").asBoolean()).isTrue();
        assertThat(again.get("result")).isEqualTo(first.get("result"));
        assertThat(client.count(orders)).isEqualTo(1);
    }

    @Test
    void scripts_flushed_from_redis_are_loaded_again_on_noscript() {
        TxClient client = secret();
        long projectId = apiKeys.find(SECRET_KEY).block().projectId();
        String orders = freshCollection();
        String key = key();
        String body = tx(key, insert(orders, "{\"n\": 1}"));
        redis.getConnectionFactory().getReactiveConnection().scriptingCommands().scriptFlush().block(Duration.ofSeconds(5));

        JsonNode first = client.transaction(body);
        assertThat(first.get("ok").asBoolean()).isTrue();
        String resultKey = TransactionNames.of(projectId, "key:secret", new TransactionSpec(key, null, 30, 60, null)).resultKey();
        assertThat(redis.hasKey(resultKey).block()).as("the replay entry was written by tx_end.lua").isTrue();
        redis.getConnectionFactory().getReactiveConnection().scriptingCommands().scriptFlush().block(Duration.ofSeconds(5));
        assertThat(client.transaction(body).get("idempotent").asBoolean()).isTrue();
    }

    @Test
    void a_failing_operation_undoes_the_earlier_ones_caches_nothing_and_a_retry_runs_again() {
        TxClient client = secret();
        String orders = freshCollection();
        String wallets = freshCollection();
        String replaceMissing = "{\"mutate_in\": {\"collection\": " + quote(wallets) + ", \"key\": \"w-9\", \"specs\":"
                + " [{\"op\": \"counter\", \"path\": \"balance\", \"delta\": -5}]}}";
        String body = tx(key(), insert(orders, "{\"n\": 1}"), replaceMissing);

        JsonNode failed = client.transaction(body);
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("idempotent").asBoolean()).isFalse();
        assertThat(failed.get("locked").asBoolean()).isFalse();
        assertThat(failed.get("result").isEmpty()).isTrue();
        assertThat(failed.get("error_code").asString()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(failed.get("error").asString()).startsWith("operation 1: ");
        assertThat(failed.at("/error_details/operation_index").asInt()).isEqualTo(1);
        assertThat(client.count(orders)).isZero();

        // the wallet now exists: the same key runs again, because the failure was not recorded
        assertThat(client.send("PUT", "/v1/kv/" + wallets + "/w-9", "{\"balance\": 100}").status()).isEqualTo(200);
        JsonNode retried = client.transaction(body);
        assertThat(retried.get("ok").asBoolean()).isTrue();
        assertThat(retried.get("idempotent").asBoolean()).isFalse();
        assertThat(retried.at("/result/results/1/body/results/0/value").asLong()).isEqualTo(95);
        assertThat(client.count(orders)).isEqualTo(1);
    }

    @Test
    void the_same_key_with_other_operations_is_refused_and_runs_nothing() {
        TxClient client = secret();
        String orders = freshCollection();
        String key = key();
        client.transaction(tx(key, insert(orders, "{\"n\": 1}")));

        JsonNode reused = client.transaction(tx(key, insert(orders, "{\"n\": 2}")));
        assertThat(reused.get("ok").asBoolean()).isFalse();
        assertThat(reused.get("idempotent").asBoolean()).isFalse();
        assertThat(reused.get("error_code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(reused.get("result").isEmpty()).isTrue();
        assertThat(client.count(orders)).isEqualTo(1);

        // the same operations with members in another order are the same operations
        JsonNode reordered = client.transaction("{\"operations\": [{\"datastore\": {\"data\": {\"n\": 1}, \"collection\": "
                + quote(orders) + ", \"op\": \"collection.insert\"}}], \"idempotency_key\": " + quote(key) + "}");
        assertThat(reordered.get("idempotent").asBoolean()).isTrue();
    }

    @Test
    void a_held_lock_answers_locked_with_the_time_it_has_left_and_runs_nothing() {
        TxClient client = secret();
        long projectId = apiKeys.find(SECRET_KEY).block().projectId();
        String orders = freshCollection();
        String key = key();
        String wallet = "wallet:" + UUID.randomUUID();
        TransactionSpec spec = new TransactionSpec(key, wallet, 30, 60, null);
        String lock = TransactionNames.of(projectId, "key:secret", spec).lockKey();
        redis.opsForValue().set(lock, "someone-else", Duration.ofSeconds(20)).block();

        String body = "{\"idempotency_key\": " + quote(key) + ", \"lock_resource\": " + quote(wallet)
                + ", \"operations\": [" + insert(orders, "{\"n\": 1}") + "]}";
        JsonNode locked = client.transaction(body);
        assertThat(locked.get("ok").asBoolean()).isFalse();
        assertThat(locked.get("locked").asBoolean()).isTrue();
        assertThat(locked.get("retry_in").asInt()).isBetween(1, 20);
        assertThat(client.count(orders)).isZero();

        // another key on the same resource waits too; the key alone (no resource) does not
        JsonNode otherKey = client.transaction("{\"idempotency_key\": " + quote(key()) + ", \"lock_resource\": "
                + quote(wallet) + ", \"operations\": [" + insert(orders, "{\"n\": 2}") + "]}");
        assertThat(otherKey.get("locked").asBoolean()).isTrue();

        redis.delete(lock).block();
        JsonNode ran = client.transaction(body);
        assertThat(ran.get("ok").asBoolean()).isTrue();
        assertThat(ran.get("idempotent").asBoolean()).isFalse();
        assertThat(redis.hasKey(lock).block()).as("the holder released its lock").isFalse();
        assertThat(client.count(orders)).isEqualTo(1);
    }

    @Test
    void keys_are_scoped_per_caller_and_operations_keep_each_callers_privacy() {
        long projectId = apiKeys.find(PUBLIC_KEY).block().projectId();
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        TxClient asAlice = new TxClient(port, PUBLIC_KEY, userToken(projectId, alice));
        TxClient asBob = new TxClient(port, PUBLIC_KEY, userToken(projectId, bob));
        String notes = freshCollection();
        String key = key();
        String create = "{\"method\": \"POST\", \"path\": \"/v1/collections/" + notes + "/documents\", \"body\": {\"text\": \"mine\"}}";

        JsonNode aliceRun = asAlice.transaction(tx(key, create));
        JsonNode bobRun = asBob.transaction(tx(key, create));
        assertThat(aliceRun.get("idempotent").asBoolean()).isFalse();
        assertThat(bobRun.get("idempotent").asBoolean()).as("Bob's key is his own").isFalse();
        assertThat(asAlice.count(notes)).isEqualTo(1);
        assertThat(asBob.count(notes)).isEqualTo(1);

        String aliceDoc = aliceRun.at("/result/results/0/body/id").asString();
        JsonNode bobPatches = asBob.transaction(tx(key(), "{\"method\": \"PATCH\", \"path\": \"/v1/collections/" + notes
                + "/documents/" + aliceDoc + "\", \"body\": {\"text\": \"stolen\"}}"));
        assertThat(bobPatches.get("ok").asBoolean()).isFalse();
        assertThat(bobPatches.get("error_code").asString()).isEqualTo("DOCUMENT_NOT_FOUND");
        JsonNode aliceSees = asAlice.send("GET", "/v1/collections/" + notes + "/documents/" + aliceDoc, null).body();
        assertThat(aliceSees.get("text").asString()).isEqualTo("mine");
    }

    @Test
    void route_calls_carry_if_match_and_read_routes_work_inside_the_transaction() {
        TxClient client = secret();
        String notes = freshCollection();
        JsonNode created = client.send("POST", "/v1/collections/" + notes + "/documents", "{\"text\": \"v1\"}").body();
        String id = created.get("id").asString();
        String path = "/v1/collections/" + notes + "/documents/" + id;

        JsonNode stale = client.transaction(tx(key(), "{\"method\": \"PATCH\", \"path\": \"" + path
                + "\", \"if_match\": \"\\\"7\\\"\", \"body\": {\"text\": \"v2\"}}"));
        assertThat(stale.get("error_code").asString()).isEqualTo("CAS_MISMATCH");

        JsonNode ok = client.transaction(tx(key(),
                "{\"method\": \"PATCH\", \"path\": \"" + path + "\", \"if_match\": \"\\\"1\\\"\", \"body\": {\"text\": \"v2\"}}",
                "{\"method\": \"GET\", \"path\": \"" + path + "\"}",
                "{\"method\": \"GET\", \"path\": \"/v1/collections/" + notes + "/documents?text=v2\"}"));
        assertThat(ok.get("ok").asBoolean()).isTrue();
        assertThat(ok.at("/result/results/1/body/text").asString()).as("reads see the transaction's own writes").isEqualTo("v2");
        assertThat(ok.at("/result/results/2/body/total").asInt()).isEqualTo(1);
    }

    @Test
    void malformed_requests_are_400_and_unknown_routes_fail_the_outcome() {
        TxClient client = secret();
        String orders = freshCollection();
        assertError(client.send("POST", "/v1/transactions", "{\"operations\": [" + insert(orders, "{}") + "]}"), null);
        assertError(client.send("POST", "/v1/transactions", "{\"idempotency_key\": \"k\", \"operations\": []}"), null);
        assertError(client.send("POST", "/v1/transactions", tx("k", "{\"datastore\": 5}")), 0);
        assertError(client.send("POST", "/v1/transactions", tx("k", insert(orders, "{}"), "{\"method\": \"POST\", \"path\": \"/v1/users\", \"body\": {}}")), 1);
        assertError(client.send("POST", "/v1/transactions", tx("k", "{\"method\": \"TRACE\", \"path\": \"/v1/kv/a/b\"}")), 0);
        assertError(client.send("POST", "/v1/transactions", tx("k", "{\"method\": \"GET\", \"path\": \"/v1/kv/a/b c\"}")), 0);
        assertError(client.send("POST", "/v1/transactions", tx("k", "{\"method\": \"GET\", \"path\": \"/v1/kv/../users\"}")), 0);
        assertError(client.send("POST", "/v1/transactions", tx("k", "{\"mutate_in\": {\"key\": \"x\", \"specs\": []}}")), 0);
        assertError(client.send("POST", "/v1/transactions", tx("k", "{\"method\": \"GET\", \"path\": \"/v1/kv/a/b\", \"extra\": 1}")), 0);
        assertError(client.send("POST", "/v1/transactions", "{\"idempotency_key\": \"k\", \"lock_ttl_seconds\": 0, \"operations\": ["
                + insert(orders, "{}") + "]}"), null);
        assertError(client.send("POST", "/v1/transactions", "{\"idempotency_key\": \"" + "k".repeat(256)
                + "\", \"operations\": [" + insert(orders, "{}") + "]}"), null);
        assertError(client.send("POST", "/v1/transactions", "[1]"), null);

        JsonNode unknownRoute = client.transaction(tx(key(), "{\"method\": \"DELETE\", \"path\": \"/v1/collections/" + orders + "/count\"}"));
        assertThat(unknownRoute.get("ok").asBoolean()).isFalse();
        assertThat(unknownRoute.get("error_code").asString()).isEqualTo("NOT_FOUND");
        assertThat(client.count(orders)).isZero();

        TxClient anonymous = new TxClient(port, PUBLIC_KEY, null);
        assertThat(anonymous.send("POST", "/v1/transactions", tx(key(), insert(orders, "{}"))).status()).isEqualTo(401);
    }

    @Test
    void the_openapi_description_lists_the_route_without_the_idempotency_header() {
        JsonNode docs = secret().send("GET", "/v3/api-docs", null).body();
        JsonNode post = docs.at("/paths/~1v1~1transactions/post");
        assertThat(post.get("operationId").asString()).isEqualTo("transaction");
        assertThat(post.path("parameters").toString()).doesNotContain("IdempotencyKey");
        assertThat(docs.at("/paths/~1v1~1datastore/post/parameters").toString()).contains("IdempotencyKey");
    }

    @Test
    void an_idempotency_key_header_on_a_transaction_changes_nothing() {
        TxClient client = secret();
        String orders = freshCollection();
        String body = tx(key(), insert(orders, "{\"n\": 1}"));
        JsonNode first = http.post().uri("/v1/transactions").header("X-Api-Key", SECRET_KEY).header("Idempotency-Key", "h-1")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectHeader().doesNotExist("Idempotent-Replayed")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(first.get("idempotent").asBoolean()).isFalse();
        assertThat(client.transaction(body).get("idempotent").asBoolean()).isTrue();
        assertThat(client.count(orders)).isEqualTo(1);
    }

    @Test
    void hostile_bodies_are_refused_cleanly_and_hostile_names_stay_data() {
        TxClient client = secret();
        String deep = "[".repeat(200) + "]".repeat(200);
        TxClient.Reply nested = client.send("POST", "/v1/transactions", "{\"idempotency_key\": \"k\", \"operations\": " + deep + "}");
        assertThat(nested.status()).isEqualTo(400);
        String huge = "{\"idempotency_key\": \"k\", \"operations\": [" + insert(freshCollection(), "{\"s\": \"" + "x".repeat(1_100_000) + "\"}") + "]}";
        assertThat(client.send("POST", "/v1/transactions", huge).status()).isEqualTo(413);

        // SQL and Lua metacharacters in keys, resources and paths are only ever parameters or hashed
        String orders = freshCollection();
        String evil = "k'); drop table transaction_records; -- {tag} \\ \" redis.call('FLUSHALL')";
        JsonNode ran = client.transaction("{\"idempotency_key\": " + quote(evil) + ", \"lock_resource\": " + quote(evil)
                + ", \"operations\": [" + insert(orders, "{\"n\": 1}") + "]}");
        assertThat(ran.get("ok").asBoolean()).isTrue();
        JsonNode again = client.transaction("{\"idempotency_key\": " + quote(evil) + ", \"lock_resource\": " + quote(evil)
                + ", \"operations\": [" + insert(orders, "{\"n\": 1}") + "]}");
        assertThat(again.get("idempotent").asBoolean()).isTrue();
        JsonNode badKvPath = client.transaction(tx(key(), "{\"method\": \"GET\", \"path\": \"/v1/kv/x%27%3B%20drop/k\"}"));
        assertThat(badKvPath.get("ok").asBoolean()).isFalse();
        assertThat(badKvPath.get("error_code").asString()).isIn("VALIDATION_ERROR", "COLLECTION_NOT_FOUND", "DOCUMENT_NOT_FOUND");
        assertThat(client.count(orders)).isEqualTo(1);
    }

    private static void assertError(TxClient.Reply reply, Integer operationIndex) {
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(400);
        assertThat(reply.body().at("/error/code").asString()).isEqualTo("VALIDATION_ERROR");
        if (operationIndex != null) {
            assertThat(reply.body().at("/error/details/operation_index").asInt()).isEqualTo(operationIndex);
        }
    }
}
