package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code collection.update} by {@code _key} and by {@code match}: merge rules, system fields, guards. */
class UpdateIntegrationTest extends IntegrationTest {

    private Ops ops() {
        return new Ops(http, SECRET_KEY, null);
    }

    @Test
    void update_by_key_merges_top_level_fields_and_sets_dotted_paths() throws InterruptedException {
        Ops ops = ops();
        String c = freshCollection();
        JsonNode before = ops.insert(c, Ops.json("{\"a\": 1, \"b\": {\"c\": 1, \"d\": 2}, \"e\": \"x\", \"g\": {\"h\": 1}}")).get(0);
        String key = before.get("_key").asString();
        Thread.sleep(5);
        JsonNode response = ops.ok(op("collection.update", c, "data",
                Map.of("_key", key, "a", 2, "b.c", 5, "f", true, "g", Map.of("i", 2))));
        assertThat(response.propertyNames()).containsExactly("data");
        assertThat(response.get("data")).hasSize(1);
        JsonNode after = response.at("/data/0");
        assertThat(after.get("_key").asString()).isEqualTo(key);
        assertThat(after.get("a").asInt()).isEqualTo(2);
        assertThat(after.get("b")).isEqualTo(Ops.json("{\"c\": 5, \"d\": 2}"));
        assertThat(after.get("e").asString()).isEqualTo("x");
        assertThat(after.get("f").asBoolean()).isTrue();
        assertThat(after.get("g")).isEqualTo(Ops.json("{\"i\": 2}"));
        assertThat(after.get("_version").asInt()).isEqualTo(2);
        assertThat(after.get("_created_at")).isEqualTo(before.get("_created_at"));
        assertThat(after.get("_modified_at").asString()).matches(InsertIntegrationTest.TIMESTAMP)
                .isGreaterThan(before.get("_modified_at").asString());
        assertThat(ops.ok(op("collection.find", c)).at("/data/0")).isEqualTo(after);
    }

    @Test
    void update_by_a_list_of_keys_updates_each_and_skips_unknown_keys() {
        Ops ops = ops();
        String c = freshCollection();
        List<JsonNode> docs = ops.insert(c, List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));
        String k1 = docs.get(0).get("_key").asString();
        String k3 = docs.get(2).get("_key").asString();
        JsonNode response = ops.ok(op("collection.update", c, "data", List.of(
                Map.of("_key", k3, "s", "premium"), Map.of("_key", "0".repeat(32), "s", "x"), Map.of("_key", k1, "s", "basic"))));
        assertThat(Ops.keys(response)).containsExactly(k3, k1);
        assertThat(response.at("/data/0/s").asString()).isEqualTo("premium");
        assertThat(response.at("/data/1/s").asString()).isEqualTo("basic");
        assertThat(ops.ok(op("collection.count", c, "match", Map.of("s:$exists", false))).at("/data/count").asInt()).isEqualTo(1);
    }

    @Test
    void update_by_match_sets_fields_on_every_matching_document() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, List.of(Map.of("st", "pending", "n", 1), Map.of("st", "pending", "n", 2), Map.of("st", "done", "n", 3)));
        JsonNode response = ops.ok(op("collection.update", c, "match", Map.of("st", "pending"),
                "data", Map.of("st", "expired", "&expired_at", "@now()")));
        assertThat(response.get("data")).hasSize(2);
        for (JsonNode doc : response.get("data")) {
            assertThat(doc.get("st").asString()).isEqualTo("expired");
            assertThat(doc.get("expired_at").asString()).matches(InsertIntegrationTest.TIMESTAMP)
                    .isEqualTo(doc.get("_modified_at").asString());
            assertThat(doc.get("_version").asInt()).isEqualTo(2);
        }
        assertThat(ops.ok(op("collection.count", c, "match", Map.of("st", "done"))).at("/data/count").asInt()).isEqualTo(1);
        JsonNode none = ops.ok(op("collection.update", c, "match", Map.of("st", "nope"), "data", Map.of("x", 1)));
        assertThat(none).isEqualTo(Ops.json("{\"data\": []}"));
    }

    @Test
    void every_write_moves_modified_at_and_version_but_never_created_at() throws InterruptedException {
        Ops ops = ops();
        String c = freshCollection();
        JsonNode doc = ops.insert(c, Map.of("n", 0)).get(0);
        String key = doc.get("_key").asString();
        for (int i = 1; i <= 3; i++) {
            Thread.sleep(5);
            JsonNode next = ops.ok(op("collection.update", c, "data", Map.of("_key", key, "n", i))).at("/data/0");
            assertThat(next.get("_version").asInt()).isEqualTo(i + 1);
            assertThat(next.get("_created_at")).isEqualTo(doc.get("_created_at"));
            assertThat(next.get("_modified_at").asString()).isGreaterThan(doc.get("_modified_at").asString());
            doc = next;
        }
    }

    @Test
    void an_empty_match_is_refused_unless_all_is_true() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, List.of(Map.of("n", 1), Map.of("n", 2)));
        JsonNode error = ops.errorBody(op("collection.update", c, "match", Map.of(), "data", Map.of("x", 1)), 400);
        assertThat(error.get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.at("/details/field").asString()).isEqualTo("match");
        assertThat(ops.ok(op("collection.count", c, "match", Map.of("x", 1))).at("/data/count").asInt()).isZero();
        JsonNode all = ops.ok(op("collection.update", c, "match", Map.of(), "all", true, "data", Map.of("x", 1)));
        assertThat(all.get("data")).hasSize(2);
        assertThat(ops.error(op("collection.update", c, "all", "yes", "data", Map.of("x", 1)), 400)).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void setting_a_field_inside_a_string_is_refused_and_leaves_the_document_unchanged() {
        Ops ops = ops();
        String c = freshCollection();
        JsonNode doc = ops.insert(c, Map.of("a", "text", "n", 1)).get(0);
        String key = doc.get("_key").asString();
        JsonNode error = ops.errorBody(op("collection.update", c, "data", Map.of("_key", key, "n", 2, "a.b", 1)), 400);
        assertThat(error.get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.update", c, "match", Map.of("n", 1), "data", Map.of("a.b", 1)), 400))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(ops.ok(op("collection.find", c)).at("/data/0")).isEqualTo(doc);
    }

    @Test
    void malformed_updates_are_validation_errors() {
        Ops ops = ops();
        String c = freshCollection();
        String key = ops.insert(c, Map.of("n", 1)).get(0).get("_key").asString();
        List<Object> bad = List.of(
                Map.of("n", 2),
                Map.of("_key", key),
                Map.of("_key", 5, "n", 2),
                Map.of("_key", key, "_version", 9),
                Map.of("_key", key, "&at", "now"),
                List.of(Map.of("_key", key, "n", 2), Map.of("_key", key, "n", 3)));
        for (Object data : bad) {
            assertThat(ops.error(op("collection.update", c, "data", data), 400)).as(data.toString()).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(ops.error(op("collection.update", c, "match", Map.of("n", 1), "data", List.of(Map.of("n", 2))), 400))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(ops.ok(op("collection.find", c)).at("/data/0/_version").asInt()).isEqualTo(1);
    }
}
