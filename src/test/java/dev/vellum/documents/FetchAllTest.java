package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.query.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** fetch_all's combinator and validation, without a database. */
class FetchAllTest {

    @Test
    void at_most_the_concurrency_runs_at_once_and_answers_keep_their_order() {
        int n = 20;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Sinks.One<Integer>> sinks = new ArrayList<>();
        List<Mono<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Sinks.One<Integer> sink = Sinks.one();
            sinks.add(sink);
            runs.add(sink.asMono()
                    .doOnSubscribe(s -> mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max))
                    .doOnTerminate(running::decrementAndGet));
        }
        StepVerifier.create(FetchAll.inOrder(runs, 4))
                .then(() -> {
                    // four running, sixteen waiting for a place: a fetch_all holds at most four connections
                    assertThat(running).hasValue(4);
                    for (int i = n - 1; i >= 0; i--) {
                        sinks.get(i).tryEmitValue(i);
                    }
                    assertThat(mostAtOnce).hasValue(4);
                })
                .assertNext(answers -> assertThat(answers).containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, n).boxed().toList()))
                .verifyComplete();
    }

    @Test
    void no_queries_answer_an_empty_list() {
        StepVerifier.create(FetchAll.inOrder(List.<Mono<Integer>>of(), 4)).expectNext(List.of()).verifyComplete();
    }

    @Test
    void validation_names_the_first_bad_query() {
        List<FetchQuery> queries = List.of(
                new FetchQuery.Count("posts", Condition.always()),
                new FetchQuery.Query("posts", Condition.always(), QueryOptions.defaults().select("_bad")),
                new FetchQuery.Count("Bad", Condition.always()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FetchAll.validate(queries))
                .isInstanceOfSatisfying(dev.vellum.error.VellumException.class,
                        e -> assertThat(e.details()).containsEntry("index", 1));
    }
}
