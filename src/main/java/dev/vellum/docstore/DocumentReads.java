package dev.vellum.docstore;

import dev.vellum.sql.Sql;
import dev.vellum.store.CompactJson;
import dev.vellum.store.PlannedRows;
import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs the rendered reads of documents on R2DBC and maps their rows. */
@Component
final class DocumentReads {

    /** Rows per cursor round trip when streaming: enough to amortise the round trip, few enough to hold little. */
    static final int STREAM_FETCH_SIZE = 256;
    /** The cursor a stream reads from: one stream per transaction, so one name serves them all. */
    static final String CURSOR = "vellum_stream";

    private final DatabaseClient db;

    DocumentReads(DatabaseClient db) {
        this.db = db;
    }

    Flux<DocumentRow> rows(Sql sql) {
        return Statements.prepare(db, sql).map((row, meta) -> DocumentRow.read(row)).all();
    }

    /**
     * Rows read through a cursor, {@value #STREAM_FETCH_SIZE} at a time: {@code DECLARE} then one
     * {@code FETCH} per chunk, the next only once the reader has taken this one, so a slow reader
     * slows the query and a cancelled Flux stops at the next chunk. Each {@code FETCH} is a
     * statement of its own that completes, so other statements of the same transaction (lookups,
     * populate) run on the same connection between chunks, and the statement timeout bounds each
     * chunk rather than the whole stream. Must run inside a transaction (a cursor lives in one).
     */
    Flux<DocumentRow> stream(Sql sql) {
        Sql declare = new Sql("declare " + CURSOR + " no scroll cursor for " + sql.text(), sql.params());
        Sql fetch = new Sql("fetch " + STREAM_FETCH_SIZE + " from " + CURSOR, List.of());
        Mono<List<DocumentRow>> chunk = Mono.defer(() -> rows(fetch).collectList());
        return run(declare).thenMany(chunk.repeat()
                .takeUntil(rows -> rows.size() < STREAM_FETCH_SIZE)
                .concatMapIterable(rows -> rows, 1));
    }

    /** The planner's estimate of an {@code explain (format json)}. */
    Mono<Long> planned(Sql sql) {
        return PlannedRows.of(db, sql);
    }

    Mono<Long> count(Sql sql) {
        return Statements.prepare(db, sql).map((row, meta) -> row.get("total", Long.class)).one();
    }

    /** One document's stored JSON text and version (KV get, lookup_in). */
    Mono<StoredDocument> stored(Sql sql) {
        return Statements.prepare(db, sql)
                .map((row, meta) -> new StoredDocument(row.get("body", Json.class).asArray(), row.get("version", Long.class)))
                .one();
    }

    /** A document rendered as JSON text by the statement ({@code doc}) and its version. */
    Mono<StoredDocument> rendered(Sql sql) {
        return Statements.prepare(db, sql)
                .map((row, meta) -> new StoredDocument(CompactJson.compact(row.get("doc", String.class).getBytes(StandardCharsets.UTF_8)),
                        row.get("version", Long.class)))
                .one();
    }

    Mono<Long> version(Sql sql) {
        return Statements.prepare(db, sql).map((row, meta) -> row.get("version", Long.class)).one();
    }

    /** A readable document's version and whether the caller may also do the action the statement asked about. */
    Mono<Permitted> permitted(Sql sql) {
        return Statements.prepare(db, sql)
                .map((row, meta) -> new Permitted(row.get("version", Long.class), row.get("allowed", Boolean.class)))
                .one();
    }

    record Permitted(long version, boolean allowed) {
    }

    /** A statement that only takes effect in the transaction (a lock, a setting); its rows are ignored. */
    Mono<Void> run(Sql sql) {
        return Statements.prepare(db, sql).then();
    }
}
