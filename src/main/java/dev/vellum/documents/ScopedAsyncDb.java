package dev.vellum.documents;

import dev.vellum.auth.Caller;
import dev.vellum.collections.CollectionNames;
import dev.vellum.datastore.DocumentRow;
import dev.vellum.datastore.DocumentSql;
import dev.vellum.datastore.DocumentStore;
import dev.vellum.datastore.Scope;
import dev.vellum.datastore.SetOp;
import dev.vellum.datastore.WriteData;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.Op;
import dev.vellum.query.SortKey;
import dev.vellum.query.SystemField;
import dev.vellum.sql.Sql;
import dev.vellum.store.Ids;
import dev.vellum.users.CallerRelationships;
import dev.vellum.users.PublicProfile;
import dev.vellum.users.RelationshipChange;
import dev.vellum.users.UserDirectory;
import dev.vellum.users.UserNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import dev.vellum.transactions.TransactionOutcome;
import dev.vellum.transactions.TransactionRunner;
import dev.vellum.transactions.TransactionSpec;
import java.util.function.Supplier;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/** {@link AsyncDb} for one caller: the Datastore's scope, statements and write rules under this API's names. */
final class ScopedAsyncDb implements AsyncDb {

    static final int MAX_BATCH = 1000;

    private final Caller caller;
    private final DocumentStore store;
    private final TransactionalOperator tx;
    private final JsonMapper mapper;
    private final DocumentView view;
    private final Populator populator;
    private final ScopedUsers users;
    private final CallerRelationships relationships;
    private final TransactionRunner transactions;

