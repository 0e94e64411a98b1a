package dev.vellum.query;

import dev.vellum.query.Condition.All;
import dev.vellum.query.Condition.Compare;
import dev.vellum.query.Condition.Exists;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Parses the Datastore {@code match} syntax: {@code {"status": "active", "age:$gte": 18}}.
 * Keys are {@code field} (equality) or {@code field:$op}, split at the last {@code :$}; all
 * keys must hold (AND).
 */
public final class MatchParser {

    private MatchParser() {
    }

    /** Parses a match object; null or missing means "everything" (an empty {@link All}). */
    public static Condition parse(JsonNode match) {
        return parse(match, "match");
    }

    static Condition parse(JsonNode match, String what) {
        if (match == null || match.isMissingNode() || match.isNull()) {
            return Condition.always();
        }
        if (!match.isObject()) {
            throw QueryErrors.invalid(what, what + " must be a JSON object");
        }
        int max = CountBounds.current().predicates();
        CountBounds.check(match.size(), max, what, "predicates");
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : match.properties()) {
            conditions.add(parseEntry(entry.getKey(), entry.getValue()));
        }
        Condition parsed = new All(conditions);
        CountBounds.check(CountBounds.predicates(parsed), max, what, "predicates");
        return parsed;
    }

    private static Condition parseEntry(String key, JsonNode value) {
        int split = key.lastIndexOf(":$");
        String name = split < 0 ? key : key.substring(0, split);
        FieldRef field = FieldNames.parse(name, key);
        if (split < 0) {
            return Operands.compare(field, Op.EQ, value, key);
        }
        String token = key.substring(split + 1);
        if (token.equals("$exists")) {
            if (!value.isBoolean()) {
                throw QueryErrors.invalid(key, "$exists needs true or false");
            }
            return new Exists(field, value.booleanValue());
        }
        Op op = Op.byToken(token)
                .orElseThrow(() -> QueryErrors.invalid(key, "unknown operator '" + token + "'"));
        return Operands.compare(field, op, value, key);
    }
}
