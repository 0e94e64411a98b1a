package dev.vellum.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Numbers past 1000 digits written out are refused where a body enters, on every route, before
 * anything formats them: 400 VALIDATION_ERROR naming the field, and nothing is stored.
 */
class NumberBoundIntegrationTest extends IntegrationTest {

    private String c;

    @BeforeEach
    void collection() {
        c = freshCollection();
        send(HttpMethod.PUT, "/v1/kv/" + c + "/doc", "{\"n\": 1, \"list\": []}", 200);
    }

    @Test
    void upsert_match_with_a_huge_exponent_is_refused_before_it_is_written_out() {
        refused(HttpMethod.POST, "/v1/datastore", """
                {"op": "collection.upsert", "collection": "%s", "match": {"n": 1e999999999},
                 "update": {"x": 1}, "insert": {"x": 2}}""".formatted(c), "match.n");
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void datastore_filters_and_writes_are_bounded() {
        refused(HttpMethod.POST, "/v1/datastore",
                "{\"op\": \"collection.find\", \"collection\": \"" + c + "\", \"match\": {\"n:$gt\": 1e-1200}}", "match.n:$gt");
        refused(HttpMethod.POST, "/v1/datastore",
                "{\"op\": \"collection.insert\", \"collection\": \"" + c + "\", \"data\": [{\"n\": 1}, {\"n\": 1e1200}]}",
                "data[1].n");
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void the_bound_is_1000_digits_written_out() {
        send(HttpMethod.PUT, "/v1/kv/" + c + "/edge", "{\"big\": 1e999, \"small\": 1e-999}", 200);
        JsonNode content = send(HttpMethod.GET, "/v1/kv/" + c + "/edge", null, 200).get("content");
        assertThat(content.get("big").decimalValue().toPlainString()).hasSize(1000);
        refused(HttpMethod.PUT, "/v1/kv/" + c + "/edge", "{\"big\": 1e1000}", "big");
        refused(HttpMethod.PUT, "/v1/kv/" + c + "/edge", "{\"small\": 1e-1000}", "small");
    }

    @Test
    void documents_and_kv_bodies_are_bounded() {
        refused(HttpMethod.POST, "/v1/collections/" + c + "/documents", "{\"n\": 1e1200}", "n");
        refused(HttpMethod.PUT, "/v1/kv/" + c + "/other", "{\"a\": {\"b\": [1e1200]}}", "a.b[0]");
        refused(HttpMethod.POST, "/v1/kv/" + c + "/other", "-1e1200", "body");
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void mutate_in_values_and_deltas_are_bounded_and_the_row_still_reads() {
        refused(HttpMethod.POST, "/v1/kv/" + c + "/doc/mutate_in",
                "{\"specs\": [{\"op\": \"upsert\", \"path\": \"big\", \"value\": 1e1200}]}", "specs[0].value");
        refused(HttpMethod.POST, "/v1/kv/" + c + "/doc/mutate_in",
                "{\"specs\": [{\"op\": \"array_append\", \"path\": \"list\", \"values\": [1, 1e1200]}]}", "specs[0].values[1]");
        refused(HttpMethod.POST, "/v1/kv/" + c + "/doc/mutate_in",
                "{\"specs\": [{\"op\": \"counter\", \"path\": \"n\", \"delta\": 1e1200}]}", "specs[0].delta");
        JsonNode doc = send(HttpMethod.GET, "/v1/kv/" + c + "/doc", null, 200);
        assertThat(doc.get("cas").asString()).isEqualTo("1");
        assertThat(doc.at("/content/n").asInt()).isEqualTo(1);
    }

    @Test
    void user_data_and_relationship_fields_are_bounded() {
        String id = send(HttpMethod.POST, "/v1/users",
                "{\"email\": \"" + freshEmail() + "\", \"password\": \"long enough pw\"}", 201).get("id").asString();
        refused(HttpMethod.POST, "/v1/users",
                "{\"email\": \"" + freshEmail() + "\", \"password\": \"long enough pw\", \"data\": {\"n\": 1e1200}}", "data.n");
        refused(HttpMethod.PATCH, "/v1/users/" + id, "{\"data\": {\"n\": 1e1200}}", "data.n");
        refused(HttpMethod.PATCH, "/v1/users/" + id, "{\"nickname\": 1e1200}", "nickname");
        refused(HttpMethod.POST, "/v1/users/" + id + "/relationships/following", "{\"user_id\": 1e1200}", "user_id");
        JsonNode user = send(HttpMethod.GET, "/v1/users/" + id, null, 200);
        assertThat(user.get("data").isEmpty()).isTrue();
    }

    @Test
    void transaction_operations_are_bounded_before_anything_runs() {
        refused(HttpMethod.POST, "/v1/transactions", """
                {"idempotency_key": "numbers-%s", "operations": [
                  {"method": "PUT", "path": "/v1/kv/%s/t1", "body": {"n": 1}},
                  {"mutate_in": {"collection": "%s", "key": "doc", "specs": [{"op": "counter", "path": "n", "delta": 1e1200}]}}]}"""
                .formatted(c, c, c), "operations[1].mutate_in.specs[0].delta");
        send(HttpMethod.GET, "/v1/kv/" + c + "/t1", null, 404);
    }

    private long count() {
        return send(HttpMethod.POST, "/v1/datastore",
                "{\"op\": \"collection.count\", \"collection\": \"" + c + "\", \"match\": {}}", 200).at("/data/count").asLong();
    }

    private void refused(HttpMethod method, String path, String body, String field) {
        JsonNode error = send(method, path, body, 400).get("error");
        assertThat(error.get("code").asString()).as(path + " " + body).isEqualTo("VALIDATION_ERROR");
        assertThat(error.at("/details/field").asString()).as(path + " " + body).isEqualTo(field);
        assertThat(error.get("message").asString()).contains("1000 digits");
    }

    private JsonNode send(HttpMethod method, String path, String body, int status) {
        var request = http.method(method).uri(path).header("X-Api-Key", SECRET_KEY)
                .header("Content-Type", "application/json");
        var response = body == null ? request.exchange() : request.bodyValue(body).exchange();
        return response.expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
