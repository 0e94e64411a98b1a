package dev.vellum.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs the Lua scripts of {@link LuaScripts} on the shared connection: the reply as one flat list,
 * bounded and logged by the caller's {@link RedisOutage}. Until the shared connection has opened
 * (Redis down at startup) a call fails at once instead of opening it on an event-loop thread;
 * {@link SharedRedisConnection} keeps trying and logs that outage itself.
 */
@Component
public class RedisScripts {

    private final ReactiveStringRedisTemplate redis;
    private final SharedRedisConnection connection;

    public RedisScripts(ReactiveStringRedisTemplate redis, SharedRedisConnection connection) {
        this.redis = redis;
        this.connection = connection;
    }

    @SuppressWarnings("rawtypes")
    public Mono<List<Object>> run(RedisScript<List> script, List<String> keys, List<String> args, RedisOutage outage) {
        if (!connection.isOpen()) {
            return Mono.error(new IllegalStateException("the Redis connection is not open yet"));
        }
        return outage.guard(redis.execute(script, keys, args)
                .collectList()
                .map(LuaScripts::flatten));
    }

    /** Lowercase hex SHA-256 of {@code text}: client text goes into Redis keys only like this. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
