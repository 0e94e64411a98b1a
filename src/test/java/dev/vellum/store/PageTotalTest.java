package dev.vellum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Which count a page runs, and what it answers, for each {@link CountMode}. */
class PageTotalTest {

    /** {@code matches} matches; the planner believes {@code planned}; records which counts ran. */
    private static final class Recorded implements PageTotal.Counts {
        final List<String> ran = new ArrayList<>();
        final long matches;
        final long planned;

        Recorded() {
            this(5_000, 4_200);
        }

        Recorded(long matches, long planned) {
            this.matches = matches;
            this.planned = planned;
        }

        @Override
        public Mono<Long> exact() {
            ran.add("exact");
            return Mono.just(matches);
        }

        @Override
        public Mono<Long> atMost(long cap) {
            ran.add("at most " + cap);
            return Mono.just(Math.min(cap, matches));
        }

        @Override
        public Mono<Long> planned() {
            ran.add("planned");
            return Mono.just(planned);
        }
    }

    private static PageTotal total(int fetched, int limit, int offset, CountMode mode, long threshold, Recorded counts) {
        return PageTotal.of(fetched, limit, offset, mode, threshold, counts).block();
    }

    @Test
    void a_page_that_shows_the_last_match_counts_nothing_in_any_mode() {
        for (CountMode mode : CountMode.values()) {
            Recorded counts = new Recorded();
            assertThat(total(7, 20, 40, mode, 1000, counts)).isEqualTo(new PageTotal(47, false, false));
            assertThat(total(0, 20, 0, mode, 1000, counts)).isEqualTo(new PageTotal(0, false, false));
            assertThat(counts.ran).isEmpty();
        }
    }

    @Test
    void estimated_takes_the_planners_estimate_without_counting_when_it_expects_many() {
        Recorded counts = new Recorded();
        assertThat(total(21, 20, 0, CountMode.ESTIMATED, 1000, counts)).isEqualTo(new PageTotal(4_200, true, true));
        assertThat(counts.ran).containsExactly("planned");
    }

    @Test
    void estimated_counts_exactly_when_the_planner_expects_few_and_there_are_few() {
        Recorded few = new Recorded(300, 250);
        assertThat(total(21, 20, 0, CountMode.ESTIMATED, 1000, few)).isEqualTo(new PageTotal(300, true, false));
        assertThat(few.ran).containsExactly("planned", "at most 1001");
        Recorded higherThreshold = new Recorded();
        assertThat(total(21, 20, 0, CountMode.ESTIMATED, 10_000, higherThreshold)).isEqualTo(new PageTotal(5_000, true, false));
        assertThat(higherThreshold.ran).containsExactly("planned", "at most 10001");
    }

    @Test
    void estimated_says_so_when_the_planner_expected_few_but_the_capped_count_found_more() {
        Recorded underestimated = new Recorded(5_000, 40);
        assertThat(total(21, 20, 0, CountMode.ESTIMATED, 1000, underestimated)).isEqualTo(new PageTotal(1_001, true, true));
        assertThat(underestimated.ran).containsExactly("planned", "at most 1001");
    }

    @Test
    void a_page_already_past_the_threshold_skips_the_capped_count() {
        Recorded counts = new Recorded();
        assertThat(total(21, 20, 2000, CountMode.ESTIMATED, 1000, counts)).isEqualTo(new PageTotal(4_200, true, true));
        assertThat(counts.ran).containsExactly("planned");
    }

    @Test
    void the_estimate_is_never_below_what_the_page_has_seen() {
        Recorded counts = new Recorded();
        assertThat(total(21, 20, 4_900, CountMode.PLANNED, 1000, counts)).isEqualTo(new PageTotal(4_921, true, true));
    }

    @Test
    void exact_counts_every_match_and_an_empty_page_past_the_end_still_learns_the_total() {
        Recorded counts = new Recorded();
        assertThat(total(21, 20, 0, CountMode.EXACT, 1000, counts)).isEqualTo(new PageTotal(5_000, true, false));
        assertThat(total(0, 20, 9_000, CountMode.EXACT, 1000, counts)).isEqualTo(new PageTotal(5_000, false, false));
        assertThat(counts.ran).containsExactly("exact", "exact");
    }
}
