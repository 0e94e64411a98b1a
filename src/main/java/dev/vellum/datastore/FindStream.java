package dev.vellum.datastore;

import dev.vellum.auth.Caller;
import dev.vellum.docstore.DocumentRow;
import dev.vellum.docstore.DocumentService;
import dev.vellum.docstore.ReferenceResolver;
import dev.vellum.docstore.Scope;
import dev.vellum.query.Projection;
import dev.vellum.web.NdjsonLines;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code collection.find} as a stream: every match (or the client's explicit limit and offset),
 * in the requested order, with projection and lookups, read lazily from a database cursor.
 */
@Component
class FindStream {

    /** Documents per lookup query: each window costs one query per looked-up field. */
    static final int LOOKUP_WINDOW = 500;

    private final DocumentService documents;
    private final ReferenceResolver references;
    private final DocumentJson json;
    private final NdjsonLines lines;

    FindStream(DocumentService documents, ReferenceResolver references, JsonMapper mapper) {
        this.documents = documents;
        this.references = references;
        this.json = new DocumentJson(mapper);
        this.lines = new NdjsonLines(mapper);
    }

    /**
     * Checks the collection and every looked-up collection first, so those failures are ordinary
     * error responses; the returned Flux runs the query when subscribed. Each element is one
     * NDJSON line: a document nothing changes (no projection, no lookup) is put together from its
     * stored text, never parsed into a tree; the others are rendered from trees.
     */
    Mono<Flux<byte[]>> open(Caller caller, DatastoreOp.Find find) {
        Scope scope = documents.scope(caller, find.collection());
        Mono<Void> collections = documents.requireCollection(scope)
                .thenMany(Flux.fromIterable(find.lookup().values()))
                .concatMap(collection -> documents.requireCollection(scope.in(collection)))
                .then();
        return collections.then(Mono.fromSupplier(() -> documents(scope, find)));
    }

    private Flux<byte[]> documents(Scope scope, DatastoreOp.Find find) {
        return documents.stream(scope, find.match(), find.sort(), find.streamLimit(), find.offset(), null, rows -> {
            if (find.projection() == Projection.NONE && find.lookup().isEmpty()) {
                return rows.map(this::line);
            }
            Flux<ObjectNode> docs = rows.map(json::render).map(find.projection()::apply);
            if (!find.lookup().isEmpty()) {
                // inside the stream's transaction: the lookups read over the stream's connection
                docs = docs.buffer(LOOKUP_WINDOW)
                        .concatMap(window -> references.lookup(scope, window, find.lookup(), json::render), 0)
                        .concatMapIterable(window -> window);
            }
            return docs.map(lines::of);
        });
    }

    private byte[] line(DocumentRow row) {
        byte[] line = json.line(row);
        return line != null ? line : lines.of(json.render(row));
    }
}
