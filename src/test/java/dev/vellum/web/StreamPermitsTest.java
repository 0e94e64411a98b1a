package dev.vellum.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Places for streams: per caller, per instance, each given back exactly once. */
class StreamPermitsTest {

    private final StreamPermits permits = new StreamPermits(2, 3, "streams");

    @Test
    void a_caller_past_its_own_limit_is_told_too_many_streams() {
        permits.take("1/user:a");
        permits.take("1/user:a");
        assertThatThrownBy(() -> permits.take("1/user:a")).isInstanceOfSatisfying(VellumException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_STREAMS);
            assertThat(e.details()).containsEntry("limit", 2).containsEntry("retry_after", 1);
        });
        assertThat(permits.open()).isEqualTo(2);
    }

    @Test
    void past_the_instance_limit_anyone_is_told_service_unavailable() {
        permits.take("1/user:a");
        permits.take("1/user:b");
        permits.take("1/user:c");
        assertThatThrownBy(() -> permits.take("1/user:d")).isInstanceOfSatisfying(VellumException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
            assertThat(e.details()).containsEntry("limit", 3);
        });
        assertThat(permits.open()).isEqualTo(3);
    }

    @Test
    void a_place_given_back_twice_counts_once() {
        StreamPermits.Permit first = permits.take("1/user:a");
        permits.take("1/user:a");
        first.close();
        first.close();
        assertThat(permits.open()).isEqualTo(1);
        permits.take("1/user:a");
        assertThatThrownBy(() -> permits.take("1/user:a")).isInstanceOf(VellumException.class);
    }

    @Test
    void a_held_stream_gives_its_place_back_however_it_ends() {
        StepVerifier.create(permits.hold("1/user:a", Flux.just(1, 2))).expectNext(1, 2).verifyComplete();
        StepVerifier.create(permits.hold("1/user:a", Flux.error(new IllegalStateException("boom"))))
                .verifyError(IllegalStateException.class);
        StepVerifier.create(permits.hold("1/user:a", Flux.never())).thenCancel().verify();
        assertThat(permits.open()).isZero();
    }

    @Test
    void a_refused_stream_fails_before_anything_is_emitted_and_is_never_subscribed() {
        permits.take("1/user:a");
        permits.take("1/user:a");
        boolean[] subscribed = {false};
        StepVerifier.create(permits.hold("1/user:a", Flux.just(1).doOnSubscribe(s -> subscribed[0] = true)))
                .expectErrorSatisfies(e -> assertThat(((VellumException) e).code()).isEqualTo(ErrorCode.TOO_MANY_STREAMS))
                .verify();
        assertThat(subscribed[0]).isFalse();
        assertThat(permits.open()).isEqualTo(2);
    }
}
