package dev.vellum.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The stall timeout and the maximum duration of a stream, on virtual time. */
class StreamDeadlineTest {

    private final StreamDeadline deadline = new StreamDeadline(Duration.ofSeconds(2), Duration.ofSeconds(60));

    @Test
    void a_stream_that_makes_no_progress_for_the_stall_timeout_is_ended() {
        StepVerifier.withVirtualTime(() -> deadline.bound(Flux.just(1).concatWith(Flux.never())))
                .expectNext(1)
                .thenAwait(Duration.ofSeconds(2))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(VellumException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
                    assertThat(e.getMessage()).isEqualTo("the stream made no progress for PT2S and was ended");
                }))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void a_stream_that_keeps_making_progress_runs_past_the_stall_timeout() {
        StepVerifier.withVirtualTime(() -> deadline.bound(Flux.interval(Duration.ofSeconds(1)).take(50)))
                .thenAwait(Duration.ofSeconds(50))
                .expectNextCount(50)
                .verifyComplete();
    }

    @Test
    void no_stream_runs_longer_than_the_maximum_duration() {
        // a line every second, never stalled; ended at 59.5 s, between the 59th line and the 60th
        StreamDeadline brief = new StreamDeadline(Duration.ofSeconds(2), Duration.ofMillis(59_500));
        StepVerifier.withVirtualTime(() -> brief.bound(Flux.interval(Duration.ofSeconds(1))))
                .thenAwait(Duration.ofSeconds(61))
                .expectNextCount(59)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(VellumException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("the stream ran longer than PT59.5S and was ended")))
                .verify(Duration.ofSeconds(10));
    }
}
