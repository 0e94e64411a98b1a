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
 * released only by its holder) and the replay cache, in two round trips: {@code lua/tx_begin.lua}
 * (a cached result, else the lock) and {@code lua/tx_end.lua} (cache the result, release the lock). Every call fails with the Redis error or times out after a second; the caller
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

    /** What the start found: a cached result (no lock taken), or else the lock attempt. */
    record Start(Cached cached, LockAttempt attempt) {
    }

    @SuppressWarnings("rawtypes")
    private final RedisScript<List> begin = LuaScripts.load("lua/tx_begin.lua");
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> end = LuaScripts.load("lua/tx_end.lua");
    private final RedisScripts scripts;
    private final RedisOutage outage = new RedisOutage("transactions",
            "transactions lock and replay through Postgres alone (they still run exactly once)", Duration.ofSeconds(1));

    TransactionRedis(RedisScripts scripts) {
        this.scripts = scripts;
    }

    /** One round trip: the cached result if there is one, else an attempt at the lock. */
    Mono<Start> start(TransactionNames names, String token, long lockTtlMillis) {
        return scripts.run(begin, List.of(names.resultKey(), names.lockKey()), List.of(token, String.valueOf(lockTtlMillis)), outage)
                .map(reply -> "cached".equals(String.valueOf(reply.get(0)))
                        ? new Start(new Cached(String.valueOf(reply.get(1)), number(reply.get(2))), null)
                        : new Start(null, new LockAttempt(number(reply.get(1)) == 1, number(reply.get(2)))));
    }

    /**
     * One round trip: caches {@code entry} (null: nothing) for {@code ttlMillis} and releases the
     * lock if {@code token} (null: none held) still holds it.
     */
    Mono<Void> finish(TransactionNames names, String entry, long ttlMillis, String token) {
        return scripts.run(end, List.of(names.resultKey(), names.lockKey()),
                List.of(entry == null ? "" : entry, String.valueOf(Math.max(1, ttlMillis)), token == null ? "" : token),
                outage).then();
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(value));
    }
}
