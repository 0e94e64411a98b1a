package dev.vellum.indexing;

import static org.assertj.core.api.Assertions.assertThat;

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
    void a_typed_range_index_is_partial_on_its_collection_and_type() {
        Sql sql = IndexDdl.create("vellum_ix_1", 7, "people", IndexSpec.range(List.of("a", "age"), "number", true));
        assertThat(sql.text()).isEqualTo("select format($1::text, $2::text, $3::text[], $4::text, $5::text, $6::text[], $7::text) as ddl");
        assertThat(params(sql)).containsExactly(
                "create index concurrently %I on documents ((body #> %L::text[]) desc, key)"
                        + " where project_id = %s and collection = %L and state = 'live'"
                        + " and jsonb_typeof(body #> %L::text[]) = %L",
                "vellum_ix_1", List.of("a", "age"), "7", "people", List.of("a", "age"), "number");
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
    void a_sort_index_holds_every_document_of_the_collection() {
        Sql sql = IndexDdl.create("vellum_ix_2", 1, "c", IndexSpec.sort(List.of(
                new IndexSpec.Column(List.of("age"), false), new IndexSpec.Column(List.of("name"), true))));
        assertThat(params(sql).get(0)).isEqualTo("create index concurrently %I on documents"
                + " ((body #> %L::text[]) asc, (body #> %L::text[]) desc, key)"
                + " where project_id = %s and collection = %L and state = 'live'");
        assertThat(params(sql).subList(1, 6)).containsExactly("vellum_ix_2", List.of("age"), List.of("name"), "1", "c");
    }

    @Test
    void a_search_index_repeats_the_search_statement_expression() {
        Sql sql = IndexDdl.create("vellum_ix_3", 1, "c", IndexSpec.fullText());
        assertThat(params(sql).get(0)).isEqualTo("create index concurrently %I on documents using gin"
                + " (jsonb_to_tsvector('simple', body, '[\"string\"]')) with (fastupdate = off)"
                + " where project_id = %s and collection = %L and state = 'live'");
    }

    @Test
    void a_drop_quotes_the_name() {
        Sql sql = IndexDdl.drop("vellum_ix_4");
        assertThat(sql.text()).isEqualTo("select format($1::text, $2::text) as ddl");
        assertThat(params(sql)).containsExactly("drop index concurrently if exists %I", "vellum_ix_4");
    }
}
