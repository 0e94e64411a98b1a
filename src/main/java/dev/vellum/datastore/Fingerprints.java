package dev.vellum.datastore;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** A canonical text for a JSON value (object keys sorted), so equal matches lock the same key. */
final class Fingerprints {

    private Fingerprints() {
    }

    static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            out.append('{');
            sorted.forEach((key, value) -> {
                out.append(quote(key)).append(':');
                write(value, out);
                out.append(',');
            });
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            node.values().forEach(value -> {
                write(value, out);
                out.append(',');
            });
            out.append(']');
        } else if (node.isNumber()) {
            out.append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            out.append(node.toString());
        }
    }

    private static String quote(String key) {
        return '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
