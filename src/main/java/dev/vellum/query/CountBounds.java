package dev.vellum.query;

import dev.vellum.error.VellumException;
import java.util.Map;

/**
 * How many of each repeated thing one request may hold: predicates in a filter, sort keys,
 * lookups, paths set by one write, values in one array op. Each is work (or a copy of the
 * document) per item in SQL, so an unbounded list is quadratic. Over a bound is a 400
 * VALIDATION_ERROR naming the field, before anything runs.
 *
 * <p>The parsers are pure static code, so the bounds in force are one process-wide value, set once
 * at start from {@code vellum.limits.*} (config/CountBoundsSettings); until then the defaults.
 */
public record CountBounds(int predicates, int sortKeys, int lookups, int updatePaths, int arrayValues) {

    public static final CountBounds DEFAULTS = new CountBounds(100, 8, 10, 1000, 1000);

    private static volatile CountBounds current = DEFAULTS;

    public CountBounds {
        if (predicates < 1 || sortKeys < 1 || lookups < 1 || updatePaths < 1 || arrayValues < 1) {
            throw new IllegalArgumentException("every vellum.limits count must be at least 1");
        }
    }

    /** The bounds in force. */
    public static CountBounds current() {
        return current;
    }

    /** Sets the bounds in force (at start, from configuration). */
    public static void use(CountBounds bounds) {
        current = bounds;
    }

    /** Throws the VALIDATION_ERROR for {@code count} things of a kind over {@code max}. */
    public static void check(int count, int max, String field, String what) {
        if (count > max) {
            throw VellumException.validation("at most " + max + " " + what + " in one request", Map.of("field", field));
        }
    }

    /** The predicates (comparisons, exists and null checks) in a condition. */
    public static int predicates(Condition condition) {
        if (condition instanceof Condition.All all) {
            return all.conditions().stream().mapToInt(CountBounds::predicates).sum();
        }
        if (condition instanceof Condition.Any any) {
            return any.conditions().stream().mapToInt(CountBounds::predicates).sum();
        }
        if (condition instanceof Condition.Not not) {
            return predicates(not.condition());
        }
        return 1;
    }
}
