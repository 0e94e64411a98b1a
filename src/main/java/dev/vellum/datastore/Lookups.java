package dev.vellum.datastore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolves {@code lookup: {"field": "collection"}}: a key in the field (or a list of keys) is
 * replaced by the referenced document(s), one query per field, under the caller's privacy scope.
 * A key that names no visible document becomes {@code null}, and is dropped from a list.
 */
final class Lookups {

    private final DocumentStore store;
    private final DocumentJson documents;

    Lookups(DocumentStore store, DocumentJson documents) {
        this.store = store;
        this.documents = documents;
    }

    Mono<List<ObjectNode>> resolve(Scope scope, List<ObjectNode> docs, Map<String, String> lookup) {
        if (lookup.isEmpty() || docs.isEmpty()) {
            return Mono.just(docs);
        }
        return Flux.fromIterable(lookup.entrySet())
                .concatMap(entry -> resolveField(scope.in(entry.getValue()), docs, List.of(entry.getKey().split("\\."))))
                .then(Mono.just(docs));
    }

    private Mono<Void> resolveField(Scope target, List<ObjectNode> docs, List<String> path) {
        Set<String> keys = new LinkedHashSet<>();
        for (ObjectNode doc : docs) {
            JsonNode value = at(doc, path);
            if (value != null && value.isString()) {
                keys.add(value.asString());
            } else if (value != null && value.isArray()) {
                value.values().forEach(item -> {
                    if (item.isString()) {
                        keys.add(item.asString());
                    }
                });
            }
        }
        if (keys.isEmpty()) {
            return store.requireCollection(target.projectId(), target.collection());
        }
        return store.requireCollection(target.projectId(), target.collection())
                .thenMany(store.rows(DocumentSql.byKeys(target, keys.toArray(String[]::new))))
                .collectMap(DocumentRow::key, Function.identity())
                .doOnNext(found -> {
                    Map<String, ObjectNode> byKey = found.entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> documents.render(e.getValue())));
                    docs.forEach(doc -> replace(doc, path, byKey));
                })
                .then();
    }

    private static void replace(ObjectNode doc, List<String> path, Map<String, ObjectNode> byKey) {
        JsonNode parent = at(doc, path.subList(0, path.size() - 1));
        if (!(parent instanceof ObjectNode object)) {
            return;
        }
        String field = path.get(path.size() - 1);
        JsonNode value = object.get(field);
        if (value != null && value.isString()) {
            object.set(field, byKey.get(value.asString()));
        } else if (value != null && value.isArray()) {
            List<JsonNode> resolved = new ArrayList<>();
            value.values().forEach(item -> {
                if (item.isString() && byKey.containsKey(item.asString())) {
                    resolved.add(byKey.get(item.asString()).deepCopy());
                }
            });
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            resolved.forEach(array::add);
            object.set(field, array);
        }
    }

    private static JsonNode at(JsonNode doc, List<String> path) {
        JsonNode node = doc;
        for (String segment : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(segment);
        }
        return node;
    }
}
