package dev.vellum.datastore;

import dev.vellum.query.Condition;
import dev.vellum.query.ConditionRenderer;
import dev.vellum.query.SortKey;
import dev.vellum.query.SortRenderer;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.util.List;
import java.util.OptionalInt;

/** Renders the Datastore's statements; pure, so tests pin the exact SQL and parameters. */
public final class DocumentSql {

    static final String COLUMNS = "key, owner, body, version, created_at, modified_at";
    public static final String RETURNING = " returning " + COLUMNS;
    /** The statement's instant at millisecond precision: what _created_at/_modified_at show. */
    public static final String NOW = "date_trunc('milliseconds', now())";
    public static final String NOW_TEXT = "to_char(" + NOW + " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

    private DocumentSql() {
    }

    static Sql find(Scope scope, Condition match, List<SortKey> sort, int limit, int offset) {
        SqlBuilder sql = sorted(COLUMNS + ", count(*) over () as total", scope, match, sort);
        return sql.sql(" limit ").param((long) limit).sql(" offset ").param((long) offset).build();
    }

    /**
     * A find read through a cursor: no {@code count(*) over ()}, which would make Postgres read
     * every match before the first row; no limit unless the client gave one.
     */
    static Sql stream(Scope scope, Condition match, List<SortKey> sort, OptionalInt limit, int offset) {
        SqlBuilder sql = sorted(COLUMNS, scope, match, sort);
        if (limit.isPresent()) {
            sql.sql(" limit ").param((long) limit.getAsInt());
        }
        if (offset > 0) {
            sql.sql(" offset ").param((long) offset);
        }
        return sql.build();
    }

    private static SqlBuilder sorted(String columns, Scope scope, Condition match, List<SortKey> sort) {
        SqlBuilder sql = new SqlBuilder().sql("select ").sql(columns).sql(" from documents where ");
        scope.live(sql);
        sql.sql(" and ");
        ConditionRenderer.render(match, sql);
        sql.sql(" ");
        SortRenderer.render(sort, sql);
        return sql;
    }

    public static Sql count(Scope scope, Condition match) {
        SqlBuilder sql = new SqlBuilder().sql("select count(*) as total from documents where ");
        scope.live(sql);
        sql.sql(" and ");
        ConditionRenderer.render(match, sql);
        return sql.build();
    }

    /** Documents in {@code docs} are {@code {"b": body, "s": [now-sets]}}, paired with keys by position. */
    public static Sql insert(Scope scope, String[] keys, String docs) {
        SqlBuilder sql = new SqlBuilder()
                .sql("insert into documents (project_id, collection, key, owner, body, created_at, modified_at) select ")
                .param(scope.projectId()).sql(", ").param(scope.collection()).sql(", k.key, ");
        scope.ownerValue(sql);
        sql.sql(", case when jsonb_array_length(d.doc -> 's') = 0 then d.doc -> 'b' else vellum_apply_sets(d.doc -> 'b', d.doc -> 's', ")
                .sql(NOW_TEXT).sql(") end, ").sql(NOW).sql(", ").sql(NOW)
                .sql(" from unnest(").param(keys, "text[]").sql(") with ordinality as k(key, ord) join jsonb_array_elements(")
                .param(new JsonParam(docs), "jsonb").sql(") with ordinality as d(doc, ord) on d.ord = k.ord");
        return sql.sql(RETURNING).build();
    }

    /** Updates in {@code updates} are {@code {"k": key, "s": [sets]}}; one statement for the batch. */
    static Sql updateByKeys(Scope scope, String updates) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set body = vellum_apply_sets(body, u.item -> 's', ")
                .sql(NOW_TEXT).sql("), version = version + 1, modified_at = ").sql(NOW)
                .sql(" from jsonb_array_elements(").param(new JsonParam(updates), "jsonb").sql(") as u(item) where ");
        scope.live(sql);
        return sql.sql(" and key = u.item ->> 'k'").sql(RETURNING).build();
    }

    static Sql updateByMatch(Scope scope, Condition match, String sets) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set body = vellum_apply_sets(body, ")
                .param(new JsonParam(sets), "jsonb").sql(", ").sql(NOW_TEXT).sql("), version = version + 1, modified_at = ")
                .sql(NOW).sql(" where ");
        scope.live(sql);
        sql.sql(" and ");
        ConditionRenderer.render(match, sql);
        return sql.sql(RETURNING).build();
    }

    static Sql hide(Scope scope, Condition match, DatastoreOp.State state, String ref) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set state = ").param(state.column)
                .sql(", state_ref = ").param(ref).sql(", state_at = ").sql(NOW)
                .sql(", version = version + 1, modified_at = ").sql(NOW).sql(" where ");
        scope.live(sql);
        sql.sql(" and ");
        ConditionRenderer.render(match, sql);
        return sql.build();
    }

    static Sql restore(Scope scope, String ref) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set state = 'live', state_ref = null, state_at = null")
                .sql(", version = version + 1, modified_at = ").sql(NOW)
                .sql(" where project_id = ").param(scope.projectId()).sql(" and collection = ").param(scope.collection())
                .sql(" and state <> 'live' and state_ref = ").param(ref);
        scope.ownerOnly(sql);
        return sql.build();
    }

    /** The live documents with these keys, for lookups: one query per looked-up field. */
    public static Sql byKeys(Scope scope, String[] keys) {
        SqlBuilder sql = new SqlBuilder().sql("select key, owner, body, version, created_at, modified_at from documents where ");
        scope.live(sql);
        return sql.sql(" and key = any(").param(keys, "text[]").sql(")").build();
    }

    /**
     * {@code found}, and {@code settled}: created_at (which defaults to now(), its creating
     * transaction's start) is earlier than this transaction's start, so another transaction
     * created the row, and as we see it, committed it: no rollback of ours can take it away. A row
     * this transaction inserted has created_at = now(). Only settled collections may be remembered.
     */
    static Sql collectionExists(long projectId, String collection) {
        return new SqlBuilder().sql("select count(*) > 0 as found, coalesce(bool_and(created_at < now()), false) as settled")
                .sql(" from collections where project_id = ").param(projectId).sql(" and name = ").param(collection)
                .build();
    }

    /** Creates the collection when missing and answers {@code settled} (see above) as of before the insert. */
    static Sql ensureCollection(long projectId, String collection) {
        return new SqlBuilder().sql("with created as (insert into collections (project_id, name) values (").param(projectId)
                .sql(", ").param(collection).sql(") on conflict do nothing returning 1)")
                .sql(" select exists (select 1 from collections where project_id = ").param(projectId)
                .sql(" and name = ").param(collection).sql(" and created_at < now()) as settled").build();
    }

    /** Serialises upserts with the same match: a transaction-scoped advisory lock on its fingerprint. */
    static Sql upsertLock(String lockKey) {
        return new SqlBuilder().sql("select pg_advisory_xact_lock(hashtextextended(").param(lockKey).sql(", 0))").build();
    }

    /** Expired documents are invisible to every API already; this frees their rows, whatever their state. */
    static Sql purgeExpired() {
        return new SqlBuilder().sql("delete from documents where expires_at < now()").build();
    }

    static Sql purgeDeleted(long retentionSeconds) {
        return new SqlBuilder().sql("delete from documents where state = 'deleted' and state_at < now() - make_interval(secs => ")
                .param((double) retentionSeconds).sql(")").build();
    }
}
