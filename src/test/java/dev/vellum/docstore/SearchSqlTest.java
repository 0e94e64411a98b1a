package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import dev.vellum.sql.Sql;
import org.junit.jupiter.api.Test;

/** Pins the search statement: text and parameters, no database. */
class SearchSqlTest {

    private static final Scope USER = Scope.of(new Caller(7, Caller.KeyKind.PUBLIC, "u1"), "posts");
    private static final Scope SERVICE = Scope.of(new Caller(7, Caller.KeyKind.SECRET, null), "posts");

    @Test
    void all_fields_search_repeats_the_index_expression_and_binds_the_term() {
        Sql sql = SearchSql.search(SERVICE, "postgres tips", null, 20);
        assertThat(sql.text()).isEqualTo("select key, owner, body, version, created_at, modified_at from documents"
                + " where project_id = $1 and collection = $2 and state = 'live'"
                + " and (expires_at is null or expires_at > now())"
                + " and jsonb_to_tsvector('simple', body, '[\"string\"]') @@ websearch_to_tsquery('simple', $3::text)"
                + " order by ts_rank(jsonb_to_tsvector('simple', body, '[\"string\"]'),"
                + " websearch_to_tsquery('simple', $4::text)) desc, key asc limit $5");
        assertThat(sql.params()).containsExactly(7L, "posts", "postgres tips", "postgres tips", 20L);
    }

    @Test
    void named_fields_build_the_vector_from_one_bound_path_array() {
        Sql sql = SearchSql.search(USER, "x", new String[] {"title", "meta.summary"}, 5);
        assertThat(sql.text()).isEqualTo("select key, owner, body, version, created_at, modified_at from documents"
                + " where project_id = $1 and collection = $2 and state = 'live'"
                + " and (expires_at is null or expires_at > now()) and owner = $3"
                + " and jsonb_to_tsvector('simple', vellum_select(body, $4::text[]), '[\"string\"]')"
                + " @@ websearch_to_tsquery('simple', $5::text)"
                + " order by ts_rank(jsonb_to_tsvector('simple', vellum_select(body, $6::text[]), '[\"string\"]'),"
                + " websearch_to_tsquery('simple', $7::text)) desc, key asc limit $8");
        assertThat((String[]) sql.params().get(3)).containsExactly("title", "meta.summary");
        assertThat((String[]) sql.params().get(5)).containsExactly("title", "meta.summary");
        assertThat(sql.params()).contains(7L, "posts", "u1", "x", 5L);
    }

    @Test
    void the_term_never_reaches_the_sql_text() {
        String hostile = "'); drop table documents; --";
        Sql sql = SearchSql.search(SERVICE, hostile, new String[] {"title"}, 20);
        assertThat(sql.text()).doesNotContain("drop");
        assertThat(sql.params()).contains(hostile);
    }

    @Test
    void the_index_expression_in_the_migration_is_the_one_the_statement_uses() throws Exception {
        String migration = java.nio.file.Files.readString(java.nio.file.Path.of("sql/V5__search.sql"));
        assertThat(migration).contains("(project_id, collection, " + SearchSql.ALL_FIELDS_VECTOR + ")");
        assertThat(migration).contains("where state = 'live'");
    }
}
