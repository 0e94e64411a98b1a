package dev.vellum.docstore;

import dev.vellum.access.AccessSql;
import dev.vellum.store.Timestamps;
import dev.vellum.users.AppUser;
import dev.vellum.users.PublicProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The documents API's populate policy of the {@link ReferenceResolver}: applies {@link Populate}
 * to rendered documents, in place: one catalog read picks every field's
 * target ({@link ReferenceTargets}), then each field's keys across all the documents are fetched
 * in one batched read under the caller's scope. A user caller gets only documents it may read
 * (others become null or drop out of lists) and app users as a {@link PublicProfile} ({@code {"id"}}
 * plus the data fields {@code settings.public_user_fields} lists, read once); a secret key gets
 * app users as {@code {id, email, roles, data, created_at, updated_at}}.
 */
final class PopulatePolicy {

    /**
     * The source collection for app users' {@code data}: users belong to no collection, so this name
     * is one no collection can have ({@code $} is never valid in a collection name) and the
     * {@code references} setting rule never applies to them.
     */
    static final String NO_COLLECTION = "$users";

    /** Fields whose references are read at once: a populate holds at most this many connections. */
    static final int FIELD_CONCURRENCY = 2;

    private final ReferenceReads reads;
    private final JsonMapper mapper;
    private final Supplier<ResolvedBytes> budgets;

    PopulatePolicy(ReferenceReads reads, JsonMapper mapper, Supplier<ResolvedBytes> budgets) {
        this.reads = reads;
        this.budgets = budgets;
        this.mapper = mapper;
    }

    /**
     * The public profile setting of the source's project, read lazily: only when a user caller
     * populates app users. Pass one {@code cache()}d instance to several populate calls of one
     * request (a stream's windows) so the setting is read once.
     */
    Mono<PublicProfile> profile(Scope source) {
        return Mono.defer(() -> reads.publicProfile(source.projectId()));
    }

    /**
     * {@code source} is the scope the documents were read in; the same owner rule applies to their
     * references. {@code profile} is the request's (lazy) public profile setting, {@code render}
     * how the API family shows a referenced document.
     */
    Mono<List<ObjectNode>> populate(Scope source, List<ObjectNode> docs, Populate populate, Mono<PublicProfile> profile,
                                    Function<DocumentRow, ObjectNode> render) {
        if (populate == null || populate.isEmpty()) {
            return Mono.just(docs);
        }
        return reads.catalog(source.projectId(), source.collection(), ReferenceTargets.candidateNames(populate))
                .flatMap(catalog -> {
                    List<Planned> plan = new ArrayList<>();
                    for (Populate.Field field : populate.fields()) {
                        plan.add(plan(field.name(), ReferenceTargets.resolve(field, catalog), docs));
                    }
                    boolean publicProfiles = !AccessSql.unrestricted(source.caller()) && plan.stream().anyMatch(planned ->
                            planned.target() instanceof ReferenceTarget.AppUsers && !planned.slots().isEmpty());
                    // One read of the setting for all the fields, and none unless a user caller populates app users.
                    Mono<Optional<PublicProfile>> shownAs = publicProfiles ? profile.map(Optional::of)
                            : Mono.just(Optional.empty());
                    return shownAs.flatMap(shown -> Flux.fromIterable(plan)
                            .flatMapSequential(planned -> fetch(source, planned, shown, render).map(found -> new Fetched(planned, found)),
                                    FIELD_CONCURRENCY)
                            .collectList());
                })
                .map(fetched -> {
                    ResolvedBytes budget = budgets.get();
                    for (Fetched field : fetched) {
                        field.planned().fill(field.found(), budget);
                    }
                    return docs;
                });
    }

    /** The slots of one field in every document, read before any field is replaced. */
    private static Planned plan(String field, ReferenceTarget target, List<ObjectNode> docs) {
        if (target instanceof ReferenceTarget.Unresolved) {
            return new Planned(target, List.of());
        }
        return new Planned(target, ReferenceResolver.slots(docs, doc -> ReferenceSlot.populated(doc, field)));
    }

    /** {@code profile} is how a user caller sees app users; empty for a secret key (in full). */
    private Mono<Map<String, JsonNode>> fetch(Scope source, Planned planned, Optional<PublicProfile> profile,
                                             Function<DocumentRow, ObjectNode> render) {
        Set<String> keys = ReferenceResolver.keys(planned.slots());
        if (keys.isEmpty()) {
            return Mono.just(Map.of());
        }
        String[] batch = keys.toArray(String[]::new);
        if (planned.target() instanceof ReferenceTarget.Documents documents) {
            return reads.documents(source.in(documents.collection()), batch)
                    .collectMap(DocumentRow::key, row -> (JsonNode) render.apply(row));
        }
        if (planned.target() instanceof ReferenceTarget.AppUsers) {
            return reads.users(source.projectId(), batch)
                    .collectMap(AppUser::id,
                            user -> (JsonNode) profile.map(shown -> shown.render(user)).orElseGet(() -> user(user)));
        }
        return Mono.just(Map.of());
    }

    /** An app user as a secret key sees it (a signed-in user gets a {@link PublicProfile}). */
    private ObjectNode user(AppUser user) {
        ObjectNode json = mapper.createObjectNode().put("id", user.id());
        json.put("email", user.email());
        json.set("roles", mapper.valueToTree(user.roles()));
        json.set("data", user.data());
        json.put("created_at", Timestamps.format(user.createdAt()));
        json.put("updated_at", Timestamps.format(user.updatedAt()));
        return json;
    }

    private record Planned(ReferenceTarget target, List<ReferenceSlot> slots) {

        void fill(Map<String, JsonNode> found, ResolvedBytes budget) {
            ReferenceResolver.fill(slots, found, budget);
        }
    }

    private record Fetched(Planned planned, Map<String, JsonNode> found) {
    }
}
