package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every match operator through {@code collection.find}, with MongoDB's type and missing-field rules. */
class FindOperatorsIntegrationTest extends IntegrationTest {

    private static final String PEOPLE = """
            [{"name": "ann", "age": 30, "score": 1, "tags": ["a", "b"], "addr": {"city": "oslo", "zip": "0150"}, "flag": true},
             {"name": "bob", "age": "10", "score": 1.0, "tags": ["b"], "addr": {"city": "rome"}, "flag": false},
             {"name": "cat", "age": 5, "score": 2.5, "tags": [], "addr": {"city": "oslo", "zip": "0151"}, "nick": null},
             {"name": "dan", "age": null, "tags": ["a"], "meta": {"x": 1}},
             {"name": "eve", "tags": "a", "meta": {"x": 1, "y": 2}}]""";

    private Ops ops;
    private String c;
    private List<JsonNode> docs;

    @BeforeEach
    void people() {
        ops = new Ops(http, SECRET_KEY, null);
        c = freshCollection();
        docs = ops.insert(c, Ops.json(PEOPLE));
    }

    private List<String> names(String match) {
        JsonNode found = ops.ok(op("collection.find", c, "match", Ops.json(match), "sort", "name asc"));
        List<String> names = new ArrayList<>();
        found.get("data").forEach(doc -> names.add(doc.get("name").asString()));
        return names;
    }

    @Test
    void plain_equality_and_eq_operator_match_the_exact_value() {
        assertThat(names("{\"name\": \"ann\"}")).containsExactly("ann");
        assertThat(names("{\"name:$eq\": \"bob\"}")).containsExactly("bob");
        assertThat(names("{\"flag\": false}")).containsExactly("bob");
        assertThat(names("{\"name\": \"zed\"}")).isEmpty();
        assertThat(names("{}")).containsExactly("ann", "bob", "cat", "dan", "eve");
    }

    @Test
    void range_operators_compare_numbers_with_numbers_and_strings_with_strings() {
        assertThat(names("{\"age:$gt\": 5}")).containsExactly("ann");
        assertThat(names("{\"age:$gte\": 5}")).containsExactly("ann", "cat");
        assertThat(names("{\"age:$lt\": 30}")).containsExactly("cat");
        assertThat(names("{\"age:$lte\": 30}")).containsExactly("ann", "cat");
        assertThat(names("{\"age:$gt\": 5, \"age:$lte\": 30}")).containsExactly("ann");
        assertThat(names("{\"age:$lt\": \"5\"}")).containsExactly("bob");
        assertThat(names("{\"age:$gte\": \"0\"}")).containsExactly("bob");
        assertThat(names("{\"flag:$gt\": false}")).containsExactly("ann");
    }

    @Test
    void gte_on_missing_field_matches_nothing() {
        assertThat(names("{\"height:$gte\": 0}")).isEmpty();
        assertThat(names("{\"height:$lt\": 1000000}")).isEmpty();
        assertThat(names("{\"age:$gte\": -1000000}")).containsExactly("ann", "cat");
    }

    @Test
    void integer_equals_decimal_of_the_same_value() {
        assertThat(names("{\"score\": 1}")).containsExactly("ann", "bob");
        assertThat(names("{\"score\": 1.0}")).containsExactly("ann", "bob");
        assertThat(names("{\"score:$in\": [2.50]}")).containsExactly("cat");
        assertThat(names("{\"score:$gte\": 1.5}")).containsExactly("cat");
    }

    @Test
    void equality_and_in_on_an_array_field_match_element_wise() {
        assertThat(names("{\"tags\": \"a\"}")).containsExactly("ann", "dan", "eve");
        assertThat(names("{\"tags:$in\": [\"b\", \"zzz\"]}")).containsExactly("ann", "bob");
        assertThat(names("{\"tags:$ne\": \"a\"}")).containsExactly("bob", "cat");
        assertThat(names("{\"tags:$nin\": [\"a\", \"b\"]}")).containsExactly("cat");
    }

    @Test
    void equality_with_an_array_or_object_value_is_exact_not_containment() {
        assertThat(names("{\"tags\": [\"a\"]}")).containsExactly("dan");
        assertThat(names("{\"tags\": [\"b\", \"a\"]}")).isEmpty();
        assertThat(names("{\"tags\": []}")).containsExactly("cat");
        assertThat(names("{\"meta\": {\"x\": 1}}")).containsExactly("dan");
        assertThat(names("{\"meta\": {\"y\": 2, \"x\": 1}}")).containsExactly("eve");
        assertThat(names("{\"addr\": {\"city\": \"rome\"}}")).containsExactly("bob");
    }

    @Test
    void ne_and_nin_match_documents_that_lack_the_field() {
        assertThat(names("{\"age:$ne\": 30}")).containsExactly("bob", "cat", "dan", "eve");
        assertThat(names("{\"age:$nin\": [30, 5]}")).containsExactly("bob", "dan", "eve");
        assertThat(names("{\"nick:$ne\": \"x\"}")).containsExactly("ann", "bob", "cat", "dan", "eve");
    }

