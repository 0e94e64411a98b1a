package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexSpecsTest {

    private static List<IndexSpec> specs(String match, SortKey... sort) {
        return IndexSpecs.of(MatchParser.parse(json(match)), List.of(sort));
    }

    private static SortKey asc(String field) {
        return new SortKey(FieldRef.parse(field), false);
    }

    private static SortKey desc(String field) {
        return new SortKey(FieldRef.parse(field), true);
    }

    @Test
    void a_range_asks_for_an_index_typed_by_its_bound() {
        assertThat(specs("{'age:$gte': 18}")).containsExactly(IndexSpec.range(List.of("age"), "number", false));
        assertThat(specs("{'name:$lt': 'm'}")).containsExactly(IndexSpec.range(List.of("name"), "string", false));
        assertThat(specs("{'a.b:$gt': true}")).containsExactly(IndexSpec.range(List.of("a", "b"), "boolean", false));
    }

    @Test
    void a_range_sorted_by_its_own_field_takes_the_sort_direction_and_needs_no_sort_index() {
        assertThat(specs("{'age:$gte': 18}", desc("age"))).containsExactly(IndexSpec.range(List.of("age"), "number", true));
        assertThat(specs("{'age:$gte': 18}", asc("age"), asc("name")))
                .containsExactly(IndexSpec.range(List.of("age"), "number", false));
    }

    @Test
    void a_sort_on_body_fields_asks_for_a_sort_index_over_the_leading_body_fields() {
        assertThat(specs("{}", asc("age"), desc("name"), asc("_created_at"), asc("x")))
                .containsExactly(IndexSpec.sort(List.of(new IndexSpec.Column(List.of("age"), false),
                        new IndexSpec.Column(List.of("name"), true))));
        assertThat(specs("{'status': 'a'}", asc("_created_at"))).isEmpty();
    }

    @Test
    void only_conditions_no_or_or_negation_is_above_ask_for_an_index() {
        assertThat(specs("{'$or': [{'age:$gte': 18}, {'x': 1}]}")).isEmpty();
        assertThat(specs("{'status': 'active', 'age:$lt': 30}")).containsExactly(IndexSpec.range(List.of("age"), "number", false));
        assertThat(specs("{'age:$ne': 3, 'name:$startswith': 'a', '_version:$gt': 1}")).isEmpty();
    }

    @Test
    void a_range_on_another_field_than_the_sort_asks_for_both() {
        assertThat(specs("{'age:$gte': 18}", asc("name"))).containsExactly(
                IndexSpec.range(List.of("age"), "number", false),
                IndexSpec.sort(List.of(new IndexSpec.Column(List.of("name"), false))));
    }

    @Test
    void the_listing_describes_each_kind() {
        assertThat(IndexSpec.range(List.of("a", "b"), "number", true).describe()).isEqualTo("range a.b (number) desc");
        assertThat(IndexSpec.sort(List.of(new IndexSpec.Column(List.of("age"), false),
                new IndexSpec.Column(List.of("name"), true))).describe()).isEqualTo("sort age asc, name desc");
        assertThat(IndexSpec.fullText().describe()).isEqualTo("search");
    }
}
