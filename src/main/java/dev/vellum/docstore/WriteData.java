package dev.vellum.docstore;

import dev.vellum.error.VellumException;
import dev.vellum.query.CountBounds;
import dev.vellum.query.NumberBound;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the {@code data} object of a write into assignments: {@code "a.b": 1} sets a nested
 * field, {@code "&field": "@now()"} sets the server timestamp, and a {@code _}-prefixed field is
 * refused (system fields are never written by clients).
 */
public final class WriteData {

    static final int MAX_DEPTH = 32;
    static final int MAX_PATH_SEGMENTS = 31;
    static final String NOW = "@now()";

    private WriteData() {
    }

    /** Parses an object of assignments; {@code allowKey} lets {@code _key} through (it names the document). */
    public static List<SetOp> assignments(JsonNode data, String where, boolean allowKey) {
        if (data == null || !data.isObject()) {
            throw VellumException.validation(where + " must be a JSON object", Map.of("field", where));
        }
        // vellum_apply_sets copies the document once per path: bound the paths before anything runs
        CountBounds.check(data.size(), CountBounds.current().updatePaths(), where, "fields set");
        List<SetOp> sets = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : data.properties()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            if (allowKey && name.equals("_key")) {
                continue;
            }
            if (name.startsWith("&")) {
                if (!value.isString() || !NOW.equals(value.asString())) {
                    throw VellumException.validation("a '&' field takes the value \"@now()\"", Map.of("field", name));
                }
                sets.add(SetOp.now(path(name.substring(1), name)));
            } else {
                List<String> path = path(name, name);
                checkDepth(value, path.size(), name);
                sets.add(SetOp.value(path, value));
            }
        }
        rejectOverlaps(sets);
        return sets;
    }

    /**
     * Checks a whole document given as content (the KV routes): an object or an array, no
     * top-level {@code _} fields, the depth and number limits every document keeps.
     */
    public static JsonNode checkContent(JsonNode content) {
        if (!content.isObject() && !content.isArray()) {
            throw VellumException.validation("the document content must be a JSON object or array");
        }
        for (String name : content.propertyNames()) {
            if (name.startsWith("_")) {
                throw VellumException.validation("fields starting with '_' are reserved for the system", Map.of("field", name));
            }
        }
        checkDepth(content, 0, "body");
        return content;
    }

    /** {@code "a"} and {@code "a.b"} in one write would make the result depend on key order. */
    private static void rejectOverlaps(List<SetOp> sets) {
        if (sets.stream().allMatch(set -> set.path().size() == 1)) {
            return; // distinct top-level names (the parser refuses duplicate keys)
        }
        // Sorted by segments, a path is followed directly by the paths it is a prefix of.
        List<List<String>> paths = sets.stream().map(SetOp::path).sorted(WriteData::compare).toList();
        for (int i = 1; i < paths.size(); i++) {
            List<String> a = paths.get(i - 1);
            List<String> b = paths.get(i);
            if (a.size() <= b.size() && b.subList(0, a.size()).equals(a)) {
                throw VellumException.validation("fields '" + String.join(".", a) + "' and '" + String.join(".", b)
                        + "' overlap in one write", Map.of("field", String.join(".", b)));
            }
        }
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Builds the stored body of a new document: dotted keys become nested objects. */
    public static ObjectNode body(List<SetOp> sets) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (SetOp set : sets) {
            if (set.now()) {
                continue;
            }
            ObjectNode parent = body;
            List<String> path = set.path();
            for (int i = 0; i < path.size() - 1; i++) {
                JsonNode child = parent.get(path.get(i));
                if (child == null || child.isNull()) {
                    child = parent.putObject(path.get(i));
                } else if (!child.isObject()) {
                    throw VellumException.validation("field '" + String.join(".", path.subList(0, i + 1))
                            + "' is not an object", Map.of("field", String.join(".", path)));
                }
                parent = (ObjectNode) child;
            }
            parent.set(path.get(path.size() - 1), set.value());
        }
        checkDepth(body, 0, "data");
        return body;
    }

    private static List<String> path(String name, String field) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw VellumException.validation("field names must be 1 to 1024 bytes", Map.of("field", field));
        }
        if (name.startsWith("_")) {
            throw VellumException.validation("fields starting with '_' are reserved for the system", Map.of("field", field));
        }
        List<String> segments = List.of(name.split("\\.", -1));
        if (segments.size() > MAX_PATH_SEGMENTS || segments.stream().anyMatch(String::isEmpty)) {
            throw VellumException.validation("invalid field path", Map.of("field", field));
        }
        return segments;
    }

    /** Documents nest at most 32 levels, the document itself being the first. */
    private static void checkDepth(JsonNode value, int depth, String field) {
        if (!NumberBound.fits(value)) {
            throw VellumException.validation(NumberBound.MESSAGE, Map.of("field", field));
        }
        if (!value.isContainer()) {
            return;
        }
        if (depth + 1 > MAX_DEPTH) {
            throw VellumException.validation("documents nest at most " + MAX_DEPTH + " levels", Map.of("field", field));
        }
        for (JsonNode child : value.values()) {
            checkDepth(child, depth + 1, field);
        }
    }
}
