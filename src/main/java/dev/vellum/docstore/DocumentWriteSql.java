package dev.vellum.docstore;

import static dev.vellum.sql.SqlTime.NOW;
import static dev.vellum.sql.SqlTime.NOW_TEXT;

import dev.vellum.access.Action;
import dev.vellum.query.Condition;
import dev.vellum.query.ConditionRenderer;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;

/**
 * Renders the writes of documents by scope and match (Datastore and documents REST): batch
 * insert, field assignments by key or match, replace, hide, restore, delete and the purge. Each is
 * one statement; a single-document write is guarded by a version when the client sent one. Pure,
 * so tests pin the SQL; only {@link DocumentWrites} runs what it renders.
 */
final class DocumentWriteSql {

    static final String RETURNING = " returning " + DocumentReadSql.COLUMNS;

    private DocumentWriteSql() {
    }

    /**
     * Documents in {@code docs} are {@code {"b": body, "s": [now-sets]}}, paired with keys by position.
     * When the create rule narrows the caller, the batch is stored only if every new row passes it
     * (fewer rows back than keys: refused, nothing stored).
     */
    static Sql insert(Scope scope, String[] keys, String docs) {
        if (!scope.createsFreely()) {
            return checkedInsert(scope, keys, docs);
        }
        SqlBuilder sql = new SqlBuilder()
                .sql("insert into documents (project_id, collection, key, owner, body, created_at, modified_at) select ")
                .param(scope.projectId()).sql(", ").param(scope.storage()).sql(", k.key, ");
        scope.ownerValue(sql);
        newBodies(sql, keys, docs, false);
        return sql.sql(RETURNING).build();
    }

    /** The new rows as {@code n} with the columns the create rule may look at, stored only when none fails it. */
    private static Sql checkedInsert(Scope scope, String[] keys, String docs) {
        SqlBuilder sql = new SqlBuilder().sql("with n as (select k.key, ");
        scope.ownerValue(sql);
        sql.sql(" as owner");
        newBodies(sql, keys, docs, true);
        sql.sql(")").sql(" insert into documents (project_id, collection, key, owner, body, created_at, modified_at) select ")
                .param(scope.projectId()).sql(", ").param(scope.storage())
                .sql(", key, owner, body, created_at, modified_at from n where not exists (select 1 from n where not coalesce((true");
        scope.allows(Action.CREATE, sql);
        return sql.sql("), false))").sql(RETURNING).build();
    }

    /** {@code named}: as the columns a create rule may look at (body, created_at, modified_at, version). */
    private static void newBodies(SqlBuilder sql, String[] keys, String docs, boolean named) {
        sql.sql(", case when jsonb_array_length(d.doc -> 's') = 0 then d.doc -> 'b' else vellum_apply_sets(d.doc -> 'b', d.doc -> 's', ")
                .sql(NOW_TEXT).sql(named ? ") end as body, " : ") end, ").sql(NOW).sql(named ? " as created_at, " : ", ").sql(NOW)
                .sql(named ? " as modified_at, 1::bigint as version" : "")
                .sql(" from unnest(").param(keys, "text[]").sql(") with ordinality as k(key, ord) join jsonb_array_elements(")
                .param(new JsonParam(docs), "jsonb").sql(") with ordinality as d(doc, ord) on d.ord = k.ord");
    }

    /**
     * One document under one key: a plain {@code insert ... values}, without the batch's
     * unnest/array join. {@code nowSets} null stores the body as sent; otherwise its {@code &field}
     * timestamps are filled in by {@code vellum_apply_sets} within the statement.
     */
    static Sql insertOne(Scope scope, String key, String body, String nowSets) {
        SqlBuilder sql = new SqlBuilder()
                .sql("insert into documents (project_id, collection, key, owner, body, created_at, modified_at) values (")
                .param(scope.projectId()).sql(", ").param(scope.storage()).sql(", ").param(key).sql(", ");
        scope.ownerValue(sql);
        sql.sql(", ");
        if (nowSets == null) {
            sql.param(new JsonParam(body), "jsonb");
        } else {
            sql.sql("vellum_apply_sets(").param(new JsonParam(body), "jsonb").sql(", ").param(new JsonParam(nowSets), "jsonb")
                    .sql(", ").sql(NOW_TEXT).sql(")");
        }
        return sql.sql(", ").sql(NOW).sql(", ").sql(NOW).sql(")").sql(RETURNING).build();
    }

