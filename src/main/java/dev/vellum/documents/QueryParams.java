package dev.vellum.documents;

import dev.vellum.store.CountMode;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.QueryStringParser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * The query string of a documents route. Reserved names ({@code sort order limit offset select
 * populate count}) are never filters: a route takes the ones it supports, once each, and refuses the
 * rest. On the filter routes (query, find_one, count) every other parameter is a filter for
 * {@link QueryStringParser}; elsewhere it is refused rather than ignored.
 */
final class QueryParams {

    static final Set<String> RESERVED = Set.of("sort", "order", "limit", "offset", "select", "populate", "count");
    static final Set<String> NONE = Set.of();
    static final Set<String> PAGE = Set.of("sort", "order", "limit", "offset", "select");
    static final Set<String> PAGE_POPULATE = Set.of("sort", "order", "limit", "offset", "select", "populate", "count");
    static final Set<String> POPULATE = Set.of("populate");

    private final MultiValueMap<String, String> params;
    private final boolean filters;

    QueryParams(MultiValueMap<String, String> params, Set<String> allowed, boolean filters) {
        this.params = params;
        this.filters = filters;
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String name = param.getKey();
            if (allowed.contains(name)) {
                if (param.getValue().size() != 1) {
                    throw VellumException.validation("give '" + name + "' once", Map.of("field", name));
                }
            } else if (RESERVED.contains(name)) {
                throw VellumException.validation("'" + name + "' is not supported on this route", Map.of("field", name));
            } else if (!filters) {
                throw VellumException.validation("unknown query parameter '" + name + "'"
                        + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed.stream().sorted().toList())),
                        Map.of("field", name));
            }
        }
    }

    /** The filter the non-reserved parameters describe; every document when there are none. */
    Condition filter() {
        return filters ? QueryStringParser.parse(params, RESERVED) : Condition.always();
    }

    QueryOptions options() {
        return new QueryOptions(emptyToNull(params.getFirst("sort")), order(params.getFirst("order")),
                integer("limit", QueryOptions.DEFAULT_LIMIT), integer("offset", 0), select(params.getFirst("select")),
                populate(), CountMode.parse(params.getFirst("count"), "count"));
    }

    /** {@code populate=author,category:cats} as its comma-separated entries; none when absent. */
    List<String> populate() {
        String value = params.getFirst("populate");
        return value == null ? List.of() : Selection.split(value);
    }

    private int integer(String name, int defaultValue) {
        return PageParams.wholeNumber(name, params.getFirst(name), defaultValue);
    }

    private static QueryOptions.Order order(String value) {
        return PageParams.order(value);
    }

    private static List<String> select(String value) {
        return value == null ? List.of() : Selection.split(value);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
