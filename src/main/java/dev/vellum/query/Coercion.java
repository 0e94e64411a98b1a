package dev.vellum.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

/**
 * Turns query-string filter values, which arrive as text, into JSON values.
 *
 * <ol>
 *   <li>A value wrapped in double quotes ({@code "123"}) is the text inside, taken as is and never
 *       coerced; this is how to force a string.</li>
 *   <li>{@code true} and {@code false} (lower case) are booleans.</li>
 *   <li>{@code null} is JSON null.</li>
 *   <li>A canonical JSON number, {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, is that
 *       number, exactly (integers as integers, others as decimals, never through a double), as
 *       long as it is within {@link NumberBound} (1000 digits written out in full). So {@code 007}, {@code +1}, {@code 1.}, {@code .5} and {@code 0x10} stay strings.</li>
 *   <li>Anything else, including the empty value ({@code a=}), is a string, unchanged.</li>
 * </ol>
 * Values of the text operators ({@code _contains}, {@code _startswith}, {@code _endswith}) and
 * of {@code id}/{@code _key}/{@code _userkey} (but not their {@code _isnull}) are text: only
 * rules 1 and 3 apply, so
 * {@code id=123} looks for the key "123". {@code _in}/{@code _notin} values are split on commas
 * outside double quotes ({@code "a,b",c} is two elements), each element coerced on its own;
 * elements are not trimmed.
 */
public final class Coercion {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

    private Coercion() {
    }

    /** Rules 1 to 5. */
    public static JsonNode coerce(String raw) {
        if (isQuoted(raw)) {
            return unquote(raw);
        }
        switch (raw) {
            case "true" -> {
                return BooleanNode.TRUE;
            }
            case "false" -> {
                return BooleanNode.FALSE;
            }
            case "null" -> {
                return NullNode.getInstance();
            }
            default -> {
                // falls through to numbers and strings
            }
        }
        return number(raw);
    }

    /** Rules 1 and 3 only: the value of a text operator or a text column. */
    public static JsonNode coerceText(String raw) {
        if (isQuoted(raw)) {
            return unquote(raw);
        }
        return raw.equals("null") ? NullNode.getInstance() : StringNode.valueOf(raw);
    }

    /** The elements of a comma list, still raw: commas inside a double-quoted element do not split. */
    public static List<String> splitList(String raw) {
        List<String> elements = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = raw.startsWith("\"", start) ? closingQuote(raw, start) : -1;
            int comma = raw.indexOf(',', end < 0 ? start : end);
            if (comma < 0) {
                elements.add(raw.substring(start));
                return elements;
            }
            elements.add(raw.substring(start, comma));
            start = comma + 1;
        }
    }

    static JsonNode coerce(String raw, FilterKey key) {
        return key.takesText() ? coerceText(raw) : coerce(raw);
    }

    /** The index just past a quote that closes the element opened at {@code start}, or -1. */
    private static int closingQuote(String raw, int start) {
        for (int i = raw.indexOf('"', start + 1); i >= 0; i = raw.indexOf('"', i + 1)) {
            if (i + 1 == raw.length() || raw.charAt(i + 1) == ',') {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean isQuoted(String raw) {
        return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"");
    }

    private static JsonNode unquote(String raw) {
        return StringNode.valueOf(raw.substring(1, raw.length() - 1));
    }

    private static JsonNode number(String raw) {
        if (!NUMBER.matcher(raw).matches()) {
            return StringNode.valueOf(raw);
        }
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(raw);
        } catch (NumberFormatException | ArithmeticException exponentOutOfRange) {
            return StringNode.valueOf(raw);
        }
        if (!NumberBound.fits(decimal)) {
            return StringNode.valueOf(raw);
        }
        if (INTEGER.matcher(raw).matches()) {
            BigInteger integer = new BigInteger(raw);
            if (integer.bitLength() < Integer.SIZE) {
                return IntNode.valueOf(integer.intValue());
            }
            return integer.bitLength() < Long.SIZE ? LongNode.valueOf(integer.longValue()) : BigIntegerNode.valueOf(integer);
        }
        return DecimalNode.valueOf(decimal);
    }
}
