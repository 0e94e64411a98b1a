package dev.vellum.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.query.IndexSpec;
import dev.vellum.sql.Sql;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexDdlTest {

    private static List<Object> params(Sql sql) {
        return sql.params().stream().map(p -> p instanceof Object[] a ? (Object) Arrays.asList(a) : p).toList();
    }

    @Test
    void a_typed_range_index_is_the_projects_led_by_the_collection_and_partial_on_the_type() {
        Sql sql = IndexDdl.shared("vellum_ix_1", 7, IndexSpec.range(List.of("a", "age"), "number", true));
        assertThat(sql.text()).isEqualTo("select format($1::text, $2::text, $3::text[], $4::text, $5::text[], $6::text) as ddl");
        assertThat(params(sql)).containsExactly(
                "create index concurrently %I on documents (collection, (body #> %L::text[]) desc, key)"
                        + " where project_id = %s and state = 'live'"
                        + " and jsonb_typeof(body #> %L::text[]) = %L",
                "vellum_ix_1", List.of("a", "age"), "7", List.of("a", "age"), "number");
    }

    @Test
    void a_typed_index_gets_statistics_on_its_value_and_type_shared_by_every_collection() {
        Sql sql = IndexDdl.statistics(IndexSpec.range(List.of("a", "age"), "number", true));
        assertThat(sql.text()).isEqualTo("select format($1::text, $2::text, $3::text[], $4::text[]) as ddl");
        assertThat(params(sql)).containsExactly(
                "create statistics if not exists %I on (body #> %L::text[]), (jsonb_typeof(body #> %L::text[])) from documents",
                IndexNames.statistics(List.of("a", "age")), List.of("a", "age"), List.of("a", "age"));
        assertThat(IndexNames.statistics(List.of("a", "age"))).startsWith("vellum_st_").hasSize(30)
                .isNotEqualTo(IndexNames.statistics(List.of("a.age")));
        assertThat(IndexDdl.statistics(IndexSpec.fullText())).isNull();
    }

    @Test
    void a_sort_index_holds_every_document_of_the_project() {
        Sql sql = IndexDdl.shared("vellum_ix_2", 1, IndexSpec.sort(List.of(
                new IndexSpec.Column(List.of("age"), false), new IndexSpec.Column(List.of("name"), true))));
        assertThat(params(sql)).containsExactly("create index concurrently %I on documents"
                + " (collection, (body #> %L::text[]) asc, (body #> %L::text[]) desc, key)"
                + " where project_id = %s and state = 'live'", "vellum_ix_2", List.of("age"), List.of("name"), "1");
    }

    @Test
    void a_search_index_is_one_collections_and_repeats_the_search_statement_expression() {
        Sql sql = IndexDdl.search("vellum_ix_3", 1, "c");
        assertThat(params(sql)).containsExactly("create index concurrently %I on documents using gin"
                + " (jsonb_to_tsvector('simple', body, '[\"string\"]')) with (fastupdate = off)"
                + " where project_id = %s and collection = %L and state = 'live'", "vellum_ix_3", "1", "c");
        assertThatThrownBy(() -> IndexDdl.shared("vellum_ix_3", 1, IndexSpec.fullText()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_shared_name_depends_on_project_and_spec_only() {
        assertThat(IndexNames.shared(1, "{}")).startsWith("vellum_ix_").hasSize(30)
                .isNotEqualTo(IndexNames.shared(2, "{}")).isNotEqualTo(IndexNames.shared(1, "{ }"))
                .isNotEqualTo(IndexNames.of(1, "", "{}"));
    }

    @Test
    void a_drop_quotes_the_name() {
        Sql sql = IndexDdl.drop("vellum_ix_4");
        assertThat(sql.text()).isEqualTo("select format($1::text, $2::text) as ddl");
        assertThat(params(sql)).containsExactly("drop index concurrently if exists %I", "vellum_ix_4");
    }
}
