package dev.vellum.transactions;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import dev.vellum.store.Statements;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The Postgres fence of {@code transaction()}. Called inside the transaction that runs the work:
 * {@link #tryLock} takes a transaction-scoped advisory lock without waiting, {@link #find} reads
 * a live record, {@link #save} writes one that commits (or not) with the work's own writes.
 */
@Component
public class TransactionRecords {

    /** A record still within its result ttl. */
    record Found(String fingerprint, String result, long millisLeft) {
    }

    private final DatabaseClient db;

    TransactionRecords(DatabaseClient db) {
        this.db = db;
    }

    /** True when this transaction now holds the named lock; false when another one does. */
    Mono<Boolean> tryLock(String name) {
        return Statements.prepare(db, lockSql(name))
                .map((row, meta) -> row.get("locked", Boolean.class))
                .one();
    }

    Mono<Found> find(long projectId, String scope, String key) {
        return Statements.prepare(db, findSql(projectId, scope, key))
                .map((row, meta) -> new Found(row.get("fingerprint", String.class), row.get("result", String.class),
                        row.get("millis_left", Long.class)))
                .one();
    }

    /** Writes the record; an unexpired record of the same key (impossible under the key's lock) fails the transaction. */
    Mono<Void> save(long projectId, String scope, TransactionSpec spec, String resultJson) {
        return Statements.prepare(db, saveSql(projectId, scope, spec, resultJson))
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("an unexpired transaction record already exists")));
    }

    /** Removes the records past their result ttl; answers how many. */
    public Mono<Long> purgeExpired() {
        return Statements.prepare(db, new SqlBuilder()
                        .sql("delete from transaction_records where expires_at <= now()").build())
                .fetch().rowsUpdated();
    }

    static Sql lockSql(String name) {
        return new SqlBuilder().sql("select pg_try_advisory_xact_lock(hashtextextended(").param(name)
                .sql(", 0)) as locked").build();
    }

    static Sql findSql(long projectId, String scope, String key) {
        return new SqlBuilder()
                .sql("select fingerprint, result::text as result,"
                        + " greatest(1, (extract(epoch from expires_at - clock_timestamp()) * 1000)::bigint) as millis_left"
                        + " from transaction_records where project_id = ").param(projectId)
                .sql(" and scope = ").param(scope)
                .sql(" and key = ").param(key)
                .sql(" and expires_at > clock_timestamp()")
                .build();
    }

    static Sql saveSql(long projectId, String scope, TransactionSpec spec, String resultJson) {
        return new SqlBuilder()
                .sql("insert into transaction_records (project_id, scope, key, fingerprint, result, expires_at) values (")
                .param(projectId).sql(", ").param(scope).sql(", ").param(spec.key()).sql(", ").param(spec.fingerprint())
                .sql(", ").param(new JsonParam(resultJson))
                .sql(", clock_timestamp() + make_interval(secs => ").param(spec.resultTtlSeconds()).sql("))"
                        + " on conflict (project_id, scope, key) do update set fingerprint = excluded.fingerprint,"
                        + " result = excluded.result, created_at = now(), expires_at = excluded.expires_at"
                        + " where transaction_records.expires_at <= clock_timestamp()")
                .build();
    }
}
