package dev.vellum.idempotency;

import dev.vellum.config.VellumProperties;
import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Idempotency-Key records in PostgreSQL. Every call joins the caller's transaction (through
 * the Reactor context), so a record commits together with the writes it answers for.
 */
@Component
public class RequestRecords {

    /** A live record: the fingerprint of the request that made it, and its answer. */
    record Found(byte[] fingerprint, StoredResponse response) {
    }

    private final DatabaseClient db;
    private final JsonMapper json;
    private final Duration ttl;

    RequestRecords(DatabaseClient db, JsonMapper json, VellumProperties properties) {
        this.db = db;
        this.json = json;
        this.ttl = properties.idempotency().ttl();
    }

    /** Takes the key's transaction-scoped lock; false at once if another request holds it. */
    Mono<Boolean> tryLock(IdempotentRequest request) {
        return Statements.prepare(db, RequestRecordSql.tryLock(request.lockId()))
                .map((row, meta) -> row.get("locked", Boolean.class))
                .one();
    }

    Mono<Found> find(IdempotentRequest request) {
        return Statements.prepare(db, RequestRecordSql.find(request))
                .map((row, meta) -> new Found(row.get("fingerprint", byte[].class), new StoredResponse(
                        row.get("status", Integer.class), headers(row.get("headers", Json.class)), row.get("body", byte[].class))))
                .one();
    }

    /** Records the answer; fails if a live record is in the way (the key's lock should make that impossible). */
    Mono<Void> save(IdempotentRequest request, StoredResponse response) {
        ObjectNode headers = json.createObjectNode();
        response.headers().forEach((name, values) -> values.forEach(headers.putArray(name)::add));
        return Statements.prepare(db, RequestRecordSql.save(request, response, json.writeValueAsString(headers), ttl))
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("a live request record was in the way of a new one")));
    }

    /** Deletes expired records; returns how many. */
    public Mono<Long> purgeExpired() {
        return Statements.prepare(db, RequestRecordSql.purgeExpired()).fetch().rowsUpdated();
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
