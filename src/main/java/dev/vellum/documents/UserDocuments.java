package dev.vellum.documents;

import dev.vellum.error.VellumException;
import dev.vellum.query.BodyPath;
import dev.vellum.query.Condition;
import dev.vellum.query.Op;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.StringNode;

/**
 * {@code get_user_collections}: a user's documents are the ones naming the user in
 * {@code author_id}, {@code user_id}, {@code creator_id} or {@code owner_id}. The test is the
 * filters' equality (rendered as a lax {@code body @? jsonpath} test, so the GIN index serves each
 * branch of the OR; an array field matches when it holds the id), ANDed with the caller's filters.
 */
final class UserDocuments {

    static final List<String> FIELDS = List.of("author_id", "user_id", "creator_id", "owner_id");
    static final int MAX_USER_ID_BYTES = 1024;

    private UserDocuments() {
    }

    static Condition match(String userId, Condition filters) {
        if (userId == null || userId.isBlank()) {
            throw VellumException.validation("a user id is required", Map.of("field", "user_id"));
        }
        if (userId.getBytes(StandardCharsets.UTF_8).length > MAX_USER_ID_BYTES) {
            throw VellumException.validation("the user id is longer than " + MAX_USER_ID_BYTES + " bytes",
                    Map.of("field", "user_id"));
        }
        List<Condition> namesUser = FIELDS.stream()
                .map(field -> (Condition) new Condition.Compare(BodyPath.of(field), Op.EQ, StringNode.valueOf(userId)))
                .toList();
        Condition owned = new Condition.Any(namesUser);
        return filters == null ? owned : new Condition.All(List.of(owned, filters));
    }

    /** Newest first, unlike {@link AsyncDb#query}: a user's own items are usually listed latest first. */
    static QueryOptions defaultOptions() {
        return QueryOptions.defaults().sortBy(null, QueryOptions.Order.DESC);
    }
}
