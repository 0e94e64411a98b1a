package dev.vellum.documents;

import dev.vellum.collections.CollectionNames;
import dev.vellum.docstore.Populate;
import dev.vellum.error.VellumException;
import dev.vellum.users.UserFilters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link AsyncDb#fetchAll}: every query is checked before any runs (the first bad one fails the
 * call with {@code details.index}), then they run a few at a time and the answers come back in the order
 * asked. A query failing while running fails the call, also naming its index.
 */
final class FetchAll {

    static final int MAX_QUERIES = 20;

    private FetchAll() {
    }

    /** {@code concurrency}: queries running at once, so one call never asks the pool for more than a few connections. */
    static Mono<List<FetchResult>> run(AsyncDb db, List<FetchQuery> queries, int concurrency) {
        return Mono.defer(() -> {
            validate(queries);
            List<Mono<FetchResult>> runs = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                int index = i;
                runs.add(one(db, queries.get(i)).onErrorMap(VellumException.class, e -> withIndex(e, index)));
            }
            return inOrder(runs, concurrency);
        });
    }

    /**
     * Runs at most {@code concurrency} at once and answers in the order given. Each query holds a
     * pool connection (a populate up to two), so an unbounded fan-out of twenty queries could ask
     * for more connections than the pool has and starve every other request.
     */
    static <T> Mono<List<T>> inOrder(List<Mono<T>> runs, int concurrency) {
        return Flux.fromIterable(runs).flatMapSequential(run -> run, Math.max(1, concurrency)).collectList();
    }

    private static Mono<FetchResult> one(AsyncDb db, FetchQuery query) {
        if (query instanceof FetchQuery.Query q) {
            return db.query(q.collection(), q.filter(), q.options()).map(FetchResult.Page::new);
        }
        if (query instanceof FetchQuery.QueryUsers q) {
            return db.queryUsers(q.filter(), q.options()).map(FetchResult.Page::new);
        }
        if (query instanceof FetchQuery.Collections c) {
            return db.getCollections(c.limit(), c.offset()).map(FetchResult.Page::new);
        }
        if (query instanceof FetchQuery.GetCollection g) {
            return db.getCollection(g.collection())
                    .map(found -> (FetchResult) new FetchResult.Found(Optional.of(found)))
                    .defaultIfEmpty(new FetchResult.Found(Optional.empty()));
        }
        if (query instanceof FetchQuery.FindUser f) {
            return db.findUser(f.filter())
                    .map(user -> (FetchResult) new FetchResult.Found(Optional.of(user)))
                    .defaultIfEmpty(new FetchResult.Found(Optional.empty()));
        }
        if (query instanceof FetchQuery.FindOne f) {
            return db.findOne(f.collection(), f.filter(), f.populate())
                    .map(doc -> (FetchResult) new FetchResult.Found(Optional.of(doc)))
                    .defaultIfEmpty(new FetchResult.Found(Optional.empty()));
        }
        FetchQuery.Count c = (FetchQuery.Count) query;
        return db.countDocuments(c.collection(), c.filter()).map(FetchResult.Counted::new);
    }

    /** What can be known without the database: names, sort, select and populate of every query. */
    static void validate(List<FetchQuery> queries) {
        if (queries == null || queries.size() > MAX_QUERIES) {
            throw VellumException.validation("fetch_all takes a list of at most " + MAX_QUERIES + " queries",
                    Map.of("field", "body"));
        }
        for (int i = 0; i < queries.size(); i++) {
            FetchQuery query = queries.get(i);
            int index = i;
            atIndex(index, () -> {
                if (query == null) {
                    throw VellumException.validation("the query is missing");
                }
                if (query instanceof FetchQuery.QueryUsers q) {
                    ScopedUsers.check(q.options() == null ? QueryOptions.defaults() : q.options());
                    UserFilters.check(q.filter());
                    return null;
                }
                if (query instanceof FetchQuery.FindUser f) {
                    UserFilters.check(f.filter());
                    return null;
                }
                if (query instanceof FetchQuery.Collections c) {
                    new QueryOptions(null, null, c.limit(), c.offset(), List.of()); // checks limit and offset
                    return null;
                }
                CollectionNames.require(query.collection());
                if (query instanceof FetchQuery.Query q) {
                    QueryOptions options = q.options() == null ? QueryOptions.defaults() : q.options();
                    Selection.of(options.select());
                    Populate.of(options.populate());
                    if (options.sort() != null) {
                        DocumentFields.parse(options.sort(), "sort");
                    }
                } else if (query instanceof FetchQuery.FindOne f) {
                    Populate.of(f.populate());
                }
                return null;
            });
        }
    }

    /** Runs {@code check}, adding {@code index} to the details of the error it throws. */
    static <T> T atIndex(int index, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (VellumException e) {
            throw withIndex(e, index);
        }
    }

    static VellumException withIndex(VellumException e, int index) {
        Map<String, Object> details = new HashMap<>(e.details());
        details.put("index", index);
        return new VellumException(e.code(), "query " + index + ": " + e.getMessage(), details, e);
    }
}
