package dev.vellum.documents;

import dev.vellum.error.VellumException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The paging values of a query string ({@code limit}, {@code offset}, {@code order}), read the same on every route. */
public final class PageParams {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    private PageParams() {
    }

    /** A non-negative whole number, or {@code defaultValue} when the parameter is absent. */
    public static int wholeNumber(String name, String value, int defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        if (!DIGITS.matcher(value).matches()) {
            throw VellumException.validation("'" + name + "' must be a whole number", Map.of("field", name));
        }
        return Integer.parseInt(value);
    }

    /** {@code asc} (the default when absent) or {@code desc}, in any case. */
    public static QueryOptions.Order order(String value) {
        if (value == null) {
            return QueryOptions.Order.ASC;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "asc" -> QueryOptions.Order.ASC;
            case "desc" -> QueryOptions.Order.DESC;
            default -> throw VellumException.validation("'order' must be asc or desc", Map.of("field", "order"));
        };
    }
}
