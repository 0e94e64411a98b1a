package dev.vellum.docstore;

import dev.vellum.access.Action;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import dev.vellum.sql.SqlTime;
import dev.vellum.subdoc.Durability;
import dev.vellum.subdoc.MutateRequest;

/**
 * Renders the statements on one document by key (KV and {@code mutate_in}); pure, so tests pin the SQL. Each write is one statement that
 * decides, on the locked row, whether it may write: no read-modify-write. A row that is deleted,
 * archived or expired counts as absent and is overwritten by a create; its version still grows,
 * so a CAS from its earlier life cannot match the new document (a removed row is gone, and a new
 * one starts again at version 1). A user's create never takes over a row someone else can still
 * restore (archived or deleted under a ref): it blocks the key like a live document.
 */
final class KeyedSql {

    /** The Datastore's timestamp: the statement's instant at millisecond precision. */
    static final String NOW = SqlTime.NOW;
    private static final String RETURNING = " returning d.version";
    /** What every create or overwrite of a row sets besides owner and created_at. */
    private static final String OVERWRITE = "body = excluded.body, version = d.version + 1, modified_at = excluded.modified_at,"
            + " state = 'live', state_ref = null, state_at = null, expires_at = excluded.expires_at";

    private KeyedSql() {
    }

    /**
     * A caller whose access rules add nothing but the owner reads through {@code vellum_key_get},
     * whose statement keeps one plan (sql/R__vellum_key_get.sql); other rules are rendered here.
     */
    static Sql get(DocumentAddress target) {
        if (target.ownerRules()) {
            return new SqlBuilder().sql("select d.body, d.version from vellum_key_get(").param(target.projectId())
                    .sql(", ").param(target.storage()).sql(", ").param(target.key()).sql(", ")
                    .param(target.caller().isUser() ? target.caller().userId() : new NullParam(String.class), "text")
                    .sql(") as d").build();
        }
        SqlBuilder sql = new SqlBuilder().sql("select d.body, d.version from documents as d where ");
        target.visible(sql);
        return sql.build();
    }

    /** Read-only: tells a missing document from a stale cas after a conditional write failed. */
    static Sql version(DocumentAddress target) {
        SqlBuilder sql = new SqlBuilder().sql("select d.version from documents as d where ");
        target.visible(sql);
        return sql.build();
    }

    /** Creates the document; returns no row when a live one (anyone's) or, for a user, another's restorable one holds the key. */
    static Sql insert(DocumentAddress target, String content, long expirySeconds) {
        SqlBuilder sql = newRow(target, content, expirySeconds)
                .sql("owner = excluded.owner, created_at = excluded.created_at, ").sql(OVERWRITE)
                .sql(" where not (").sql(DocumentAddress.ALIVE).sql(")");
        if (target.owner() != null) {
            sql.sql(" and not (").sql(DocumentAddress.RESTORABLE).sql(" and d.owner is distinct from ")
                    .param(target.owner()).sql(")");
        }
        return sql.sql(RETURNING).build();
    }

    /** Creates or overwrites; a user gets no row back when another user's live or restorable document holds the key. */
    static Sql upsert(DocumentAddress target, String content, long expirySeconds) {
        SqlBuilder sql = newRow(target, content, expirySeconds)
                .sql("owner = case when ").sql(DocumentAddress.ALIVE).sql(" then d.owner else excluded.owner end, ")
                .sql("created_at = case when ").sql(DocumentAddress.ALIVE).sql(" then d.created_at else excluded.created_at end, ")
                .sql(OVERWRITE);
        if (target.owner() != null) {
            sql.sql(" where not (").sql(DocumentAddress.ALIVE).sql(" or ").sql(DocumentAddress.RESTORABLE)
                    .sql(") or d.owner = ").param(target.owner());
        }
        return sql.sql(RETURNING).build();
    }

    /** Overwrites a visible document, at version {@code cas} when given. */
    static Sql replace(DocumentAddress target, String content, long expirySeconds, Long cas) {
        SqlBuilder sql = new SqlBuilder().sql("update documents as d set body = ").param(new JsonParam(content), "jsonb")
                .sql(", version = d.version + 1, modified_at = ").sql(NOW).sql(", expires_at = ");
        expiresAt(sql, expirySeconds);
        sql.sql(" where ");
        target.visible(sql, Action.UPDATE);
        versionIs(sql, cas);
        return sql.sql(RETURNING).build();
    }

    /**
     * Leaves a tombstone (state {@code deleted}, no ref, so no restore) that the purge removes
     * after the deleted-document retention: until then a re-created key keeps counting versions,
     * so a cas from before the remove can never match the new document.
     */
    static Sql remove(DocumentAddress target, Long cas) {
        SqlBuilder sql = new SqlBuilder().sql("update documents as d set state = 'deleted', state_ref = null, state_at = ")
                .sql(NOW).sql(", version = d.version + 1, modified_at = ").sql(NOW).sql(" where ");
        target.visible(sql, Action.DELETE);
        versionIs(sql, cas);
        return sql.sql(" returning d.version").build();
    }

