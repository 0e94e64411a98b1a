package dev.vellum.ratelimit;

import dev.vellum.config.RedisScripts;
import dev.vellum.config.SharedRedisConnection;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, one hash each, updated by {@code lua/token_bucket.lua} with Redis's
 * clock, so every Vellum instance draws from the same buckets. When Redis does not answer within
 * {@link #REDIS_TIMEOUT} (or is not connected), the request is served (fail open) and
 * {@link RedisOutageLog} says so.
 */
@Component
public class TokenBuckets {

    static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);

    @SuppressWarnings("rawtypes")
    private final RedisScript<List> script = RedisScripts.load("lua/token_bucket.lua");
    private final ReactiveStringRedisTemplate redis;
    private final SharedRedisConnection connection;
    private final RedisOutageLog outages = new RedisOutageLog(System::nanoTime);

    public TokenBuckets(ReactiveStringRedisTemplate redis, SharedRedisConnection connection) {
        this.redis = redis;
        this.connection = connection;
    }

    /** Draws one token from the bucket at {@code key}; completes empty when Redis cannot tell. */
    public Mono<BucketState> take(String key, BucketLimit limit) {
        if (!connection.isOpen()) {
            outages.failed("no connection to Redis");
            return Mono.empty();
        }
        List<String> args = List.of(String.valueOf(limit.capacity()),
                BigDecimal.valueOf(limit.refillPerSecond()).toPlainString());
        return redis.execute(script, List.of(key), args)
                .collectList()
                .map(RedisScripts::numbers)
                .map(reply -> new BucketState(reply.get(0) == 1, reply.get(1), reply.get(2), reply.get(3)))
                .timeout(REDIS_TIMEOUT)
                .doOnNext(state -> outages.succeeded())
                .onErrorResume(e -> {
                    outages.failed(NestedExceptionUtils.getMostSpecificCause(e).toString());
                    return Mono.empty();
                });
    }
}
