package dev.vellum.subdoc;

import dev.vellum.error.ErrorCode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The outcome of one lookup spec, as it appears in the lookup_in response's {@code results}. */
public sealed interface LookupResult {

    ObjectNode toJson();

    /** get and count: the path exists and this is its value (or its count). */
    record Value(JsonNode value) implements LookupResult {
        @Override
        public ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("exists", true);
            node.set("value", value);
            return node;
        }
    }

    /** exists: whether the path is there. */
    record Presence(boolean exists) implements LookupResult {
        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("exists", exists);
        }
    }

    /** This spec failed (PATH_NOT_FOUND, PATH_MISMATCH); the others stand on their own. */
    record Failure(ErrorCode code) implements LookupResult {
        @Override
        public ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("exists", false);
            node.putObject("error").put("code", code.name());
            return node;
        }
    }
}
