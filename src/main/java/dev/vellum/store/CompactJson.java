package dev.vellum.store;

import java.util.Arrays;

/**
 * PostgreSQL's jsonb text ({@code {"a": 1, "b": [1, 2]}}) without the spaces it writes after
 * {@code :} and {@code ,}: the compact form Jackson writes, so a document sent as PostgreSQL's
 * text reads exactly as one written from a tree. Strings are copied as they are, whole. It works
 * on the UTF-8 bytes: every byte of a multi-byte character is 0x80 or above, so none is mistaken
 * for a quote, a backslash or a space (a char-by-char copy through a StringBuilder cost as much as
 * the Jackson round trip it replaces).
 */
public final class CompactJson {

    /** Looks at each string of the text as it is copied; refusing one stops the copy. */
    @FunctionalInterface
    public interface StringCheck {
        /** Whether the string whose opening quote is at {@code open} stops the copy. */
        boolean refuses(byte[] text, int open);
    }

    private CompactJson() {
    }

    public static byte[] compact(byte[] json) {
        byte[] out = new byte[json.length];
        int length = copy(json, 0, out, 0, null);
        return length == json.length ? out : Arrays.copyOf(out, length);
    }

    /**
     * Copies {@code json} from {@code from}, compacted, into {@code out} at {@code at} ({@code out}
     * has room for {@code json.length - from} bytes there), in one pass: where the copy ends, or -1
     * when {@code check} (null: none) refused one of the strings.
     */
    public static int copy(byte[] json, int from, byte[] out, int at, StringCheck check) {
        int length = at;
        int i = from;
        while (i < json.length) {
            byte b = json[i];
            if (b == '"') {
                if (check != null && check.refuses(json, i)) {
                    return -1;
                }
                int end = stringEnd(json, i);
                System.arraycopy(json, i, out, length, end - i);
                length += end - i;
                i = end;
            } else {
                if (!isSpace(b)) {
                    out[length++] = b;
                }
                i++;
            }
        }
        return length;
    }

    public static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\r';
    }

    /** Where the string that opens at {@code open} ends: just after its closing quote (or at the end of the text). */
    private static int stringEnd(byte[] text, int open) {
        int i = open + 1;
        while (i < text.length) {
            byte b = text[i];
            if (b == '"') {
                return i + 1;
            }
            i += b == '\\' ? 2 : 1;
        }
        return text.length;
    }
}
