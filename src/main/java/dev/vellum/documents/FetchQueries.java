package dev.vellum.documents;

import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.FilterKeys;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the body of {@code POST /v1/fetch_all}: a JSON list of query objects
 * {@code {"type", "collection", <filters>, "limit"?, "sort"?, "order"?, "offset"?, "select"?, "populate"?}}.
 * Every key other than those is a filter with a JSON value ({@link FilterKeys}, Cocobase aliases).
 * A {@code query} takes all the options, {@code find_one} only {@code populate}, {@code count}
 * none. {@code query_users} ({@code sort order limit offset}) and {@code find_user} (none) take no
 * collection and filter users on email, roles and data.*. {@code collections} ({@code limit offset}) and
 * {@code collection} ({@code collection}) read collections, secret key only. An error names the query in {@code details.index}.
 */
final class FetchQueries {

    static final Set<String> OPTIONS = Set.of("sort", "order", "limit", "offset", "select", "populate");
    private static final Set<String> USER_PAGE = Set.of("sort", "order", "limit", "offset");

    private FetchQueries() {
    }

    static List<FetchQuery> parse(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw VellumException.validation("the body must be a JSON list of query objects", Map.of("field", "body"));
        }
        if (body.size() > FetchAll.MAX_QUERIES) {
            throw VellumException.validation("fetch_all takes at most " + FetchAll.MAX_QUERIES + " queries",
                    Map.of("field", "body"));
        }
        List<FetchQuery> queries = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            queries.add(FetchAll.atIndex(i, () -> one(item)));
        }
        return queries;
    }

    private static FetchQuery one(JsonNode item) {
        if (!item.isObject()) {
            throw VellumException.validation("each query must be a JSON object");
        }
        String type = text(item, "type", true);
        if (type.equals("collections") || type.equals("collection")) {
            return collections(type, item);
        }
        boolean users = type.equals("query_users") || type.equals("find_user");
        Set<String> allowed = switch (type) {
            case "query" -> OPTIONS;
            case "find_one" -> Set.of("populate");
            case "count", "find_user" -> Set.of();
            case "query_users" -> USER_PAGE;
            default -> throw VellumException.validation(
                    "'type' must be query, find_one, count, query_users, find_user, collections or collection",
                    Map.of("field", "type"));
        };
        if (users && item.has("collection")) {
            throw VellumException.validation("'collection' is not supported for type " + type, Map.of("field", "collection"));
        }
        String collection = users ? null : text(item, "collection", true);
        List<Map.Entry<String, JsonNode>> filters = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : item.properties()) {
            String key = entry.getKey();
            if (OPTIONS.contains(key) && !allowed.contains(key)) {
                throw VellumException.validation("'" + key + "' is not supported for type " + type, Map.of("field", key));
            }
            if (!OPTIONS.contains(key) && !key.equals("type") && !key.equals("collection")) {
                filters.add(new SimpleImmutableEntry<>(key, entry.getValue()));
            }
        }
        Condition filter = FilterKeys.parse(filters, true);
        return switch (type) {
            case "query" -> new FetchQuery.Query(collection, filter, options(item));
            case "query_users" -> new FetchQuery.QueryUsers(filter, options(item));
            case "find_user" -> new FetchQuery.FindUser(filter);
            case "find_one" -> new FetchQuery.FindOne(collection, filter, names(item, "populate"));
            default -> new FetchQuery.Count(collection, filter);
        };
    }

    /** {@code collections} takes {@code limit} and {@code offset}, {@code collection} its {@code collection}; nothing else. */
    private static FetchQuery collections(String type, JsonNode item) {
        Set<String> allowed = type.equals("collections") ? Set.of("type", "limit", "offset") : Set.of("type", "collection");
        for (String key : item.propertyNames()) {
            if (!allowed.contains(key)) {
                throw VellumException.validation("'" + key + "' is not supported for type " + type, Map.of("field", key));
            }
        }
        if (type.equals("collection")) {
            return new FetchQuery.GetCollection(text(item, "collection", true));
        }
        return new FetchQuery.Collections(integer(item, "limit", QueryOptions.DEFAULT_LIMIT), integer(item, "offset", 0));
    }

    private static QueryOptions options(JsonNode item) {
        String order = text(item, "order", false);
        QueryOptions.Order direction = order == null ? QueryOptions.Order.ASC : switch (order.toLowerCase(Locale.ROOT)) {
            case "asc" -> QueryOptions.Order.ASC;
            case "desc" -> QueryOptions.Order.DESC;
            default -> throw VellumException.validation("'order' must be asc or desc", Map.of("field", "order"));
        };
        return new QueryOptions(text(item, "sort", false), direction, integer(item, "limit", QueryOptions.DEFAULT_LIMIT),
                integer(item, "offset", 0), names(item, "select"), names(item, "populate"));
    }

    private static String text(JsonNode item, String name, boolean required) {
        JsonNode value = item.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw VellumException.validation("'" + name + "' is required", Map.of("field", name));
            }
            return null;
        }
        if (!value.isString()) {
            throw VellumException.validation("'" + name + "' must be a string", Map.of("field", name));
        }
        return value.stringValue();
    }

    private static int integer(JsonNode item, String name, int defaultValue) {
        JsonNode value = item.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw VellumException.validation("'" + name + "' must be a whole number", Map.of("field", name));
        }
        return value.intValue();
    }

    /** {@code "a,b"} or {@code ["a", "b"]}. */
    private static List<String> names(JsonNode item, String name) {
        JsonNode value = item.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isString()) {
            return Selection.split(value.stringValue());
        }
        List<String> names = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode element : value.values()) {
                if (!element.isString()) {
                    names = null;
                    break;
                }
                names.add(element.stringValue());
            }
            if (names != null) {
                return names;
            }
        }
        throw VellumException.validation("'" + name + "' must be a comma-separated string or a list of strings",
                Map.of("field", name));
    }
}
