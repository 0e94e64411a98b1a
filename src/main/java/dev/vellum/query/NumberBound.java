package dev.vellum.query;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The one bound on numbers a client can send: at most {@value #MAX_DIGITS} digits when written out
 * in full. Postgres prints numbers that way (1e1200 comes back as 1201 digits), so a number past
 * the bound could be stored but never read back, and {@code toPlainString} of 1e999999999 is a
 * gigabyte. Checked on precision and scale only, before any arithmetic or formatting.
 */
public final class NumberBound {

    /** Digits of a number written out in full: integer part plus fraction. */
    public static final int MAX_DIGITS = 1000;

    /** The message of the validation error for a number over the bound. */
    public static final String MESSAGE = "numbers are limited to " + MAX_DIGITS + " digits written out in full";

    private NumberBound() {
    }

    /** Whether the number, written without an exponent, has at most {@link #MAX_DIGITS} digits. */
    public static boolean fits(BigDecimal value) {
        long precision = value.precision();
        long scale = value.scale();
        return Math.max(1, precision - scale) + Math.max(0, scale) <= MAX_DIGITS;
    }

    /** Whether a JSON number is within the bound; other nodes always are. */
    public static boolean fits(JsonNode node) {
        if (!node.isNumber() || node.isInt() || node.isLong() || node.isShort()) {
            return true;
        }
        return fits(node.decimalValue());
    }

    /**
     * Where the first number over the bound sits in {@code tree}, as a field path from the body
     * ({@code match.price}, {@code data[2].n}; {@code body} for a bare number), if there is one.
     */
    public static Optional<String> firstOver(JsonNode tree) {
        // every body passes this check: walk it without building field paths, and name the place
        // only for the rare body that fails
        return allFit(tree) ? Optional.empty() : firstOver(tree, "");
    }

    private static boolean allFit(JsonNode node) {
        if (node.isNumber()) {
            return fits(node);
        }
        if (node.isContainer()) {
            for (JsonNode child : node.values()) {
                if (!allFit(child)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Optional<String> firstOver(JsonNode node, String path) {
        if (node.isNumber()) {
            return fits(node) ? Optional.empty() : Optional.of(path.isEmpty() ? "body" : path);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = firstOver(node.get(i), path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                Optional<String> found = firstOver(field.getValue(),
                        path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
