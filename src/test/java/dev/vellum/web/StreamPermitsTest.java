package dev.vellum.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import org.junit.jupiter.api.Test;

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
}
