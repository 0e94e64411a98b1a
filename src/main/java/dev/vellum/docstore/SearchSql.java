package dev.vellum.docstore;

import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;

/**
 * The search statement: Postgres full-text search over the string values of the body, best match
 * ({@code ts_rank}) first, ties by id. Over all fields it repeats the expression of the
 * collection's full-text index ({@code indexing.IndexDdl}, built on the first search) verbatim so
 * the planner can use it; over named
 * fields the vector is built per row from {@code vellum_select} of the bound paths, which no
 * index serves. The term is a bound parameter parsed by {@code websearch_to_tsquery}, which
 * accepts any input ({@code "a phrase"}, {@code or}, {@code -word}) without a syntax error.
 */
public final class SearchSql {

    /** The full-text index expression: the index is built from this very text. */
    public static final String ALL_FIELDS_VECTOR = "jsonb_to_tsvector('simple', body, '[\"string\"]')";

    private SearchSql() {
    }

    /** {@code fields} null searches every string value; else only those body paths. */
    public static Sql search(Scope scope, String term, String[] fields, int limit) {
        SqlBuilder sql = new SqlBuilder().sql("select " + DocumentReadSql.COLUMNS + " from documents where ");
        scope.live(sql);
        sql.sql(" and ");
        vector(fields, sql);
        sql.sql(" @@ ");
        query(term, sql);
        // ts_rank without length normalisation: more mentions rank higher, whatever the document's size.
        sql.sql(" order by ts_rank(");
        vector(fields, sql);
        sql.sql(", ");
        query(term, sql);
        return sql.sql(") desc, key asc limit ").param((long) limit).build();
    }

    private static void vector(String[] fields, SqlBuilder sql) {
        if (fields == null) {
            sql.sql(ALL_FIELDS_VECTOR);
        } else {
            sql.sql("jsonb_to_tsvector('simple', vellum_select(body, ").param(fields, "text[]")
                    .sql("), '[\"string\"]')");
        }
    }

    private static void query(String term, SqlBuilder sql) {
        sql.sql("websearch_to_tsquery('simple', ").param(term, "text").sql(")");
    }
}
