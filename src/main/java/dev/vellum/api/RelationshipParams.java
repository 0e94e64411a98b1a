package dev.vellum.api;

import dev.vellum.documents.PageParams;
import dev.vellum.documents.QueryOptions;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.QueryStringParser;
import dev.vellum.store.CountMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * The query string of {@code GET .../relationships/{type}}: {@code limit}, {@code offset},
 * {@code select} and {@code populate} (comma-separated, over the related users' {@code data} fields)
 * and {@code count} as on documents routes, every other name a filter on the related users. {@code sort} and
 * {@code order} are refused rather than ignored.
 */
record RelationshipParams(Condition filter, int limit, int offset, List<String> select, List<String> populate,
                          CountMode count) {

    static final Set<String> RESERVED = Set.of("sort", "order", "limit", "offset", "select", "populate", "count");
    private static final Set<String> ALLOWED = Set.of("limit", "offset", "select", "populate", "count");

    static RelationshipParams of(MultiValueMap<String, String> params) {
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String name = param.getKey();
            if (ALLOWED.contains(name) && param.getValue().size() != 1) {
                throw VellumException.validation("give '" + name + "' once", Map.of("field", name));
            }
            if (RESERVED.contains(name) && !ALLOWED.contains(name)) {
                throw VellumException.validation("'" + name + "' is not supported on this route", Map.of("field", name));
            }
        }
        int limit = integer(params, "limit", QueryOptions.DEFAULT_LIMIT);
        if (limit < 1 || limit > QueryOptions.MAX_LIMIT) {
            throw VellumException.validation("'limit' must be an integer from 1 to " + QueryOptions.MAX_LIMIT, Map.of("field", "limit"));
        }
        String select = params.getFirst("select");
        String populate = params.getFirst("populate");
        return new RelationshipParams(QueryStringParser.parse(params, RESERVED), limit, integer(params, "offset", 0),
                select == null ? List.of() : List.of(select.split(",", -1)),
                populate == null ? List.of() : List.of(populate.split(",", -1)),
                CountMode.parse(params.getFirst("count"), "count"));
    }

    private static int integer(MultiValueMap<String, String> params, String name, int defaultValue) {
        return PageParams.wholeNumber(name, params.getFirst(name), defaultValue);
    }
}
