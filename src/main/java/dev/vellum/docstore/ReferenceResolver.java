package dev.vellum.docstore;

import dev.vellum.auth.Caller;
import dev.vellum.users.PublicProfile;
import dev.vellum.config.VellumProperties;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces reference keys in rendered documents by the documents they name, in place: per field,
 * the keys of every document are read in one batched statement under the caller's scope (a user
 * sees only its own), and each {@link ReferenceSlot} is filled. Two policies: the Datastore's
 * {@link #lookup} (dotted paths, the collection named by the client, fields one after another)
 * and the documents API's {@link #populate} ({@link PopulatePolicy}: catalog rules, app users).
 * {@code render} is how the calling API family shows a referenced document.
 */
@Component
public class ReferenceResolver {

    private final DocumentService documents;
    private final Scopes scopes;
    private final PopulatePolicy populator;
    private final long maxResolvedBytes;

    ReferenceResolver(DocumentService documents, ReferenceReads reads, JsonMapper mapper, Scopes scopes,
                      VellumProperties properties) {
        this.documents = documents;
        this.scopes = scopes;
        this.maxResolvedBytes = properties.references().maxResolvedBytes().toBytes();
        this.populator = new PopulatePolicy(reads, mapper, this::budget);
    }

    /** A fresh budget for one resolution (one answer, or one window of a stream). */
    public ResolvedBytes budget() {
        return new ResolvedBytes(maxResolvedBytes);
    }

    /**
     * {@code populate=author,category:cats} on documents read in {@code source}. {@code profile} is
     * the request's {@link #profile}: pass one {@code cache()}d instance to several calls of one
     * request (a stream's windows) so the setting is read once.
     */
    public Mono<List<ObjectNode>> populate(Scope source, List<ObjectNode> docs, Populate populate,
                                           Mono<PublicProfile> profile, Function<DocumentRow, ObjectNode> render) {
        return populator.populate(source, docs, populate, profile, render);
    }

    /**
     * Populates app users' {@code data} objects exactly as documents' fields are, under the
     * caller's scope. Users have no collection, so the {@code references} setting rule never
     * applies ({@link PopulatePolicy#NO_COLLECTION}). Pass only the data the caller may see.
     */
    public Mono<List<ObjectNode>> populateUserData(Caller caller, List<ObjectNode> data, Populate populate,
                                                   Function<DocumentRow, ObjectNode> render) {
        Scope source = scopes.outside(caller, PopulatePolicy.NO_COLLECTION);
        return populate(source, data, populate, profile(source), render);
    }

    /**
     * How the source's project shows app users to signed-in users, read lazily: only when a user
     * caller populates app users.
     */
    public Mono<PublicProfile> profile(Scope source) {
        return populator.profile(source);
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
        ResolvedBytes budget = budget();
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
                                        : fetch(target, keys, render).doOnNext(found -> fill(slots, found, budget));
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

    public static void fill(List<ReferenceSlot> slots, Map<String, ? extends JsonNode> found, ResolvedBytes budget) {
        slots.forEach(slot -> slot.fill(found, budget));
    }
}
