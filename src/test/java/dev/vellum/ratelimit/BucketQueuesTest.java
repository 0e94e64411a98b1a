package dev.vellum.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The queueing of draws per bucket, with draws this test answers when it chooses. */
class BucketQueuesTest {

    private static final BucketLimit LIMIT = new BucketLimit(100, 1);

    /** Draws that wait until the test answers them, in the order they were asked. */
    private static final class HeldDraws implements BucketQueues.Draw {
        final List<String> keys = new ArrayList<>();
        final List<Integer> counts = new ArrayList<>();
        final List<Sinks.One<BucketQueues.Grant>> answers = new ArrayList<>();

        @Override
        public synchronized Mono<BucketQueues.Grant> draw(String key, BucketLimit limit, int count) {
            Sinks.One<BucketQueues.Grant> answer = Sinks.one();
            keys.add(key);
            counts.add(count);
            answers.add(answer);
            return answer.asMono();
        }

        void answer(int draw, BucketQueues.Grant grant) {
            answers.get(draw).tryEmitValue(grant);
        }

        void answerEmpty(int draw) {
            answers.get(draw).tryEmitEmpty();
        }
    }

    private final HeldDraws draws = new HeldDraws();
    private final BucketQueues queues = new BucketQueues(draws);

    private List<AtomicReference<Object>> take(String key, int requests) {
        List<AtomicReference<Object>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            AtomicReference<Object> answer = new AtomicReference<>();
            queues.take(key, LIMIT).subscribe(answer::set, answer::set, () -> answer.compareAndSet(null, "served unlimited"));
            answers.add(answer);
        }
        return answers;
    }

    @Test
    void a_request_alone_is_a_draw_of_one_token() {
        List<AtomicReference<Object>> answers = take("b", 1);
        assertThat(draws.counts).containsExactly(1);
        draws.answer(0, new BucketQueues.Grant(1, 99, 0, 1000));
        assertThat(answers.get(0).get()).isEqualTo(new BucketState(true, 99, 0, 1000));
        assertThat(queues.inFlight()).isZero();
    }

    @Test
    void requests_that_arrive_while_a_draw_is_unanswered_share_the_next_draw() {
        List<AtomicReference<Object>> first = take("b", 1);
        List<AtomicReference<Object>> waiting = take("b", 5);
        assertThat(draws.counts).as("one draw in flight per bucket").containsExactly(1);
        assertThat(waiting).allSatisfy(answer -> assertThat(answer.get()).isNull());

        draws.answer(0, new BucketQueues.Grant(1, 10, 0, 5000));
        assertThat(first.get(0).get()).isEqualTo(new BucketState(true, 10, 0, 5000));
        assertThat(draws.counts).containsExactly(1, 5);

        draws.answer(1, new BucketQueues.Grant(5, 5, 0, 10_000));
        // each gets what a draw of its own would have answered, in arrival order
        assertThat(waiting).extracting(AtomicReference::get).containsExactly(
                new BucketState(true, 9, 0, 10_000), new BucketState(true, 8, 0, 10_000), new BucketState(true, 7, 0, 10_000),
                new BucketState(true, 6, 0, 10_000), new BucketState(true, 5, 0, 10_000));
        assertThat(queues.inFlight()).isZero();
    }

    @Test
    void the_requests_of_a_batch_past_the_tokens_there_are_refused() {
        take("b", 1);
        List<AtomicReference<Object>> waiting = take("b", 4);
        draws.answer(0, new BucketQueues.Grant(1, 2, 0, 3000));
        draws.answer(1, new BucketQueues.Grant(2, 0, 700, 3000));
        assertThat(waiting).extracting(AtomicReference::get).containsExactly(
                new BucketState(true, 1, 0, 3000), new BucketState(true, 0, 700, 3000),
                new BucketState(false, 0, 700, 3000), new BucketState(false, 0, 700, 3000));
    }

    @Test
    void buckets_do_not_wait_for_each_other() {
        take("a", 1);
        take("b", 1);
        assertThat(draws.keys).containsExactly("a", "b");
        assertThat(queues.inFlight()).isEqualTo(2);
    }

    @Test
    void a_request_cancelled_while_it_waited_takes_no_token() {
        take("b", 1);
        AtomicReference<Object> kept = new AtomicReference<>();
        Disposable gone = queues.take("b", LIMIT).subscribe();
        queues.take("b", LIMIT).subscribe(kept::set);
        gone.dispose();
        draws.answer(0, new BucketQueues.Grant(1, 10, 0, 1000));
        assertThat(draws.counts).containsExactly(1, 1);
        draws.answer(1, new BucketQueues.Grant(1, 9, 0, 1000));
        assertThat(kept.get()).isEqualTo(new BucketState(true, 9, 0, 1000));
        assertThat(queues.inFlight()).isZero();
    }

    @Test
    void when_redis_cannot_tell_every_request_of_the_draw_is_served_and_the_next_draw_still_goes_out() {
        take("b", 1);
        List<AtomicReference<Object>> waiting = take("b", 3);
        draws.answerEmpty(0);
        assertThat(draws.counts).containsExactly(1, 3);
        draws.answerEmpty(1);
        assertThat(waiting).extracting(AtomicReference::get).containsOnly("served unlimited");
        assertThat(queues.inFlight()).isZero();
    }

    @Test
    void a_draw_asks_for_at_most_max_draw_tokens_and_the_rest_wait_for_the_next() {
        take("b", 1);
        take("b", BucketQueues.MAX_DRAW + 3);
        draws.answer(0, new BucketQueues.Grant(1, 1000, 0, 1000));
        draws.answer(1, new BucketQueues.Grant(BucketQueues.MAX_DRAW, 1000, 0, 1000));
        assertThat(draws.counts).containsExactly(1, BucketQueues.MAX_DRAW, 3);
    }
}
