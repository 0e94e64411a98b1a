package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code collection.insert}: response shape, system fields, dotted keys, reserved names, numbers. */
class InsertIntegrationTest extends IntegrationTest {

    static final String KEY = "[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}";
    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private Ops ops() {
        return new Ops(http, SECRET_KEY, null);
    }

    @Test
    void insert_of_one_object_returns_a_list_of_one_full_document() {
        String c = freshCollection();
        JsonNode response = ops().ok(op("collection.insert", c, "data", Map.of("name", "Jane", "age", 28)));
        assertThat(response.propertyNames()).containsExactly("data");
        assertThat(response.get("data").isArray()).isTrue();
        assertThat(response.get("data")).hasSize(1);
        JsonNode doc = response.at("/data/0");
        assertThat(doc.propertyNames()).containsExactlyInAnyOrder(
                "_key", "_userkey", "_created_at", "_modified_at", "_version", "name", "age");
        assertThat(doc.get("_key").asString()).matches(KEY);
        assertThat(doc.get("_userkey").isNull()).isTrue();
        assertThat(doc.get("_created_at").asString()).matches(TIMESTAMP);
        assertThat(doc.get("_modified_at").asString()).isEqualTo(doc.get("_created_at").asString());
        assertThat(doc.get("_version").asInt()).isEqualTo(1);
        assertThat(doc.get("name").asString()).isEqualTo("Jane");
        assertThat(doc.get("age").asInt()).isEqualTo(28);
    }

    @Test
    void insert_of_an_array_returns_the_documents_in_request_order_with_distinct_keys() {
        Ops ops = ops();
        String c = freshCollection();
        List<JsonNode> docs = ops.insert(c, List.of(Map.of("i", 0), Map.of("i", 1), Map.of("i", 2)));
        assertThat(docs).extracting(d -> d.get("i").asInt()).containsExactly(0, 1, 2);
        assertThat(docs).extracting(d -> d.get("_key").asString()).doesNotHaveDuplicates().allMatch(k -> k.matches(KEY));
        JsonNode found = ops.ok(op("collection.find", c, "sort", "i asc"));
        assertThat(found.get("data")).containsExactlyElementsOf(docs);
    }

    @Test
    void dotted_keys_on_insert_build_nested_objects() {
        JsonNode doc = ops().insert(freshCollection(), Ops.json("{\"a.b.c\": 1, \"a.d\": \"x\", \"e\": {\"f\": 2}}")).get(0);
        assertThat(doc.get("a")).isEqualTo(Ops.json("{\"b\": {\"c\": 1}, \"d\": \"x\"}"));
        assertThat(doc.get("e")).isEqualTo(Ops.json("{\"f\": 2}"));
        assertThat(doc.has("a.b.c")).isFalse();
    }

    @Test
    void now_fields_on_insert_get_the_creation_timestamp() {
        JsonNode doc = ops().insert(freshCollection(), Map.of("&seen", "@now()", "x", 1)).get(0);
        assertThat(doc.get("seen").asString()).isEqualTo(doc.get("_created_at").asString());
    }

    @Test
    void underscore_fields_in_a_write_are_refused_not_dropped() {
        Ops ops = ops();
        String c = freshCollection();
        for (String field : List.of("_key", "_version", "_custom", "_created_at")) {
            JsonNode error = ops.errorBody(op("collection.insert", c, "data", Map.of(field, "x", "ok", 1)), 400);
            assertThat(error.get("code").asString()).as(field).isEqualTo("VALIDATION_ERROR");
            assertThat(error.at("/details/field").asString()).as(field).isEqualTo(field);
        }
        assertThat(ops.error(op("collection.insert", c, "data", List.of(Map.of("ok", 1), Map.of("_userkey", "u"))), 400))
                .isEqualTo("VALIDATION_ERROR");
        // nothing was written, not even the collection
        assertThat(ops.error(op("collection.count", c), 404)).isEqualTo("COLLECTION_NOT_FOUND");
    }

    @Test
    void numbers_round_trip_exactly() {
        Ops ops = ops();
        String c = freshCollection();
        String body = "{\"op\": \"collection.insert\", \"collection\": \"" + c + "\", \"data\": {\"price\": 199.99, "
                + "\"big\": 12345678901234567890, \"pi\": 3.14159265358979323846264338327950288, \"tiny\": 1e-30, "
                + "\"neg\": -0.5, \"one\": 1.0, \"huge\": 1e400}}";
        String inserted = new String(ops.send(body).expectStatus().isOk().expectBody().returnResult().getResponseBody());
        String found = new String(ops.send(op("collection.find", c)).expectStatus().isOk().expectBody().returnResult()
                .getResponseBody());
        for (String text : List.of(inserted, found)) {
            JsonNode doc = Ops.json(text).at("/data/0");
            assertThat(text).contains("\"price\":199.99", "\"big\":12345678901234567890",
                    "\"pi\":3.14159265358979323846264338327950288", "\"neg\":-0.5");
            assertThat(doc.get("tiny").decimalValue()).isEqualByComparingTo("1e-30");
            assertThat(doc.get("one").decimalValue()).isEqualByComparingTo("1");
            assertThat(doc.get("huge").decimalValue()).isEqualByComparingTo("1e400");
        }
        assertThat(ops.ok(op("collection.count", c, "match", Ops.json("{\"big\": 12345678901234567890}"))).at("/data/count")
                .asInt()).isEqualTo(1);
    }

    @Test
    void numbers_too_large_to_read_back_are_refused_with_a_400() {
        Ops ops = ops();
        String c = freshCollection();
        for (String number : List.of("1e1200", "1e-20000", "1e200000", "-1e5000")) {
            String body = "{\"op\": \"collection.insert\", \"collection\": \"" + c + "\", \"data\": {\"x\": " + number + "}}";
            JsonNode error = ops.errorBody(body, 400);
            assertThat(error.get("code").asString()).as(number).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(ops.error(op("collection.find", c), 404)).isEqualTo("COLLECTION_NOT_FOUND");
        ops.insert(c, Map.of("x", 1)); // a refused insert leaves nothing behind that breaks the next one
        assertThat(ops.ok(op("collection.count", c)).at("/data/count").asInt()).isEqualTo(1);
    }

    @Test
    void insert_needs_data_as_an_object_or_a_non_empty_array_of_objects() {
        Ops ops = ops();
        String c = freshCollection();
        assertThat(ops.error(op("collection.insert", c), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.insert", c, "data", List.of()), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.insert", c, "data", "text"), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.insert", c, "data", List.of(1, 2)), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.insert", c, "data", Ops.json("{\"a\": 1, \"a.b\": 2}")), 400)).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void overlapping_fields_in_one_write_are_refused_in_either_order() {
        Ops ops = ops();
        String c = freshCollection();
        for (String data : List.of("{\"a.b\": 2, \"a\": 1}", "{\"a\": {\"x\": 1}, \"a.b\": 2}", "{\"p.q\": 1, \"p.q.r\": 2}")) {
            assertThat(ops.errorBody(op("collection.insert", c, "data", Ops.json(data)), 400).get("code").asString())
                    .isEqualTo("VALIDATION_ERROR");
        }
        String key = ops.insert(c, Ops.json("{\"a\": {\"b\": 1}}")).get(0).get("_key").asString();
        assertThat(ops.error(op("collection.update", c, "data", Ops.json("{\"_key\": \"" + key + "\", \"a.b\": 2, \"a\": 3}")), 400))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(ops.ok(op("collection.find", c, "match", Map.of())).at("/data/0/a/b").asInt()).isEqualTo(1);
    }
}
