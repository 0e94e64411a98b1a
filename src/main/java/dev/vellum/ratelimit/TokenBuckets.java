package dev.vellum.ratelimit;

import dev.vellum.redis.RedisScripts;
import dev.vellum.redis.LuaScripts;
import dev.vellum.redis.RedisOutage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, one hash each, updated by {@code lua/token_bucket.lua} with Redis's
 * clock, so every Vellum instance draws from the same buckets. When Redis does not answer within
 * {@link #REDIS_TIMEOUT}, refuses the command (disconnected) or is not connected yet, the request
 * is served (fail open); {@link RedisOutage} logs when that starts and ends, not per request.
 * Requests of one bucket that arrive while its script call is unanswered share the next call
 * ({@link BucketQueues}).
 */
@Component
public class TokenBuckets {

    static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);

    @SuppressWarnings("rawtypes")
    private final RedisScript<List> script = LuaScripts.load("lua/token_bucket.lua");
    private final RedisScripts scripts;
    private final BucketQueues queues = new BucketQueues(this::draw);
    private final RedisOutage outage = new RedisOutage("rate limits",
            "requests are served without rate limits until it answers", REDIS_TIMEOUT);

    public TokenBuckets(RedisScripts scripts) {
        this.scripts = scripts;
    }

    /** Draws one token from the bucket at {@code key}; completes empty when Redis cannot tell. */
    public Mono<BucketState> take(String key, BucketLimit limit) {
        return queues.take(key, limit);
    }

    /** Buckets whose script call is unanswered (for tests). */
    int drawsInFlight() {
        return queues.inFlight();
    }

    private Mono<BucketQueues.Grant> draw(String key, BucketLimit limit, int count) {
        List<String> args = List.of(String.valueOf(limit.capacity()),
                BigDecimal.valueOf(limit.refillPerSecond()).toPlainString(), String.valueOf(count));
        return scripts.run(script, List.of(key), args, outage)
                .map(TokenBuckets::grant)
                .onErrorResume(e -> Mono.empty());
    }

    private static BucketQueues.Grant grant(List<Object> reply) {
        return new BucketQueues.Grant(number(reply.get(0)), number(reply.get(1)), number(reply.get(2)), number(reply.get(3)));
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
