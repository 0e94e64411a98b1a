package dev.vellum.docstore;

import dev.vellum.access.AccessSql;
import dev.vellum.access.Action;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.store.Statements;
import dev.vellum.subdoc.Durability;
import dev.vellum.subdoc.MutateRequest;
import dev.vellum.subdoc.StoreSemantics;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The document core's by-key half (KV routes and {@code mutate_in}): each write is one statement
 * that decides on the locked row whether it may write, and returns the version it wrote (empty
 * when it wrote nothing). A create makes the collection when missing. Every address gets the
 * collection's current access rules first; with the default rules nothing changes from before,
 * with others an upsert and a {@code mutate_in} first lock the row and check the caller's rights
 * on it in the same transaction.
 */
@Service
public class KeyedDocuments {

    private final CollectionCatalog collections;
    private final DocumentReads reads;
    private final DocumentWrites writes;
    private final Scopes scopes;
    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final SchemaGuard schemas;

    KeyedDocuments(CollectionCatalog collections, DocumentReads reads, DocumentWrites writes, Scopes scopes, DatabaseClient db,
                   TransactionalOperator tx, SchemaGuard schemas) {
        this.schemas = schemas;
        this.collections = collections;
        this.reads = reads;
        this.writes = writes;
        this.scopes = scopes;
        this.db = db;
        this.tx = tx;
    }

    /** The stored JSON text and version; empty when the caller cannot see the document. */
    public Mono<StoredDocument> get(DocumentAddress target) {
        return Mono.defer(() -> reads.stored(KeyedSql.get(bound(target))));
    }

    /** Tells a missing document from a stale cas after a conditional write changed nothing. */
    public Mono<Long> version(DocumentAddress target) {
        return Mono.defer(() -> reads.version(KeyedSql.version(bound(target))));
    }

    /** Creates the document; empty when a live one holds the key; FORBIDDEN when the create rule refuses it. */
    public Mono<Long> insert(DocumentAddress target, String content, long expirySeconds, Durability durability) {
        return Mono.defer(() -> {
            DocumentAddress bound = bound(target);
            return schemas.content(bound.projectId(), bound.collection(), content)
                    .then(mayCreate(bound, content))
                    .then(collections.ensure(bound.projectId(), bound.collection()))
                    .then(writes.versioned(KeyedSql.insert(bound, content, expirySeconds), durability));
        });
    }

    /** Creates or overwrites; empty when a live document the caller cannot see holds the key. */
    public Mono<Long> upsert(DocumentAddress target, String content, long expirySeconds, Durability durability) {
        return Mono.defer(() -> {
            DocumentAddress bound = bound(target);
            if (bound.ownerRules()) {
                return schemas.content(bound.projectId(), bound.collection(), content)
                        .then(collections.ensure(bound.projectId(), bound.collection()))
                        .then(writes.versioned(KeyedSql.upsert(bound, content, expirySeconds), durability));
            }
            Mono<Long> checked = rowAccess(bound)
                    .flatMap(row -> {
                        if (!row.readable()) {
                            return Mono.<Long>empty();
                        }
                        if (!row.updatable()) {
                            return Mono.error(forbidden(bound, Action.UPDATE));
                        }
                        return writes.versioned(KeyedSql.replace(bound, content, expirySeconds, null), durability);
                    })
                    .switchIfEmpty(Mono.defer(() -> insertIfAbsent(bound, content, expirySeconds, durability)));
            return schemas.content(bound.projectId(), bound.collection(), content).then(tx.transactional(checked));
        });
    }

    /** Overwrites a visible document, at version {@code cas} when given; FORBIDDEN when the update rule refuses it. */
    public Mono<Long> replace(DocumentAddress target, String content, long expirySeconds, Long cas, Durability durability) {
        return Mono.defer(() -> {
            DocumentAddress bound = bound(target);
            return schemas.content(bound.projectId(), bound.collection(), content)
                    .then(writes.versioned(KeyedSql.replace(bound, content, expirySeconds, cas), durability))
                    .switchIfEmpty(whyNotWritten(bound, Action.UPDATE));
        });
    }

    /** Leaves a tombstone of a visible document, at version {@code cas} when given; FORBIDDEN as {@link #replace}. */
    public Mono<Long> remove(DocumentAddress target, Long cas, Durability durability) {
        return Mono.defer(() -> {
            DocumentAddress bound = bound(target);
            return writes.versioned(KeyedSql.remove(bound, cas), durability)
                    .switchIfEmpty(whyNotWritten(bound, Action.DELETE));
        });
    }

