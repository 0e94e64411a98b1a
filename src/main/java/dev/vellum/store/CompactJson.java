package dev.vellum.store;

/**
 * PostgreSQL's jsonb text ({@code {"a": 1, "b": [1, 2]}}) without the spaces it writes after
 * {@code :} and {@code ,}: the compact form Jackson writes, so a document sent as PostgreSQL's
 * text reads exactly as one written from a tree. Strings are copied as they are.
 */
public final class CompactJson {

    private CompactJson() {
    }

    public static String compact(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                out.append(c);
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
