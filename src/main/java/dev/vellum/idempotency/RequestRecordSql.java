package dev.vellum.idempotency;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.time.Duration;

/** The statements on {@code request_records}; every value is a parameter. */
final class RequestRecordSql {

    private RequestRecordSql() {
    }

    /** Never waits: false while another transaction holds the key's lock. */
    static Sql tryLock(long lockId) {
        return new SqlBuilder().sql("select pg_try_advisory_xact_lock(").param(lockId).sql(") as locked").build();
    }

    /** The live record of a key (now() is the transaction's start, the same instant {@link #save} uses). */
    static Sql find(IdempotentRequest request) {
        return new SqlBuilder().sql("select fingerprint, status, headers, body from request_records where project_id = ")
                .param(request.projectId()).sql(" and scope = ").param(request.scope())
                .sql(" and key = ").param(request.key()).sql(" and expires_at > now()").build();
    }

    /** Inserts the record, or replaces an expired one; a live one stays (0 rows). */
    static Sql save(IdempotentRequest request, StoredResponse response, String headersJson, Duration ttl) {
        return new SqlBuilder()
                .sql("insert into request_records (project_id, scope, key, fingerprint, status, headers, body, created_at, expires_at)")
                .sql(" values (").param(request.projectId()).sql(", ").param(request.scope()).sql(", ").param(request.key())
                .sql(", ").param(request.fingerprint()).sql(", ").param(response.status())
                .sql(", ").param(new JsonParam(headersJson)).sql(", ").param(response.body())
                .sql(", now(), now() + ").param(ttl.toMillis()).sql(" * interval '1 millisecond')")
                .sql(" on conflict (project_id, scope, key) do update set fingerprint = excluded.fingerprint,")
                .sql(" status = excluded.status, headers = excluded.headers, body = excluded.body,")
                .sql(" created_at = excluded.created_at, expires_at = excluded.expires_at")
                .sql(" where request_records.expires_at <= now()")
                .build();
    }

    static Sql purgeExpired() {
        return new SqlBuilder().sql("delete from request_records where expires_at <= now()").build();
    }
}
