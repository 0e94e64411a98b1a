package dev.vellum.documents;

import dev.vellum.datastore.DocumentRow;
import dev.vellum.datastore.Scope;
import dev.vellum.store.Timestamps;
import dev.vellum.users.AppUser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies {@link Populate} to rendered documents, in place: one catalog read picks every field's
 * target ({@link ReferenceTargets}), then each field's keys across all the documents are fetched
 * in one batched read under the caller's scope. A user caller gets only documents it may read
 * (others become null or drop out of lists) and app users as {@code {"id"}}; a secret key gets
 * app users as {@code {id, email, roles, data, created_at, updated_at}}.
 */
final class Populator {

    private final ReferenceReads reads;
    private final DocumentView view;
    private final JsonMapper mapper;

    Populator(ReferenceReads reads, DocumentView view, JsonMapper mapper) {
        this.reads = reads;
        this.view = view;
        this.mapper = mapper;
    }

    /** {@code source} is the scope the documents were read in; the same owner rule applies to their references. */
    Mono<List<ObjectNode>> populate(Scope source, List<ObjectNode> docs, Populate populate) {
        if (populate == null || populate.isEmpty()) {
            return Mono.just(docs);
        }
        return reads.catalog(source.projectId(), source.collection(), ReferenceTargets.candidateNames(populate))
                .flatMap(catalog -> {
                    List<Planned> plan = new ArrayList<>();
                    for (Populate.Field field : populate.fields()) {
                        plan.add(plan(field.name(), ReferenceTargets.resolve(field, catalog), docs));
                    }
                    return Flux.fromIterable(plan)
                            .flatMapSequential(planned -> fetch(source, planned).map(found -> new Fetched(planned, found)))
                            .collectList();
                })
                .map(fetched -> {
                    for (Fetched field : fetched) {
                        field.planned().fill(field.found());
                    }
                    return docs;
                });
    }

    /** Populates one document (get_document, find_one). */
    Mono<ObjectNode> populate(Scope source, ObjectNode doc, Populate populate) {
        return populate(source, List.of(doc), populate).thenReturn(doc);
    }

    /** The slots of one field in every document, read before any field is replaced. */
    private static Planned plan(String field, ReferenceTarget target, List<ObjectNode> docs) {
        List<ObjectNode> holders = new ArrayList<>();
        List<ReferenceSlot> slots = new ArrayList<>();
        if (!(target instanceof ReferenceTarget.Unresolved)) {
            for (ObjectNode doc : docs) {
                Optional<ReferenceSlot> slot = ReferenceSlot.of(doc, field);
                if (slot.isPresent()) {
                    holders.add(doc);
                    slots.add(slot.get());
                }
            }
        }
        return new Planned(target, holders, slots);
    }

    private Mono<Map<String, JsonNode>> fetch(Scope source, Planned planned) {
        Set<String> keys = new LinkedHashSet<>();
        planned.slots().forEach(slot -> keys.addAll(slot.keys()));
        if (keys.isEmpty()) {
            return Mono.just(Map.of());
        }
        String[] batch = keys.toArray(String[]::new);
        if (planned.target() instanceof ReferenceTarget.Documents documents) {
            return reads.documents(source.in(documents.collection()), batch)
                    .collectMap(DocumentRow::key, row -> (JsonNode) view.render(row));
        }
        if (planned.target() instanceof ReferenceTarget.AppUsers) {
            return reads.users(source.projectId(), batch)
                    .collectMap(AppUser::id, user -> (JsonNode) user(user, source.owner() != null));
        }
        return Mono.just(Map.of());
    }

    /** A signed-in user sees other app users only as a public profile. */
    private ObjectNode user(AppUser user, boolean publicProfile) {
        ObjectNode json = mapper.createObjectNode().put("id", user.id());
        if (publicProfile) {
            return json;
        }
        json.put("email", user.email());
        json.set("roles", mapper.valueToTree(user.roles()));
        json.set("data", user.data());
        json.put("created_at", Timestamps.format(user.createdAt()));
        json.put("updated_at", Timestamps.format(user.updatedAt()));
        return json;
    }

    private record Planned(ReferenceTarget target, List<ObjectNode> holders, List<ReferenceSlot> slots) {

        void fill(Map<String, JsonNode> found) {
            for (int i = 0; i < holders.size(); i++) {
                slots.get(i).fill(holders.get(i), found);
            }
        }
    }

    private record Fetched(Planned planned, Map<String, JsonNode> found) {
    }
}
