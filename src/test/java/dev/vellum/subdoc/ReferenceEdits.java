package dev.vellum.subdoc;

import dev.vellum.subdoc.SubdocPath.Component;
import dev.vellum.subdoc.SubdocPath.Index;
import dev.vellum.subdoc.SubdocPath.Key;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The expected result of replace and remove at a path that exists, computed on Jackson trees. */
final class ReferenceEdits {

    private ReferenceEdits() {
    }

    /** A copy of document with the value at path set to value, or removed when value is null. */
    static JsonNode apply(JsonNode document, SubdocPath path, JsonNode value) {
        if (path.isRoot()) {
            return value;
        }
        JsonNode copy = document.deepCopy();
        SubdocPath parentPath = new SubdocPath(path.components().subList(0, path.size() - 1));
        JsonNode parent = ((PathMatch.Found) PathMatch.find(copy, parentPath)).value();
        Component last = path.last().orElseThrow();
        if (last instanceof Key key) {
            if (value == null) {
                ((ObjectNode) parent).remove(key.name());
            } else {
                ((ObjectNode) parent).set(key.name(), value);
            }
        } else {
            ArrayNode array = (ArrayNode) parent;
            int index = ((Index) last).isLast() ? array.size() - 1 : ((Index) last).index();
            if (value == null) {
                array.remove(index);
            } else {
                array.set(index, value);
            }
        }
        return copy;
    }
}
