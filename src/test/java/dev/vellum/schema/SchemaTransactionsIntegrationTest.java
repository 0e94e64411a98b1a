package dev.vellum.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** A schema violation inside {@code /v1/transactions} or under an Idempotency-Key undoes everything the request wrote. */
class SchemaTransactionsIntegrationTest extends SchemaTestBase {

    String free;

    @BeforeEach
    void products() {
        setSchema(c, PRODUCT);
        free = freshCollection();
    }

    private Reply transaction(String operations) {
        return call(HttpMethod.POST, "/v1/transactions", "{'idempotency_key': '" + UUID.randomUUID() + "', 'operations': "
                + operations + "}");
    }

    @Test
    void a_transaction_whose_later_operation_violates_the_schema_does_nothing() {
        call(HttpMethod.POST, "/v1/kv/" + c + "/k", "{'title': 'Cup', 'price': 2}");

        Reply reply = transaction("[{'method': 'PUT', 'path': '/v1/kv/" + free + "/order', 'body': {'status': 'paid'}},"
                + " {'mutate_in': {'collection': '" + c + "', 'key': 'k', 'specs': [{'op': 'upsert', 'path': 'price', 'value': 1}]}},"
                + " {'datastore': {'op': 'collection.insert', 'collection': '" + c + "', 'data': {'title': 'Bad', 'price': -1}}}]");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("ok").asBoolean()).isFalse();
        assertThat(reply.body().get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(reply.body().at("/error_details/operation_index").asInt()).as("%s", reply.body()).isEqualTo(2);
        assertThat(reply.body().at("/error_details/pointers/0").asString()).isEqualTo("/price");
        assertThat(call(HttpMethod.GET, "/v1/kv/" + free + "/order", null).status()).isEqualTo(404);
        assertThat(kvContent(c, "k")).isEqualTo(parse("{'title': 'Cup', 'price': 2}"));
        assertThat(all(c)).hasSize(1);
    }

    @Test
    void a_transaction_whose_mutate_in_violates_the_schema_does_nothing() {
        call(HttpMethod.POST, "/v1/kv/" + c + "/k", "{'title': 'Cup', 'price': 2, 'stock': 10}");

        Reply reply = transaction("[{'datastore': {'op': 'collection.insert', 'collection': '" + free + "', 'data': {'n': 1}}},"
                + " {'mutate_in': {'collection': '" + c + "', 'key': 'k', 'specs': [{'op': 'counter', 'path': 'stock', 'delta': 1}]}}]");

        assertThat(reply.body().get("ok").asBoolean()).as("%s", reply.body()).isFalse();
        assertThat(reply.body().get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(all(free)).isEmpty();
        assertThat(kvContent(c, "k")).isEqualTo(parse("{'title': 'Cup', 'price': 2, 'stock': 10}"));
    }

    @Test
    void a_refused_write_under_an_idempotency_key_stores_nothing_and_keeps_refusing() {
        Reply created = call(HttpMethod.POST, "/v1/collections/" + c + "/documents", "{'title': 'Cup', 'price': 2}");
        String id = created.body().get("id").asString();
        String key = UUID.randomUUID().toString();

        for (int attempt = 0; attempt < 2; attempt++) {
            assertRefused(call(HttpMethod.PATCH, "/v1/collections/" + c + "/documents/" + id, "{'price': -1}",
                    "Idempotency-Key", key), "/price");
            assertRefused(call(HttpMethod.POST, "/v1/datastore", "{'op': 'collection.insert', 'collection': '" + c
                    + "', 'data': [{'title': 'A', 'price': 1}, {'title': 'B'}]}", "Idempotency-Key", key + "-insert"), "/price");
            assertRefused(call(HttpMethod.POST, "/v1/kv/" + c + "/k/mutate_in", "{'store_semantics': 'upsert', 'specs': "
                    + "[{'op': 'upsert', 'path': 'title', 'value': 'x'}]}", "Idempotency-Key", key + "-mutate"), "/price");
        }
        assertThat(all(c)).containsExactly(parse("{'title': 'Cup', 'price': 2}"));
        assertThat(call(HttpMethod.GET, "/v1/kv/" + c + "/k", null).status()).isEqualTo(404);

        Reply ok = call(HttpMethod.PATCH, "/v1/collections/" + c + "/documents/" + id, "{'price': 3}", "Idempotency-Key",
                UUID.randomUUID().toString());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(all(c)).containsExactly(parse("{'title': 'Cup', 'price': 3}"));
    }
}
