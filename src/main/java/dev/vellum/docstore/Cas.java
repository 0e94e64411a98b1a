package dev.vellum.docstore;

import dev.vellum.error.VellumException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CAS values: a document's version written as a decimal string. Clients must treat it as opaque;
 * parsing is strict (no sign, no leading zeros, no spaces) so only values we issued come back.
 */
public final class Cas {

    private static final Pattern DECIMAL = Pattern.compile("[1-9][0-9]{0,18}");

    private Cas() {
    }

    public static String render(long version) {
        return Long.toString(version);
    }

    /** The entity tag of a version: the CAS in double quotes. */
    public static String etag(long version) {
        return "\"" + render(version) + "\"";
    }

    public static long parse(String text, String field) {
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw malformed(field);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw malformed(field);
        }
    }

    /**
     * Reads {@code If-Match}: one strong entity tag {@code "<cas>"}, or {@code *} for "the
     * document must exist" (returned as null). Lists and weak tags are refused.
     */
    public static Long parseIfMatch(String header) {
        String value = header.strip();
        if (value.equals("*")) {
            return null;
        }
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            throw malformed("If-Match");
        }
        return parse(value.substring(1, value.length() - 1), "If-Match");
    }

    private static VellumException malformed(String field) {
        return VellumException.validation("malformed cas: pass back the value a read or write returned",
                Map.of("field", field));
    }
}
