package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Collection names are validated; writes create collections, everything else needs one to exist. */
class CollectionNamesIntegrationTest extends IntegrationTest {

    private static final List<String> INVALID = List.of("Users", "1abc", "a".repeat(65), "a-b", "a b", "../x", "", "é");

    private Ops ops() {
        return new Ops(http, SECRET_KEY, null);
    }

    @Test
    void invalid_collection_names_are_validation_errors_for_every_op() {
        Ops ops = ops();
        for (String name : INVALID) {
            for (Map<String, Object> body : List.of(
                    op("collection.find", name),
                    op("collection.insert", name, "data", Map.of("a", 1)),
                    op("collection.upsert", name, "match", Map.of("a", 1), "update", Map.of("b", 1), "insert", Map.of("b", 2)),
                    op("collection.count", name),
                    op("collection.delete", name, "all", true))) {
                JsonNode error = ops.errorBody(body, 400);
                assertThat(error.get("code").asString()).as(name).isEqualTo("VALIDATION_ERROR");
                assertThat(error.at("/details/field").asString()).isEqualTo("collection");
            }
        }
    }

    @Test
    void names_of_up_to_64_lowercase_letters_digits_and_underscores_are_valid() {
        Ops ops = ops();
        String suffix = freshCollection().substring(2);
        for (String name : List.of("_" + suffix, "a_" + suffix + "_9", ("z" + suffix + "x".repeat(64)).substring(0, 64))) {
            assertThat(ops.insert(name, Map.of("a", 1))).hasSize(1);
            assertThat(ops.ok(op("collection.count", name)).at("/data/count").asInt()).isEqualTo(1);
        }
    }

    @Test
    void insert_and_upsert_create_a_missing_collection() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Map.of("a", 1));
        String u = freshCollection();
        ops.ok(op("collection.upsert", u, "match", Map.of("a", 1), "update", Map.of("b", 1), "insert", Map.of("b", 2)));
        assertThat(ops.ok(op("collection.count", c)).at("/data/count").asInt()).isEqualTo(1);
        assertThat(ops.ok(op("collection.find", u)).at("/data/0/b").asInt()).isEqualTo(2);
    }

    @Test
    void every_other_op_on_a_missing_collection_is_collection_not_found() {
        Ops ops = ops();
        String c = freshCollection();
        JsonNode expected = Ops.json("{\"code\": \"COLLECTION_NOT_FOUND\", \"message\": \"collection '" + c
                + "' does not exist\", \"details\": {\"collection\": \"" + c + "\"}}");
        for (Map<String, Object> body : List.of(
                op("collection.find", c),
                op("collection.count", c, "match", Map.of("a", 1)),
                op("collection.update", c, "data", Map.of("_key", "k", "a", 1)),
                op("collection.update", c, "match", Map.of("a", 1), "data", Map.of("a", 2)),
                op("collection.delete", c, "match", Map.of("a", 1)),
                op("collection.archive", c, "all", true),
                op("collection.restore", c, "match", Map.of("_ref", "del_x")))) {
            assertThat(ops.errorBody(body, 404)).as(body.get("op").toString()).isEqualTo(expected);
        }
    }
}
