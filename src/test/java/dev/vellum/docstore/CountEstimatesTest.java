package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.Sql;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CountEstimatesTest {

    private static final Sql EXPLAIN = new Sql("explain (format json) select 1 from documents where collection = $1 and x = $2",
            List.of("c", new String[] {"a", "b"}));

    private final AtomicInteger asked = new AtomicInteger();

    private Mono<Long> ask() {
        return Mono.fromSupplier(() -> 100L + asked.incrementAndGet());
    }

    @Test
    void the_same_query_with_the_same_values_is_planned_once() {
        CountEstimates estimates = new CountEstimates(Duration.ofMinutes(1));
        assertThat(estimates.of(EXPLAIN, this::ask).block()).isEqualTo(101L);
        assertThat(estimates.of(new Sql(EXPLAIN.text(), List.of("c", new String[] {"a", "b"})), this::ask).block()).isEqualTo(101L);
        assertThat(asked).hasValue(1);
    }

    @Test
    void other_values_are_another_query() {
        CountEstimates estimates = new CountEstimates(Duration.ofMinutes(1));
        estimates.of(EXPLAIN, this::ask).block();
        assertThat(estimates.of(new Sql(EXPLAIN.text(), List.of("c", new String[] {"a", "c"})), this::ask).block()).isEqualTo(102L);
        assertThat(estimates.of(new Sql(EXPLAIN.text(), List.of("d", new String[] {"a", "b"})), this::ask).block()).isEqualTo(103L);
    }

    @Test
    void a_zero_ttl_asks_every_time_and_an_expired_estimate_is_asked_again() {
        CountEstimates off = new CountEstimates(Duration.ZERO);
        off.of(EXPLAIN, this::ask).block();
        off.of(EXPLAIN, this::ask).block();
        CountEstimates instant = new CountEstimates(Duration.ofNanos(1));
        instant.of(EXPLAIN, this::ask).block();
        instant.of(EXPLAIN, this::ask).block();
        assertThat(asked).hasValue(4);
    }

    @Test
    void only_so_many_estimates_are_kept() {
        CountEstimates estimates = new CountEstimates(Duration.ofMinutes(1));
        for (int i = 0; i <= CountEstimates.MAX_ENTRIES; i++) {
            estimates.of(new Sql(EXPLAIN.text(), List.of("c" + i, "v")), this::ask).block();
        }
        estimates.of(new Sql(EXPLAIN.text(), List.of("c0", "v")), this::ask).block();
        assertThat(asked).as("the oldest was let go and asked again").hasValue(CountEstimates.MAX_ENTRIES + 2);
    }
}
