package dev.vellum.subdoc;

import dev.vellum.subdoc.SubdocPath.Component;
import dev.vellum.subdoc.SubdocPath.Index;
import dev.vellum.subdoc.SubdocPath.Key;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Couchbase sub-document paths ({@code a.b[0][-1]}, {@code a.[0]}, {@code `a.b`.c},
 * {@code ""} = root) after couchbase/subjson's path.cc; the only exception it throws is
 * PATH_INVALID or PATH_TOO_BIG, and PATH_TOO_BIG wins over a misplaced dot.
 */
public final class SubdocPathParser {

    /** Couchbase's limit on the path text, in bytes of UTF-8. */
    public static final int MAX_BYTES = 1024;
    /** A document nests at most 32 levels and the root is the first, so a path has at most 31. */
    public static final int MAX_COMPONENTS = 31;

    private final String text;
    private final List<Component> components = new ArrayList<>();
    private int pos;

    private SubdocPathParser(String text) {
        this.text = text;
    }

    public static SubdocPath parse(String text) {
        if (text == null) {
            throw SubdocErrors.pathInvalid("null", "a path is a string");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw SubdocErrors.pathTooBig(bytes + " bytes, at most " + MAX_BYTES);
        }
        return new SubdocPathParser(text).components();
    }

    /**
     * Reads components separated by '.' (also allowed before an index: {@code a.[2]}) or by the
     * index brackets themselves. A dot with no component after it breaks the dot rule, which is
     * reported only once the whole path is read: the component limit is checked first.
     */
    private SubdocPath components() {
        String dotRule = null;
        boolean afterDot = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '.') {
                dotRule = dotRule != null ? dotRule : "empty component at offset " + pos;
                pos++;
                continue;
            }
            add(c == '[' ? index() : new Key(key()));
            afterDot = false;
            if (pos < text.length()) {
                char next = text.charAt(pos);
                if (next == '.') {
                    pos++;
                    afterDot = true;
                } else if (next != '[') {
                    throw invalid("unexpected '" + next + "' after ']' at offset " + pos);
                }
            }
        }
        if (afterDot && dotRule == null) {
            dotRule = "a path cannot end with '.'";
        }
        if (dotRule != null) {
            throw invalid(dotRule);
        }
        return new SubdocPath(components);
    }

    private void add(Component component) {
        if (components.size() == MAX_COMPONENTS) {
            throw SubdocErrors.pathTooBig("more than " + MAX_COMPONENTS + " components");
        }
        components.add(component);
    }

    /** Reads {@code [n]} at pos: digits (leading zeros allowed, as in subjson) or exactly -1. */
    private Index index() {
        int close = text.indexOf(']', pos);
        if (close < 0) {
            throw invalid("unterminated '['");
        }
        String digits = text.substring(pos + 1, close);
        pos = close + 1;
        if (digits.equals("-1")) {
            return Index.LAST;
        }
        if (digits.isEmpty()) {
            throw invalid("empty index '[]'");
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid("index '" + digits + "' is not a non-negative integer or -1");
            }
            value = value * 10 + (c - '0');
            if (value > Integer.MAX_VALUE) {
                throw invalid("index '" + digits + "' is too large");
            }
        }
        return new Index((int) value);
    }

    /**
     * Reads a key up to an unquoted '.' or '[', as subjson does: every backtick opens or closes
     * a quoted stretch in which '.', '[' and ']' are literal; a key wholly in backticks loses
     * them; then a doubled backtick is one literal backtick (quoted or not) and a single one is
     * dropped. JSON escapes work anywhere.
     */
    private String key() {
        int start = pos;
        boolean quoted = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
                pos = PathText.decodeEscape(text, pos, new StringBuilder());
                if (pos < 0) {
                    throw invalid("not a JSON escape");
                }
                continue;
            }
            if (c == '`') {
                quoted = !quoted;
            } else if (!quoted && (c == '.' || c == '[')) {
                break;
            } else if (!quoted && c == ']') {
                throw invalid("unexpected ']' at offset " + pos);
            }
            pos++;
        }
        if (quoted) {
            throw invalid("unterminated backtick");
        }
        int from = start;
        int to = pos;
        if (to - from > 1 && text.charAt(from) == '`' && text.charAt(to - 1) == '`') {
            from++;
            to--;
        }
        String name = decode(from, to);
        if (name.isEmpty()) {
            throw invalid("empty component");
        }
        if (!Key.isValidName(name)) {
            throw invalid("a key cannot hold NUL or an unpaired surrogate");
        }
        return name;
    }

    /** The key text between from and to with JSON escapes decoded and backticks resolved. */
    private String decode(int from, int to) {
        StringBuilder out = new StringBuilder();
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == '\\') {
                i = PathText.decodeEscape(text, i, out);
            } else if (PathText.mustEscape(c)) {
                throw invalid("'\"' and control characters must be written as JSON escapes");
            } else if (c == '`') {
                boolean doubled = i + 1 < to && text.charAt(i + 1) == '`';
                if (doubled) {
                    out.append('`');
                }
                i += doubled ? 2 : 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private RuntimeException invalid(String why) {
        return SubdocErrors.pathInvalid(text, why);
    }
}
