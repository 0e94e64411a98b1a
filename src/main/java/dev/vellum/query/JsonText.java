package dev.vellum.query;

import dev.vellum.sql.JsonParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** Serializes operands into compact {@code jsonb} parameters. */
final class JsonText {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonText() {
    }

    static JsonParam param(JsonNode value) {
        return new JsonParam(MAPPER.writeValueAsString(value));
    }

    /** {@code [value]}: an array holding the value, to match arrays containing it. */
    static JsonNode inArray(JsonNode value) {
        return NODES.arrayNode().add(value);
    }
}
