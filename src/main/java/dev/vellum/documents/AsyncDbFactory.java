package dev.vellum.documents;

import dev.vellum.auth.Caller;
import dev.vellum.collections.CollectionNames;
import dev.vellum.docstore.Scope;
import dev.vellum.docstore.StoredDocument;
import dev.vellum.config.VellumProperties;
import dev.vellum.changes.ChangeFeed;
import dev.vellum.docstore.CollectionAdmin;
import dev.vellum.docstore.DocumentService;
import dev.vellum.docstore.ReferenceResolver;
import dev.vellum.fence.TransactionRunner;
import dev.vellum.users.CallerRelationships;
import dev.vellum.users.UserDirectory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Hands out the {@link AsyncDb} of a caller: a user sees its own documents, a secret key the whole project's. */
@Component
public class AsyncDbFactory {

    private final DocumentService documents;
    private final DocumentView view;
    private final Populator populator;
    private final UserDirectory users;
    private final CallerRelationships relationships;
    private final TransactionRunner transactions;
    private final int fetchAllConcurrency;
    private final ChangeFeed changes;
    private final CollectionAdmin collections;

    AsyncDbFactory(DocumentService documents, JsonMapper mapper, ReferenceResolver references, UserDirectory users,
                   CallerRelationships relationships, TransactionRunner transactions, VellumProperties properties,
                   ChangeFeed changes, CollectionAdmin collections) {
        this.collections = collections;
        this.fetchAllConcurrency = properties.references().fetchAllConcurrency();
        this.changes = changes;
        this.documents = documents;
        this.view = new DocumentView(mapper);
        this.populator = new Populator(references, view);
        this.users = users;
        this.relationships = relationships;
        this.transactions = transactions;
    }

    /** Populate for callers outside this package (relationship listings populate users' data). */
    public Populator populator() {
        return populator;
    }

    /**
     * A caller's document by id as the REST API shows it, rendered as JSON text by PostgreSQL:
     * what {@code getDocument} without populate answers, without parsing and writing it again.
     */
    Mono<StoredDocument> documentJson(Caller caller, String collection, String id) {
        return Mono.fromCallable(() -> documents.scope(caller, CollectionNames.require(collection)))
                .flatMap(scope -> documents.getRestJson(scope, id));
    }

    public AsyncDb forCaller(Caller caller) {
        return new ScopedAsyncDb(caller, documents, view, populator,
                new ScopedUsers(caller, users, relationships, populator), transactions, fetchAllConcurrency, changes,
                collections);
    }
}
