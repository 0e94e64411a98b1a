package dev.vellum.store;

import java.util.Arrays;

/**
 * PostgreSQL's jsonb text ({@code {"a": 1, "b": [1, 2]}}) without the spaces it writes after
 * {@code :} and {@code ,}: the compact form Jackson writes, so a document sent as PostgreSQL's
 * text reads exactly as one written from a tree. Strings are copied as they are. It works on the
 * UTF-8 bytes: every byte of a multi-byte character is 0x80 or above, so none is mistaken for a
 * quote, a backslash or a space (a char-by-char copy through a StringBuilder cost as much as the
 * Jackson round trip it replaces).
 */
public final class CompactJson {

    private CompactJson() {
    }

    public static byte[] compact(byte[] json) {
        byte[] out = new byte[json.length];
        int length = 0;
        boolean inString = false;
        boolean escaped = false;
        for (byte b : json) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
                out[length++] = b;
            } else if (b == '"') {
                inString = true;
                out[length++] = b;
            } else if (b != ' ' && b != '\n' && b != '\t' && b != '\r') {
                out[length++] = b;
            }
        }
        return length == json.length ? out : Arrays.copyOf(out, length);
    }
}
