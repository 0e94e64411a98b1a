package dev.vellum.query;

import java.util.OptionalInt;

/**
 * Reads a path segment as an array index the way Postgres {@code #>} does (C {@code strtol}):
 * optional leading whitespace, optional sign, decimal digits, within {@code int} range.
 * Negative indexes count from the end of the array.
 */
final class ArrayIndex {

    private ArrayIndex() {
    }

    static OptionalInt parse(String segment) {
        int i = 0;
        while (i < segment.length() && isCSpace(segment.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < segment.length() && (segment.charAt(i) == '+' || segment.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < segment.length() && segment.charAt(i) >= '0' && segment.charAt(i) <= '9') {
            i++;
        }
        if (i == digits || i != segment.length()) {
            return OptionalInt.empty();
        }
        try {
            String text = segment.substring(start);
            return OptionalInt.of(Integer.parseInt(text.startsWith("+") ? text.substring(1) : text));
        } catch (NumberFormatException tooBig) {
            return OptionalInt.empty();
        }
    }

    /** The element a segment selects in an array of the given size, if any. */
    static OptionalInt resolve(String segment, int size) {
        OptionalInt index = parse(segment);
        if (index.isEmpty()) {
            return index;
        }
        int i = index.getAsInt() < 0 ? size + index.getAsInt() : index.getAsInt();
        return i >= 0 && i < size ? OptionalInt.of(i) : OptionalInt.empty();
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