    /**
     * The one statement of {@code mutate_in}: the specs travel as one jsonb parameter to
     * {@code vellum_mutate_in} (sql/R__vellum_mutate_in.sql), which locks the row, applies them in order
     * and stores the result — see docs/subdoc-wire-format.md.
     */
    static Sql mutateIn(DocumentAddress target, MutateRequest request, Long cas, String specs) {
        return mutateIn(target, request, cas, specs, target.ownerParam());
    }

    /**
     * {@code mutate_in} acting as {@code owner}: the function changes a live row only when its
     * owner is this one (any row when null) and gives a new row this owner. Under access rules the
     * caller's right was checked on the locked row first, and the function acts as its owner.
     */
    static Sql mutateIn(DocumentAddress target, MutateRequest request, Long cas, String specs, Object owner) {
        SqlBuilder sql = new SqlBuilder().sql("select version, results from vellum_mutate_in(")
                .param(target.projectId()).sql(", ").param(target.storage()).sql(", ").param(target.key()).sql(", ");
        sql.param(owner, "text");
        sql.sql(", ").param(cas == null ? new NullParam(Long.class) : cas, "bigint")
                .sql(", ").param(request.semantics().wireName())
                .sql(", ").param(new JsonParam(specs), "jsonb")
                .sql(", ").param(request.expirySeconds().<Object>map(Integer::valueOf).orElse(new NullParam(Integer.class)), "integer")
                .sql(", ").param(request.durability().<Object>map(Durability::wireName).orElse(new NullParam(String.class)), "text")
                .sql(")");
        return sql.build();
    }

    /**
     * The live row's owner, whether the caller may read it and update it, locked for the write
     * that follows in the same transaction; no row when no live document holds the key.
     */
    static Sql rowAccess(DocumentAddress target) {
        SqlBuilder sql = new SqlBuilder().sql("select d.owner, coalesce((true");
        target.allows(Action.READ, sql);
        sql.sql("), false) as readable, coalesce((true");
        target.allows(Action.READ, sql);
        target.allows(Action.UPDATE, sql);
        sql.sql("), false) as updatable from documents as d where d.project_id = ").param(target.projectId())
                .sql(" and d.collection = ").param(target.storage()).sql(" and d.key = ").param(target.key())
                .sql(" and ").sql(DocumentAddress.ALIVE).sql(" for update of d");
        return sql.build();
    }

    /** A readable row's version and whether the caller may do {@code action} on it: why a write changed nothing. */
    static Sql permitted(DocumentAddress target, Action action) {
        SqlBuilder sql = new SqlBuilder().sql("select d.version, coalesce((true");
        target.allows(action, sql);
        sql.sql("), false) as allowed from documents as d where ");
        target.visible(sql);
        return sql.build();
    }

    /** Whether the create rule lets the caller store {@code content} under the key (no row is written). */
    static Sql createAllowed(DocumentAddress target, String content) {
        SqlBuilder sql = new SqlBuilder().sql("select coalesce((true");
        target.allows(Action.CREATE, sql);
        sql.sql("), false) as allowed from (select ").param(target.key()).sql("::text as key, ");
        target.ownerValue(sql);
        return sql.sql(" as owner, ").param(new JsonParam(content), "jsonb")
                .sql(" as body, now() as created_at, now() as modified_at, 1::bigint as version) as d").build();
    }

    /** Local to the transaction: it only changes how the write that follows commits. */
    static Sql durability(Durability level) {
        return new SqlBuilder().sql("select set_config('synchronous_commit', ").param(level.synchronousCommit())
                .sql(", true)").build();
    }

    private static SqlBuilder newRow(DocumentAddress target, String content, long expirySeconds) {
        SqlBuilder sql = new SqlBuilder()
                .sql("insert into documents as d (project_id, collection, key, owner, body, created_at, modified_at, expires_at)")
                .sql(" values (").param(target.projectId()).sql(", ").param(target.storage()).sql(", ")
                .param(target.key()).sql(", ");
        target.ownerValue(sql);
        sql.sql(", ").param(new JsonParam(content), "jsonb").sql(", ").sql(NOW).sql(", ").sql(NOW).sql(", ");
        expiresAt(sql, expirySeconds);
        return sql.sql(") on conflict (project_id, collection, key) do update set ");
    }

    /** Couchbase semantics: a full-document write without expiry clears any expiry the document had. */
    private static void expiresAt(SqlBuilder sql, long expirySeconds) {
        if (expirySeconds == 0) {
            sql.sql("null");
        } else {
            sql.sql("now() + make_interval(secs => ").param((double) expirySeconds).sql(")");
        }
    }

    private static void versionIs(SqlBuilder sql, Long cas) {
        if (cas != null) {
            sql.sql(" and d.version = ").param(cas);
        }
    }
}
