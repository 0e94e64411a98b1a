package dev.vellum.subdoc;

import dev.vellum.subdoc.SubdocPath.Component;
import dev.vellum.subdoc.SubdocPath.Index;
import dev.vellum.subdoc.SubdocPath.Key;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Couchbase sub-document paths ({@code a.b[0][-1]}, {@code `a.b`.c}, {@code ""} = root)
 * after couchbase/subjson's path.cc; the only exception it throws is PATH_INVALID or PATH_TOO_BIG.
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

    private SubdocPath components() {
        boolean keyRequired = false;
        while (pos < text.length() || keyRequired) {
            if (pos < text.length() && text.charAt(pos) == '[') {
                if (keyRequired) {
                    throw invalid("a key must follow '.'");
                }
                add(index());
            } else {
                add(new Key(key()));
            }
            keyRequired = false;
            if (pos < text.length()) {
                char next = text.charAt(pos);
                if (next == '.') {
                    pos++;
                    keyRequired = true;
                } else if (next != '[') {
                    throw invalid("unexpected '" + next + "' after ']' at offset " + pos);
                }
            }
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
     * Reads a key up to an unquoted '.' or '[': JSON escapes anywhere, backtick-quoted segments
     * in which '.', '[' and ']' are literal and a doubled backtick is one backtick.
     */
    private String key() {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        int segmentStart = -1;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
                pos = PathText.decodeEscape(text, pos, out);
                if (pos < 0) {
                    throw invalid("not a JSON escape");
                }
                continue;
            }
            if (PathText.mustEscape(c)) {
                throw invalid("'\"' and control characters must be written as JSON escapes");
            }
            if (c == '`') {
                if (quoted && pos + 1 < text.length() && text.charAt(pos + 1) == '`') {
                    out.append('`');
                    pos += 2;
                    continue;
                }
                if (quoted && out.length() == segmentStart) {
                    throw invalid("empty backtick-quoted component");
                }
                quoted = !quoted;
                segmentStart = out.length();
                pos++;
                continue;
            }
            if (!quoted && (c == '.' || c == '[')) {
                break;
            }
            if (!quoted && c == ']') {
                throw invalid("unexpected ']' at offset " + pos);
            }
            out.append(c);
            pos++;
        }
        if (quoted) {
            throw invalid("unterminated backtick");
        }
        String name = out.toString();
        if (name.isEmpty()) {
            throw invalid("empty component");
        }
        if (!Key.isValidName(name)) {
            throw invalid("a key cannot hold NUL or an unpaired surrogate");
        }
        return name;
    }

    private RuntimeException invalid(String why) {
        return SubdocErrors.pathInvalid(text, why);
    }
}
