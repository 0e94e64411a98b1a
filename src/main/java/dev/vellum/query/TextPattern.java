package dev.vellum.query;

import java.util.Locale;

/**
 * The text operators' patterns: a bound {@code ilike} pattern for SQL and the same test in Java.
 * The client's text is escaped, so {@code %}, {@code _} and {@code \} in it match themselves.
 */
final class TextPattern {

    /** What follows {@code ilike $n}; the backslash is our own constant. */
    static final String ESCAPE_CLAUSE = " escape '\\'";

    private TextPattern() {
    }

    /** The pattern a string value must match: {@code %text%}, {@code text%} or {@code %text}. */
    static String forString(Op op, String text) {
        String escaped = escape(text);
        return switch (op) {
            case CONTAINS -> "%" + escaped + "%";
            case STARTSWITH -> escaped + "%";
            case ENDSWITH -> "%" + escaped;
            default -> throw new IllegalStateException(op + " is not a text operator");
        };
    }

    /** The pattern an array element must match: for contains (membership) the whole element. */
    static String forElement(Op op, String text) {
        return op == Op.CONTAINS ? escape(text) : forString(op, text);
    }

    /** The in-memory test, ignoring case the way {@code ilike} does for the common alphabets. */
    static boolean test(Op op, String value, String text, boolean element) {
        String v = value.toLowerCase(Locale.ROOT);
        String t = text.toLowerCase(Locale.ROOT);
        return switch (op) {
            case CONTAINS -> element ? v.equals(t) : v.contains(t);
            case STARTSWITH -> v.startsWith(t);
            case ENDSWITH -> v.endsWith(t);
            default -> throw new IllegalStateException(op + " is not a text operator");
        };
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
