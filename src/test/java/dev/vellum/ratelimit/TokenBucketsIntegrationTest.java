package dev.vellum.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import io.lettuce.core.ClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** {@code lua/token_bucket.lua} against the real Redis. */
class TokenBucketsIntegrationTest extends IntegrationTest {

    @Autowired
    private TokenBuckets buckets;
    @Autowired
    private ReactiveStringRedisTemplate redis;
    @Autowired
    private LettuceConnectionFactory connections;

    private static String freshKey() {
        return RateLimitKeys.bucket(0, BucketKind.USER, UUID.randomUUID().toString());
    }

    private BucketState take(String key, BucketLimit limit) {
        return buckets.take(key, limit).block(Duration.ofSeconds(5));
    }

    @Test
    void a_new_bucket_is_full_and_each_request_takes_one_token_until_none_is_left() {
        String key = freshKey();
        BucketLimit limit = new BucketLimit(3, 0.01);
        List<BucketState> states = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            states.add(take(key, limit));
        }
        assertThat(states).extracting(BucketState::allowed).containsExactly(true, true, true, false);
        assertThat(states).extracting(BucketState::remaining).containsExactly(2L, 1L, 0L, 0L);
        assertThat(states.get(0).nextTokenMillis()).isZero();
        // one token takes 100 s at 0.01 a second; three take 300 s
        assertThat(states.get(3).nextTokenMillis()).isBetween(90_000L, 100_000L);
        assertThat(states.get(3).fullMillis()).isBetween(290_000L, 300_000L);
    }

    @Test
    void the_bucket_expires_when_it_would_be_full_again() {
        String key = freshKey();
        BucketState state = take(key, new BucketLimit(10, 2));
        assertThat(state.fullMillis()).isBetween(1L, 500L);
        Long ttl = redis.getExpire(key).map(Duration::toMillis).block();
        assertThat(ttl).isBetween(1L, 500L);
        assertThat(redis.opsForHash().keys(key).collectList().block()).containsExactlyInAnyOrder("t", "ts");
    }

    @Test
    void an_empty_bucket_refills_and_lets_requests_through_again() {
        String key = freshKey();
        BucketLimit limit = new BucketLimit(1, 20);
        assertThat(take(key, limit).allowed()).isTrue();
        BucketState state = take(key, limit);
        for (int i = 0; i < 100 && !state.allowed(); i++) {
            sleep(state.nextTokenMillis());
            state = take(key, limit);
        }
        assertThat(state.allowed()).isTrue();
    }

    @Test
    void a_lowered_capacity_applies_to_a_bucket_that_holds_more() {
        String key = freshKey();
        take(key, new BucketLimit(100, 0.01));
        BucketState state = take(key, new BucketLimit(5, 0.01));
        assertThat(state.allowed()).isTrue();
        assertThat(state.remaining()).isEqualTo(4);
    }

    @Test
    void the_application_redis_client_refuses_commands_while_disconnected_instead_of_queueing_them() {
        assertThat(connections.getClientConfiguration().getClientOptions().orElseThrow().getDisconnectedBehavior())
                .isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