    /** Applies the specs (wire format JSON) in one statement, all or none. */
    public Mono<MutateResult> mutateIn(DocumentAddress target, MutateRequest request, Long cas, String specs) {
        return Mono.defer(() -> {
            DocumentAddress bound = bound(target);
            if (bound.ownerRules()) {
                if (collections.known(bound.projectId(), bound.collection())) {
                    return schemas.keyed(bound, writes.mutateIn(KeyedSql.mutateIn(bound, request, cas, specs)));
                }
                return tx.transactional(collections.ensure(bound.projectId(), bound.collection())
                        .then(schemas.keyed(bound, writes.mutateIn(KeyedSql.mutateIn(bound, request, cas, specs)))));
            }
            boolean mustExist = request.semantics() == StoreSemantics.REPLACE || cas != null;
            Mono<MutateResult> checked = rowAccess(bound)
                    .flatMap(row -> {
                        if (!row.readable()) {
                            return Mono.error(mustExist ? notFound(bound) : exists(bound));
                        }
                        if (request.semantics() == StoreSemantics.INSERT) {
                            return Mono.error(exists(bound));
                        }
                        if (!row.updatable()) {
                            return Mono.error(forbidden(bound, Action.UPDATE));
                        }
                        return writes.mutateIn(KeyedSql.mutateIn(bound, request, cas, specs, DocumentAddress.ownerParam(row.owner())));
                    })
                    .switchIfEmpty(Mono.defer(() -> {
                        if (mustExist) {
                            return Mono.error(notFound(bound));
                        }
                        // the new body comes out of the function, so a create entry with a where cannot be checked first
                        boolean conditional = bound.rules().of(Action.CREATE).stream()
                                .anyMatch(grant -> grant.where().isPresent() && AccessSql.applies(grant.who(), bound.caller()));
                        if (conditional && !freely(bound)) {
                            return Mono.error(forbidden(bound, Action.CREATE));
                        }
                        return mayCreate(bound, "{}").then(collections.ensure(bound.projectId(), bound.collection()))
                                .then(writes.mutateIn(KeyedSql.mutateIn(bound, request, cas, specs)));
                    }));
            return tx.transactional(schemas.keyed(bound, checked));
        });
    }

    private DocumentAddress bound(DocumentAddress target) {
        return target.bind(scopes.rules(target.caller(), target.collection()), scopes.storage(target.caller(), target.collection()));
    }

    private Mono<Long> insertIfAbsent(DocumentAddress bound, String content, long expirySeconds, Durability durability) {
        return mayCreate(bound, content)
                .then(collections.ensure(bound.projectId(), bound.collection()))
                .then(writes.versioned(KeyedSql.insert(bound, content, expirySeconds), durability));
    }

    /** Empty when the create rule lets the caller store {@code content}; one statement only when the rule has a condition. */
    private Mono<Void> mayCreate(DocumentAddress bound, String content) {
        if (freely(bound)) {
            return Mono.empty();
        }
        return Statements.prepare(db, KeyedSql.createAllowed(bound, content))
                .map((row, meta) -> row.get("allowed", Boolean.class))
                .one()
                .flatMap(allowed -> allowed ? Mono.<Void>empty() : Mono.error(forbidden(bound, Action.CREATE)));
    }

    private static boolean freely(DocumentAddress bound) {
        return new Scope(bound.caller(), bound.collection(), bound.storage(), bound.rules(), other -> bound.rules(), other -> other)
                .createsFreely();
    }

    private Mono<RowAccess> rowAccess(DocumentAddress bound) {
        return Statements.prepare(db, KeyedSql.rowAccess(bound))
                .map((row, meta) -> new RowAccess(row.get("owner", String.class), row.get("readable", Boolean.class),
                        row.get("updatable", Boolean.class)))
                .one();
    }

    /** After a write by key changed nothing: FORBIDDEN when the caller can read the document but not do this. */
    private Mono<Long> whyNotWritten(DocumentAddress bound, Action action) {
        if (bound.ownerRules()) {
            return Mono.empty();
        }
        return Statements.prepare(db, KeyedSql.permitted(bound, action))
                .map((row, meta) -> row.get("allowed", Boolean.class))
                .one()
                .flatMap(allowed -> allowed ? Mono.<Long>empty() : Mono.error(forbidden(bound, action)));
    }

    private static VellumException forbidden(DocumentAddress target, Action action) {
        return new VellumException(ErrorCode.FORBIDDEN, "the collection's access rules do not let you " + action.wireName
                + " this document", Map.of("collection", target.collection(), "action", action.wireName));
    }

    private static VellumException notFound(DocumentAddress target) {
        return new VellumException(ErrorCode.DOCUMENT_NOT_FOUND, "document not found",
                Map.of("collection", target.collection(), "key", target.key()));
    }

    private static VellumException exists(DocumentAddress target) {
        return new VellumException(ErrorCode.DOCUMENT_EXISTS, "a document with this key already exists",
                Map.of("collection", target.collection(), "key", target.key()));
    }

    private record RowAccess(String owner, boolean readable, boolean updatable) {
    }
}
