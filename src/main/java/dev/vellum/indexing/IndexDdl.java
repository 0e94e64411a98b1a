package dev.vellum.indexing;

import dev.vellum.docstore.SearchSql;
import dev.vellum.query.IndexSpec;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements that create and drop an index. DDL takes no bind parameters, so the statement
 * text is made by PostgreSQL itself: {@code format()} with a template written here and every
 * value (collection, paths, type, name) bound and quoted by {@code %L}/{@code %I}. The answer's
 * single column is the statement to run.
 */
public final class IndexDdl {

    private IndexDdl() {
    }

    /**
     * A query whose one row is the {@code create index concurrently} statement of the project's
     * index for {@code spec} (body fields), shared by its collections: {@code collection} is its
     * first column, as every statement the renderer sends has {@code collection = $n}, so it serves
     * each collection's ranges and sorts as an index of its own would.
     */
    public static Sql shared(String name, long projectId, IndexSpec spec) {
        if (spec.search()) {
            throw new IllegalArgumentException("a full-text index is one collection's");
        }
        StringBuilder template = new StringBuilder("create index concurrently %I on documents (collection");
        List<Object> values = new ArrayList<>(List.of(name));
        for (IndexSpec.Column column : spec.columns()) {
            template.append(", (body #> %L::text[])").append(column.descending() ? " desc" : " asc");
            values.add(column.path().toArray(String[]::new));
        }
        template.append(", key) where project_id = %s and state = 'live'");
        values.add(Long.toString(projectId));
        if (spec.type() != null) {
            template.append(" and jsonb_typeof(body #> %L::text[]) = %L");
            values.add(spec.columns().get(0).path().toArray(String[]::new));
            values.add(spec.type());
        }
        return format(template.toString(), values);
    }

    /** A query whose one row is the {@code create index concurrently} statement of one collection's full-text index. */
    public static Sql search(String name, long projectId, String collection) {
        return format("create index concurrently %I on documents using gin (" + SearchSql.ALL_FIELDS_VECTOR
                + ") with (fastupdate = off) where project_id = %s and collection = %L and state = 'live'",
                List.of(name, Long.toString(projectId), collection));
    }

    private static Sql format(String template, List<Object> values) {
        SqlBuilder sql = new SqlBuilder().sql("select format(").param(template, "text");
        for (Object value : values) {
            sql.sql(", ");
            if (value instanceof String[] path) {
                sql.param(path, "text[]");
            } else {
                sql.param(value, "text");
            }
        }
        return sql.sql(") as ddl").build();
    }

    /**
     * A query whose one row creates the planner's statistics on a typed index's first field: the
     * value and its JSON type, over the whole table. PostgreSQL keeps no statistics for the
     * expressions of a partial index, so without these it guesses how many documents a range
     * matches (165 of 70,000 measured), and a page's count estimate with it. Null for an index
     * with no type (the sort and search indexes).
     */
    public static Sql statistics(IndexSpec spec) {
        if (spec.search() || spec.type() == null) {
            return null;
        }
        String[] path = spec.columns().get(0).path().toArray(String[]::new);
        return format("create statistics if not exists %I on (body #> %L::text[]), (jsonb_typeof(body #> %L::text[]))"
                + " from documents", List.of(IndexNames.statistics(spec.columns().get(0).path()), path, path));
    }

    /** A query whose one row is the {@code drop index concurrently} statement for {@code name}. */
    public static Sql drop(String name) {
        return format("drop index concurrently if exists %I", List.of(name));
    }
}
