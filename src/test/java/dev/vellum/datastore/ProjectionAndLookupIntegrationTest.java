package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code filter} (condition or projection), {@code project}, and {@code lookup} on find. */
class ProjectionAndLookupIntegrationTest extends IntegrationTest {

    private static final String PEOPLE = """
            [{"name": "ann", "age": 30, "g": 1, "addr": {"city": "oslo", "zip": "0150"}},
             {"name": "bob", "age": 20, "g": 1, "addr": {"city": "rome"}},
             {"name": "cat", "age": 40, "g": 2}]""";

    private Ops ops() {
        return new Ops(http, SECRET_KEY, null);
    }

    private JsonNode find(Ops ops, String c, Object... pairs) {
        Object[] all = new Object[pairs.length + 2];
        all[0] = "sort";
        all[1] = "age asc";
        System.arraycopy(pairs, 0, all, 2, pairs.length);
        return ops.ok(op("collection.find", c, all));
    }

    @Test
    void filter_narrows_the_match_with_the_same_operators() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Ops.json(PEOPLE));
        JsonNode found = find(ops, c, "match", Map.of("g", 1), "filter", Map.of("age:$gt", 25));
        assertThat(found.get("data")).hasSize(1);
        assertThat(found.at("/data/0/name").asString()).isEqualTo("ann");
        assertThat(found.at("/meta/pagination/size").asInt()).isEqualTo(1);
        assertThat(find(ops, c, "filter", Map.of("addr.city:$ne", "oslo")).get("data")).hasSize(2);
        assertThat(ops.ok(op("collection.count", c, "match", Map.of("g", 1), "filter", Map.of("name:$in", List.of("bob", "cat"))))
                .at("/data/count").asInt()).isEqualTo(1);
    }

    @Test
    void a_filter_of_ones_is_an_inclusion_projection_that_keeps_key() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Ops.json(PEOPLE));
        JsonNode found = find(ops, c, "filter", Map.of("name", 1, "addr.city", 1));
        assertThat(found.get("data")).hasSize(3);
        JsonNode ann = found.at("/data/1");
        assertThat(ann.propertyNames()).containsExactlyInAnyOrder("_key", "name", "addr");
        assertThat(ann.get("addr")).isEqualTo(Ops.json("{\"city\": \"oslo\"}"));
        assertThat(found.at("/data/2").propertyNames()).containsExactlyInAnyOrder("_key", "name");
    }

    @Test
    void a_filter_of_zeros_is_an_exclusion_projection() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Ops.json(PEOPLE));
        JsonNode ann = find(ops, c, "filter", Map.of("age", 0, "addr.zip", 0)).at("/data/1");
        assertThat(ann.propertyNames()).containsExactlyInAnyOrder(
                "_key", "_userkey", "_created_at", "_modified_at", "_version", "name", "g", "addr");
        assertThat(ann.get("addr")).isEqualTo(Ops.json("{\"city\": \"oslo\"}"));
    }

    @Test
    void a_filter_mixing_one_and_zero_is_a_condition_not_a_projection() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Ops.json(PEOPLE));
        JsonNode found = find(ops, c, "filter", Map.of("g", 1, "age", 0));
        assertThat(found.get("data")).isEmpty();
        assertThat(find(ops, c, "filter", Map.of("g", 1, "age", 20)).at("/data/0/name").asString()).isEqualTo("bob");
    }

    @Test
    void project_includes_with_key_or_excludes_fields() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Ops.json(PEOPLE));
        JsonNode included = find(ops, c, "project", Map.of("name", 1)).at("/data/0");
        assertThat(included.propertyNames()).containsExactlyInAnyOrder("_key", "name");
        JsonNode withoutKey = find(ops, c, "project", Map.of("name", 1, "_key", 0)).at("/data/0");
        assertThat(withoutKey).isEqualTo(Ops.json("{\"name\": \"bob\"}"));
        JsonNode excluded = find(ops, c, "project", Map.of("addr", 0, "_userkey", 0, "_version", 0)).at("/data/0");
        assertThat(excluded.propertyNames()).containsExactlyInAnyOrder("_key", "_created_at", "_modified_at", "name", "age", "g");
        JsonNode narrowed = find(ops, c, "filter", Map.of("g", 2), "project", Map.of("age", 1)).at("/data/0");
        assertThat(narrowed.propertyNames()).containsExactlyInAnyOrder("_key", "age");
    }

    @Test
    void two_projections_or_a_mixed_project_are_validation_errors() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Ops.json(PEOPLE));
        JsonNode both = ops.errorBody(op("collection.find", c, "filter", Map.of("name", 1), "project", Map.of("age", 1)), 400);
        assertThat(both.get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(both.at("/details/field").asString()).isEqualTo("project");
        assertThat(ops.error(op("collection.find", c, "project", Map.of("name", 1, "age", 0)), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.find", c, "project", Map.of("name", 2)), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.find", c, "project", List.of("name")), 400)).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void lookup_replaces_keys_with_documents_and_drops_unknown_keys() {
        Ops ops = ops();
        String users = freshCollection();
        String posts = freshCollection();
        List<JsonNode> people = ops.insert(users, List.of(Map.of("name", "ann"), Map.of("name", "bob")));
        String ann = people.get(0).get("_key").asString();
        String bob = people.get(1).get("_key").asString();
        String missing = "f".repeat(32);
        ops.insert(posts, List.of(
                Map.of("t", 1, "author", ann, "readers", List.of(bob, missing, ann), "meta", Map.of("by", bob), "editor", missing),
                Map.of("t", 2, "author", missing, "readers", List.of())));
        JsonNode found = ops.ok(op("collection.find", posts, "sort", "t asc",
                "lookup", Map.of("author", users, "readers", users, "meta.by", users, "editor", users)));
        JsonNode first = found.at("/data/0");
        assertThat(first.get("author")).isEqualTo(people.get(0));
        assertThat(first.get("readers")).containsExactly(people.get(1), people.get(0));
        assertThat(first.at("/meta/by")).isEqualTo(people.get(1));
        assertThat(first.get("editor").isNull()).isTrue();
        JsonNode second = found.at("/data/1");
        assertThat(second.get("author").isNull()).isTrue();
        assertThat(second.get("readers")).isEmpty();
        assertThat(second.has("editor")).isFalse();
    }

    @Test
    void lookup_into_a_missing_collection_is_not_found_and_bad_lookups_are_refused() {
        Ops ops = ops();
        String posts = freshCollection();
        ops.insert(posts, Map.of("author", "k"));
        String missing = freshCollection();
        JsonNode error = ops.errorBody(op("collection.find", posts, "lookup", Map.of("author", missing)), 404);
        assertThat(error).isEqualTo(Ops.json("{\"code\": \"COLLECTION_NOT_FOUND\", \"message\": \"collection '" + missing
                + "' does not exist\", \"details\": {\"collection\": \"" + missing + "\"}}"));
        assertThat(ops.error(op("collection.find", posts, "lookup", Map.of("author", "Users")), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.find", posts, "lookup", Map.of("author", 1)), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.find", posts, "lookup", Map.of("_key", posts)), 400)).isEqualTo("VALIDATION_ERROR");
    }
}
