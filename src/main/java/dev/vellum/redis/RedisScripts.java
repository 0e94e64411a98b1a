package dev.vellum.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs the Lua scripts of {@link LuaScripts} on the shared connection: one EVALSHA (an EVAL only
 * when Redis answers NOSCRIPT, after a restart or a SCRIPT FLUSH), the reply as one flat list,
 * bounded and logged by the caller's {@link RedisOutage}. Until the shared connection has opened
 * (Redis down at startup) a call fails at once instead of opening it on an event-loop thread;
 * {@link SharedRedisConnection} keeps trying and logs that outage itself.
 */
@Component
public class RedisScripts {

    private static final String[] NO_STRINGS = new String[0];

    private final SharedRedisConnection connection;

    public RedisScripts(SharedRedisConnection connection) {
        this.connection = connection;
    }

    public Mono<List<Object>> run(LuaScript script, List<String> keys, List<String> args, RedisOutage outage) {
        if (!connection.isOpen()) {
            return Mono.error(new IllegalStateException("the Redis connection is not open yet"));
        }
        RedisAsyncCommands<String, String> commands = connection.commands();
        String[] keyArray = keys.toArray(NO_STRINGS);
        String[] argArray = args.toArray(NO_STRINGS);
        Mono<List<Object>> byHash = Mono.fromCompletionStage(
                () -> commands.<List<Object>>evalsha(script.sha1(), ScriptOutputType.MULTI, keyArray, argArray));
        Mono<List<Object>> bySource = Mono.fromCompletionStage(
                () -> commands.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keyArray, argArray));
        return outage.guard(byHash.onErrorResume(RedisNoScriptException.class, noScript -> bySource)
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
