package dev.vellum.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.config.RedisClientOptions;
import dev.vellum.config.SharedRedisConnection;
import dev.vellum.support.LogCapture;
import io.lettuce.core.ClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import redis.embedded.RedisServer;

/**
 * Fail open with a real Lettuce client and a real Redis of the test's own on a port of its own:
 * unreachable at startup, then up, then gone again. Requests are allowed whenever Redis cannot
 * answer, without waiting for the timeout, and the log says when limits go off and on.
 */
class RateLimitFailOpenIntegrationTest {

    private static final BucketLimit LIMIT = new BucketLimit(5, 0.01);
    private static final String KEY = RateLimitKeys.bucket(0, BucketKind.ANONYMOUS, "fail-open-test");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path redisDir;

    @Test
    void requests_are_allowed_while_redis_cannot_answer_and_the_log_says_when_limits_are_off_and_on() throws IOException {
        int port = freePort();
        LettuceConnectionFactory factory = factory(port);
        SharedRedisConnection connection = new SharedRedisConnection(factory, Duration.ofMillis(100));
        ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(factory);
        TokenBuckets buckets = new TokenBuckets(template, connection);
        RedisServer redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").setting("dir " + redisDir).build();
        try (LogCapture log = LogCapture.of(RedisOutageLog.class)) {
            // unreachable since startup: not even tried, the request goes on unlimited
            assertThat(connection.isOpen()).isFalse();
            assertThat(buckets.take(KEY, LIMIT).blockOptional(PATIENCE)).isEmpty();
            assertThat(buckets.take(KEY, LIMIT).blockOptional(PATIENCE)).isEmpty();
            assertThat(log.lines()).containsExactly(
                    "WARN rate limits are off, requests are served without them until Redis answers again: no connection to Redis");

            // Redis comes up: the connection opens in the background and the bucket counts
            redis.start();
            BucketState state = poll(() -> buckets.take(KEY, LIMIT).block(PATIENCE));
            assertThat(connection.isOpen()).isTrue();
            assertThat(state.allowed()).isTrue();
            assertThat(state.remaining()).isEqualTo(4);
            assertThat(log.lines()).last().isEqualTo("INFO rate limits are on again: Redis answers");

            // Redis goes away: commands are refused at once (not queued until the timeout)
            redis.stop();
            log.clear();
            poll(() -> buckets.take(KEY, LIMIT).blockOptional(PATIENCE).isEmpty() ? Boolean.TRUE : null);
            long started = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertThat(buckets.take(KEY, LIMIT).blockOptional(PATIENCE)).isEmpty();
            }
            // had they waited for the timeout, five would take five timeouts
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TokenBuckets.REDIS_TIMEOUT.multipliedBy(5));
            assertThatThrownBy(() -> template.hasKey(KEY).block(PATIENCE)).rootCause()
                    .hasMessageContaining("Commands are rejected");
            assertThat(log.lines()).singleElement().asString()
                    .startsWith("WARN rate limits are off, requests are served without them until Redis answers again:");
        } finally {
            if (redis.isActive()) {
                redis.stop();
            }
            connection.destroy();
            factory.destroy();
        }
    }

    /** Lettuce as the application configures it: commands fail while disconnected. */
    private static LettuceConnectionFactory factory(int port) {
        ClientOptions.Builder options = ClientOptions.builder();
        RedisClientOptions.rejectWhileDisconnected(options);
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().clientOptions(options.build()).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /** The first non-null answer, asking every 50 ms for up to {@link #PATIENCE}. */
    private static <T> T poll(Supplier<T> attempt) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            T answer = attempt.get();
            if (answer != null) {
                return answer;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no answer within " + PATIENCE);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