    @Test
    void null_equality_matches_missing_and_null_and_ne_null_excludes_both() {
        assertThat(names("{\"age\": null}")).containsExactly("dan", "eve");
        assertThat(names("{\"nick\": null}")).containsExactly("ann", "bob", "cat", "dan", "eve");
        assertThat(names("{\"age:$ne\": null}")).containsExactly("ann", "bob", "cat");
        assertThat(names("{\"nick:$ne\": null}")).isEmpty();
        assertThat(names("{\"age:$in\": [null, 5]}")).containsExactly("cat", "dan", "eve");
    }

    @Test
    void exists_distinguishes_present_null_from_missing() {
        assertThat(names("{\"age:$exists\": true}")).containsExactly("ann", "bob", "cat", "dan");
        assertThat(names("{\"age:$exists\": false}")).containsExactly("eve");
        assertThat(names("{\"meta.y:$exists\": true}")).containsExactly("eve");
    }

    @Test
    void dotted_paths_reach_into_nested_objects() {
        assertThat(names("{\"addr.city\": \"oslo\"}")).containsExactly("ann", "cat");
        assertThat(names("{\"addr.zip:$gt\": \"0150\"}")).containsExactly("cat");
        assertThat(names("{\"addr.zip:$ne\": \"0150\"}")).containsExactly("bob", "cat", "dan", "eve");
        assertThat(names("{\"meta.x:$in\": [1]}")).containsExactly("dan", "eve");
    }

    @Test
    void system_fields_key_userkey_and_version_are_matchable() {
        String annKey = docs.get(0).get("_key").asString();
        String bobKey = docs.get(1).get("_key").asString();
        assertThat(names("{\"_key\": \"" + annKey + "\"}")).containsExactly("ann");
        assertThat(names("{\"_key:$in\": [\"" + annKey + "\", \"" + bobKey + "\", \"nope\"]}")).containsExactly("ann", "bob");
        assertThat(names("{\"_key:$ne\": \"" + annKey + "\"}")).containsExactly("bob", "cat", "dan", "eve");
        assertThat(names("{\"_userkey\": null}")).hasSize(5);
        assertThat(names("{\"_userkey:$ne\": null}")).isEmpty();
        assertThat(names("{\"_version\": 1}")).hasSize(5);
        ops.ok(op("collection.update", c, "data", Map.of("_key", bobKey, "seen", true)));
        assertThat(names("{\"_version:$gt\": 1}")).containsExactly("bob");
        assertThat(names("{\"_version:$in\": [2, 3]}")).containsExactly("bob");
    }

    @Test
    void timestamps_compare_as_instants_given_iso_strings() {
        String created = docs.get(0).get("_created_at").asString();
        assertThat(names("{\"_created_at\": \"" + created + "\"}")).hasSize(5);
        assertThat(names("{\"_created_at:$gte\": \"" + created + "\"}")).hasSize(5);
        assertThat(names("{\"_created_at:$gt\": \"" + created + "\"}")).isEmpty();
        assertThat(names("{\"_created_at:$gte\": \"2000-01-01T00:00:00Z\", \"_created_at:$lt\": \"2999-01-01T00:00:00Z\"}")).hasSize(5);
        assertThat(names("{\"_created_at:$lt\": \"2000-01-01T01:00:00+01:00\"}")).isEmpty();
        ops.ok(op("collection.update", c, "data", Map.of("_key", docs.get(2).get("_key").asString(), "seen", true)));
        assertThat(names("{\"_modified_at:$gt\": \"" + created + "\"}")).containsExactly("cat");
        assertThat(ops.error(op("collection.find", c, "match", Map.of("_created_at:$gte", "yesterday")), 400))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.find", c, "match", Map.of("_created_at:$gte", 5)), 400)).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void a_non_array_in_or_nin_operand_is_a_validation_error() {
        JsonNode error = ops.errorBody(op("collection.find", c, "match", Map.of("age:$in", 5)), 400);
        assertThat(error.get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.at("/details/field").asString()).isEqualTo("age:$in");
        assertThat(ops.error(op("collection.find", c, "match", Map.of("age:$nin", "a")), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.count", c, "match", Map.of("tags:$in", Map.of("a", 1))), 400)).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void unknown_operators_and_mongo_style_nesting_are_validation_errors() {
        JsonNode error = ops.errorBody(op("collection.find", c, "match", Map.of("age:$regex", "a.*")), 400);
        assertThat(error.get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.at("/details/field").asString()).isEqualTo("age:$regex");
        assertThat(ops.error(op("collection.find", c, "match", Map.of("age", Map.of("$gte", 18))), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.find", c, "match", Map.of("age:$gt", List.of(1))), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.find", c, "match", Map.of("_nope", 1)), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.find", c, "match", Map.of("age:$exists", 1)), 400)).isEqualTo("VALIDATION_ERROR");
    }
}
