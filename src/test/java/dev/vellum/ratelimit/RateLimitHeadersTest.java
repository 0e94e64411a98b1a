package dev.vellum.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class RateLimitHeadersTest {

    private static HttpHeaders headers(BucketLimit limit, BucketState state) {
        HttpHeaders headers = new HttpHeaders();
        RateLimitHeaders.write(headers, limit, state);
        return headers;
    }

    @Test
    void headers_give_capacity_tokens_left_seconds_until_full_and_the_policy() {
        HttpHeaders headers = headers(new BucketLimit(600, 100), new BucketState(true, 599, 0, 10));
        assertThat(headers.getFirst("RateLimit-Limit")).isEqualTo("600");
        assertThat(headers.getFirst("RateLimit-Remaining")).isEqualTo("599");
        assertThat(headers.getFirst("RateLimit-Reset")).isEqualTo("1");
        assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo("600;w=6");
    }

    @Test
    void the_policy_window_is_the_time_an_empty_bucket_takes_to_fill_rounded_up() {
        assertThat(RateLimitHeaders.policy(new BucketLimit(5000, 2000))).isEqualTo("5000;w=3");
        assertThat(RateLimitHeaders.policy(new BucketLimit(10, 0.5))).isEqualTo("10;w=20");
        assertThat(RateLimitHeaders.policy(new BucketLimit(1, 1000))).isEqualTo("1;w=1");
    }

    @Test
    void waits_are_whole_seconds_rounded_up_and_retry_after_is_at_least_one() {
        BucketState empty = new BucketState(false, 0, 1, 2001);
        assertThat(empty.retryAfterSeconds()).isEqualTo(1);
        assertThat(empty.resetSeconds()).isEqualTo(3);
        assertThat(new BucketState(false, 0, 1000, 1000).retryAfterSeconds()).isEqualTo(1);
        assertThat(new BucketState(false, 0, 1001, 1001).retryAfterSeconds()).isEqualTo(2);
        assertThat(new BucketState(true, 4, 0, 0).resetSeconds()).isZero();
    }

    @Test
    void limits_out_of_range_are_refused() {
        assertThatThrownBy(() -> new BucketLimit(0, 1)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new BucketLimit(1, 0)).hasMessageContaining("refill_per_second");
        assertThatThrownBy(() -> new BucketLimit(1, Double.NaN)).hasMessageContaining("refill_per_second");
        assertThatThrownBy(() -> new BucketLimit(1, Double.POSITIVE_INFINITY)).hasMessageContaining("refill_per_second");
    }
}
