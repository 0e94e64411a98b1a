package dev.vellum.documents;

import dev.vellum.datastore.Scope;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;

/**
 * The search statement: Postgres full-text search over the string values of the body, best match
 * ({@code ts_rank}) first, ties by id. Over all fields it repeats the expression of the
 * {@code documents_search} index (V5__search.sql) verbatim so the planner can use it; over named
 * fields the vector is built per row from {@code vellum_select} of the bound paths, which no
 * index serves. The term is a bound parameter parsed by {@code websearch_to_tsquery}, which
 * accepts any input ({@code "a phrase"}, {@code or}, {@code -word}) without a syntax error.
 */
final class SearchSql {

    /** Must stay identical to the documents_search index expression. */
    static final String ALL_FIELDS_VECTOR = "jsonb_to_tsvector('simple', body, '[\"string\"]')";

    private SearchSql() {
    }

    static Sql search(Scope scope, SearchRequest search) {
        SqlBuilder sql = new SqlBuilder().sql("select key, owner, body, version, created_at, modified_at from documents where ");
        scope.live(sql);
        sql.sql(" and ");
        vector(search, sql);
        sql.sql(" @@ ");
        query(search, sql);
        // ts_rank without length normalisation: more mentions rank higher, whatever the document's size.
        sql.sql(" order by ts_rank(");
        vector(search, sql);
        sql.sql(", ");
        query(search, sql);
        return sql.sql(") desc, key asc limit ").param((long) search.limit()).build();
    }

    private static void vector(SearchRequest search, SqlBuilder sql) {
        if (search.allFields()) {
            sql.sql(ALL_FIELDS_VECTOR);
        } else {
            sql.sql("jsonb_to_tsvector('simple', vellum_select(body, ").param(search.fieldArray(), "text[]")
                    .sql("), '[\"string\"]')");
        }
    }

    private static void query(SearchRequest search, SqlBuilder sql) {
        sql.sql("websearch_to_tsquery('simple', ").param(search.term(), "text").sql(")");
    }
}
