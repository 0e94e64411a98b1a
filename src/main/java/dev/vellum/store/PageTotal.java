package dev.vellum.store;

import reactor.core.publisher.Mono;

/**
 * The total and {@code hasNext} of a page read one row past its limit. {@code hasNext} is exact
 * (that extra row); the total is known without counting when the page shows the last match,
 * otherwise counted as {@link CountMode} says. {@code ESTIMATED} asks the planner first and counts
 * (at most {@code threshold + 1} matches) only when the planner expects at most {@code threshold}:
 * a count of many matches would read them all (a GIN match's bitmap holds every match before the
 * first is counted), while the estimate reads nothing. An estimate is never below what the page
 * has seen.
 */
public record PageTotal(long total, boolean hasNext, boolean estimated) {

    /** The ways to count one query's matches. */
    public interface Counts {

        Mono<Long> exact();

        /** The number of matches, but at most {@code cap}. */
        Mono<Long> atMost(long cap);

        /** The planner's estimate. */
        Mono<Long> planned();
    }

    /** {@code fetched}: the rows the page read, up to {@code limit + 1}. */
    public static Mono<PageTotal> of(int fetched, int limit, int offset, CountMode mode, long threshold, Counts counts) {
        boolean hasNext = fetched > limit;
        int shown = Math.min(fetched, limit);
        if (!hasNext && (shown > 0 || offset == 0)) {
            return Mono.just(new PageTotal(offset + (long) shown, false, false));
        }
        // An empty page past the end says nothing about how many matches come before it.
        long atLeast = shown == 0 ? 0 : offset + (long) shown + 1;
        return switch (mode) {
            case EXACT -> counts.exact().map(total -> new PageTotal(total, hasNext, false));
            case PLANNED -> planned(counts, atLeast, hasNext);
            case ESTIMATED -> atLeast > threshold ? planned(counts, atLeast, hasNext)
                    : counts.planned().flatMap(estimate -> estimate > threshold
                            ? Mono.just(estimated(estimate, atLeast, hasNext))
                            : counts.atMost(threshold + 1).map(total -> total <= threshold
                                    ? new PageTotal(total, hasNext, false)
                                    : estimated(estimate, threshold + 1, hasNext)));
        };
    }

    private static Mono<PageTotal> planned(Counts counts, long atLeast, boolean hasNext) {
        return counts.planned().map(estimate -> estimated(estimate, atLeast, hasNext));
    }

    private static PageTotal estimated(long estimate, long atLeast, boolean hasNext) {
        return new PageTotal(Math.max(estimate, atLeast), hasNext, true);
    }
}
