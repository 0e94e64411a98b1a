package dev.vellum.documents;

import dev.vellum.auth.Caller;
import dev.vellum.changes.ChangeEvent;
import dev.vellum.changes.ChangeFeed;
import dev.vellum.collections.CollectionNames;
import dev.vellum.docstore.CollectionAdmin;
import dev.vellum.docstore.DocumentService;
import dev.vellum.docstore.NewDocument;
import dev.vellum.docstore.Populate;
import dev.vellum.docstore.Scope;
import dev.vellum.docstore.SetOp;
import dev.vellum.docstore.WriteData;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.SortKey;
import dev.vellum.fence.TransactionOutcome;
import dev.vellum.fence.TransactionRunner;
import dev.vellum.fence.TransactionSpec;
import dev.vellum.users.PublicProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link AsyncDb} for one caller, a thin delegate: documents go to the core's
 * {@link DocumentService} (rendered by {@link DocumentView}, populated by {@link Populator}),
 * users and relationships to {@link ScopedUsers}, transactions to the {@link TransactionRunner}.
 */
final class ScopedAsyncDb implements AsyncDb {

    static final int MAX_BATCH = 1000;
    /** Documents per populate round: each window costs one query per populated field. */
    static final int POPULATE_WINDOW = 500;

    private final Caller caller;
    private final DocumentService documents;
    private final DocumentView view;
    private final Populator populator;
    private final ScopedUsers users;
    private final TransactionRunner transactions;
    private final int fetchAllConcurrency;
    private final ChangeFeed changes;
    private final CollectionAdmin collections;

    ScopedAsyncDb(Caller caller, DocumentService documents, DocumentView view, Populator populator, ScopedUsers users,
                  TransactionRunner transactions, int fetchAllConcurrency, ChangeFeed changes, CollectionAdmin collections) {
        this.collections = collections;
        this.fetchAllConcurrency = fetchAllConcurrency;
        this.changes = changes;
        this.caller = caller;
        this.documents = documents;
        this.view = view;
        this.populator = populator;
        this.users = users;
        this.transactions = transactions;
    }

    @Override
    public Mono<TransactionOutcome> transaction(String idempotencyKey, Supplier<Mono<Map<String, Object>>> fn,
                                                String lockResource, int lockTtlSeconds, int resultTtlSeconds) {
        return transactions.run(caller,
                () -> new TransactionSpec(idempotencyKey, lockResource, lockTtlSeconds, resultTtlSeconds, null), fn);
    }

    @Override
    public Mono<ObjectNode> createDocument(String collection, ObjectNode content) {
        return createDocuments(collection, content == null ? null : List.of(content), "body").next();
    }

    @Override
    public Flux<ObjectNode> createDocuments(String collection, List<ObjectNode> contents) {
        return createDocuments(collection, contents, null);
    }

    /** {@code where} names the one document of a single create; a batch reports {@code [i]}. */
    private Flux<ObjectNode> createDocuments(String collection, List<ObjectNode> contents, String where) {
        return Mono.fromCallable(() -> {
            Scope scope = scope(collection);
            if (contents == null || contents.isEmpty() || contents.size() > MAX_BATCH) {
                throw VellumException.validation("create 1 to " + MAX_BATCH + " documents at a time", Map.of("field", "body"));
            }
            List<NewDocument> docs = new ArrayList<>();
            for (int i = 0; i < contents.size(); i++) {
                List<SetOp> sets = assignments(contents.get(i), where != null ? where : "[" + i + "]");
                docs.add(new NewDocument(WriteData.body(sets), sets.stream().filter(SetOp::now).toList()));
            }
            return documents.insert(scope, docs);
        }).flatMap(inserted -> inserted).flatMapIterable(rows -> rows.stream().map(view::render).toList());
    }

    @Override
    public Mono<ObjectNode> getDocument(String collection, String id) {
        return getDocument(collection, id, List.of());
    }

    @Override
    public Mono<ObjectNode> getDocument(String collection, String id, List<String> populate) {
        return Mono.fromCallable(() -> Populate.of(populate)).flatMap(spec -> {
            Scope scope = scope(collection);
            return documents.get(scope, id).flatMap(row -> populator.populate(scope, view.render(row), spec));
        });
    }

