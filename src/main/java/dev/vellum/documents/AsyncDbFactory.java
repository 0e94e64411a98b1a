package dev.vellum.documents;

import dev.vellum.auth.Caller;
import dev.vellum.changes.ChangeFeed;
import dev.vellum.docstore.DocumentService;
import dev.vellum.docstore.ReferenceResolver;
import dev.vellum.fence.TransactionRunner;
import dev.vellum.users.CallerRelationships;
import dev.vellum.users.UserDirectory;
import org.springframework.stereotype.Component;
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
    private final ChangeFeed changes;

    AsyncDbFactory(DocumentService documents, JsonMapper mapper, ReferenceResolver references, UserDirectory users,
                   CallerRelationships relationships, TransactionRunner transactions, ChangeFeed changes) {
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

    public AsyncDb forCaller(Caller caller) {
        return new ScopedAsyncDb(caller, documents, view, populator,
                new ScopedUsers(caller, users, relationships, populator), transactions, changes);
    }
}
