package dev.vellum.kv;

import dev.vellum.datastore.DocumentStore;
import dev.vellum.sql.Sql;
import dev.vellum.store.Statements;
import dev.vellum.subdoc.Durability;
import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Runs KV statements on R2DBC; a write with a durability level runs in its own transaction. */
@Component
public class KvStore {

    /** A document's stored JSON text and version. */
    public record Stored(byte[] body, long version) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final DocumentStore documents;

    KvStore(DatabaseClient db, TransactionalOperator tx, DocumentStore documents) {
        this.db = db;
        this.tx = tx;
        this.documents = documents;
    }

    Mono<Stored> get(KvTarget target) {
        return Statements.prepare(db, KvSql.get(target))
                .map((row, meta) -> new Stored(row.get("body", Json.class).asArray(), row.get("version", Long.class)))
                .one();
    }

    Mono<Long> version(KvTarget target) {
        return Statements.prepare(db, KvSql.version(target)).map((row, meta) -> row.get("version", Long.class)).one();
    }

    /** Runs one write statement and returns the version it reports, empty when it wrote nothing. */
    Mono<Long> write(Sql statement, Durability durability) {
        Mono<Long> write = Statements.prepare(db, statement).map((row, meta) -> row.get("version", Long.class)).one();
        if (durability == null) {
            return write;
        }
        return tx.transactional(Statements.prepare(db, KvSql.durability(durability)).then().then(write));
    }

    /**
     * Creates the collection if missing: the Datastore's statement and cache. It commits whatever
     * the write does, except inside an Idempotency-Key transaction, which it joins.
     */
    Mono<Void> ensureCollection(long projectId, String collection) {
        return documents.ensureCollection(projectId, collection);
    }
}
