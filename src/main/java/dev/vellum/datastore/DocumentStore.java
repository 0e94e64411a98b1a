package dev.vellum.datastore;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.sql.Sql;
import dev.vellum.store.Ids;
import dev.vellum.store.Statements;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs Datastore statements on R2DBC and knows which collections exist. */
@Component
public class DocumentStore {

    /** Rows per cursor round trip when streaming: enough to amortise the round trip, few enough to hold little. */
    static final int STREAM_FETCH_SIZE = 256;

    private final DatabaseClient db;
    /** Collections seen to exist; there is no route that drops a collection yet. */
    private final Set<String> knownCollections = ConcurrentHashMap.newKeySet();

    DocumentStore(DatabaseClient db) {
        this.db = db;
        Ids.warmUp();
    }

    public Flux<DocumentRow> rows(Sql sql) {
        return Statements.prepare(db, sql).map((row, meta) -> DocumentRow.read(row)).all();
    }

    /**
     * Rows read through a portal {@value #STREAM_FETCH_SIZE} at a time: the driver asks for the
     * next chunk only once the reader has taken this one, so a slow reader slows the query, and a
     * cancelled Flux closes the portal at the next chunk instead of draining the whole result.
     * Prepared now, so a statement refused before execution fails before any row is promised.
     */
    public Flux<DocumentRow> stream(Sql sql) {
        return Statements.prepare(db, sql)
                .filter(statement -> statement.fetchSize(STREAM_FETCH_SIZE))
                .map((row, meta) -> DocumentRow.read(row))
                .all();
    }

    public Flux<DocumentRow> countedRows(Sql sql) {
        return Statements.prepare(db, sql).map((row, meta) -> DocumentRow.readCounted(row)).all();
    }

    public Mono<Long> count(Sql sql) {
        return Statements.prepare(db, sql).map((row, meta) -> row.get("total", Long.class)).one();
    }

    public Mono<Long> update(Sql sql) {
        return Statements.prepare(db, sql).fetch().rowsUpdated();
    }

    Mono<Void> run(Sql sql) {
        return Statements.prepare(db, sql).then();
    }

    public Mono<Void> requireCollection(long projectId, String collection) {
        if (knownCollections.contains(projectId + "/" + collection)) {
            return Mono.empty();
        }
        return Statements.prepare(db, DocumentSql.collectionExists(projectId, collection))
                .map((row, meta) -> new Existence(row.get("found", Boolean.class), row.get("settled", Boolean.class)))
                .one()
                .flatMap(existence -> {
                    if (!existence.found()) {
                        return Mono.error(new VellumException(ErrorCode.COLLECTION_NOT_FOUND,
                                "collection '" + collection + "' does not exist", Map.of("collection", collection)));
                    }
                    remember(projectId, collection, existence.settled());
                    return Mono.empty();
                });
    }

    public Mono<Void> ensureCollection(long projectId, String collection) {
        if (knownCollections.contains(projectId + "/" + collection)) {
            return Mono.empty();
        }
        return Statements.prepare(db, DocumentSql.ensureCollection(projectId, collection))
                .map((row, meta) -> row.get("settled", Boolean.class))
                .one()
                .doOnNext(settled -> remember(projectId, collection, settled))
                .then();
    }

    /**
     * Remembers a collection only once another transaction has committed it: a row this
     * transaction inserted (this request, or an earlier statement of the Idempotency-Key
     * transaction around it) disappears if the transaction rolls back, and a remembered name
     * would then skip the insert and fail the next write on the foreign key.
     */
    private void remember(long projectId, String collection, boolean settled) {
        if (settled) {
            knownCollections.add(projectId + "/" + collection);
        }
    }

    private record Existence(boolean found, boolean settled) {
    }
}
