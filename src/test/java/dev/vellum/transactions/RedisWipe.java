package dev.vellum.transactions;

import dev.vellum.fence.TransactionNames;
import java.time.Duration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * "Redis lost everything", for tests: FLUSHALL on the suite's own embedded Redis; on an external
 * Redis (VELLUM_REDIS_URL), which may hold other data, only the transaction's own keys go.
 */
final class RedisWipe {

    private RedisWipe() {
    }

    static void wipe(ReactiveStringRedisTemplate redis, Environment environment, TransactionNames names) {
        if (environment.getProperty("vellum.redis.url", "").isBlank()) {
            redis.getConnectionFactory().getReactiveConnection().serverCommands().flushAll().block(Duration.ofSeconds(5));
        } else {
            redis.delete(names.resultKey(), names.lockKey()).block(Duration.ofSeconds(5));
        }
    }
}
