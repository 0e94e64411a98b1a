package dev.vellum.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.redis.RedisScripts;
import dev.vellum.redis.RedisOutage;
import dev.vellum.redis.SharedRedisConnection;
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
 * unreachable at startup, then up, then gone, then back. Requests are allowed whenever Redis
 * cannot answer, without waiting for the timeout, and the log says when limits go off and on.
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
        RedisServer redis = redis(port);
        SharedRedisConnection connection = null;
        try (LogCapture connecting = LogCapture.of(SharedRedisConnection.class);
             LogCapture outages = LogCapture.of(RedisOutage.class)) {
            // unreachable since startup: Redis is not even asked, the request goes on unlimited
            connection = new SharedRedisConnection(factory, Duration.ofMillis(100));
            ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(factory);
            TokenBuckets buckets = new TokenBuckets(new RedisScripts(template, connection));
            assertThat(connection.isOpen()).isFalse();
            assertThat(buckets.take(KEY, LIMIT).blockOptional(PATIENCE)).isEmpty();
            assertThat(connecting.lines()).singleElement().asString()
                    .startsWith("WARN Redis is not reachable at startup; rate and attempt limits are off and transactions lock through Postgres alone until it is");

            // Redis comes up: the connection opens in the background and the bucket counts
            redis.start();
            BucketState state = poll(() -> buckets.take(KEY, LIMIT).block(PATIENCE));
            assertThat(state.allowed()).isTrue();
            assertThat(state.remaining()).isEqualTo(4);
            assertThat(connecting.lines()).last().isEqualTo("INFO Redis is reachable: connection open");

            // Redis goes away: commands are refused at once (not queued until the timeout)
            redis.stop();
            poll(() -> buckets.take(KEY, LIMIT).blockOptional(PATIENCE).isEmpty() ? Boolean.TRUE : null);
            long started = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertThat(buckets.take(KEY, LIMIT).blockOptional(PATIENCE)).isEmpty();
            }
            // had they waited for the timeout, five would take five timeouts
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TokenBuckets.REDIS_TIMEOUT.multipliedBy(5));
            assertThatThrownBy(() -> template.hasKey(KEY).block(PATIENCE)).rootCause()
                    .hasMessageContaining("Commands are rejected");
            assertThat(outages.lines()).singleElement().asString()
                    .startsWith("WARN Redis is unavailable for rate limits")
                    .endsWith("requests are served without rate limits until it answers");

            // and back: Lettuce reconnects by itself, the bucket counts again, and the log says so
            redis = redis(port);
            redis.start();
            state = poll(() -> buckets.take(KEY, LIMIT).block(PATIENCE));
            assertThat(state.allowed()).isTrue();
            assertThat(outages.lines()).hasSize(2).last().isEqualTo("INFO Redis answers again; rate limits use it again");
        } finally {
            if (redis.isActive()) {
                redis.stop();
            }
            if (connection != null) {
                connection.destroy();
            }
            factory.destroy();
        }
    }

    /**
     * Lettuce as the application configures it ({@code redis.RedisClientOptions}; see
     * {@code TokenBucketsIntegrationTest}): commands fail while disconnected.
     */
    private static LettuceConnectionFactory factory(int port) {
        ClientOptions options = ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().clientOptions(options).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    private RedisServer redis(int port) throws IOException {
        return RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").setting("dir " + redisDir).build();
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
