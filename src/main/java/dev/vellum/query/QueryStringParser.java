package dev.vellum.query;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Parses query-string filters ({@code ?status=published&price_gte=100&[or]tag=a}) into a
 * {@link Condition}: reserved names (sort, limit, …) are skipped, every other value is coerced
 * by {@link Coercion}'s rules, and the keys are {@link FilterKeys} with the Cocobase aliases.
 * A repeated key ({@code a=1&a=2}) means both must hold.
 */
public final class QueryStringParser {

    private QueryStringParser() {
    }

    /** {@code params} as decoded from the URL, names to values in order; null means no filters. */
    public static Condition parse(Map<String, List<String>> params, Set<String> reserved) {
        if (params == null) {
            return Condition.always();
        }
        List<Map.Entry<String, JsonNode>> filters = new ArrayList<>();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (reserved.contains(param.getKey()) || param.getValue() == null) {
                continue;
            }
            FilterKey key = FilterKey.parse(param.getKey(), true);
            for (String raw : param.getValue()) {
                filters.add(new SimpleImmutableEntry<>(param.getKey(), value(key, raw == null ? "" : raw)));
            }
        }
        CountBounds.check(filters.size(), CountBounds.current().predicates(), "filters", "filter predicates");
        return FilterKeys.parse(filters, true);
    }

    /** A comma list stays raw text here, so FilterKeys splits it before coercing each element. */
    private static JsonNode value(FilterKey key, String raw) {
        return key.suffix().isList() ? StringNode.valueOf(raw) : Coercion.coerce(raw, key);
    }
}
