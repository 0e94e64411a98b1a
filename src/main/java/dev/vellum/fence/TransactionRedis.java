package dev.vellum.fence;

import dev.vellum.redis.RedisScripts;
import dev.vellum.redis.LuaScripts;
import dev.vellum.redis.RedisOutage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The Redis side of {@code transaction()}: the lock ({@code SET NX PX} with a random token,
 * released only by its holder) and the replay cache, through the generic scripts in
 * {@code lua/}. Every call fails with the Redis error or times out after a second; the caller
 * decides what to do without Redis. Redis is only ever a shortcut: Postgres is the fence.
 */
@Component
class TransactionRedis {

    /** A lock attempt: taken, or held by someone else for {@code millis} more. */
    record LockAttempt(boolean acquired, long millis) {
    }

    /** A cached replay entry and how long it still lives. */
    record Cached(String value, long millis) {
    }

    @SuppressWarnings("rawtypes")
    private final RedisScript<List> acquire = LuaScripts.load("lua/lock_acquire.lua");
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> release = LuaScripts.load("lua/lock_release.lua");
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> get = LuaScripts.load("lua/cache_get.lua");
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> put = LuaScripts.load("lua/cache_put.lua");
    private final RedisScripts scripts;
    private final RedisOutage outage = new RedisOutage("transactions",
            "transactions lock and replay through Postgres alone (they still run exactly once)", Duration.ofSeconds(1));

    TransactionRedis(RedisScripts scripts) {
        this.scripts = scripts;
    }

    Mono<LockAttempt> lock(String key, String token, long ttlMillis) {
        return call(acquire, key, token, String.valueOf(ttlMillis))
                .map(reply -> new LockAttempt(number(reply.get(0)) == 1, number(reply.get(1))));
    }

    Mono<Void> unlock(String key, String token) {
        return call(release, key, token).then();
    }

    Mono<Optional<Cached>> cached(String key) {
        return call(get, key).map(reply -> reply.isEmpty()
                ? Optional.empty()
                : Optional.of(new Cached(String.valueOf(reply.get(0)), number(reply.get(1)))));
    }

    Mono<Void> cache(String key, String value, long ttlMillis) {
        return call(put, key, value, String.valueOf(Math.max(1, ttlMillis))).then();
    }

    @SuppressWarnings("rawtypes")
    private Mono<List<Object>> call(RedisScript<List> script, String key, String... args) {
        return scripts.run(script, List.of(key), List.of(args), outage);
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(value));
    }
}
