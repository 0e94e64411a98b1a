package dev.vellum.docstore;

import dev.vellum.sql.Sql;
import dev.vellum.store.Statements;
import dev.vellum.subdoc.Durability;
import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one place every INSERT, UPDATE and DELETE of documents runs, whichever API family asked
 * (Datastore, documents REST, {@code AsyncDb}, KV, {@code mutate_in}, the purge): a change
 * outbox hooks in here, once. Its statements come from {@link DocumentWriteSql} and
 * {@link KeyedSql}; nothing outside this package can run a document write.
 */
@Component
final class DocumentWrites {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    DocumentWrites(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** A write that returns the rows it wrote. */
    Flux<DocumentRow> returningRows(Sql write) {
        return Statements.prepare(db, write).map((row, meta) -> DocumentRow.read(row)).all();
    }

    /** A write that answers how many rows it changed. */
    Mono<Long> counting(Sql write) {
        return Statements.prepare(db, write).fetch().rowsUpdated();
    }

    /**
     * A by-key write that returns the version it wrote, empty when it wrote nothing; with a
     * durability level it runs in its own transaction after setting {@code synchronous_commit}.
     */
    Mono<Long> versioned(Sql write, Durability durability) {
        Mono<Long> written = Statements.prepare(db, write).map((row, meta) -> row.get("version", Long.class)).one();
        if (durability == null) {
            return written;
        }
        return tx.transactional(Statements.prepare(db, KeyedSql.durability(durability)).then().then(written));
    }

    /** {@code vellum_mutate_in}: the version written and the per-spec results as JSON text. */
    Mono<MutateResult> mutateIn(Sql write) {
        return Statements.prepare(db, write)
                .map((row, meta) -> new MutateResult(row.get("version", Long.class), row.get("results", Json.class).asArray()))
                .one();
    }
}
