package dev.vellum.documents;

import dev.vellum.datastore.DocumentSql;
import dev.vellum.datastore.Scope;
import dev.vellum.query.Condition;
import dev.vellum.query.ConditionRenderer;
import dev.vellum.query.SortKey;
import dev.vellum.query.SortRenderer;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.util.List;

/**
 * The documents API's statements beyond the Datastore's ({@link DocumentSql} covers insert,
 * count and read by key): pages with a pushed-down {@code select}, and the single-document
 * writes, each one statement on the row, guarded by a version when the client sent one.
 */
final class DocumentsSql {

    private DocumentsSql() {
    }

    /** A page with the total number of matches in every row. */
    static Sql query(Scope scope, Condition match, List<SortKey> sort, int limit, int offset, Selection selection) {
        SqlBuilder sql = new SqlBuilder().sql("select key, owner, ");
        body(sql, selection);
        sql.sql(", version, created_at, modified_at, count(*) over () as total from documents where ");
        return matching(sql, scope, match, sort, limit, offset);
    }

    /** Every match (or the client's explicit limit) in order, without counting: read through a cursor. */
    static Sql stream(Scope scope, Condition match, List<SortKey> sort, Integer limit, int offset, Selection selection) {
        SqlBuilder sql = new SqlBuilder().sql("select key, owner, ");
        body(sql, selection);
        sql.sql(", version, created_at, modified_at from documents where ");
        scope.live(sql);
        sql.sql(" and ");
        ConditionRenderer.render(match, sql);
        sql.sql(" ");
        SortRenderer.render(sort, sql);
        if (limit != null) {
            sql.sql(" limit ").param((long) limit);
        }
        if (offset > 0) {
            sql.sql(" offset ").param((long) offset);
        }
        return sql.build();
    }

    /** The first match, without counting the rest. */
    static Sql findOne(Scope scope, Condition match, List<SortKey> sort) {
        SqlBuilder sql = new SqlBuilder().sql("select key, owner, body, version, created_at, modified_at from documents where ");
        return matching(sql, scope, match, sort, 1, 0);
    }

    /** Replaces the body; {@code sets} are the content's {@code &field} timestamps (may be empty). */
    static Sql replace(Scope scope, String key, String body, String nowSets, Long expectedVersion) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set body = vellum_apply_sets(")
                .param(new JsonParam(body), "jsonb").sql(", ").param(new JsonParam(nowSets), "jsonb").sql(", ")
                .sql(DocumentSql.NOW_TEXT).sql(")");
        return written(sql, scope, key, expectedVersion).sql(DocumentSql.RETURNING).build();
    }

    /** Applies field assignments to the stored body (the Datastore's update-by-key, for one key). */
    static Sql patch(Scope scope, String key, String sets, Long expectedVersion) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set body = vellum_apply_sets(body, ")
                .param(new JsonParam(sets), "jsonb").sql(", ").sql(DocumentSql.NOW_TEXT).sql(")");
        return written(sql, scope, key, expectedVersion).sql(DocumentSql.RETURNING).build();
    }

    /**
     * Leaves a tombstone as the KV remove does (state {@code deleted}, no restore ref), purged
     * after the deleted-document retention.
     */
    static Sql delete(Scope scope, String key, Long expectedVersion) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set state = 'deleted', state_ref = null, state_at = ")
                .sql(DocumentSql.NOW);
        return written(sql, scope, key, expectedVersion).build();
    }

    private static void body(SqlBuilder sql, Selection selection) {
        if (selection.all()) {
            sql.sql("body");
        } else {
            sql.sql("vellum_select(body, ").param(selection.pathArray(), "text[]").sql(") as body");
        }
    }

    private static Sql matching(SqlBuilder sql, Scope scope, Condition match, List<SortKey> sort, int limit, int offset) {
        scope.live(sql);
        sql.sql(" and ");
        ConditionRenderer.render(match, sql);
        sql.sql(" ");
        SortRenderer.render(sort, sql);
        return sql.sql(" limit ").param((long) limit).sql(" offset ").param((long) offset).build();
    }

    private static SqlBuilder written(SqlBuilder sql, Scope scope, String key, Long expectedVersion) {
        sql.sql(", version = version + 1, modified_at = ").sql(DocumentSql.NOW).sql(" where ");
        scope.live(sql);
        sql.sql(" and key = ").param(key);
        if (expectedVersion != null) {
            sql.sql(" and version = ").param(expectedVersion);
        }
        return sql;
    }
}
