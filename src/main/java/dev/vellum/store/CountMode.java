package dev.vellum.store;

import dev.vellum.error.VellumException;
import java.util.Locale;
import java.util.Map;

/**
 * How a page counts all matches, after PostgREST's {@code count=}: {@code EXACT} counts every
 * match; {@code PLANNED} takes the planner's estimate; {@code ESTIMATED} (the default) counts
 * exactly up to a threshold and takes the planner's estimate above it. A page that shows the end
 * of the matches always knows the exact number without counting.
 */
public enum CountMode {
    EXACT, PLANNED, ESTIMATED;

    /** {@code exact}, {@code planned} or {@code estimated}; null means {@link #ESTIMATED}. */
    public static CountMode parse(String value, String field) {
        if (value == null) {
            return ESTIMATED;
        }
        return switch (value) {
            case "exact", "planned", "estimated" -> valueOf(value.toUpperCase(Locale.ROOT));
            default -> throw VellumException.validation("'" + field + "' must be exact, planned or estimated",
                    Map.of("field", field));
        };
    }
}
