package dev.vellum.documents;

import dev.vellum.auth.Caller;
import dev.vellum.datastore.DocumentStore;
import dev.vellum.transactions.TransactionRunner;
import dev.vellum.users.CallerRelationships;
import dev.vellum.users.UserDirectory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/** Hands out the {@link AsyncDb} of a caller: a user sees its own documents, a secret key the whole project's. */
@Component
public class AsyncDbFactory {

    private final DocumentStore store;
    private final TransactionalOperator tx;
    private final JsonMapper mapper;
    private final DocumentView view;
    private final Populator populator;
    private final UserDirectory users;
    private final CallerRelationships relationships;
    private final TransactionRunner transactions;

    AsyncDbFactory(DocumentStore store, TransactionalOperator tx, JsonMapper mapper, ReferenceReads references,
                   UserDirectory users, CallerRelationships relationships, TransactionRunner transactions) {
        this.transactions = transactions;
        this.relationships = relationships;
        this.store = store;
        this.tx = tx;
        this.mapper = mapper;
        this.view = new DocumentView(mapper);
        this.populator = new Populator(references, view, mapper);
        this.users = users;
    }

    /** Populate for callers outside this package (relationship listings populate users' data). */
    public Populator populator() {
        return populator;
    }

    public AsyncDb forCaller(Caller caller) {
        return new ScopedAsyncDb(caller, store, tx, mapper, view, populator, users, relationships, transactions);
    }
}
