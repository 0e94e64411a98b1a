package dev.vellum.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Writes the lax-mode SQL/JSON paths that equality binds as {@code jsonpath} parameters. Keys and
 * string values are always double-quoted jsonpath literals with {@code "}, {@code \} and control
 * characters escaped, so a client's text can only ever be a literal. Lax mode is MongoDB's path
 * rule: a key accessor applied to an array looks into each of its elements (one level).
 */
final class JsonPathText {

    /** Past this many scalars of an object or array operand the narrowing stops adding conditions. */
    static final int MAX_NARROWING_LEAVES = 16;

    private JsonPathText() {
    }

    /** {@code lax $."a"."b"}: every value the dotted path reaches, fanning out over arrays of objects. */
    static String values(List<String> segments) {
        return "lax $" + accessors(segments);
    }

    /**
     * The values at the path equal to the scalar, or arrays holding it: lax mode lets the filter
     * look into an array (one level) and the type test keeps a nested array from matching.
     */
    static String equalTo(List<String> segments, JsonNode scalar) {
        return values(segments) + " ? (@ == " + literal(scalar) + " && @.type() != \"array\")";
    }

    /**
     * A condition every document matching equality with the object or array holds (one test per
     * scalar inside it, wherever arrays sit): it only narrows rows through the GIN index, an exact
     * check follows. Empty when the operand holds no scalar ({@code {}}, {@code []}).
     */
    static String narrowing(List<String> segments, JsonNode container) {
        List<String> tests = new ArrayList<>();
        leaves(container, "@" + accessors(segments) + "[*]", tests);
        return tests.isEmpty() ? "" : "lax $ ? (" + String.join(" && ", tests) + ")";
    }

    private static void leaves(JsonNode node, String path, List<String> tests) {
        if (tests.size() == MAX_NARROWING_LEAVES) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                leaves(member.getValue(), path + "." + quoted(member.getKey()), tests);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                leaves(element, path + "[*]", tests);
            }
        } else {
            tests.add(path + " == " + literal(node));
        }
    }

    private static String accessors(List<String> segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('.').append(quoted(segment));
        }
        return path.toString();
    }

    private static String literal(JsonNode scalar) {
        if (scalar.isString()) {
            return quoted(scalar.stringValue());
        }
        if (scalar.isNumber()) {
            return scalar.decimalValue().toString();
        }
        if (scalar.isBoolean() || scalar.isNull()) {
            return scalar.toString();
        }
        throw new IllegalArgumentException("not a scalar: " + scalar.getNodeType());
    }

    static String quoted(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
