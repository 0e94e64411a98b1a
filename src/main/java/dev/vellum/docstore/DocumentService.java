package dev.vellum.docstore;

import dev.vellum.access.Action;
import dev.vellum.auth.Caller;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.Op;
import dev.vellum.query.SortKey;
import dev.vellum.query.SystemField;
import dev.vellum.sql.Sql;
import dev.vellum.store.CountMode;
import dev.vellum.store.Ids;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The document core's service: every read and write of documents by scope, for the Datastore,
 * the documents REST routes and {@code AsyncDb} (by-key KV and {@code mutate_in} are in
 * {@link KeyedDocuments}). Operations on an existing collection fail with COLLECTION_NOT_FOUND;
 * inserts create it. Rows come back as stored; each API family renders them its own way.
 */
@Service
public class DocumentService {

    private static final Comparator<DocumentRow> NEWEST_FIRST =
            Comparator.comparing(DocumentRow::createdAt).reversed().thenComparing(DocumentRow::key);

    private final CollectionCatalog collections;
    private final DocumentReads reads;
    private final PageCounts pageCounts;
    private final DocumentWrites writes;
    private final TransactionalOperator tx;
    private final JsonMapper mapper;
    private final Scopes scopes;
    private final ShapeObservations shapes;
    private final SchemaGuard schemas;

    DocumentService(CollectionCatalog collections, DocumentReads reads, PageCounts pageCounts, DocumentWrites writes,
                    TransactionalOperator tx, JsonMapper mapper, Scopes scopes, ShapeObservations shapes, SchemaGuard schemas) {
        this.schemas = schemas;
        this.scopes = scopes;
        this.shapes = shapes;
        this.collections = collections;
        this.reads = reads;
        this.pageCounts = pageCounts;
        this.writes = writes;
        this.tx = tx;
        this.mapper = mapper;
        Ids.warmUp();
    }

    /** The caller's scope in {@code collection} under its current access rules (a visitor may be refused here). */
    public Scope scope(Caller caller, String collection) {
        return scopes.of(caller, collection);
    }

    public Mono<Void> requireCollection(Scope scope) {
        return collections.require(scope.projectId(), scope.collection());
    }

    /** A page, whether another follows, and the number of all matches counted as {@code count} says. */
    public Mono<Page> page(Scope scope, Condition match, List<SortKey> sort, int limit, int offset, String[] bodyPaths,
                           CountMode count) {
        return requireCollection(scope)
                .then(observed(scope, match, sort,
                        reads.rows(DocumentReadSql.page(scope, match, sort, limit, offset, bodyPaths)).collectList()))
                .flatMap(rows -> pageCounts.page(scope, match, rows, limit, offset, count));
    }

    /**
     * Every match (or {@code limit} when not null) in order, read lazily from a cursor; check the
     * collection first. The cursor lives in a read-only transaction that {@code then} (rendering,
     * lookups, populate) runs inside too: its reads go over the stream's own connection, so a
     * stream never waits for a second pool connection while holding one.
     */
    public <T> Flux<T> stream(Scope scope, Condition match, List<SortKey> sort, Integer limit, int offset,
                              String[] bodyPaths, Function<Flux<DocumentRow>, Flux<T>> then) {
        shapes.query(scope.projectId(), scope.storage(), match, sort, 0);
        return tx.transactional(Flux.defer(() -> then.apply(
                reads.stream(DocumentReadSql.stream(scope, match, sort, limit, offset, bodyPaths)))));
    }

    public Mono<DocumentRow> get(Scope scope, String key) {
        return requireCollection(scope).then(byKeys(scope, new String[] {key}).next());
    }

    /** One document as the documents REST API shows it, rendered by PostgreSQL; empty when not visible. */
    public Mono<StoredDocument> getRestJson(Scope scope, String key) {
        return requireCollection(scope).then(reads.rendered(DocumentReadSql.restDocument(scope, key)));
    }

    public Mono<DocumentRow> first(Scope scope, Condition match, List<SortKey> sort) {
        return requireCollection(scope).then(observed(scope, match, sort, reads.rows(DocumentReadSql.first(scope, match, sort)).next()));
    }

