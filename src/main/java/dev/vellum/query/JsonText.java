package dev.vellum.query;

import dev.vellum.sql.JsonParam;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Serializes operands into compact {@code jsonb} parameters, including containment documents. */
final class JsonText {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonText() {
    }

    static JsonParam param(JsonNode value) {
        return new JsonParam(MAPPER.writeValueAsString(value));
    }

    /** {@code {"a":{"b":value}}} for the path {@code a.b}: what {@code body @>} needs. */
    static JsonParam nested(List<String> path, JsonNode value) {
        JsonNode node = value;
        for (int i = path.size() - 1; i >= 0; i--) {
            ObjectNode wrapper = NODES.objectNode();
            wrapper.set(path.get(i), node);
            node = wrapper;
        }
        return param(node);
    }

    /** {@code [value]}: an array holding the value, to match arrays containing it. */
    static JsonNode inArray(JsonNode value) {
        return NODES.arrayNode().add(value);
    }
}
