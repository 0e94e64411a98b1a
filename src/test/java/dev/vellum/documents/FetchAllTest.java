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
    void every_query_is_subscribed_before_any_answers_and_answers_keep_their_order() {
        int n = 20;
        AtomicInteger subscribed = new AtomicInteger();
        List<Sinks.One<Integer>> sinks = new ArrayList<>();
        List<Mono<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Sinks.One<Integer> sink = Sinks.one();
            sinks.add(sink);
            runs.add(sink.asMono().doOnSubscribe(s -> subscribed.incrementAndGet()));
        }
        StepVerifier.create(FetchAll.zip(runs))
                .then(() -> {
                    // nothing has answered yet, and all twenty are already running
                    assertThat(subscribed).hasValue(n);
                    for (int i = n - 1; i >= 0; i--) {
                        sinks.get(i).tryEmitValue(i);
                    }
                })
                .assertNext(answers -> assertThat(answers).containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, n).boxed().toList()))
                .verifyComplete();
    }

    @Test
    void no_queries_answer_an_empty_list() {
        StepVerifier.create(FetchAll.zip(List.<Mono<Integer>>of())).expectNext(List.of()).verifyComplete();
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