    ScopedAsyncDb(Caller caller, DocumentStore store, TransactionalOperator tx, JsonMapper mapper, DocumentView view,
                  Populator populator, UserDirectory directory, CallerRelationships relationships,
                  TransactionRunner transactions) {
        this.relationships = relationships;
        this.transactions = transactions;
        this.caller = caller;
        this.store = store;
        this.tx = tx;
        this.mapper = mapper;
        this.view = view;
        this.populator = populator;
        this.users = new ScopedUsers(caller, directory);
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
            ArrayNode docs = mapper.createArrayNode();
            for (int i = 0; i < contents.size(); i++) {
                List<SetOp> sets = assignments(contents.get(i), where != null ? where : "[" + i + "]");
                ObjectNode item = docs.addObject();
                item.set("b", WriteData.body(sets));
                item.set("s", SetOp.toJson(nowSets(sets)));
            }
            String[] keys = contents.stream().map(c -> Ids.newKey()).toArray(String[]::new);
            return new Insert(scope, keys, mapper.writeValueAsString(docs));
        }).flatMapMany(insert -> tx.transactional(
                store.ensureCollection(insert.scope.projectId(), insert.scope.collection())
                        .thenMany(store.rows(DocumentSql.insert(insert.scope, insert.keys, insert.docs)))
                        .collectMap(DocumentRow::key, Function.identity()))
                .flatMapIterable(byKey -> List.of(insert.keys).stream().map(k -> view.render(byKey.get(k))).toList()));
    }

    private record Insert(Scope scope, String[] keys, String docs) {
    }

    @Override
    public Mono<ObjectNode> getDocument(String collection, String id) {
        return readable(collection).flatMap(scope -> store.rows(DocumentSql.byKeys(scope, new String[] {id})).next())
                .map(view::render);
    }

    @Override
    public Mono<ObjectNode> getDocument(String collection, String id, List<String> populate) {
        return Mono.fromCallable(() -> Populate.of(populate)).flatMap(spec -> readable(collection)
                .flatMap(scope -> store.rows(DocumentSql.byKeys(scope, new String[] {id})).next()
                        .flatMap(row -> populator.populate(scope, view.render(row), spec))));
    }

    @Override
    public Mono<QueryPage> query(String collection, Condition filter, QueryOptions options) {
        return Mono.defer(() -> {
            QueryOptions opts = options == null ? QueryOptions.defaults() : options;
            Selection selection = Selection.of(opts.select());
            Populate populate = Populate.of(opts.populate());
            List<SortKey> sort = sort(opts);
            Condition match = filter == null ? Condition.always() : filter;
            return readable(collection).flatMap(scope -> store.countedRows(
                            DocumentsSql.query(scope, match, sort, opts.limit(), opts.offset(), selection)).collectList()
                    .flatMap(rows -> {
                        Mono<Long> total = !rows.isEmpty() ? Mono.just(rows.get(0).total())
                                : opts.offset() == 0 ? Mono.just(0L) : store.count(DocumentSql.count(scope, match));
                        List<ObjectNode> docs = rows.stream().map(row -> view.render(row, selection)).toList();
                        return populator.populate(scope, docs, populate).then(total)
                                .map(n -> new QueryPage(docs, n, opts.offset() + (long) docs.size() < n));
                    }));
        });
    }

    /** Documents per populate round: each window costs one query per populated field. */
    static final int POPULATE_WINDOW = 500;

    @Override
    public Flux<ObjectNode> streamQuery(String collection, Condition filter, QueryOptions options, boolean everyMatch) {
        return Flux.defer(() -> {
            QueryOptions opts = options == null ? QueryOptions.defaults() : options;
            Selection selection = Selection.of(opts.select());
            Populate populate = Populate.of(opts.populate());
            Condition match = filter == null ? Condition.always() : filter;
            Integer limit = everyMatch ? null : opts.limit();
            return readable(collection).flatMapMany(scope -> {
                Flux<ObjectNode> docs = store.stream(DocumentsSql.stream(scope, match, sort(opts), limit, opts.offset(), selection))
                        .map(row -> view.render(row, selection));
                if (opts.populate().isEmpty()) {
                    return docs;
                }
                Mono<PublicProfile> profile = populator.profile(scope).cache();
                return docs.buffer(POPULATE_WINDOW)
                        .concatMap(window -> populator.populate(scope, window, populate, profile), 0)
                        .concatMapIterable(window -> window);
            });
        });
    }

    @Override
    public Mono<ObjectNode> findOne(String collection, Condition filter) {
        Condition match = filter == null ? Condition.always() : filter;
        return readable(collection)
                .flatMap(scope -> store.rows(DocumentsSql.findOne(scope, match, sort(QueryOptions.defaults()))).next())
                .map(view::render);
    }

    @Override
    public Mono<ObjectNode> findOne(String collection, Condition filter, List<String> populate) {
        Condition match = filter == null ? Condition.always() : filter;
        return Mono.fromCallable(() -> Populate.of(populate)).flatMap(spec -> readable(collection)
                .flatMap(scope -> store.rows(DocumentsSql.findOne(scope, match, sort(QueryOptions.defaults()))).next()
                        .flatMap(row -> populator.populate(scope, view.render(row), spec))));
    }

    @Override
    public Mono<List<FetchResult>> fetchAll(List<FetchQuery> queries) {
        return FetchAll.run(this, queries);
    }

    @Override
    public Mono<ObjectNode> updateDocument(String collection, String id, ObjectNode content, Long expectedVersion) {
        return Mono.fromCallable(() -> {
            List<SetOp> sets = assignments(content, "body");
            return DocumentsSql.replace(scope(collection), id, mapper.writeValueAsString(WriteData.body(sets)),
                    mapper.writeValueAsString(SetOp.toJson(nowSets(sets))), expectedVersion);
        }).flatMap(sql -> write(collection, id, sql, expectedVersion));
    }

    @Override
    public Mono<ObjectNode> updateDocumentFields(String collection, String id, ObjectNode fields, Long expectedVersion) {
        return Mono.fromCallable(() -> {
            List<SetOp> sets = assignments(fields, "body");
            if (sets.isEmpty()) {
                throw VellumException.validation("the update sets no fields", Map.of("field", "body"));
            }
            return DocumentsSql.patch(scope(collection), id, mapper.writeValueAsString(SetOp.toJson(sets)), expectedVersion);
        }).flatMap(sql -> write(collection, id, sql, expectedVersion));
    }

    @Override
    public Mono<Boolean> deleteDocument(String collection, String id, Long expectedVersion) {
        return readable(collection).flatMap(scope -> store.update(DocumentsSql.delete(scope, id, expectedVersion))
                        .filter(deleted -> deleted > 0)
                        .switchIfEmpty(whyNotWritten(scope, id, expectedVersion)))
                .map(deleted -> true)
                .defaultIfEmpty(false);
    }

    @Override
    public Flux<ObjectNode> searchDocuments(String collection, String term, List<String> fields, int limit) {
        return Mono.fromCallable(() -> {
                    scope(collection);
                    return SearchRequest.of(term, fields, limit);
                })
                .filter(search -> !search.blank())
                .flatMapMany(search -> readable(collection).flatMapMany(scope -> store.rows(SearchSql.search(scope, search))))
                .map(view::render);
    }

    @Override
    public Mono<Long> countDocuments(String collection, Condition filter) {
        Condition match = filter == null ? Condition.always() : filter;
        return readable(collection).flatMap(scope -> store.count(DocumentSql.count(scope, match)));
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
        return Mono.fromCallable(() -> Populate.of(populate)).flatMap(spec ->
                relationships.list(caller, userId, type, filters, limit, offset).flatMap(listing -> {
                    List<ObjectNode> related = listing.page().users().stream()
                            .map(user -> listing.profile().map(profile -> profile.render(user))
                                    .orElseGet(() -> UserNodes.render(user)))
                            .toList();
                    QueryPage page = new QueryPage(related, listing.page().total(), listing.page().hasMore());
                    if (spec.isEmpty()) {
                        return Mono.just(page);
                    }
                    return populator.populateUserData(caller, dataOf(related), spec).thenReturn(page);
                }));
    }

    /** The related users' data objects, each replaced by a copy so populate never touches a user's own. */
    private static List<ObjectNode> dataOf(List<ObjectNode> users) {
        List<ObjectNode> data = new ArrayList<>();
        for (ObjectNode user : users) {
            if (user.get("data") instanceof ObjectNode object) {
                ObjectNode copy = object.deepCopy();
                user.set("data", copy);
                data.add(copy);
            }
        }
        return data;
    }

    @Override
    public Mono<ObjectNode> addUserRelationship(String userId, String type, String relatedId, boolean bidirectional) {
        return relationships.add(caller, userId, type, relatedId, bidirectional).map(this::changed);
    }

    @Override
    public Mono<ObjectNode> removeUserRelationship(String userId, String type, String relatedId, boolean bidirectional) {
        return relationships.remove(caller, userId, type, relatedId, bidirectional).map(this::changed);
    }

    private ObjectNode changed(RelationshipChange change) {
        return mapper.createObjectNode().put("success", true).put("message", change.message())
                .put("bidirectional", change.bidirectional());
    }

    /** Runs a single-document write; empty when the document is absent, CAS_MISMATCH when its version moved on. */
    private Mono<ObjectNode> write(String collection, String id, Sql sql, Long expectedVersion) {
        return readable(collection).flatMap(scope -> store.rows(sql).next()
                        .switchIfEmpty(whyNotWritten(scope, id, expectedVersion)))
                .map(view::render);
    }

    private <T> Mono<T> whyNotWritten(Scope scope, String id, Long expectedVersion) {
        if (expectedVersion == null) {
            return Mono.empty();
        }
        Condition byId = new Condition.Compare(SystemField.KEY, Op.EQ, StringNode.valueOf(id));
        return store.count(DocumentSql.count(scope, byId))
                .filter(found -> found > 0)
                .flatMap(found -> Mono.error(new VellumException(ErrorCode.CAS_MISMATCH,
                        "the document has changed since that _version was read", Map.of("id", id))));
    }

    /** The caller's scope in an existing collection, else COLLECTION_NOT_FOUND. */
    private Mono<Scope> readable(String collection) {
        return Mono.fromCallable(() -> scope(collection))
                .flatMap(scope -> store.requireCollection(scope.projectId(), scope.collection()).thenReturn(scope));
    }

    private Scope scope(String collection) {
        return Scope.of(caller, CollectionNames.require(collection));
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

    private static List<SetOp> nowSets(List<SetOp> sets) {
        return sets.stream().filter(SetOp::now).collect(Collectors.toList());
    }
}
