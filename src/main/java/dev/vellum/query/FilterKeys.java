package dev.vellum.query;

import dev.vellum.query.Condition.All;
import dev.vellum.query.Condition.Any;
import dev.vellum.query.Condition.IsNull;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Parses the Cocobase filter keys over JSON values: {@code status}, {@code price_gte},
 * {@code tags_contains}, {@code [or]a}, {@code [or:g]b} (key rules in {@link FilterKey}). The
 * result is the AND of the plain keys and of one OR per group: every {@code [or]} key forms one
 * group, each {@code [or:name]} its own. {@code _in}/{@code _notin} take a JSON array or a
 * comma list string (split and coerced as {@link Coercion} describes); {@code _isnull} takes
 * {@code true} (missing or null) or {@code false} (present and not null).
 */
public final class FilterKeys {

    private FilterKeys() {
    }

    /**
     * @param cocobaseAliases whether {@code id}, {@code created_at}, {@code updated_at} mean
     *                        {@code _key}, {@code _created_at}, {@code _modified_at}
     */
    public static Condition parse(List<Map.Entry<String, JsonNode>> filters, boolean cocobaseAliases) {
        List<Condition> plain = new ArrayList<>();
        Map<String, List<Condition>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> filter : filters) {
            FilterKey key = FilterKey.parse(filter.getKey(), cocobaseAliases);
            Condition condition = condition(key, filter.getValue());
            if (key.group().isPresent()) {
                groups.computeIfAbsent(key.group().get(), g -> new ArrayList<>()).add(condition);
            } else {
                plain.add(condition);
            }
        }
        List<Condition> all = new ArrayList<>(plain);
        groups.values().forEach(group -> all.add(new Any(group)));
        return new All(all);
    }

    private static Condition condition(FilterKey key, JsonNode value) {
        JsonNode operand = value == null ? JsonNodeFactory.instance.nullNode() : value;
        if (key.suffix() == FilterKey.Suffix.ISNULL) {
            if (!operand.isBoolean()) {
                throw QueryErrors.invalid(key.key(), "_isnull takes true or false");
            }
            return new IsNull(key.field(), operand.booleanValue());
        }
        if (key.suffix().isList()) {
            operand = list(key, operand);
        }
        return Operands.compare(key.field(), key.suffix().op, operand, key.key());
    }

    private static JsonNode list(FilterKey key, JsonNode value) {
        if (value.isArray()) {
            return value;
        }
        if (!value.isString()) {
            throw QueryErrors.invalid(key.key(), key.suffix().text + " takes an array or a comma-separated list");
        }
        List<String> elements = Coercion.splitList(value.stringValue());
        if (elements.size() > Operands.MAX_LIST) {
            throw QueryErrors.invalid(key.key(), key.suffix().text + " takes at most " + Operands.MAX_LIST + " values");
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        elements.forEach(element -> array.add(Coercion.coerce(element, key)));
        return array;
    }
}
