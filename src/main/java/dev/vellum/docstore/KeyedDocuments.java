package dev.vellum.docstore;

import dev.vellum.subdoc.Durability;
import dev.vellum.subdoc.MutateRequest;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The document core's by-key half (KV routes and {@code mutate_in}): each write is one statement
 * that decides on the locked row whether it may write, and returns the version it wrote (empty
 * when it wrote nothing). A create makes the collection when missing.
 */
@Service
public class KeyedDocuments {

    private final CollectionCatalog collections;
    private final DocumentReads reads;
    private final DocumentWrites writes;

    KeyedDocuments(CollectionCatalog collections, DocumentReads reads, DocumentWrites writes) {
        this.collections = collections;
        this.reads = reads;
        this.writes = writes;
    }

    /** The stored JSON text and version; empty when the caller cannot see the document. */
    public Mono<StoredDocument> get(DocumentAddress target) {
        return reads.stored(KeyedSql.get(target));
    }

    /** Tells a missing document from a stale cas after a conditional write changed nothing. */
    public Mono<Long> version(DocumentAddress target) {
        return reads.version(KeyedSql.version(target));
    }

    /** Creates the document; empty when a live one holds the key. */
    public Mono<Long> insert(DocumentAddress target, String content, long expirySeconds, Durability durability) {
        return collections.ensure(target.projectId(), target.collection())
                .then(writes.versioned(KeyedSql.insert(target, content, expirySeconds), durability));
    }

    /** Creates or overwrites; empty when another user's live document holds the key. */
    public Mono<Long> upsert(DocumentAddress target, String content, long expirySeconds, Durability durability) {
        return collections.ensure(target.projectId(), target.collection())
                .then(writes.versioned(KeyedSql.upsert(target, content, expirySeconds), durability));
    }

    /** Overwrites a visible document, at version {@code cas} when given. */
    public Mono<Long> replace(DocumentAddress target, String content, long expirySeconds, Long cas, Durability durability) {
        return writes.versioned(KeyedSql.replace(target, content, expirySeconds, cas), durability);
    }

    /** Leaves a tombstone of a visible document, at version {@code cas} when given. */
    public Mono<Long> remove(DocumentAddress target, Long cas, Durability durability) {
        return writes.versioned(KeyedSql.remove(target, cas), durability);
    }

    /** Applies the specs (wire format JSON) in one statement, all or none. */
    public Mono<MutateResult> mutateIn(DocumentAddress target, MutateRequest request, Long cas, String specs) {
        return writes.mutateIn(KeyedSql.mutateIn(target, request, cas, specs));
    }
}
