package dev.vellum.subdoc;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Renders validated mutation specs as the one jsonb parameter of docs/subdoc-wire-format.md. */
public final class WireFormat {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireFormat() {
    }

    public static ArrayNode specs(List<MutationSpec> specs) {
        ArrayNode array = NODES.arrayNode();
        for (MutationSpec spec : specs) {
            array.add(spec(spec));
        }
        return array;
    }

    static ObjectNode spec(MutationSpec spec) {
        ObjectNode node = NODES.objectNode();
        node.put("op", spec.op().wireName());
        node.set("path", spec.path().toWire());
        if (!spec.values().isEmpty()) {
            ArrayNode values = node.putArray("values");
            spec.values().forEach(values::add);
        }
        if (spec.delta() != null) {
            node.put("delta", spec.delta().longValue());
        }
        node.put("create_parents", spec.createParents());
        return node;
    }
}
