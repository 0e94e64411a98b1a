package dev.vellum.fence;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.time.Duration;

/**
 * The statements on {@code fence_records}; every value is a parameter, except in {@link #enter},
 * whose text holds two numbers Vellum computed and nothing else. Liveness is judged on
 * {@code clock_timestamp()}: a record's lifetime starts when it is written, and a key found
 * expired at the start of a run is still expired when the run saves its record.
 */
final class FenceSql {

    private FenceSql() {
    }

    /** Never waits: false while another transaction holds the lock. */
    static Sql tryLock(long lockId) {
        return new SqlBuilder().sql("select pg_try_advisory_xact_lock(").param(lockId).sql(") as locked").build();
    }

    /**
     * The first statement of a fenced transaction ({@code vellum_fence_begin}): the key's lock,
     * the resource's (when not null), then the key's live record; one row.
     */
    static Sql begin(FenceKey key, long keyLock, Long resourceLock) {
        return new SqlBuilder()
                .sql("select locked, fingerprint, status, headers, body, millis_left from vellum_fence_begin(")
                .param(key.projectId()).sql(", ").param(key.scope()).sql(", ").param(key.kind().column())
                .sql(", ").param(key.key()).sql(", ").param(keyLock)
                .sql(", ").param(resourceLock == null ? new NullParam(Long.class) : resourceLock).sql(")")
                .build();
    }

    /**
     * The first step of a fenced transaction ({@code vellum_fence_enter}): the key's lock, the
     * resource's (when not null), and a check that the key has no live record; it fails the
     * transaction with SQLSTATE {@code VF001} or {@code VF002} otherwise. The lock ids are written
     * into the text, so that the statement has no parameters and the driver sends it as a simple
     * query, which it does not wait on before sending the next statement: this one rides with
     * {@code BEGIN} and the work's first statement. They are 64-bit numbers ({@link LockIds}),
     * never client text.
     */
    static Sql enter(long keyLock, Long resourceLock) {
        return new SqlBuilder().sql("select vellum_fence_enter(" + keyLock + ", "
                + (resourceLock == null ? "null" : Long.toString(resourceLock)) + ")").build();
    }

    /** The live record of a key, with the milliseconds it has left (at least 1). */
    static Sql find(FenceKey key) {
        return new SqlBuilder()
                .sql("select fingerprint, status, headers, body,"
                        + " greatest(1, (extract(epoch from expires_at - clock_timestamp()) * 1000)::bigint) as millis_left"
                        + " from fence_records where project_id = ").param(key.projectId())
                .sql(" and scope = ").param(key.scope())
                .sql(" and kind = ").param(key.kind().column())
                .sql(" and key = ").param(key.key())
                .sql(" and expires_at > clock_timestamp()")
                .build();
    }

    /**
     * Inserts the record, or replaces an expired one; a live one stays (0 rows). {@code lockId} is
     * a transaction key's lock id ({@code vellum_fence_enter} looks for it), null for a request.
     */
    static Sql save(FenceKey key, Long lockId, FenceRecord record, String headersJson, Duration ttl) {
        return new SqlBuilder()
                .sql("insert into fence_records (project_id, scope, kind, key, lock_id, fingerprint, status, headers,"
                        + " body, created_at, expires_at) values (")
                .param(key.projectId()).sql(", ").param(key.scope()).sql(", ").param(key.kind().column())
                .sql(", ").param(key.key()).sql(", ").param(lockId == null ? new NullParam(Long.class) : lockId)
                .sql(", ").param(record.fingerprint()).sql(", ").param(record.status())
                .sql(", ").param(new JsonParam(headersJson)).sql(", ").param(record.body())
                .sql(", clock_timestamp(), clock_timestamp() + ").param(ttl.toMillis()).sql(" * interval '1 millisecond')")
                .sql(" on conflict (project_id, scope, kind, key) do update set lock_id = excluded.lock_id,"
                        + " fingerprint = excluded.fingerprint,"
                        + " status = excluded.status, headers = excluded.headers, body = excluded.body,"
                        + " created_at = excluded.created_at, expires_at = excluded.expires_at"
                        + " where fence_records.expires_at <= clock_timestamp()")
                .build();
    }

    static Sql purgeExpired() {
        return new SqlBuilder().sql("delete from fence_records where expires_at <= now()").build();
    }
}