    @Override
    public Mono<QueryPage> query(String collection, Condition filter, QueryOptions options) {
        return Mono.defer(() -> {
            QueryOptions opts = options == null ? QueryOptions.defaults() : options;
            Selection selection = Selection.of(opts.select());
            Populate populate = Populate.of(opts.populate());
            List<SortKey> sort = sort(opts);
            Scope scope = scope(collection);
            return documents.page(scope, match(filter), sort, opts.limit(), opts.offset(), bodyPaths(selection), opts.count())
                    .flatMap(page -> {
                        List<ObjectNode> docs = page.rows().stream().map(row -> view.render(row, selection)).toList();
                        return populator.populate(scope, docs, populate).thenReturn(
                                new QueryPage(docs, page.total(), page.hasNext(), page.countEstimated()));
                    });
        });
    }

    @Override
    public Flux<ObjectNode> streamQuery(String collection, Condition filter, QueryOptions options, boolean everyMatch) {
        return Flux.defer(() -> {
            QueryOptions opts = options == null ? QueryOptions.defaults() : options;
            Selection selection = Selection.of(opts.select());
            Populate populate = Populate.of(opts.populate());
            Integer limit = everyMatch ? null : opts.limit();
            Scope scope = scope(collection);
            return documents.requireCollection(scope).thenMany(documents.stream(scope, match(filter), sort(opts), limit,
                    opts.offset(), bodyPaths(selection), rows -> {
                        Flux<ObjectNode> docs = rows.map(row -> view.render(row, selection));
                        if (populate.isEmpty()) {
                            return docs;
                        }
                        // inside the stream's transaction: populate reads over the stream's connection
                        Mono<PublicProfile> profile = populator.profile(scope).cache();
                        return docs.buffer(POPULATE_WINDOW)
                                .concatMap(window -> populator.populate(scope, window, populate, profile), 0)
                                .concatMapIterable(window -> window);
                    }));
        });
    }

    @Override
    public Mono<ObjectNode> findOne(String collection, Condition filter) {
        return findOne(collection, filter, List.of());
    }

    @Override
    public Mono<ObjectNode> findOne(String collection, Condition filter, List<String> populate) {
        return Mono.fromCallable(() -> Populate.of(populate)).flatMap(spec -> {
            Scope scope = scope(collection);
            return documents.first(scope, match(filter), sort(QueryOptions.defaults()))
                    .flatMap(row -> populator.populate(scope, view.render(row), spec));
        });
    }

    @Override
    public Mono<List<FetchResult>> fetchAll(List<FetchQuery> queries) {
        return FetchAll.run(this, queries, fetchAllConcurrency);
    }

    @Override
    public Mono<ObjectNode> updateDocument(String collection, String id, ObjectNode content, Long expectedVersion) {
        return Mono.defer(() -> {
            List<SetOp> sets = assignments(content, "body");
            return documents.replace(scope(collection), id, WriteData.body(sets), sets.stream().filter(SetOp::now).toList(),
                    expectedVersion);
        }).map(view::render);
    }

    @Override
    public Mono<ObjectNode> updateDocumentFields(String collection, String id, ObjectNode fields, Long expectedVersion) {
        return Mono.defer(() -> {
            List<SetOp> sets = assignments(fields, "body");
            if (sets.isEmpty()) {
                throw VellumException.validation("the update sets no fields", Map.of("field", "body"));
            }
            return documents.merge(scope(collection), id, sets, expectedVersion);
        }).map(view::render);
    }

    @Override
    public Mono<Boolean> deleteDocument(String collection, String id, Long expectedVersion) {
        return Mono.defer(() -> documents.delete(scope(collection), id, expectedVersion));
    }

    @Override
    public Flux<ObjectNode> searchDocuments(String collection, String term, List<String> fields, int limit) {
        return Mono.fromCallable(() -> {
                    scope(collection);
                    return SearchRequest.of(term, fields, limit);
                })
                .filter(search -> !search.blank())
                .flatMapMany(search -> documents.search(scope(collection), search.term(),
                        search.allFields() ? null : search.fieldArray(), search.limit()))
                .map(view::render);
    }

