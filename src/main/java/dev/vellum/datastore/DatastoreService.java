package dev.vellum.datastore;

import dev.vellum.auth.Caller;
import dev.vellum.store.Ids;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Executes Datastore ops for a caller and shapes the responses the seed shows. */
@Service
class DatastoreService {

    private static final Comparator<DocumentRow> NEWEST_FIRST =
            Comparator.comparing(DocumentRow::createdAt).reversed().thenComparing(DocumentRow::key);

    private final DocumentStore store;
    private final TransactionalOperator tx;
    private final JsonMapper mapper;
    private final DocumentJson documents;
    private final Lookups lookups;

    DatastoreService(DocumentStore store, TransactionalOperator tx, JsonMapper mapper) {
        this.store = store;
        this.tx = tx;
        this.mapper = mapper;
        this.documents = new DocumentJson(mapper);
        this.lookups = new Lookups(store, documents);
    }

    Mono<ObjectNode> execute(Caller caller, DatastoreOp op) {
        Scope scope = Scope.of(caller, op.collection());
        if (op instanceof DatastoreOp.Find find) {
            return store.requireCollection(scope.projectId(), scope.collection()).then(find(scope, find));
        }
        if (op instanceof DatastoreOp.Insert insert) {
            return tx.transactional(store.ensureCollection(scope.projectId(), scope.collection())
                    .then(insert(scope, insert.documents()))).map(this::dataList);
        }
        if (op instanceof DatastoreOp.UpdateByKeys update) {
            return store.requireCollection(scope.projectId(), scope.collection())
                    .then(updateByKeys(scope, update)).map(this::dataList);
        }
        if (op instanceof DatastoreOp.UpdateByMatch update) {
            return store.requireCollection(scope.projectId(), scope.collection())
                    .then(render(store.rows(DocumentSql.updateByMatch(scope, update.match(), setsJson(update.sets())))))
                    .map(this::dataList);
        }
        if (op instanceof DatastoreOp.Upsert upsert) {
            return upsert(scope, upsert).map(this::dataList);
        }
        if (op instanceof DatastoreOp.Count count) {
            return store.requireCollection(scope.projectId(), scope.collection())
                    .then(store.count(DocumentSql.count(scope, count.match())))
                    .map(total -> data(mapper.createObjectNode().put("count", total)));
        }
        if (op instanceof DatastoreOp.Hide hide) {
            String ref = hide.state().refPrefix + HexFormat.of().formatHex(Ids.bytes(12));
            return store.requireCollection(scope.projectId(), scope.collection())
                    .then(store.update(DocumentSql.hide(scope, hide.match(), hide.state(), ref)))
                    .map(changed -> data(mapper.createObjectNode().put("_ref", ref)));
        }
        DatastoreOp.Restore restore = (DatastoreOp.Restore) op;
        return store.requireCollection(scope.projectId(), scope.collection())
                .then(store.update(DocumentSql.restore(scope, restore.ref())))
                .map(changed -> data(mapper.createObjectNode().put("data", changed > 0)));
    }

    private Mono<ObjectNode> find(Scope scope, DatastoreOp.Find find) {
        Mono<List<DocumentRow>> page = store.countedRows(
                DocumentSql.find(scope, find.match(), find.sort(), find.limit(), find.offset())).collectList();
        return page.flatMap(rows -> {
            Mono<Long> total = !rows.isEmpty() ? Mono.just(rows.get(0).total())
                    : find.offset() == 0 ? Mono.just(0L) : store.count(DocumentSql.count(scope, find.match()));
            List<ObjectNode> docs = rows.stream().map(documents::render).map(find.projection()::apply).toList();
            return lookups.resolve(scope, docs, find.lookup()).zipWith(total, (resolved, size) -> {
                ObjectNode response = mapper.createObjectNode();
                response.set("data", array(resolved));
                response.putObject("meta").set("pagination", Pagination.of(find.offset(), find.limit(), size, resolved.size()));
                return response;
            });
        });
    }

    private Mono<List<ObjectNode>> insert(Scope scope, List<DatastoreOp.NewDocument> newDocuments) {
        String[] keys = newDocuments.stream().map(d -> Ids.newKey()).toArray(String[]::new);
        ArrayNode docs = mapper.createArrayNode();
        for (DatastoreOp.NewDocument doc : newDocuments) {
            ObjectNode item = docs.addObject();
            item.set("b", doc.body());
            item.set("s", setsNode(doc.nowSets()));
        }
        return inOrder(store.rows(DocumentSql.insert(scope, keys, mapper.writeValueAsString(docs))), List.of(keys));
    }

    private Mono<List<ObjectNode>> updateByKeys(Scope scope, DatastoreOp.UpdateByKeys update) {
        ArrayNode items = mapper.createArrayNode();
        for (DatastoreOp.KeyedUpdate keyed : update.updates()) {
            items.addObject().put("k", keyed.key()).set("s", setsNode(keyed.sets()));
        }
        List<String> keys = update.updates().stream().map(DatastoreOp.KeyedUpdate::key).toList();
        return inOrder(store.rows(DocumentSql.updateByKeys(scope, mapper.writeValueAsString(items))), keys);
    }

    private Mono<List<ObjectNode>> upsert(Scope scope, DatastoreOp.Upsert upsert) {
        String lockKey = scope.projectId() + "/" + scope.collection() + "/" + scope.owner() + "/" + upsert.matchFingerprint();
        Mono<List<ObjectNode>> work = store.ensureCollection(scope.projectId(), scope.collection())
                .then(store.run(DocumentSql.upsertLock(lockKey)))
                .then(render(store.rows(DocumentSql.updateByMatch(scope, upsert.match(), setsJson(upsert.update())))))
                .flatMap(updated -> updated.isEmpty() ? insert(scope, List.of(upsert.insert())) : Mono.just(updated));
        return tx.transactional(work);
    }

    private Mono<List<ObjectNode>> inOrder(Flux<DocumentRow> rows, List<String> keys) {
        return rows.collectList().map(list -> {
            Map<String, DocumentRow> byKey = list.stream().collect(Collectors.toMap(DocumentRow::key, Function.identity()));
            return keys.stream().filter(byKey::containsKey).map(k -> documents.render(byKey.get(k))).toList();
        });
    }

    /** Bulk results in the default order: newest first, then by key. */
    private Mono<List<ObjectNode>> render(Flux<DocumentRow> rows) {
        return rows.collectList().map(list -> list.stream()
                .sorted(NEWEST_FIRST)
                .map(documents::render).toList());
    }

    private ArrayNode setsNode(List<SetOp> sets) {
        return SetOp.toJson(sets);
    }

    private String setsJson(List<SetOp> sets) {
        return mapper.writeValueAsString(setsNode(sets));
    }

    private ObjectNode dataList(List<ObjectNode> docs) {
        return data(array(docs));
    }

    private ArrayNode array(List<ObjectNode> docs) {
        ArrayNode array = mapper.createArrayNode();
        docs.forEach(array::add);
        return array;
    }

    private ObjectNode data(JsonNode value) {
        ObjectNode response = mapper.createObjectNode();
        response.set("data", value);
        return response;
    }

}
