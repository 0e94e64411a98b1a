package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** {@code collection.upsert}: update every match, or insert exactly once. */
class UpsertIntegrationTest extends IntegrationTest {

    private Ops ops() {
        return new Ops(http, SECRET_KEY, null);
    }

    @Test
    void upsert_without_a_match_inserts_the_insert_object_plus_the_match_equality_fields() {
        Ops ops = ops();
        String c = freshCollection();
        JsonNode response = ops.ok(op("collection.upsert", c,
                "match", Map.of("user_id", "u1", "prefs.kind", "ui", "n:$gt", 5),
                "update", Map.of("theme", "dark"), "insert", Map.of("theme", "light")));
        assertThat(response.get("data")).hasSize(1);
        JsonNode doc = response.at("/data/0");
        assertThat(doc.propertyNames()).containsExactlyInAnyOrder(
                "_key", "_userkey", "_created_at", "_modified_at", "_version", "user_id", "prefs", "theme");
        assertThat(doc.get("user_id").asString()).isEqualTo("u1");
        assertThat(doc.get("prefs")).isEqualTo(Ops.json("{\"kind\": \"ui\"}"));
        assertThat(doc.get("theme").asString()).isEqualTo("light");
        assertThat(doc.get("_version").asInt()).isEqualTo(1);
    }

    @Test
    void a_second_upsert_with_the_same_match_updates_the_inserted_document() {
        Ops ops = ops();
        String c = freshCollection();
        Map<String, Object> upsert = op("collection.upsert", c, "match", Map.of("user_id", "u1"),
                "update", Map.of("theme", "dark", "&seen", "@now()"), "insert", Map.of("theme", "light"));
        JsonNode first = ops.ok(upsert).at("/data/0");
        JsonNode second = ops.ok(upsert).at("/data/0");
        assertThat(second.get("_key")).isEqualTo(first.get("_key"));
        assertThat(second.get("theme").asString()).isEqualTo("dark");
        assertThat(second.get("seen").asString()).isEqualTo(second.get("_modified_at").asString());
        assertThat(second.get("_version").asInt()).isEqualTo(2);
        assertThat(ops.ok(op("collection.count", c)).at("/data/count").asInt()).isEqualTo(1);
    }

    @Test
    void upsert_updates_every_matching_document() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, List.of(Map.of("g", 1), Map.of("g", 1), Map.of("g", 1), Map.of("g", 2)));
        JsonNode response = ops.ok(op("collection.upsert", c, "match", Map.of("g", 1),
                "update", Map.of("v", 9), "insert", Map.of("v", 0)));
        assertThat(response.get("data")).hasSize(3);
        assertThat(ops.ok(op("collection.count", c, "match", Map.of("v", 9))).at("/data/count").asInt()).isEqualTo(3);
        assertThat(ops.ok(op("collection.count", c)).at("/data/count").asInt()).isEqualTo(4);
    }

    @Test
    void twenty_concurrent_upserts_with_the_same_match_insert_once() {
        Ops ops = ops();
        String c = freshCollection();
        String body = "{\"op\": \"collection.upsert\", \"collection\": \"" + c + "\", \"match\": {\"slot\": \"s1\"}, "
                + "\"update\": {\"touched\": true}, \"insert\": {\"first\": true}}";
        WebClient client = WebClient.create("http://127.0.0.1:" + port);

        List<Integer> statuses = Flux.range(0, 20)
                .flatMap(i -> client.post().uri("/v1/datastore").contentType(MediaType.APPLICATION_JSON)
                        .header("X-Api-Key", SECRET_KEY).bodyValue(body)
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 20)
                .collectList().block();
        assertThat(statuses).hasSize(20).containsOnly(200);
        assertThat(ops.ok(op("collection.count", c)).at("/data/count").asInt()).isEqualTo(1);
        JsonNode doc = ops.ok(op("collection.find", c)).at("/data/0");
        assertThat(doc.get("slot").asString()).isEqualTo("s1");
        assertThat(doc.get("_version").asInt()).isEqualTo(20);
    }

    @Test
    void upsert_needs_a_non_empty_match_and_both_update_and_insert() {
        Ops ops = ops();
        String c = freshCollection();
        assertThat(ops.error(op("collection.upsert", c, "match", Map.of(), "update", Map.of("a", 1), "insert", Map.of("a", 1)), 400))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.upsert", c, "match", Map.of("k", 1), "insert", Map.of("a", 1)), 400))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.upsert", c, "match", Map.of("k", 1), "update", Map.of("a", 1)), 400))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.upsert", c, "match", Map.of("k", 1), "update", Map.of("_a", 1), "insert", Map.of("a", 1)), 400))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.upsert", c, "match", Map.of("k", 1), "update", Map.of("a", 1), "insert", Map.of("_key", "k")), 400))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.upsert", c, "match", Map.of("k", 1), "data", Map.of("a", 1)), 400))
                .isEqualTo("VALIDATION_ERROR");
    }
}
