package dev.vellum.documents;

import dev.vellum.auth.Caller;
import dev.vellum.docstore.Populate;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.FailureClassifier;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.store.CountMode;
import dev.vellum.users.CallerRelationships;
import dev.vellum.users.RelationshipChange;
import dev.vellum.users.UserChanges;
import dev.vellum.users.UserDirectory;
import dev.vellum.users.UserFilters;
import dev.vellum.users.UserNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The user-management and relationship methods of {@link AsyncDb} for one caller. Only a secret key acting for the
 * whole project may use them: a caller with a user token (public or secret key) gets FORBIDDEN.
 */
final class ScopedUsers {

    private final Caller caller;
    private final UserDirectory directory;
    private final CallerRelationships relationships;
    private final Populator populator;

    ScopedUsers(Caller caller, UserDirectory directory, CallerRelationships relationships, Populator populator) {
        this.caller = caller;
        this.directory = directory;
        this.relationships = relationships;
        this.populator = populator;
    }

    Mono<ObjectNode> create(String email, String password, ObjectNode data, List<String> roles) {
        return admin(() -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("email", email);
            body.put("password", password);
            if (data != null) {
                body.set("data", data);
            }
            if (roles != null) {
                roles.forEach(body.putArray("roles")::add);
            }
            return directory.create(caller.projectId(), UserChanges.newUser(body)).map(UserNodes::render);
        });
    }

    Mono<ObjectNode> get(String id) {
        return admin(() -> directory.get(caller.projectId(), id).map(UserNodes::render));
    }

    Mono<ObjectNode> getByEmail(String email) {
        return admin(() -> directory.getByEmail(caller.projectId(), email).map(UserNodes::render));
    }

    Mono<ObjectNode> update(String id, ObjectNode changes) {
        return admin(() -> directory.update(caller.projectId(), id, UserChanges.change(changes)).map(UserNodes::render));
    }

    Mono<Boolean> delete(String id) {
        return admin(() -> directory.delete(caller.projectId(), id));
    }

    Mono<Long> count(Condition filter) {
        return admin(() -> directory.count(caller.projectId(), filter));
    }

    Mono<QueryPage> query(Condition filter, QueryOptions options) {
        return admin(() -> {
            QueryOptions opts = options == null ? QueryOptions.defaults() : options;
            check(opts);
            return directory.query(caller.projectId(), filter, UserFilters.sort(opts.sort(), desc(opts)), opts.limit(),
                            opts.offset(), opts.count())
                    .map(page -> {
                        List<ObjectNode> users = page.users().stream().map(UserNodes::render).toList();
                        return new QueryPage(users, page.total().total(), page.total().hasNext(), page.total().estimated());
                    });
        });
    }

    Mono<ObjectNode> findOne(Condition filter) {
        return admin(() -> directory.findOne(caller.projectId(), filter, UserFilters.sort(null, false))
                .map(UserNodes::render));
    }

    /** The related users (public profiles for a user caller), their data populated when asked. */
    Mono<QueryPage> relationships(String userId, String type, Condition filters, int limit, int offset,
                                  List<String> populate) {
        return Mono.fromCallable(() -> Populate.of(populate)).flatMap(spec ->
                relationships.list(caller, userId, type, filters, limit, offset, CountMode.ESTIMATED).flatMap(listing -> {
                    List<ObjectNode> related = listing.page().users().stream()
                            .map(user -> listing.profile().map(profile -> profile.render(user))
                                    .orElseGet(() -> UserNodes.render(user)))
                            .toList();
                    QueryPage page = new QueryPage(related, listing.page().total(), listing.page().hasMore(),
                            listing.page().countEstimated());
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

    Mono<ObjectNode> addRelationship(String userId, String type, String relatedId, boolean bidirectional) {
        return relationships.add(caller, userId, type, relatedId, bidirectional).map(ScopedUsers::changed);
    }

    Mono<ObjectNode> removeRelationship(String userId, String type, String relatedId, boolean bidirectional) {
        return relationships.remove(caller, userId, type, relatedId, bidirectional).map(ScopedUsers::changed);
    }

    private static ObjectNode changed(RelationshipChange change) {
        return JsonNodeFactory.instance.objectNode().put("success", true).put("message", change.message())
                .put("bidirectional", change.bidirectional());
    }

    /** What can be refused without the database: the options users do not support. */
    static void check(QueryOptions options) {
        if (!options.select().isEmpty() || !options.populate().isEmpty()) {
            throw VellumException.validation("user queries take no select or populate",
                    java.util.Map.of("field", options.select().isEmpty() ? "populate" : "select"));
        }
        UserFilters.sort(options.sort(), desc(options));
    }

    private static boolean desc(QueryOptions options) {
        return options.order() == QueryOptions.Order.DESC;
    }

    private <T> Mono<T> admin(Supplier<Mono<T>> work) {
        return Mono.defer(() -> {
            if (caller.keyKind() != Caller.KeyKind.SECRET || caller.isUser()) {
                return Mono.error(new VellumException(ErrorCode.FORBIDDEN,
                        "managing users needs the secret key without a user token"));
            }
            return work.get();
        }).onErrorMap(FailureClassifier::translate); // a taken email is CONFLICT for Java callers too
    }
}
