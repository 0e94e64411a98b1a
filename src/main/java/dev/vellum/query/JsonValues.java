package dev.vellum.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/** JSON lookups, equality and ordering as Postgres {@code jsonb} defines them, for in-memory matching. */
final class JsonValues {

    private JsonValues() {
    }

    /** What {@code body #> path} yields: object keys, or array indexes for integer-like segments. */
    static Optional<JsonNode> lookup(JsonNode root, Iterable<String> segments) {
        JsonNode node = root;
        for (String segment : segments) {
            if (node.isObject()) {
                node = node.get(segment);
            } else if (node.isArray()) {
                OptionalInt index = ArrayIndex.resolve(segment, node.size());
                node = index.isPresent() ? node.get(index.getAsInt()) : null;
            } else {
                node = null;
            }
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    /**
     * What a lax {@code jsonpath} {@code $."a"."b"} yields (MongoDB's dotted path): a key applied to
     * an array is applied to each of its object elements, one level deep; the values found, in order.
     */
    static List<JsonNode> fanOut(JsonNode root, List<String> segments) {
        List<JsonNode> found = new ArrayList<>();
        fanOut(root, segments, 0, found);
        return found;
    }

    private static void fanOut(JsonNode node, List<String> segments, int depth, List<JsonNode> found) {
        if (depth == segments.size()) {
            found.add(node);
            return;
        }
        String key = segments.get(depth);
        if (node.isObject() && node.has(key)) {
            fanOut(node.get(key), segments, depth + 1, found);
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isObject() && element.has(key)) {
                    fanOut(element.get(key), segments, depth + 1, found);
                }
            }
        }
    }

    /** jsonb equality: numbers by value, objects regardless of key order, arrays in order. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            for (Map.Entry<String, JsonNode> entry : a.properties()) {
                JsonNode other = b.get(entry.getKey());
                if (other == null || !equal(entry.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.isNull() || a.equals(b);
    }

    /** True when the array holds an element equal to the value (one level, no nesting). */
    static boolean arrayHolds(JsonNode array, JsonNode value) {
        Iterator<JsonNode> elements = array.iterator();
        while (elements.hasNext()) {
            if (equal(elements.next(), value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Compares two primitives of the same JSON type: numbers by value, booleans false &lt; true,
     * strings by code point (the database's "C" collation order).
     */
    static int compareSameType(JsonNode a, JsonNode b) {
        if (a.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isBoolean()) {
            return Boolean.compare(a.booleanValue(), b.booleanValue());
        }
        return compareCodePoints(a.stringValue(), b.stringValue());
    }

    static boolean sameJsonType(JsonNode a, JsonNode b) {
        return a.getNodeType() == b.getNodeType() || a.isNumber() && b.isNumber();
    }

    static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