    @Override
    public Mono<Long> countDocuments(String collection, Condition filter) {
        return Mono.defer(() -> documents.count(scope(collection), match(filter)));
    }

    @Override
    public Mono<QueryPage> getCollections(int limit, int offset) {
        return Mono.fromCallable(() -> new QueryOptions(null, null, limit, offset, List.of())) // checks limit and offset
                .flatMap(checked -> collections.list(caller, checked.limit(), checked.offset()))
                .map(listing -> new QueryPage(listing.data(), listing.total(), listing.hasMore()));
    }

    @Override
    public Mono<ObjectNode> getCollection(String name) {
        return collections.get(caller, name);
    }

    @Override
    public Mono<ObjectNode> createCollection(String name, ObjectNode settings) {
        return Mono.defer(() -> {
            ObjectNode body = settings == null ? JsonNodeFactory.instance.objectNode() : settings.deepCopy();
            if (body.has("name")) {
                throw VellumException.validation("give the name as the first argument, not as a setting", Map.of("field", "name"));
            }
            body.put("name", name);
            return collections.create(caller, body);
        });
    }

    @Override
    public Mono<ObjectNode> updateCollection(String name, ObjectNode settings) {
        return collections.update(caller, name, settings == null ? JsonNodeFactory.instance.objectNode() : settings);
    }

    @Override
    public Mono<Boolean> deleteCollection(String name) {
        return collections.delete(caller, name);
    }

    @Override
    public Mono<ObjectNode> createAppUser(String email, String password, ObjectNode data, List<String> roles) {
        return users.create(email, password, data, roles);
    }

    @Override
    public Mono<ObjectNode> getAppUser(String id) {
        return users.get(id);
    }

    @Override
    public Mono<ObjectNode> getAppUserByEmail(String email) {
        return users.getByEmail(email);
    }

    @Override
    public Mono<ObjectNode> updateAppUser(String id, ObjectNode changes) {
        return users.update(id, changes);
    }

    @Override
    public Mono<Boolean> deleteAppUser(String id) {
        return users.delete(id);
    }

    @Override
    public Mono<Long> countAppUsers(Condition filter) {
        return users.count(filter);
    }

    @Override
    public Mono<QueryPage> queryUsers(Condition filter, QueryOptions options) {
        return users.query(filter, options);
    }

    @Override
    public Mono<ObjectNode> findUser(Condition filter) {
        return users.findOne(filter);
    }

    @Override
    public Mono<QueryPage> getUserRelationships(String userId, String type, Condition filters, int limit, int offset,
                                                List<String> populate) {
        return users.relationships(userId, type, filters, limit, offset, populate);
    }

    @Override
    public Mono<ObjectNode> addUserRelationship(String userId, String type, String relatedId, boolean bidirectional) {
        return users.addRelationship(userId, type, relatedId, bidirectional);
    }

    @Override
    public Mono<ObjectNode> removeUserRelationship(String userId, String type, String relatedId, boolean bidirectional) {
        return users.removeRelationship(userId, type, relatedId, bidirectional);
    }

    /** The caller's scope in a valid collection name (existence is the core's to check). */
    private Scope scope(String collection) {
        return documents.scope(caller, CollectionNames.require(collection));
    }

    private static Condition match(Condition filter) {
        return filter == null ? Condition.always() : filter;
    }

    private static String[] bodyPaths(Selection selection) {
        return selection.all() ? null : selection.pathArray();
    }

    private static List<SortKey> sort(QueryOptions options) {
        String field = options.sort() == null ? DocumentFields.CREATED_AT : options.sort();
        return List.of(new SortKey(DocumentFields.parse(field, "sort"), options.order() == QueryOptions.Order.DESC));
    }

    private static List<SetOp> assignments(ObjectNode content, String where) {
        if (content == null) {
            throw VellumException.validation("a document must be a JSON object", Map.of("field", where));
        }
        DocumentFields.refuseSystemNames(new ArrayList<>(content.propertyNames()));
        return WriteData.assignments(content, where, false);
    }

    @Override
    public Flux<ChangeEvent> changes(String collection, Long since, Condition filters) {
        return Flux.defer(() -> changes.changes(caller, CollectionNames.require(collection), Optional.ofNullable(since),
                filters == null ? Condition.always() : filters));
    }
}
