package dev.vellum.transactions;

import static dev.vellum.transactions.TxClient.quote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each kind of operation answers, inside a transaction, the status and body its route answers
 * over HTTP (the same calls are made both ways and compared), and fails as the route fails.
 */
class TransactionOperationsIntegrationTest extends IntegrationTest {

    private TxClient secret() {
        return new TxClient(port, SECRET_KEY, null);
    }

    private static String call(String method, String path, String body) {
        return "{\"method\": " + quote(method) + ", \"path\": " + quote(path) + (body == null ? "" : ", \"body\": " + body) + "}";
    }

    private static String tx(String... operations) {
        return "{\"idempotency_key\": " + quote("k-" + UUID.randomUUID()) + ", \"operations\": ["
                + String.join(", ", operations) + "]}";
    }

    /** Runs the call in a transaction of its own and over HTTP (on twin collections) and compares. */
    private static void sameAsRoute(TxClient client, String method, String path, String twinPath, String body) {
        JsonNode outcome = client.transaction(tx(call(method, path, body)));
        assertThat(outcome.get("ok").asBoolean()).as(outcome.toString()).isTrue();
        TxClient.Reply direct = client.send(method, twinPath, body);
        JsonNode result = outcome.at("/result/results/0");
        assertThat(result.get("status").asInt()).as(method + " " + path).isEqualTo(direct.status());
        assertThat(stripped(result.get("body"))).as(method + " " + path).isEqualTo(stripped(direct.body()));
    }

    /** Ids and times differ between the twin runs; everything else must not. */
    private static String stripped(JsonNode body) {
        return body.toString().replaceAll("\"(id|_key|created_at|updated_at|_created_at|_modified_at)\":\"[^\"]*\"",
                "\"$1\":\"…\"");
    }

    @Test
    void kv_and_sub_document_calls_answer_as_their_routes() {
        TxClient client = secret();
        String a = freshCollection();
        String b = freshCollection();
        sameAsRoute(client, "POST", "/v1/kv/" + a + "/k", "/v1/kv/" + b + "/k", "{\"n\": 1, \"tags\": [\"x\"]}");
        sameAsRoute(client, "PUT", "/v1/kv/" + a + "/k?expiry=0", "/v1/kv/" + b + "/k?expiry=0",
                "{\"n\": 2, \"f\": 1.5, \"tags\": [\"x\"]}");
        sameAsRoute(client, "GET", "/v1/kv/" + a + "/k", "/v1/kv/" + b + "/k", null);
        sameAsRoute(client, "POST", "/v1/kv/" + a + "/k/lookup_in", "/v1/kv/" + b + "/k/lookup_in",
                "{\"specs\": [{\"op\": \"get\", \"path\": \"n\"}, {\"op\": \"exists\", \"path\": \"nope\"}]}");
        sameAsRoute(client, "POST", "/v1/kv/" + a + "/k/mutate_in", "/v1/kv/" + b + "/k/mutate_in",
                "{\"specs\": [{\"op\": \"array_append\", \"path\": \"tags\", \"value\": \"y\"}]}");
        sameAsRoute(client, "DELETE", "/v1/kv/" + a + "/k", "/v1/kv/" + b + "/k", null);
    }

    @Test
    void documents_and_datastore_calls_answer_as_their_routes() {
        TxClient client = secret();
        String a = freshCollection();
        String b = freshCollection();
        String docs = "[{\"title\": \"alpha beta\", \"n\": 1}, {\"title\": \"gamma\", \"n\": 2}]";
        sameAsRoute(client, "POST", "/v1/collections/" + a + "/documents", "/v1/collections/" + b + "/documents", docs);
        sameAsRoute(client, "GET", "/v1/collections/" + a + "/documents?n_gte=2&select=title",
                "/v1/collections/" + b + "/documents?n_gte=2&select=title", null);
        sameAsRoute(client, "GET", "/v1/collections/" + a + "/find_one?n=1", "/v1/collections/" + b + "/find_one?n=1", null);
        sameAsRoute(client, "GET", "/v1/collections/" + a + "/search?q=alpha", "/v1/collections/" + b + "/search?q=alpha", null);
        sameAsRoute(client, "GET", "/v1/collections/" + a + "/count?n=2", "/v1/collections/" + b + "/count?n=2", null);
        sameAsRoute(client, "POST", "/v1/datastore", "/v1/datastore",
                "{\"op\": \"collection.count\", \"collection\": " + quote(a) + ", \"match\": {\"n:$gte\": 1}}");
    }

    @Test
    void a_call_that_its_route_refuses_fails_the_transaction_with_the_routes_error() {
        TxClient client = secret();
        String c = freshCollection();
        assertFailure(client.transaction(tx(call("POST", "/v1/kv/" + c + "/k", null))), "VALIDATION_ERROR",
                "request body is required");
        assertFailure(client.transaction(tx(call("PUT", "/v1/kv/" + c + "/", "{}"))), "VALIDATION_ERROR", "keys are 1 to");
        assertFailure(client.transaction(tx(call("GET", "/v1/kv/" + c + "/k?bogus=1", null))), "VALIDATION_ERROR",
                "unknown query parameter 'bogus'");
        assertFailure(client.transaction(tx(call("GET", "/v1/collections/" + c + "/documents/x?limit=1", null))),
                "VALIDATION_ERROR", "'limit' is not supported");
        assertFailure(client.transaction(tx("{\"datastore\": {\"op\": \"collection.drop\", \"collection\": \"x\"}}")),
                "VALIDATION_ERROR", "unknown op");
        assertFailure(client.transaction(tx("{\"mutate_in\": {\"collection\": \"bad name!\", \"key\": \"k\", \"specs\": []}}")),
                "VALIDATION_ERROR", "operation 0");
        assertFailure(client.transaction(tx(call("POST", "/v1/kv/" + c + "/k", "{\"n\": 1}"),
                call("POST", "/v1/kv/" + c + "/k", "{\"n\": 1}"))), "DOCUMENT_EXISTS", "operation 1");
        assertThat(client.send("GET", "/v1/kv/" + c + "/k", null).status()).as("rolled back").isEqualTo(404);
    }

    private static void assertFailure(JsonNode outcome, String code, String message) {
        assertThat(outcome.get("ok").asBoolean()).as(outcome.toString()).isFalse();
        assertThat(outcome.get("error_code").asString()).as(outcome.toString()).isEqualTo(code);
        assertThat(outcome.get("error").asString()).as(outcome.toString()).contains(message);
        assertThat(outcome.has("error_details")).isTrue();
    }
}