    /** Updates in {@code updates} are {@code {"k": key, "s": [sets]}}; one statement for the batch. */
    static Sql updateByKeys(Scope scope, String updates) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set body = vellum_apply_sets(body, u.item -> 's', ")
                .sql(NOW_TEXT).sql("), version = version + 1, modified_at = ").sql(NOW)
                .sql(" from jsonb_array_elements(").param(new JsonParam(updates), "jsonb").sql(") as u(item) where ");
        scope.live(sql, Action.UPDATE);
        return sql.sql(" and key = u.item ->> 'k'").sql(RETURNING).build();
    }

    static Sql updateByMatch(Scope scope, Condition match, String sets) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set body = vellum_apply_sets(body, ")
                .param(new JsonParam(sets), "jsonb").sql(", ").sql(NOW_TEXT).sql("), version = version + 1, modified_at = ")
                .sql(NOW).sql(" where ");
        scope.live(sql, Action.UPDATE);
        sql.sql(" and ");
        ConditionRenderer.render(match, sql);
        return sql.sql(RETURNING).build();
    }

    /** Replaces the body; {@code nowSets} are the content's {@code &field} timestamps (may be empty). */
    static Sql replace(Scope scope, String key, String body, String nowSets, Long expectedVersion) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set body = vellum_apply_sets(")
                .param(new JsonParam(body), "jsonb").sql(", ").param(new JsonParam(nowSets), "jsonb").sql(", ")
                .sql(NOW_TEXT).sql(")");
        return oneRow(sql, scope, Action.UPDATE, key, expectedVersion).sql(RETURNING).build();
    }

    /** Applies field assignments to one stored body (update-by-key for one key, with a version guard). */
    static Sql merge(Scope scope, String key, String sets, Long expectedVersion) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set body = vellum_apply_sets(body, ")
                .param(new JsonParam(sets), "jsonb").sql(", ").sql(NOW_TEXT).sql(")");
        return oneRow(sql, scope, Action.UPDATE, key, expectedVersion).sql(RETURNING).build();
    }

    /**
     * Leaves a tombstone as the KV remove does (state {@code deleted}, no restore ref), purged
     * after the deleted-document retention.
     */
    static Sql delete(Scope scope, String key, Long expectedVersion) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set state = 'deleted', state_ref = null, state_at = ").sql(NOW);
        return oneRow(sql, scope, Action.DELETE, key, expectedVersion).build();
    }

    static Sql hide(Scope scope, Condition match, HiddenState state, String ref) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set state = ").param(state.column)
                .sql(", state_ref = ").param(ref).sql(", state_at = ").sql(NOW)
                .sql(", version = version + 1, modified_at = ").sql(NOW).sql(" where ");
        scope.live(sql, Action.DELETE);
        sql.sql(" and ");
        ConditionRenderer.render(match, sql);
        return sql.build();
    }

    static Sql restore(Scope scope, String ref) {
        SqlBuilder sql = new SqlBuilder().sql("update documents set state = 'live', state_ref = null, state_at = null")
                .sql(", version = version + 1, modified_at = ").sql(NOW)
                .sql(" where project_id = ").param(scope.projectId()).sql(" and collection = ").param(scope.storage())
                .sql(" and state <> 'live' and state_ref = ").param(ref);
        scope.readableAnd(Action.DELETE, sql);
        return sql.build();
    }

    /** Serialises upserts with the same match: a transaction-scoped advisory lock on its fingerprint. */
    static Sql upsertLock(String lockKey) {
        return new SqlBuilder().sql("select pg_advisory_xact_lock(hashtextextended(").param(lockKey).sql(", 0))").build();
    }

    /**
     * Expired documents are invisible to every API already; this frees their rows, whatever their
     * state, except in deleted collections' storages, whose cleanup removes them without recording
     * an {@code expired} change for each.
     */
    static Sql purgeExpired() {
        return new SqlBuilder().sql("delete from documents where expires_at < now() and (project_id, collection) not in")
                .sql(" (select project_id, storage from collection_storages where dropped_at is not null)").build();
    }

    static Sql purgeDeleted(long retentionSeconds) {
        return new SqlBuilder().sql("delete from documents where state = 'deleted' and state_at < now() - make_interval(secs => ")
                .param((double) retentionSeconds).sql(")").build();
    }

    private static SqlBuilder oneRow(SqlBuilder sql, Scope scope, Action action, String key, Long expectedVersion) {
        sql.sql(", version = version + 1, modified_at = ").sql(NOW).sql(" where ");
        scope.live(sql, action);
        sql.sql(" and key = ").param(key);
        if (expectedVersion != null) {
            sql.sql(" and version = ").param(expectedVersion);
        }
        return sql;
    }
}
