package dev.vellum.subdoc;

/**
 * The two quoting layers of a path component: JSON string escapes for characters that could not
 * stand in a JSON string, and backticks around keys holding the path syntax {@code . [ ] `}.
 */
final class PathText {

    private PathText() {
    }

    /** Appends a key in canonical form: JSON-escaped, backtick-quoted only when it must be. */
    static void appendKey(StringBuilder out, String key) {
        boolean quote = needsBackticks(key);
        if (quote) {
            out.append('`');
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '`' -> out.append("``");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (quote) {
            out.append('`');
        }
    }

    private static boolean needsBackticks(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '[' || c == ']' || c == '`') {
                return true;
            }
        }
        return false;
    }

    /** True for characters a JSON string must escape. */
    static boolean mustEscape(char c) {
        return c == '"' || c < 0x20;
    }

    /**
     * Decodes the escape whose backslash is at {@code at} into {@code out}; returns the index
     * after it, or -1 when it is not a JSON escape.
     */
    static int decodeEscape(String text, int at, StringBuilder out) {
        if (at + 1 >= text.length()) {
            return -1;
        }
        char c = text.charAt(at + 1);
        switch (c) {
            case '"', '\\', '/' -> out.append(c);
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                if (at + 6 > text.length()) {
                    return -1;
                }
                int value = 0;
                for (int i = at + 2; i < at + 6; i++) {
                    int digit = Character.digit(text.charAt(i), 16);
                    if (digit < 0) {
                        return -1;
                    }
                    value = value * 16 + digit;
                }
                out.append((char) value);
                return at + 6;
            }
            default -> {
                return -1;
            }
        }
        return at + 2;
    }
}
