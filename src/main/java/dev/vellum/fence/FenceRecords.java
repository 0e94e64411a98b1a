package dev.vellum.fence;

import dev.vellum.error.CauseChain;
import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The exactly-once fence in PostgreSQL, for Idempotency-Key requests and transactions alike.
 * Every call joins the caller's transaction (through the Reactor context): {@link #tryLock} takes
 * a transaction-scoped advisory lock without waiting, {@link #enter} takes a transaction's locks
 * and fails when they are held or its key has a live record, {@link #find} reads a live record,
 * and {@link #save} writes one that commits with the writes it answers for, or not at all.
 */
@Component
public class FenceRecords {

    /** A live record and how many milliseconds it has left. */
    public record Found(FenceRecord record, long millisLeft) {
    }

    /**
     * What the first statement of a fenced transaction found: whether it holds its locks, and the
     * key's live record (null when there is none, or when the locks were not had).
     */
    public record Begun(boolean locked, Found found) {
    }

    /** Why {@link #enter} refused: another transaction holds a lock, or the key has a live record. */
    public static final class Refused extends RuntimeException {

        private final boolean locked;

        Refused(boolean locked, Throwable cause) {
            super(locked ? "the transaction's key or resource is locked" : "the transaction's key has a live record",
                    cause, false, false);
            this.locked = locked;
        }

        /** True: another transaction holds the key's or the resource's lock; false: the key has a live record. */
        public boolean locked() {
            return locked;
        }
    }

    private static final String LOCKED = "VF001";
    private static final String RECORDED = "VF002";

    private final DatabaseClient db;
    private final JsonMapper json;

    FenceRecords(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** True when this transaction now holds the lock (see {@link LockIds}); false at once when another one does. */
    public Mono<Boolean> tryLock(long lockId) {
        return Statements.prepare(db, FenceSql.tryLock(lockId))
                .map((row, meta) -> row.get("locked", Boolean.class))
                .one();
    }

    public Mono<Found> find(FenceKey key) {
        return Statements.prepare(db, FenceSql.find(key))
                .map((row, meta) -> new Found(new FenceRecord(row.get("fingerprint", byte[].class),
                        row.get("status", Integer.class), headers(row.get("headers", Json.class)),
                        row.get("body", byte[].class)), row.get("millis_left", Long.class)))
                .one();
    }

    /**
     * Takes the key's lock and then the resource's ({@code resourceLock} null: none) without
     * waiting, and checks that the key ({@code keyLock} is its lock id) has no live record, in one
     * statement ({@code vellum_fence_enter}) sent as a simple query. Fails with {@link Refused}
     * when it cannot, and the transaction with it: statements sent behind it fail too.
     */
    public Mono<Void> enter(long keyLock, Long resourceLock) {
        return Statements.prepare(db, FenceSql.enter(keyLock, resourceLock)).then()
                .onErrorMap(e -> {
                    String state = sqlState(e);
                    return LOCKED.equals(state) || RECORDED.equals(state) ? new Refused(LOCKED.equals(state), e) : e;
                });
    }

    /**
     * Takes the key's lock and then the resource's ({@code resourceLock} null: none) without
     * waiting, and reads the key's live record, in one statement (see {@code vellum_fence_begin}).
     */
    public Mono<Begun> begin(FenceKey key, long keyLock, Long resourceLock) {
        return Statements.prepare(db, FenceSql.begin(key, keyLock, resourceLock))
                .map((row, meta) -> {
                    boolean locked = Boolean.TRUE.equals(row.get("locked", Boolean.class));
                    byte[] fingerprint = row.get("fingerprint", byte[].class);
                    if (!locked || fingerprint == null) {
                        return new Begun(locked, null);
                    }
                    return new Begun(true, new Found(new FenceRecord(fingerprint, row.get("status", Integer.class),
                            headers(row.get("headers", Json.class)), row.get("body", byte[].class)),
                            row.get("millis_left", Long.class)));
                })
                .one();
    }

    /** Writes the record for {@code ttl}; a live record of the key (impossible under its lock) fails the transaction. */
    public Mono<Void> save(FenceKey key, FenceRecord record, Duration ttl) {
        return save(key, null, record, ttl);
    }

    /** The same for a transaction's key, whose lock id {@link #enter} looks for. */
    public Mono<Void> save(FenceKey key, Long lockId, FenceRecord record, Duration ttl) {
        ObjectNode headers = json.createObjectNode();
        record.headers().forEach((name, values) -> values.forEach(headers.putArray(name)::add));
        return Statements.prepare(db, FenceSql.save(key, lockId, record, json.writeValueAsString(headers), ttl))
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("a live fence record was in the way of a new one")));
    }

    /** Deletes the expired records; answers how many. */
    public Mono<Long> purgeExpired() {
        return Statements.prepare(db, FenceSql.purgeExpired()).fetch().rowsUpdated();
    }

    private static String sqlState(Throwable failure) {
        return CauseChain.first(failure, cause -> cause instanceof R2dbcException r2dbc
                ? Optional.ofNullable(r2dbc.getSqlState()) : Optional.empty()).orElse(null);
    }

    private Map<String, List<String>> headers(Json stored) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : json.readTree(stored.asArray()).properties()) {
            List<String> values = new ArrayList<>();
            header.getValue().values().forEach(value -> values.add(value.asString()));
            headers.put(header.getKey(), values);
        }
        return headers;
    }
}
