package dev.vellum.error;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one walk down a failure's causes, outermost first. Frameworks wrap what went wrong (Spring
 * wraps R2DBC, Reactor wraps checked exceptions), so the failure we know may sit a few levels in.
 */
public final class CauseChain {

    /** Deep enough for any wrapping we meet; also ends a chain whose causes loop. */
    static final int MAX_DEPTH = 8;

    private CauseChain() {
    }

    /** The first cause {@code recognise} answers for, or empty. */
    public static <T> Optional<T> first(Throwable failure, Function<Throwable, Optional<T>> recognise) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            Optional<T> known = recognise.apply(cause);
            if (known.isPresent()) {
                return known;
            }
        }
        return Optional.empty();
    }

    /** True when some cause passes {@code test}. */
    public static boolean anyMatch(Throwable failure, Predicate<Throwable> test) {
        return first(failure, cause -> test.test(cause) ? Optional.of(cause) : Optional.empty()).isPresent();
    }
}
