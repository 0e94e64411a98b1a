package dev.vellum.auth;

import dev.vellum.config.VellumProperties;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.redis.LuaScripts;
import dev.vellum.redis.RedisOutage;
import dev.vellum.redis.RedisScripts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Limits failed authentications (an unknown API key, a malformed, bad or revoked token) per client
 * address, across projects and instances: each failure counts in Redis ({@code lua/attempts.lua},
 * key {@code vellum:{authfail}:ip:<address>}), and a failure past the limit is answered
 * {@code 429 RATE_LIMIT_EXCEEDED} with {@code Retry-After}. From then until the window ends, this
 * instance answers every request from that address 429 before looking at its credentials, without
 * asking Redis, so guessing stops and successful requests cost no Redis round trip here. When
 * Redis fails, failures are not counted (fail open, logged once per outage).
 */
@Component
public class FailedAuthLimits {

    /** At most this many blocked addresses are remembered here; past it the oldest are dropped. */
    static final int MAX_BLOCKED = 100_000;

    private final RedisOutage outage = new RedisOutage("failed authentication limits",
            "failed authentications are not limited until it answers", Duration.ofSeconds(1));
    @SuppressWarnings("rawtypes")
    private final RedisScript<List> script = LuaScripts.load("lua/attempts.lua");
    private final RedisScripts scripts;
    private final int limit;
    private final Duration window;
    /** Address → System.nanoTime() when its block ends. */
    private final Map<String, Long> blocked = new ConcurrentHashMap<>();

    public FailedAuthLimits(RedisScripts scripts, VellumProperties properties) {
        this.scripts = scripts;
        this.limit = properties.auth().failuresPerAddress();
        this.window = properties.auth().failureWindow();
    }

    static String key(String address) {
        return "vellum:{authfail}:ip:" + address;
    }

    /** RATE_LIMIT_EXCEEDED while the address is blocked here; null when it may go on. */
    VellumException blockedNow(String address) {
        Long until = blocked.get(address);
        if (until == null) {
            return null;
        }
        long left = until - System.nanoTime();
        if (left <= 0) {
            blocked.remove(address, until);
            return null;
        }
        return tooMany(Duration.ofNanos(left).toMillis());
    }

    /**
     * Counts a failed authentication from the address, then fails with {@code failure} itself,
     * or with RATE_LIMIT_EXCEEDED when the address had used up its failures.
     */
    <T> Mono<T> failed(String address, VellumException failure) {
        if (limit <= 0) {
            return Mono.error(failure);
        }
        return scripts.run(script, List.of(key(address)),
                        List.of("hit", String.valueOf(limit), String.valueOf(window.toMillis())), outage)
                .map(reply -> reply.stream().map(value -> ((Number) value).longValue()).toList())
                .onErrorResume(e -> Mono.just(List.of(1L, 0L)))
                .flatMap(answer -> {
                    if (answer.get(0) == 1) {
                        return Mono.error(failure);
                    }
                    block(address, answer.get(1));
                    return Mono.error(tooMany(answer.get(1)));
                });
    }

    private void block(String address, long waitMillis) {
        if (blocked.size() >= MAX_BLOCKED) {
            blocked.clear();
        }
        blocked.put(address, System.nanoTime() + Duration.ofMillis(Math.max(waitMillis, 1)).toNanos());
    }

    private static VellumException tooMany(long waitMillis) {
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        return new VellumException(ErrorCode.RATE_LIMIT_EXCEEDED,
                "too many failed authentications from this address, try again later", Map.of("retry_after", seconds));
    }
}
