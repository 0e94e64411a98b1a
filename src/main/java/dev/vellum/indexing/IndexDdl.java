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

    /** A query whose one row is the {@code create index concurrently} statement for {@code spec}. */
    public static Sql create(String name, long projectId, String collection, IndexSpec spec) {
        StringBuilder template = new StringBuilder("create index concurrently %I on documents ");
        SqlBuilder sql = new SqlBuilder().sql("select format(");
        List<Object> values = new ArrayList<>();
        values.add(name);
        if (spec.search()) {
            template.append("using gin (").append(SearchSql.ALL_FIELDS_VECTOR).append(") with (fastupdate = off)");
        } else {
            template.append("(");
            String separator = "";
            for (IndexSpec.Column column : spec.columns()) {
                template.append(separator).append("(body #> %L::text[])").append(column.descending() ? " desc" : " asc");
                values.add(column.path().toArray(String[]::new));
                separator = ", ";
            }
            template.append(", key)");
        }
        template.append(" where project_id = %s and collection = %L and state = 'live'");
        values.add(Long.toString(projectId));
        values.add(collection);
        if (spec.type() != null) {
            template.append(" and jsonb_typeof(body #> %L::text[]) = %L");
            values.add(spec.columns().get(0).path().toArray(String[]::new));
            values.add(spec.type());
        }
        sql.param(template.toString(), "text");
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
        return new SqlBuilder().sql("select format(")
                .param("create statistics if not exists %I on (body #> %L::text[]), (jsonb_typeof(body #> %L::text[]))"
                        + " from documents", "text")
                .sql(", ").param(IndexNames.statistics(spec.columns().get(0).path()), "text")
                .sql(", ").param(path, "text[]").sql(", ").param(path, "text[]").sql(") as ddl").build();
    }

    /** A query whose one row is the {@code drop index concurrently} statement for {@code name}. */
    public static Sql drop(String name) {
        return new SqlBuilder().sql("select format(").param("drop index concurrently if exists %I", "text")
                .sql(", ").param(name, "text").sql(") as ddl").build();
    }
}
