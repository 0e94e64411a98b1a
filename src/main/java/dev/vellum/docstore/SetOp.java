package dev.vellum.docstore;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One field assignment of a write: a path and either a JSON value or the server's timestamp
 * ({@code "&field": "@now()"}).
 */
public record SetOp(List<String> path, JsonNode value, boolean now) {

    public SetOp {
        path = List.copyOf(path);
    }

    public static SetOp value(List<String> path, JsonNode value) {
        return new SetOp(path, value, false);
    }

    public static SetOp now(List<String> path) {
        return new SetOp(path, null, true);
    }

    /** The form {@code vellum_apply_sets} takes: {@code [{"p": [...], "v": <json>} | {"p": [...], "now": true}]}. */
    public static ArrayNode toJson(List<SetOp> sets) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (SetOp set : sets) {
            ObjectNode item = array.addObject();
            ArrayNode path = item.putArray("p");
            set.path().forEach(path::add);
            if (set.now()) {
                item.put("now", true);
            } else {
                item.set("v", set.value());
            }
        }
        return array;
    }
}
