package dev.vellum.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The fields a projection names, as a tree of object keys; a whole field wins over its sub-fields. */
final class PathTree {

    private final Map<String, PathTree> children = new LinkedHashMap<>();
    private boolean whole;

    void add(List<String> segments) {
        PathTree node = this;
        for (String segment : segments) {
            if (node.whole) {
                return;
            }
            node = node.children.computeIfAbsent(segment, s -> new PathTree());
        }
        node.whole = true;
        node.children.clear();
    }

    /** Keeps (inclusive) or drops (exclusive) the named fields, copying the rest. */
    ObjectNode select(ObjectNode source, boolean inclusive) {
        ObjectNode result = source.objectNode();
        for (Map.Entry<String, JsonNode> entry : source.properties()) {
            PathTree child = children.get(entry.getKey());
            JsonNode value = entry.getValue();
            if (child == null) {
                if (!inclusive) {
                    result.set(entry.getKey(), value.deepCopy());
                }
            } else if (child.whole) {
                if (inclusive) {
                    result.set(entry.getKey(), value.deepCopy());
                }
            } else if (value.isObject()) {
                result.set(entry.getKey(), child.select((ObjectNode) value, inclusive));
            } else if (!inclusive) {
                result.set(entry.getKey(), value.deepCopy());
            }
        }
        return result;
    }
}
