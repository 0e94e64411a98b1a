package dev.vellum.subdoc;

import dev.vellum.subdoc.SubdocPath.Component;
import dev.vellum.subdoc.SubdocPath.Index;
import dev.vellum.subdoc.SubdocPath.Key;
import tools.jackson.databind.JsonNode;

/**
 * Where a path leads in a document, after subjson's match: keys step into objects, indexes into
 * arrays ({@code -1} the last element); a step into the wrong type is a mismatch.
 */
public sealed interface PathMatch {

    /** The path names this value. */
    record Found(JsonNode value) implements PathMatch {
    }

    /** Some level of the path is missing (a key not present, an index past the end). */
    record NotFound() implements PathMatch {
    }

    /** Some level of the path steps into a value of the wrong type. */
    record Mismatch() implements PathMatch {
    }

    static PathMatch find(JsonNode document, SubdocPath path) {
        JsonNode current = document;
        for (Component component : path.components()) {
            if (component instanceof Key key) {
                if (!current.isObject()) {
                    return new Mismatch();
                }
                current = current.get(key.name());
            } else {
                if (!current.isArray()) {
                    return new Mismatch();
                }
                int index = ((Index) component).index();
                current = current.get(index == -1 ? current.size() - 1 : index);
            }
            if (current == null) {
                return new NotFound();
            }
        }
        return new Found(current);
    }
}
