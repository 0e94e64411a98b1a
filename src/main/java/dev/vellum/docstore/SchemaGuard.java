package dev.vellum.docstore;

import dev.vellum.schema.CheckedDocument;
import dev.vellum.schema.CollectionSchemas;
import dev.vellum.schema.DocumentSchema;
import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds every document write to its collection's schema (README "Schemas"). A body known before
 * the write is checked before any SQL; a body the database computes (merge, set paths,
 * {@code mutate_in}, server timestamps) is written in a transaction, checked, and rolled back
 * when it does not conform. A collection without a schema takes none of this: its writes stay
 * the single statements they were.
 */
@Component
final class SchemaGuard {

    private final CollectionSchemas schemas;
    private final TransactionalOperator tx;
    private final DatabaseClient db;
    private final JsonMapper mapper;

    SchemaGuard(CollectionSchemas schemas, TransactionalOperator tx, DatabaseClient db, JsonMapper mapper) {
        this.mapper = mapper;
        this.schemas = schemas;
        this.tx = tx;
        this.db = db;
    }

    /**
     * {@code write} as is without a schema; with one, in a transaction that commits only if every
     * row written conforms. An error names a new row (version 1) by its place in a batch, a
     * changed one by its key.
     */
    Mono<List<DocumentRow>> rows(long projectId, String collection, Mono<List<DocumentRow>> write) {
        return checked(projectId, collection, write, rows -> {
            List<CheckedDocument> documents = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                DocumentRow row = rows.get(i);
                boolean created = row.version() == 1;
                documents.add(new CheckedDocument(row.body(), created && rows.size() > 1 ? i : null, created ? null : row.key()));
            }
            return documents;
        });
    }

    /**
     * New documents: without server timestamps to fill in, their bodies are final, so they are
     * checked before any SQL and {@code write} stays as it is; otherwise as {@link #rows}.
     */
    Mono<List<DocumentRow>> inserted(long projectId, String collection, List<NewDocument> documents,
                                     Mono<List<DocumentRow>> write) {
        if (documents.stream().anyMatch(document -> !document.nowSets().isEmpty())) {
            return rows(projectId, collection, write);
        }
        return Mono.defer(() -> schemas.of(projectId, collection)
                .map(schema -> {
                    List<CheckedDocument> checked = new ArrayList<>(documents.size());
                    for (int i = 0; i < documents.size(); i++) {
                        checked.add(new CheckedDocument(mapper.writeValueAsBytes(documents.get(i).body()),
                                documents.size() > 1 ? i : null, null));
                    }
                    return schemas.check(schema, collection, checked).then(write);
                })
                .orElse(write));
    }

    /** A replacing body: checked before any SQL unless the database still fills in timestamps, then as {@link #row}. */
    Mono<DocumentRow> replaced(long projectId, String collection, String key, String body, boolean complete,
                               Mono<DocumentRow> write) {
        if (!complete) {
            return row(projectId, collection, write);
        }
        return Mono.defer(() -> schemas.of(projectId, collection)
                .map(schema -> schemas.check(schema, collection,
                        List.of(new CheckedDocument(body.getBytes(StandardCharsets.UTF_8), null, key))).then(write))
                .orElse(write));
    }

    /** As {@link #rows} for a change of at most one stored document. */
    Mono<DocumentRow> row(long projectId, String collection, Mono<DocumentRow> write) {
        return checked(projectId, collection, write, row -> List.of(new CheckedDocument(row.body(), null, row.key())));
    }

    /** A whole new body, checked before it is written; empty when it conforms or there is no schema. */
    Mono<Void> content(long projectId, String collection, String content) {
        return Mono.defer(() -> schemas.of(projectId, collection)
                .map(schema -> schemas.check(schema, collection,
                        List.of(new CheckedDocument(content.getBytes(StandardCharsets.UTF_8), null, null))))
                .orElse(Mono.empty()));
    }

    /**
     * A by-key write whose body the database computes: with a schema, in a transaction that reads
     * the body it left and commits only if it conforms.
     */
    <T> Mono<T> keyed(DocumentAddress target, Mono<T> write) {
        return Mono.defer(() -> {
            Optional<DocumentSchema> schema = schemas.of(target.projectId(), target.collection());
            if (schema.isEmpty()) {
                return write;
            }
            return tx.transactional(write.flatMap(written -> storedBody(target)
                    .flatMap(body -> schemas.check(schema.get(), target.collection(), List.of(new CheckedDocument(body, null, null))))
                    .thenReturn(written)));
        });
    }

    private <T> Mono<T> checked(long projectId, String collection, Mono<T> write, Function<T, List<CheckedDocument>> bodies) {
        return Mono.defer(() -> {
            Optional<DocumentSchema> schema = schemas.of(projectId, collection);
            if (schema.isEmpty()) {
                return write;
            }
            return tx.transactional(write.flatMap(written -> schemas.check(schema.get(), collection, bodies.apply(written))
                    .thenReturn(written)));
        });
    }

    /** The body the write just left, read in its transaction. */
    private Mono<byte[]> storedBody(DocumentAddress target) {
        return Statements.prepare(db, DocumentReadSql.bodyByKey(target.projectId(), target.storage(), target.key()))
                .map((row, meta) -> row.get("body", Json.class).asArray())
                .one();
    }
}
