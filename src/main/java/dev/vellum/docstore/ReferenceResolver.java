package dev.vellum.docstore;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces reference keys in rendered documents by the documents they name, in place: per field,
 * the keys of every document are read in one batched statement under the caller's scope (a user
 * sees only its own), and each {@link ReferenceSlot} is filled. Two policies: the Datastore's
 * {@link #lookup} (dotted paths, the collection named by the client, fields one after another)
 * and the documents API's populate (documents/Populator: catalog rules and app users), which
 * reads its documents through {@link #fetch}.
 */
@Component
public class ReferenceResolver {

    private final DocumentService documents;

    ReferenceResolver(DocumentService documents) {
        this.documents = documents;
    }

    /**
     * {@code lookup: {"field": "collection"}}: a key in the field (or a list of keys) is replaced
     * by the referenced document(s); a looked-up collection that does not exist is COLLECTION_NOT_FOUND.
     */
    public Mono<List<ObjectNode>> lookup(Scope scope, List<ObjectNode> docs, Map<String, String> lookup,
                                         Function<DocumentRow, ObjectNode> render) {
        if (lookup.isEmpty() || docs.isEmpty()) {
            return Mono.just(docs);
        }
        return Flux.fromIterable(lookup.entrySet())
                .concatMap(entry -> {
                    Scope target = scope.in(entry.getValue());
                    List<String> path = List.of(entry.getKey().split("\\."));
                    return documents.requireCollection(target)
                            .then(Mono.fromSupplier(() -> slots(docs, doc -> ReferenceSlot.lookedUp(doc, path))))
                            .flatMap(slots -> {
                                Set<String> keys = keys(slots);
                                // No keys, no read, and nothing replaced (a list of non-keys stays as stored).
                                return keys.isEmpty() ? Mono.empty()
                                        : fetch(target, keys, render).doOnNext(found -> fill(slots, found));
                            });
                })
                .then(Mono.just(docs));
    }

    /** The visible documents with these keys, rendered, by key; no statement for no keys. */
    public Mono<Map<String, JsonNode>> fetch(Scope target, Collection<String> keys,
                                             Function<DocumentRow, ? extends JsonNode> render) {
        if (keys.isEmpty()) {
            return Mono.just(Map.of());
        }
        return documents.byKeys(target, keys.toArray(String[]::new)).collectMap(DocumentRow::key, render::apply);
    }

    /** Every document's slot for one field, read with {@code reader}. */
    public static List<ReferenceSlot> slots(List<ObjectNode> docs, Function<ObjectNode, Optional<ReferenceSlot>> reader) {
        return docs.stream().map(reader).flatMap(Optional::stream).toList();
    }

    /** The distinct keys of the slots, in order. */
    public static Set<String> keys(List<ReferenceSlot> slots) {
        Set<String> keys = new LinkedHashSet<>();
        slots.forEach(slot -> keys.addAll(slot.keys()));
        return keys;
    }

    public static void fill(List<ReferenceSlot> slots, Map<String, ? extends JsonNode> found) {
        slots.forEach(slot -> slot.fill(found));
    }
}
