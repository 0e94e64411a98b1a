package dev.vellum.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.query.IndexSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DeclaredIndexesTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static List<IndexSpec> parse(String json) {
        return DeclaredIndexes.parse(MAPPER.readTree(json.replace('\'', '"')));
    }

    private static void invalid(String json, String field) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(VellumException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(e.details().get("field")).isEqualTo(field);
        });
    }

    @Test
    void fields_with_directions_become_one_sort_index_each() {
        assertThat(parse("[{'fields': [['age', 'asc'], ['address.city', 'desc']]}, {'fields': [['name', 'asc']]}]"))
                .containsExactly(
                        IndexSpec.sort(List.of(new IndexSpec.Column(List.of("age"), false),
                                new IndexSpec.Column(List.of("address", "city"), true))),
                        IndexSpec.sort(List.of(new IndexSpec.Column(List.of("name"), false))));
        assertThat(parse("null")).isEmpty();
    }

    @Test
    void anything_else_is_refused_naming_the_entry() {
        invalid("{'fields': []}", "indexes");
        invalid("[{'fields': []}]", "indexes[0]");
        invalid("[{'fields': [['a', 'asc']], 'unique': true}]", "indexes[0]");
        invalid("[{'fields': [['a', 'up']]}]", "indexes[0].fields[0]");
        invalid("[{'fields': [['_created_at', 'asc']]}]", "indexes[0].fields[0]");
        invalid("[{'fields': [['a','asc'],['b','asc'],['c','asc'],['d','asc'],['e','asc']]}]", "indexes[0]");
        invalid("[" + "{'fields': [['a', 'asc']]},".repeat(9) + "{'fields': [['a', 'asc']]}]", "indexes");
    }
}
