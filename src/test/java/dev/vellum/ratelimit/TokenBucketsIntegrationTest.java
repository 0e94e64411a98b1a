package dev.vellum.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.redis.RedisOutage;
import dev.vellum.redis.RedisScripts;
import dev.vellum.redis.SharedRedisConnection;
import dev.vellum.support.IntegrationTest;
import io.lettuce.core.ClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code lua/token_bucket.lua} against the real Redis. */
class TokenBucketsIntegrationTest extends IntegrationTest {

    @Autowired
    private TokenBuckets buckets;
    @Autowired
    private ReactiveStringRedisTemplate redis;
    @Autowired
    private LettuceConnectionFactory connections;
    @Autowired
    private SharedRedisConnection connection;

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
    void requests_that_wait_for_one_draw_share_the_next_and_get_exactly_the_tokens_there_are() {
        SlowScripts scripts = new SlowScripts(redis, connection);
        TokenBuckets slow = new TokenBuckets(scripts);
        String key = freshKey();
        BucketLimit limit = new BucketLimit(20, 0.01);
        // the first request's draw is answered 200 ms late; the other 49 arrive meanwhile
        List<BucketState> states = Flux.range(0, 50).flatMap(i -> slow.take(key, limit), 50)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(scripts.calls).as("one draw for the first request, one for the 49 that waited").hasValue(2);
        assertThat(states).filteredOn(BucketState::allowed).extracting(BucketState::remaining)
                .containsExactlyInAnyOrder(19L, 18L, 17L, 16L, 15L, 14L, 13L, 12L, 11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
        assertThat(states).filteredOn(state -> !state.allowed()).hasSize(30)
                .allSatisfy(state -> assertThat(state.retryAfterSeconds()).isBetween(90L, 100L));
        assertThat(slow.drawsInFlight()).isZero();
        // and Redis's bucket agrees: it is empty
        assertThat(take(key, limit).allowed()).isFalse();
    }

    /** The suite's Redis, each script call counted and its answer held back for 200 ms. */
    private static final class SlowScripts extends RedisScripts {
        final AtomicInteger calls = new AtomicInteger();

        SlowScripts(ReactiveStringRedisTemplate redis, SharedRedisConnection connection) {
            super(redis, connection);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Mono<List<Object>> run(RedisScript<List> script, List<String> keys, List<String> args, RedisOutage outage) {
            calls.incrementAndGet();
            return super.run(script, keys, args, outage).delayElement(Duration.ofMillis(200));
        }
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
