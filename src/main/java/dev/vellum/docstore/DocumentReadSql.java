package dev.vellum.docstore;

import dev.vellum.access.Action;
import dev.vellum.query.Condition;
import dev.vellum.query.ConditionRenderer;
import dev.vellum.query.SortKey;
import dev.vellum.query.SortRenderer;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.util.List;

/**
 * Renders the reads of documents every API family shares: pages, cursors, first match, count and
 * read by keys. Pure, so tests pin the exact SQL and parameters. {@code bodyPaths} projects the
 * body in SQL ({@code vellum_select}); null keeps the whole body.
 */
public final class DocumentReadSql {

    public static final String COLUMNS = "key, owner, body, version, created_at, modified_at";

    private DocumentReadSql() {
    }

    /**
     * A page and one row more than {@code limit}: that row only says whether a next page exists, so
     * Postgres stops after {@code limit + 1} matches instead of reading every match to count them.
     */
    public static Sql page(Scope scope, Condition match, List<SortKey> sort, int limit, int offset, String[] bodyPaths) {
        SqlBuilder sql = columns(bodyPaths);
        matching(sql, scope, match, sort);
        return sql.sql(" limit ").param(limit + 1L).sql(" offset ").param((long) offset).build();
    }

    /**
     * Matches read through a cursor: no {@code count(*) over ()}, which would make Postgres read
     * every match before the first row; no limit unless the client gave one.
     */
    public static Sql stream(Scope scope, Condition match, List<SortKey> sort, Integer limit, int offset, String[] bodyPaths) {
        SqlBuilder sql = columns(bodyPaths);
        matching(sql, scope, match, sort);
        if (limit != null) {
            sql.sql(" limit ").param((long) limit);
        }
        if (offset > 0) {
            sql.sql(" offset ").param((long) offset);
        }
        return sql.build();
    }

    /** The first match in order, without counting the rest. */
    public static Sql first(Scope scope, Condition match, List<SortKey> sort) {
        SqlBuilder sql = columns(null);
        matching(sql, scope, match, sort);
        return sql.sql(" limit ").param(1L).sql(" offset ").param(0L).build();
    }

    public static Sql count(Scope scope, Condition match) {
        return where(new SqlBuilder().sql("select count(*) as total from documents where "), scope, match).build();
    }

    /** The number of matches, but at most {@code cap}: it reads no more than {@code cap} of them. */
    public static Sql cappedCount(Scope scope, Condition match, long cap) {
        return where(new SqlBuilder().sql("select count(*) as total from (select 1 from documents where "), scope, match)
                .sql(" limit ").param(cap).sql(") as capped").build();
    }

    /** The planner's estimate of the number of matches: the top node's "Plan Rows"; nothing is read. */
    public static Sql plannedCount(Scope scope, Condition match) {
        return where(new SqlBuilder().sql("explain (format json) select 1 from documents where "), scope, match).build();
    }

    /** The live documents with these keys: reads by id, and one batched read per referenced field. */
    /** A readable document's version and whether {@code action} is allowed on it: why a write by key changed nothing. */
    static Sql permitted(Scope scope, String key, Action action) {
        SqlBuilder sql = new SqlBuilder().sql("select version, coalesce((true");
        scope.allows(action, sql);
        sql.sql("), false) as allowed from documents where ");
        scope.live(sql);
        return sql.sql(" and key = ").param(key).build();
    }

    public static Sql byKeys(Scope scope, String[] keys) {
        SqlBuilder sql = new SqlBuilder().sql("select ").sql(COLUMNS).sql(" from documents where ");
        scope.live(sql);
        return sql.sql(" and key = any(").param(keys, "text[]").sql(")").build();
    }

    /**
     * One live document by key as the documents REST API shows it, rendered as JSON text by
     * PostgreSQL ({@code doc}) with its {@code version}: {@code id}, {@code created_at},
     * {@code updated_at}, {@code _version}, {@code _userkey}, then the body's fields without those
     * names in the body's own order (an array body as {@code _value}), so the text goes to the
     * socket as is, with no JSON tree in between.
     */
    public static Sql restDocument(Scope scope, String key) {
        SqlBuilder sql = new SqlBuilder().sql("select '{\"id\":' || to_json(key)::text || ',\"created_at\":\"' || ")
                .sql(timestamp("created_at")).sql(" || '\",\"updated_at\":\"' || ").sql(timestamp("modified_at"))
                .sql(" || '\",\"_version\":' || version || ',\"_userkey\":' || coalesce(to_json(owner)::text, 'null')")
                .sql(" || case when jsonb_typeof(body) = 'array' then ',\"_value\":' || body::text || '}'")
                .sql(" when shown = '{}'::jsonb then '}' else ',' || substr(shown::text, 2) end as doc, version")
                .sql(" from documents cross join lateral (select body - '{id,created_at,updated_at,_version,_userkey}'::text[]")
                .sql(" as shown) as b where ");
        scope.live(sql);
        return sql.sql(" and key = ").param(key).build();
    }

    /** The format of {@code Timestamps}: ISO-8601 UTC with milliseconds. */
    private static String timestamp(String column) {
        return "to_char(" + column + " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
    }

    /** The body a write by key just left, whatever its state: read in the write's transaction to check it against the schema. */
    static Sql bodyByKey(long projectId, String storage, String key) {
        return new SqlBuilder().sql("select body from documents where project_id = ").param(projectId)
                .sql(" and collection = ").param(storage).sql(" and key = ").param(key).build();
    }

    private static SqlBuilder columns(String[] bodyPaths) {
        SqlBuilder sql = new SqlBuilder().sql("select key, owner, ");
        if (bodyPaths == null) {
            sql.sql("body");
        } else {
            sql.sql("vellum_select(body, ").param(bodyPaths, "text[]").sql(") as body");
        }
        return sql.sql(", version, created_at, modified_at");
    }

    private static void matching(SqlBuilder sql, Scope scope, Condition match, List<SortKey> sort) {
        where(sql.sql(" from documents where "), scope, match).sql(" ");
        SortRenderer.render(sort, sql);
    }

    /** The scope's live documents, then the match. */
    private static SqlBuilder where(SqlBuilder sql, Scope scope, Condition match) {
        scope.live(sql);
        sql.sql(" and ");
        ConditionRenderer.render(match, sql);
        return sql;
    }
}
