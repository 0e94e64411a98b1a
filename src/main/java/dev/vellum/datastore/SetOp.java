package dev.vellum.datastore;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One field assignment of a write: a path and either a JSON value or the server's timestamp
 * ({@code "&field": "@now()"}).
 */
record SetOp(List<String> path, JsonNode value, boolean now) {

    SetOp {
        path = List.copyOf(path);
    }

    static SetOp value(List<String> path, JsonNode value) {
        return new SetOp(path, value, false);
    }

    static SetOp now(List<String> path) {
        return new SetOp(path, null, true);
    }
}
