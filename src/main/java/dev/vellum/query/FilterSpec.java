package dev.vellum.query;

import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The Datastore {@code filter} field, which is either a projection ({@code {"name": 1, "email": 1}}:
 * every value the number 1, or every value the number 0) or a condition in the match syntax.
 */
public final class FilterSpec {

    private final Condition condition;
    private final Projection projection;

    private FilterSpec(Condition condition, Projection projection) {
        this.condition = condition;
        this.projection = projection;
    }

    /** Null, missing or {@code {}} is the condition that matches everything. */
    public static FilterSpec parse(JsonNode filter) {
        if (filter != null && filter.isObject() && !filter.isEmpty() && isProjection(filter)) {
            return new FilterSpec(null, Projection.parse(filter));
        }
        return new FilterSpec(MatchParser.parse(filter, "filter"), null);
    }

    private static boolean isProjection(JsonNode filter) {
        Boolean first = null;
        for (Map.Entry<String, JsonNode> entry : filter.properties()) {
            JsonNode value = entry.getValue();
            if (entry.getKey().contains(":$") || !value.isNumber()) {
                return false;
            }
            Optional<Boolean> flag = Projection.flagValue(value);
            if (flag.isEmpty() || (first != null && !first.equals(flag.get()))) {
                return false;
            }
            first = flag.get();
        }
        return true;
    }

    public Optional<Condition> condition() {
        return Optional.ofNullable(condition);
    }

    public Optional<Projection> projection() {
        return Optional.ofNullable(projection);
    }
}