    /** {@code read}, counted for the index builder with the time it took (no statement of its own). */
    private <T> Mono<T> observed(Scope scope, Condition match, List<SortKey> sort, Mono<T> read) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return read.doOnSuccess(done -> shapes.query(scope.projectId(), scope.storage(), match, sort,
                    System.nanoTime() - start));
        });
    }

    /** The visible documents with these keys, in no particular order; the collection is not checked. */
    public Flux<DocumentRow> byKeys(Scope scope, String[] keys) {
        return reads.rows(DocumentReadSql.byKeys(scope, keys));
    }

    public Mono<Long> count(Scope scope, Condition match) {
        return requireCollection(scope).then(reads.count(DocumentReadSql.count(scope, match)));
    }

    /** Full-text search; {@code fields} null searches every string value. */
    public Flux<DocumentRow> search(Scope scope, String term, String[] fields, int limit) {
        return requireCollection(scope)
                .doOnSuccess(exists -> {
                    if (fields == null) {
                        shapes.search(scope.projectId(), scope.storage(), 0);
                    }
                })
                .thenMany(reads.rows(SearchSql.search(scope, term, fields, limit)));
    }

    /**
     * Inserts a batch under new keys in one statement, creating the collection; rows in the batch's
     * order. Into a known collection the insert is the only statement, so it runs on its own
     * (autocommit: one round trip, no BEGIN/COMMIT); the first write to a collection this instance
     * has not seen creates it in one transaction with the insert, so a failed insert leaves no
     * empty collection behind. Inside an Idempotency-Key transaction both join that transaction.
     */
    public Mono<List<DocumentRow>> insert(Scope scope, List<NewDocument> documents) {
        if (collections.known(scope.projectId(), scope.collection())) {
            return schemas.inserted(scope.projectId(), scope.collection(), documents, inserted(scope, documents));
        }
        return schemas.inserted(scope.projectId(), scope.collection(), documents,
                tx.transactional(collections.ensure(scope.projectId(), scope.collection()).then(inserted(scope, documents))));
    }

    /** Field assignments by key in one statement; the rows written, in the order of the keys. */
    public Mono<List<DocumentRow>> updateByKeys(Scope scope, List<KeyedUpdate> updates) {
        ArrayNode items = mapper.createArrayNode();
        for (KeyedUpdate keyed : updates) {
            items.addObject().put("k", keyed.key()).set("s", SetOp.toJson(keyed.sets()));
        }
        List<String> keys = updates.stream().map(KeyedUpdate::key).toList();
        return requireCollection(scope).then(schemas.rows(scope.projectId(), scope.collection(),
                inOrder(writes.returningRows(DocumentWriteSql.updateByKeys(scope, mapper.writeValueAsString(items))), keys)));
    }

    /** Field assignments on every match; the rows written, newest first. */
    public Mono<List<DocumentRow>> updateByMatch(Scope scope, Condition match, List<SetOp> sets) {
        return requireCollection(scope).then(schemas.rows(scope.projectId(), scope.collection(), updated(scope, match, sets)));
    }

    /**
     * Updates the matches, or inserts {@code insert} when nothing matches, in one transaction;
     * upserts with the same {@code fingerprint} of their match are serialised by an advisory lock.
     */
    public Mono<List<DocumentRow>> upsert(Scope scope, Condition match, String fingerprint, List<SetOp> sets,
                                          NewDocument insert) {
        String lockKey = scope.projectId() + "/" + scope.collection() + "/" + scope.owner() + "/" + fingerprint;
        return schemas.rows(scope.projectId(), scope.collection(), tx.transactional(collections.ensure(scope.projectId(), scope.collection())
                .then(reads.run(DocumentWriteSql.upsertLock(lockKey)))
                .then(updated(scope, match, sets))
                .flatMap(rows -> rows.isEmpty() ? inserted(scope, List.of(insert)) : Mono.just(rows))));
    }

    /** Hides the matches (delete or archive) under a new ref, which it returns. */
    public Mono<String> hide(Scope scope, Condition match, HiddenState state) {
        String ref = state.newRef();
        return requireCollection(scope).then(writes.counting(DocumentWriteSql.hide(scope, match, state, ref))).thenReturn(ref);
    }

    /** Brings back the documents one hide took away; how many came back. */
    public Mono<Long> restore(Scope scope, String ref) {
        return requireCollection(scope).then(writes.counting(DocumentWriteSql.restore(scope, ref)));
    }

    /** Replaces a body; empty when the document is absent, CAS_MISMATCH when its version moved on. */
    public Mono<DocumentRow> replace(Scope scope, String key, ObjectNode body, List<SetOp> nowSets, Long expectedVersion) {
        String content = mapper.writeValueAsString(body);
        Sql write = DocumentWriteSql.replace(scope, key, content, mapper.writeValueAsString(SetOp.toJson(nowSets)), expectedVersion);
        return requireCollection(scope)
                .then(schemas.replaced(scope.projectId(), scope.collection(), key, content, nowSets.isEmpty(),
                        writes.returningRows(write).next()))
                .switchIfEmpty(whyNotWritten(scope, key, expectedVersion, Action.UPDATE));
    }

    /** Applies field assignments to one document; empty and CAS_MISMATCH as {@link #replace}. */
    public Mono<DocumentRow> merge(Scope scope, String key, List<SetOp> sets, Long expectedVersion) {
        return written(scope, key, expectedVersion,
                DocumentWriteSql.merge(scope, key, mapper.writeValueAsString(SetOp.toJson(sets)), expectedVersion));
    }

    /** Leaves a tombstone; false when the document is absent, CAS_MISMATCH as {@link #replace}. */
    public Mono<Boolean> delete(Scope scope, String key, Long expectedVersion) {
        return requireCollection(scope)
                .then(writes.counting(DocumentWriteSql.delete(scope, key, expectedVersion)))
                .filter(deleted -> deleted > 0)
                .switchIfEmpty(whyNotWritten(scope, key, expectedVersion, Action.DELETE))
                .map(deleted -> true)
                .defaultIfEmpty(false);
    }

    /** Removes deleted documents older than {@code olderThan} for good; how many. */
    public Mono<Long> purgeDeleted(Duration olderThan) {
        return writes.counting(DocumentWriteSql.purgeDeleted(olderThan.toSeconds()));
    }

    /** Removes the rows of documents past their expiry; how many. */
    public Mono<Long> purgeExpired() {
        return writes.counting(DocumentWriteSql.purgeExpired());
    }

    private Mono<List<DocumentRow>> inserted(Scope scope, List<NewDocument> documents) {
        if (documents.size() == 1 && scope.createsFreely()) {
            // a create rule that narrows the caller is checked by the batch statement's shape
            NewDocument doc = documents.get(0);
            String nowSets = doc.nowSets().isEmpty() ? null : mapper.writeValueAsString(SetOp.toJson(doc.nowSets()));
            return writes.returningRows(DocumentWriteSql.insertOne(scope, Ids.newKey(), mapper.writeValueAsString(doc.body()),
                    nowSets)).collectList();
        }
        String[] keys = documents.stream().map(d -> Ids.newKey()).toArray(String[]::new);
        ArrayNode docs = mapper.createArrayNode();
        for (NewDocument doc : documents) {
            ObjectNode item = docs.addObject();
            item.set("b", doc.body());
            item.set("s", SetOp.toJson(doc.nowSets()));
        }
        return inOrder(writes.returningRows(DocumentWriteSql.insert(scope, keys, mapper.writeValueAsString(docs))), List.of(keys))
                .flatMap(rows -> rows.size() < keys.length
                        ? Mono.error(new VellumException(ErrorCode.FORBIDDEN, "the collection's access rules do not let you create"
                                + (keys.length == 1 ? " this document" : " every document of this batch"),
                                Map.of("collection", scope.collection(), "action", Action.CREATE.wireName)))
                        : Mono.just(rows));
    }

    private Mono<List<DocumentRow>> updated(Scope scope, Condition match, List<SetOp> sets) {
        return writes.returningRows(DocumentWriteSql.updateByMatch(scope, match, mapper.writeValueAsString(SetOp.toJson(sets))))
                .collectList()
                .map(rows -> rows.stream().sorted(NEWEST_FIRST).toList());
    }

    private static Mono<List<DocumentRow>> inOrder(Flux<DocumentRow> rows, List<String> keys) {
        return rows.collectList().map(list -> {
            Map<String, DocumentRow> byKey = list.stream().collect(Collectors.toMap(DocumentRow::key, Function.identity()));
            return keys.stream().filter(byKey::containsKey).map(byKey::get).toList();
        });
    }

    private Mono<DocumentRow> written(Scope scope, String key, Long expectedVersion, Sql write) {
        return requireCollection(scope).then(schemas.row(scope.projectId(), scope.collection(), writes.returningRows(write).next()))
                .switchIfEmpty(whyNotWritten(scope, key, expectedVersion, Action.UPDATE));
    }

    /**
     * Why a write by key changed nothing: absent for this caller (empty, so 404), readable but not
     * theirs to change (FORBIDDEN), or moved on from the version sent (CAS_MISMATCH).
     */
    private <T> Mono<T> whyNotWritten(Scope scope, String key, Long expectedVersion, Action action) {
        if (expectedVersion == null && scope.actsAsReads(action)) {
            return Mono.empty();
        }
        return reads.permitted(DocumentReadSql.permitted(scope, key, action))
                .flatMap(found -> {
                    if (!found.allowed()) {
                        return Mono.error(forbidden(scope, action));
                    }
                    if (expectedVersion != null && found.version() != expectedVersion) {
                        return Mono.error(new VellumException(ErrorCode.CAS_MISMATCH,
                                "the document has changed since that _version was read", Map.of("id", key)));
                    }
                    return Mono.empty();
                });
    }

    static VellumException forbidden(Scope scope, Action action) {
        return new VellumException(ErrorCode.FORBIDDEN, "the collection's access rules do not let you " + action.wireName
                + " this document", Map.of("collection", scope.collection(), "action", action.wireName));
    }
}
